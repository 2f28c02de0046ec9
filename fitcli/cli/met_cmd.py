"""``fitcli met load|search|show``: the Compendium of Physical Activities in the journal.

Also holds the options the health commands share (``--db``, ``--user``) and a small table helper.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fitcli.cli.console import err, out
from fitcli.cli.render import render_rows
from fitcli.errors import UsageError
from fitcli.met import DEFAULT_WAIT_S

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", envvar="FITCLI_DB", help="Journal file (default: journal.duckdb in the fitcli home)."
    ),
]
UserOption = Annotated[
    str | None, typer.Option("--user", "-u", help="User name (default: the default user).")
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        envvar="FITCLI_WAIT",
        help="Seconds to wait for the journal while another fitcli process uses it.",
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table (for people), csv or json (for programs).")
]

app = typer.Typer(help="The Compendium of Physical Activities: load, search, show.", no_args_is_help=True)


def emit(rows: list[dict[str, Any]], fmt: str, title: str | None = None, empty: str | None = None) -> None:
    """Rows as a rich table for people (stderr), or CSV / JSON for programs (stdout).

    No rows and an ``empty`` message: the message on stderr instead of an empty table (JSON still
    prints ``[]``); the exit code stays 0.
    """
    if not rows and empty is not None:
        if fmt != "table":
            render_rows(rows, fmt, title=title)
        err.print(empty, highlight=False)
        return
    render_rows(rows, fmt, title=title)


@app.command("load")
def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Compendium files: CSV, website XLSX or PSV.")
    ] = None,
    edition: Annotated[str | None, typer.Option(help="2011 or 2024 (default: from the file name).")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Allow a load that leaves an edition with under half its rows.")
    ] = False,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Load Compendium files into the journal; an edition loaded again is replaced.

    Files: the activity lists of https://pacompendium.com (2024 Adult Compendium, 2011 edition) as
    code,major_heading,met,description CSV, or the 2011 website sheet.

    Example: fitcli met load compendium_2011.csv compendium_2024.csv
    """
    from fitcli.met.compendium import load_compendium
    from fitcli.met.journal import Journal

    if not paths:
        raise UsageError("no Compendium file given", hint="e.g. fitcli met load compendium_2011.csv")
    for result in load_compendium(Journal(db, busy_timeout=wait), list(paths), edition, replace=replace):
        for reject in result.rejects[:20]:
            err.print(f"  {result.path.name} line {reject.line}: {reject.reason}", highlight=False)
        if len(result.rejects) > 20:
            err.print(f"  ... and {len(result.rejects) - 20} more rejected rows", highlight=False)
        retired = (
            f", {result.not_in_edition} rows without a 2011 code skipped" if result.not_in_edition else ""
        )
        out.print(
            f"{result.path.name}: edition {result.edition} ({result.layout} layout): "
            f"{result.loaded} loaded, {len(result.rejects)} rejected{retired}"
        )


@app.command("search")
def search(
    text: Annotated[list[str], typer.Argument(help="Words to find, in any order.")],
    edition: Annotated[str | None, typer.Option(help="Only this edition (2011 or 2024).")] = None,
    heading: Annotated[str | None, typer.Option(help="Only major headings containing this text.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 20,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Search the loaded Compendium, best match first.

    Example: fitcli met search push ups --edition 2011
    """
    from fitcli.met.compendium import search as do_search
    from fitcli.met.journal import Journal

    rows = do_search(Journal(db), " ".join(text), edition=edition, heading=heading, limit=limit)
    if not rows and fmt == "table":
        err.print(f"no activity matches {' '.join(text)!r}", highlight=False)
        return
    emit([vars(r) for r in rows], fmt, title=f"Compendium: {' '.join(text)}")


@app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="A 5-digit Compendium code, e.g. 02020.")],
    edition: Annotated[str | None, typer.Option(help="Only this edition.")] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show one code in every loaded edition (the built-in table when none is loaded).

    Example: fitcli met show 13040
    """
    from fitcli.met.compendium import show as do_show
    from fitcli.met.journal import Journal

    emit([vars(r) for r in do_show(Journal(db), code, edition)], fmt, title=f"Compendium code {code}")

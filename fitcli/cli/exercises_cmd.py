"""`fitcli exercises`: the exercises fitcli can count, with the view and keypoints each needs."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from fitcli.cli.console import err
from fitcli.errors import UnknownNameError

FORMATS = ("table", "json")


def exercises(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table (for people) or json (for programs).")
    ] = "table",
) -> None:
    """List the exercises the rep counter knows: what one rep is, camera views, keypoints, MET, and the
    form checks every rep is judged by (timed holds such as the plank: the seconds held in posture).

    Example: fitcli exercises --format json
    """
    from fitcli.exercises.catalog import catalogue_rows, form_text, hold_text

    if fmt not in FORMATS:
        raise UnknownNameError(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
    rows = catalogue_rows()
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(title="Exercises")
    for col in ("Exercise", "One rep", "Views", "Keypoints", "MET (code)", "Form checks"):
        table.add_column(col)
    for r in rows:
        views, parts = ", ".join(r["views"]), ", ".join(r["keypoints"])
        table.add_row(
            r["name"],
            r["rep"],
            views,
            parts,
            f"{r['met']} ({r['met_code']})",
            hold_text(r["hold"]) if "hold" in r else form_text(r["form"]),
        )
    err.print(table)

"""Render a list of rows as a rich table (stderr, for people) or JSON / CSV (stdout, for programs)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from fitcli.cli.console import err
from fitcli.errors import UnknownNameError

ROW_FORMATS = ("table", "json", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):  # as the Compendium writes a MET: 2.0, not 2
        text = f"{value:g}"
        return f"{value:.1f}" if value.is_integer() and "e" not in text else text
    return str(value)


def check_row_format(fmt: str) -> str:
    """Fail on an unknown --format before any work is done."""
    if fmt not in ROW_FORMATS:
        raise UnknownNameError(f"unknown format '{fmt}'", f"use one of: {', '.join(ROW_FORMATS)}")
    return fmt


# Columns a person needs whole (ids, dates, times): a narrow terminal wraps or cuts the others.
WHOLE_COLUMNS = frozenset({"id", "start", "end", "date", "day", "time", "code"})


def render_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    title: str | None = None,
    table_columns: Sequence[str] | None = None,
) -> None:
    """``table_columns`` narrows the table for people; JSON and CSV always carry every column."""
    check_row_format(fmt)
    if fmt == "json":
        sys.stdout.write(json.dumps(list(rows), indent=2, default=str) + "\n")
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    table = Table(title=title)
    columns = list(table_columns or columns)
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    for i, col in enumerate(columns):
        if i == 0 or col in WHOLE_COLUMNS:  # never cut: the width of its longest value
            width = max([len(str(r[i])) for r in cells] or [0])
            table.add_column(col, no_wrap=True, min_width=width)
        else:
            table.add_column(col)
    for row_cells in cells:
        table.add_row(*row_cells)
    err.print(table)


def codec_notice() -> None:
    """After writing annotated video: one note when it could not be H.264, saying why."""
    from fitcli.cli.console import notice
    from fitcli.pipelines.annotate import codec_note

    note = codec_note()
    if note:
        notice(note)

"""`fitcli dataset stats`: what a pose dataset holds, and rows that look mislabelled."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="Inspect pose datasets made with fitcli collect.", no_args_is_help=True)


class StatsFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("stats")
def stats(
    datasets: Annotated[list[Path], typer.Argument(metavar="DATASET.csv", help="Dataset CSV files.")],
    neighbours: Annotated[int, typer.Option(min=1, help="Neighbours that vote on each row's label.")] = 10,
    show: Annotated[int, typer.Option(min=0, help="Suspect rows to list in the table.")] = 20,
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="table (stderr) or json (stdout).")] = (
        StatsFormat.table
    ),
) -> None:
    """Rows per label and per source, and rows whose nearest neighbours (from other sources) mostly
    carry another label: candidates for a wrong --label or --start-at/--stop-at.

    Example: fitcli dataset stats poses.csv
    """
    from fitcli.classifier.dataset import read_datasets
    from fitcli.classifier.stats import dataset_stats
    from fitcli.cli.console import out

    result = dataset_stats(read_datasets(datasets), k=neighbours)
    if fmt is StatsFormat.json:
        data = asdict(result)
        out.print(json.dumps(data, indent=2), markup=False)
        return
    _render(result, show)


def _render(s: Any, show: int) -> None:
    from rich.table import Table

    from fitcli.cli.console import err

    labels = list(s.per_label)
    table = Table(title=f"{s.rows} rows, {len(labels)} labels, {len(s.per_source)} sources")
    table.add_column("source")
    for lab in labels:
        table.add_column(lab, justify="right")
    for src, counts in s.per_source.items():
        table.add_row(src, *(str(counts.get(lab, 0)) for lab in labels))
    table.add_row("all", *(str(s.per_label[lab]) for lab in labels), style="bold")
    err.print(table)
    err.print(f"pose models: {', '.join(f'{m} ({n})' for m, n in s.models.items())}", highlight=False)
    if s.unchecked_labels:
        err.print(f"not checked (one source only): {', '.join(s.unchecked_labels)}", highlight=False)
    err.print(
        f"{len(s.outliers)} rows look mislabelled (most of {s.neighbours} neighbours disagree)",
        highlight=False,
    )
    if s.outliers and show:
        sus = Table()
        for name in ("row", "source", "time s", "label", "neighbours say"):
            sus.add_column(name)
        for o in s.outliers[:show]:
            votes = ", ".join(f"{k} {v}" for k, v in o.neighbours.items())
            sus.add_row(str(o.row + 2), o.source, f"{o.time_s:.2f}", o.label, votes)
        err.print(sus)

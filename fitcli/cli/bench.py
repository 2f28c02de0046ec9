"""`fitcli bench`: how fast each pose model runs here, model only and end to end on a video."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def bench(
    models: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="Model to time; repeat for several (default: the default model)."),
    ] = None,
    video: Annotated[
        Path | None, typer.Option(help="Video to run on (default: the first sample clip).")
    ] = None,
    frames: Annotated[int, typer.Option(min=1, help="Frames of the video to use.")] = 150,
    repeats: Annotated[int, typer.Option(min=1, help="Passes per measurement; the median is kept.")] = 3,
    threads: Annotated[
        int | None, typer.Option(min=1, help="Inference threads (default: all cores but one, as export).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
) -> None:
    """Time pose models: median ms per frame, model only and end to end (decode + model).

    Example: fitcli bench --model movenet-lightning --model posenet
    """
    from fitcli.cli.console import err
    from fitcli.cli.render import check_row_format, render_rows
    from fitcli.pipelines.bench import bench_model

    rows = []
    check_row_format(fmt)
    names: list[str | None] = list(models) if models else [None]
    for name in names:
        with err.status(f"timing {name or 'default model'}..."):
            rows.append(bench_model(name, video, repeats, frames, threads).as_row())
    shown = ("model", "threads", "frames", "model_ms", "e2e_ms", "e2e_fps", "decode_fps")
    title = f"Speed on {rows[0]['video']} ({rows[0]['width']}x{rows[0]['height']}), median ms per frame"
    render_rows(rows, fmt, title=title, table_columns=shown)

"""`fitcli collect`: labelled keypoint rows from videos or a camera, appended to a dataset CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def collect(
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset CSV to append to (created if absent).")],
    label: Annotated[
        str | None, typer.Option("--label", "-l", help="Label of every row kept (e.g. sitting).")
    ] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Video file or image folder (repeatable).")
    ] = None,
    camera: Annotated[
        str | None, typer.Option(help="Camera index or device (0, /dev/video0); Ctrl-C stops.")
    ] = None,
    segments: Annotated[
        Path | None, typer.Option(help="CSV of video,start,end,label rows: label many stretches in one go.")
    ] = None,
    start: Annotated[
        float, typer.Option("--start-at", min=0, help="Start at this second of each source.")
    ] = 0.0,
    end: Annotated[
        float | None, typer.Option("--stop-at", help="Stop at this second of each source.")
    ] = None,
    interval: Annotated[float, typer.Option(min=0, help="Seconds between kept rows (the study: 0.4).")] = 0.4,
    min_score: Annotated[
        float, typer.Option(min=0, max=1, help="Every keypoint needs this score (the study: 0.7).")
    ] = 0.7,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default).")
    ] = None,
) -> None:
    """Keep one keypoint row every --interval seconds when all 17 keypoints score >= --min-score.

    Rows get the label, source, time and pose model and are appended to --out atomically (an
    interrupted run leaves the file as it was). The report says how many frames were kept and
    why the others were skipped.

    Example: fitcli collect --label sitting --source chair.mp4 --start-at 2 --stop-at 9 --out poses.csv

    Example: fitcli collect --segments labels.csv --min-score 0.3 --out poses.csv
    """
    from fitcli.classifier.collect import check_settings
    from fitcli.classifier.collect import collect as run_collect
    from fitcli.classifier.dataset import check_appendable
    from fitcli.models import load_backend

    plan = _segments(label, source, camera, segments, start, end)
    check_settings(interval, min_score)
    check_appendable(out)  # an unusable --out fails before the model loads, not after the work
    backend = load_backend(model, video=True)
    reports = run_collect(plan, out, backend, str(getattr(backend, "name", model)), interval, min_score)
    _render(reports, out, min_score)


def _segments(
    label: str | None,
    sources: list[str] | None,
    camera: str | None,
    file: Path | None,
    start: float,
    end: float | None,
) -> list[Any]:
    from fitcli.classifier.collect import Segment, read_segments
    from fitcli.errors import UsageError

    if sum(x is not None and x != [] for x in (sources, camera, file)) != 1:
        raise UsageError("give exactly one of --source, --camera or --segments")
    if file is not None:
        return read_segments(file)
    if label is None:
        raise UsageError("--label is required with --source or --camera", "e.g. --label standing")
    return [Segment(spec, label, start, end) for spec in (sources or [camera or ""])]


def _render(reports: list[Any], out: Path, min_score: float) -> None:
    from rich.table import Table

    from fitcli.cli.console import err, notice

    table = Table(title="Collected pose rows")
    for name in (
        "source",
        "label",
        "from-to s",
        "frames",
        "kept",
        "skip: interval",
        "skip: low score (weakest)",
    ):
        table.add_column(name, justify="left" if name in ("source", "label") else "right")
    for r in reports:
        seg = r.segment
        span = f"{seg.start_s:g}-{'end' if seg.end_s is None else f'{seg.end_s:g}'}"
        low = f"{r.skipped_low_score}" + (f" ({r.why_low()})" if r.skipped_low_score else "")
        table.add_row(
            Path(seg.source).name, seg.label, span, str(r.frames), str(r.kept), str(r.skipped_interval), low
        )
    err.print(table)
    kept = sum(r.kept for r in reports)
    err.print(
        f"{kept} rows appended to {out}" if kept else f"no rows kept: {out} is unchanged", highlight=False
    )
    low = sum(r.skipped_low_score for r in reports)
    if not kept and low:
        notice(
            f"every frame had a keypoint below --min-score {min_score:g}; pose models other than the study's "
            "rarely score all 17 that high: try --min-score 0.3"
        )

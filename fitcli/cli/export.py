"""`fitcli export`: keypoints of videos, image folders or cameras to CSV, JSON or Parquet files."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from fitcli.cli.batch_options import CacheOption, KeypointsCacheOption, RayAddressOption


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    parquet = "parquet"
    trc = "trc"
    mot = "mot"


def export(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="VIDEO_OR_FOLDER",
            help="Video files, image folders or globs ('frames/*.jpg'), or cameras (0, /dev/video0).",
        ),
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output file format.")
    ] = ExportFormat.csv,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default model).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder for the output files (default: the current folder)."),
    ] = None,
    every: Annotated[int | None, typer.Option(help="Keep every Nth frame.")] = None,
    fps: Annotated[float | None, typer.Option(help="Keep about F frames per second, by timestamp.")] = None,
    threads: Annotated[
        int | None,
        typer.Option(min=1, help="Inference threads (default: all cores but one, which decodes)."),
    ] = None,
    ray_address: RayAddressOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="With --ray-address: Ray tasks at once (default: its CPUs)."
        ),
    ] = None,
    keypoints_cache: KeypointsCacheOption = None,
    cache: CacheOption = True,
) -> None:
    """Estimate poses and write one keypoint file per input, named <stem>.<format>.

    CSV has one row per frame: frame, time_s, then x, y, score per keypoint.

    JSON adds the metadata (model, source, fps, size, keypoint names); Parquet keeps it too.

    TRC: the keypoints as OpenSim / Sports2D markers (pixels, Y down, Z 0; low-score keypoints
    missing). MOT: joint angles in degrees in the image plane (knees, hips, elbows, shoulders, trunk).

    Progress and a summary go to stderr; the paths written go to stdout.

    On a Ray cluster (--ray-address) each input is one Ray task; --out must be a folder every node shares.

    Example: fitcli export clip.mp4 frames/ --format parquet --out keypoints/ --fps 15
    """
    from fitcli.cli.batch_options import cache_folder
    from fitcli.cli.console import out as stdout

    if jobs is not None and ray_address is None:
        from fitcli.errors import UsageError

        raise UsageError(
            f"--jobs {jobs} needs --ray-address", "a local export runs its inputs in turn: use --threads"
        )
    kp_cache = cache_folder(cache, keypoints_cache)
    if ray_address is None:
        from fitcli.pipelines.export import export_keypoints

        with _progress() as on_progress:
            results = export_keypoints(
                inputs,
                fmt.value,
                out,
                model,
                every,
                fps,
                on_progress,
                threads=threads,
                keypoint_cache=kp_cache,
            )
        failures: list[Any] = []
    else:
        results, failures = _on_ray(inputs, fmt.value, out, model, every, fps, ray_address, jobs, kp_cache)
    _summary(results)
    for result in results:
        stdout.print(str(result.path))
    _failures(failures)


def _on_ray(inputs, fmt, out, model, every, fps, address, jobs, kp_cache):  # type: ignore[no-untyped-def]
    from fitcli.cli.batch_options import check_ray
    from fitcli.pipelines.analyze import check_model
    from fitcli.pipelines.export import plan_export
    from fitcli.pipelines.ray_batch import export_on_ray

    plan = plan_export(inputs, fmt, out, every, fps)
    model = check_model(model)
    check_ray(address)
    with _progress() as on_progress:
        return export_on_ray(plan, model, address, jobs, on_progress, kp_cache)


def _failures(failures: Sequence[Any]) -> None:
    if not failures:
        return
    from fitcli.cli.console import err, styled

    for failure in failures:
        err.print(
            styled("[bold red]failed:[/bold red] {}: {}", failure.input, failure.error),
            highlight=False,
            markup=True,
        )
    raise typer.Exit(1)


@contextlib.contextmanager
def _progress() -> Iterator[Any]:
    """A rich progress bar with ETA on stderr, one row per input; yields the callback to feed it."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from fitcli.cli.console import err

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("frames"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    tasks: dict[int, Any] = {}
    progress = Progress(*columns, console=err)

    def on_progress(spec: str, position: int, done: int, total: int | None) -> None:
        if not tasks:
            progress.start()  # only once work begins, so an early error prints alone
        if position not in tasks:
            tasks[position] = progress.add_task(Path(spec).name or spec, total=total)
        progress.update(tasks[position], completed=done, total=total if total is None else max(total, done))

    try:
        yield on_progress
    finally:
        if tasks:
            progress.stop()


def _summary(results: Sequence[Any]) -> None:
    from rich.table import Table

    from fitcli.cli.console import err

    table = Table(title=f"Exported keypoints ({results[0].model})" if results else "Exported keypoints")
    for name in ("input", "frames", "video s", "took s", "frames/s", "file"):
        table.add_column(name, justify="right" if name not in ("input", "file") else "left")
    for r in results:
        speed = f"{r.frames_per_second:.0f}"
        table.add_row(
            r.input, str(r.frames), f"{r.video_seconds:.2f}", f"{r.elapsed_s:.2f}", speed, str(r.path)
        )
    err.print(table)

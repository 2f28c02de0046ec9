"""`fitcli eval`: accuracy benchmarks. `eval lsp` scores pose models on the Leeds Sports Pose set."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fitcli.cli.console import err
from fitcli.errors import FitcliError, UnknownNameError, UsageError

if TYPE_CHECKING:
    from fitcli.exercises.evaluate import RepEvalReport
    from fitcli.models.lsp import LspReport

app = typer.Typer(help="Measure accuracy on benchmark datasets.", no_args_is_help=True)

FORMATS = ("table", "json")


@app.command("lsp")
def lsp(
    dataset: Annotated[Path, typer.Argument(help="LSP folder holding images/ and joints.mat.")],
    models: Annotated[
        list[str] | None,
        typer.Option(
            "--model", "-m", help="Model to score; repeat for several (default: the default model)."
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            help="test (1001-2000), train (1-1000), all, or a range such as 501-1000. "
            "Default: test for the 2,000-image set, all otherwise."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N images of the split.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table (for people, stderr) or json (stdout).")
    ] = "table",
    predictions: Annotated[
        Path | None, typer.Option(help="Predictions file (.npz) to reuse and extend (default: in the cache).")
    ] = None,
    rescore: Annotated[bool, typer.Option(help="Score saved predictions only; never run the model.")] = False,
    head_rule: Annotated[
        str, typer.Option(help="How neck and head top are placed: ears or design.")
    ] = "ears",
) -> None:
    """PCK@0.2 per part (the study's Table 4-3), mean, mean without Head and AUC on LSP.

    Predictions are saved, so a second run only scores. Example:
    fitcli eval lsp data/lsp_dataset_train --model movenet-lightning --model posenet
    """
    from fitcli.models.lsp import evaluate_lsp

    _check_options(fmt, models, predictions)
    names: list[str | None] = list(models) if models else [None]
    reports = []
    for name in names:
        with _progress(name or "default model") as step:
            reports.append(evaluate_lsp(dataset, name, split, limit, predictions, rescore, head_rule, step))
    _render(reports, fmt)


def _check_options(fmt: str, models: Sequence[str] | None, predictions: Path | None) -> None:
    if fmt not in FORMATS:
        raise UnknownNameError(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
    if predictions is not None and models is not None and len(models) > 1:
        raise UsageError("--predictions holds one model's predictions", "give a single --model with it")
    if predictions is not None:
        from fitcli.atomic import check_output_file

        check_output_file(predictions, "--predictions file")  # it is written after the model runs
    from fitcli.models.registry import get_spec

    for name in models or []:
        get_spec(name)  # an unknown name fails before any model runs


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar with ETA on stderr, fed by the library's (done, total) callback.

    It appears only once the model runs, so a pure rescore prints no empty bar.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bar = Progress(*columns, console=err, transient=True)
    task = bar.add_task(f"running {label} on LSP", total=None)

    def step(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        if not bar.live.is_started:
            bar.start()

    try:
        yield step
    finally:
        if bar.live.is_started:
            bar.stop()


def _render(reports: Sequence[LspReport], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps([r.as_dict() for r in reports], indent=2) + "\n")
        return
    from rich.table import Table

    from fitcli.models.pck import PART_NAMES

    first = reports[0]
    parts = Table(title=f"LSP PCK@0.2 - {first.images_label}")
    extra = Table()
    for table, cols in ((parts, ("Model", *PART_NAMES, "Mean")), (extra, _EXTRA_COLUMNS)):
        for col in cols:
            table.add_column(col, justify="left" if col == "Model" else "right", no_wrap=True)
    for r in reports:
        p = r.pck
        parts.add_row(r.model, *(f"{v:.1f}" for v in [*(p.parts[n] for n in PART_NAMES), p.mean]))
        extra.add_row(
            r.model, f"{p.mean_without_head:.1f}", f"{p.auc:.1f}", str(p.n_images), str(r.no_person)
        )
    err.print(parts)
    err.print(extra)
    err.print(_caption(first), style="dim", highlight=False)


_EXTRA_COLUMNS = ("Model", "Mean w/o Head", "AUC", "Images", "No person")


def _caption(report: LspReport) -> str:
    return (
        f"{report.dataset}; correct within 0.2 x torso (left shoulder - right hip), all 14 joints; "
        f"Mean = mean of the 7 parts (= mean of the 14 joints); AUC over 0-0.2; "
        f"neck/head top rule: {report.head_rule}; images with no person count as wrong."
    )


REPS_FORMATS = ("table", "json", "csv")


@app.command("reps")
def reps(
    manifest: Annotated[
        Path, typer.Argument(help="CSV with columns file, exercise, reps (paths relative to it).")
    ],
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default model).")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table (for people, stderr), json or csv (stdout).")
    ] = "table",
    keypoints_cache: Annotated[
        Path | None,
        typer.Option(help="Folder of cached keypoint tracks (<stem>.<model>.npz); default: fitcli's cache."),
    ] = None,
) -> None:
    """Rep-count accuracy: predicted vs true count per video, MAE and OBO (RepNet/PoseRAC measures).

    Keypoints are cached, so counting again does not rerun the model. Example:
    fitcli eval reps sample_videos/manifest.csv --format json
    """
    from fitcli.atomic import check_output_folder
    from fitcli.exercises.evaluate import evaluate_reps, read_manifest
    from fitcli.paths import home_dir

    _check_manifest(manifest, read_manifest)  # a bad manifest fails before the progress bar starts
    if fmt not in REPS_FORMATS:
        raise UnknownNameError(f"unknown format '{fmt}'", f"use one of: {', '.join(REPS_FORMATS)}")
    cache = keypoints_cache or home_dir() / "cache" / "rep-keypoints"
    check_output_folder(cache, "--keypoints-cache folder")
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("counting reps", total=None)
        report = evaluate_reps(
            manifest, model, cache, lambda i, n, name: bar.update(task, completed=i, total=n)
        )
    _render_reps(report, fmt)


def _check_manifest(manifest: Path, read_manifest: Callable[[Path], object]) -> None:
    """``read_manifest``, with an error that does not say where it is (an unknown exercise) naming
    the manifest."""
    try:
        read_manifest(manifest)
    except FitcliError as exc:
        if str(manifest) in exc.message:
            raise
        raise type(exc)(f"manifest {manifest}: {exc.message}", exc.hint) from None


def _render_reps(report: RepEvalReport, fmt: str) -> None:
    data = report.as_dict()
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(data["videos"][0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data["videos"])
        return
    from rich.table import Table

    table = Table(title=f"Rep counts - {report.manifest} - {report.model}")
    for col in ("Video", "Exercise", "Predicted", "True", "Error", "Confidence"):
        table.add_column(col, justify="left" if col in ("Video", "Exercise") else "right")
    for v in report.videos:
        confidence = "-" if v.confidence is None else f"{v.confidence:.2f}"
        table.add_row(v.file, v.exercise, str(v.predicted), str(v.true), f"{v.error:+d}", confidence)
    err.print(table)
    err.print(f"MAE {report.mae:.3f}   OBO {report.obo:.2f}   ({len(report.videos)} videos)", highlight=False)

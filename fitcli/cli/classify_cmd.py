"""`fitcli classify`: per-frame pose labels of videos with a trained classifier, and their segments."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class ClassifyFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def classify(
    videos: Annotated[list[str], typer.Argument(metavar="VIDEO", help="Video files or image folders.")],
    classifier: Annotated[Path, typer.Option("--classifier", "-c", help="Folder made by fitcli train.")],
    fmt: Annotated[
        ClassifyFormat,
        typer.Option("--format", "-f", help="table: segments (stderr); csv/json: frames (stdout)."),
    ] = ClassifyFormat.table,
    smooth: Annotated[float, typer.Option(min=0, help="Smoothing time constant in seconds (0: none).")] = 0.3,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="Pose model (default: the one the classifier was trained on)."),
    ] = None,
) -> None:
    """Label every frame with the classifier (probabilities smoothed over time) and list the segments.

    Example: fitcli classify clip.mp4 --classifier classifiers/poses --format json
    """
    from fitcli.classifier.infer import PoseClassifier, classify_videos
    from fitcli.models import load_backend
    from fitcli.pipelines.sources import open_source

    clf = PoseClassifier.load(classifier)
    for spec in videos:  # a missing or broken video fails before the pose model loads (cameras later)
        if not (spec.isdigit() or spec.startswith("/dev/video")):
            open_source(spec)
    backend = load_backend(model or _trained_model(clf.meta), video=True)
    results = classify_videos(videos, clf, backend, smooth)
    {ClassifyFormat.table: _table, ClassifyFormat.csv: _csv, ClassifyFormat.json: _json}[fmt](results)


def _trained_model(meta: dict[str, Any]) -> str | None:
    models = meta.get("pose_models") or []
    return str(models[0]) if len(models) == 1 else None


def _table(results: list[Any]) -> None:
    from rich.table import Table

    from fitcli.cli.console import err

    for r in results:
        table = Table(title=f"{r.source}: {len(r.labels)} frames")
        for name in ("label", "start s", "end s", "frames", "mean p"):
            table.add_column(name, justify="left" if name == "label" else "right")
        for s in r.segments:
            table.add_row(
                s.label, f"{s.start_s:.2f}", f"{s.end_s:.2f}", str(s.frames), f"{s.mean_probability:.2f}"
            )
        err.print(table)


def _csv(results: list[Any]) -> None:
    from fitcli.cli.console import out

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        ["source", "frame", "time_s", "label", "probability", *[f"p_{c}" for c in results[0].class_names]]
    )
    for r in results:
        for i in range(len(r.labels)):
            probs = [f"{p:.4f}" for p in r.probabilities[i]]
            writer.writerow(
                [
                    r.source,
                    int(r.frames[i]),
                    f"{r.times[i]:.4f}",
                    r.labels[i],
                    f"{r.probability[i]:.4f}",
                    *probs,
                ]
            )
    out.print(buf.getvalue(), end="", markup=False)


def _json(results: list[Any]) -> None:
    from dataclasses import asdict

    from fitcli.cli.console import out

    data = [
        {
            "source": r.source,
            "labels": r.class_names,
            "frames": [
                {
                    "frame": int(f),
                    "time_s": round(float(t), 4),
                    "label": lab,
                    "probability": round(float(p), 4),
                }
                for f, t, lab, p in zip(r.frames, r.times, r.labels, r.probability, strict=True)
            ],
            "segments": [asdict(s) for s in r.segments],
        }
        for r in results
    ]
    out.print(json.dumps(data, indent=2), markup=False)

"""`fitcli train`: a pose classifier from datasets made with fitcli collect."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def train(
    datasets: Annotated[list[Path], typer.Argument(metavar="DATASET.csv", help="Dataset CSV files.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the classifier (replaced if one is there).")
    ],
    epochs: Annotated[int, typer.Option(min=1, help="Training passes over the data.")] = 60,
    val_split: Annotated[float, typer.Option(help="Share of source videos held out for the metrics.")] = 0.25,
    val_source: Annotated[
        list[str] | None, typer.Option(help="Hold out the sources whose name contains this (repeatable).")
    ] = None,
    labels: Annotated[
        list[str] | None, typer.Option("--label", help="Train on this label only (repeatable; default all).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same metrics.")] = 0,
    mirror: Annotated[bool, typer.Option(help="Add left/right mirrored copies of the training rows.")] = True,
) -> None:
    """Train a small network on hip-centred, torso-scaled keypoints and joint angles.

    Whole source videos are held out (never single rows) and scored: accuracy, per-class precision
    and recall, confusion matrix (table here, confusion.png in the folder). The folder holds the
    Keras model, an ONNX copy (used by fitcli classify, no TensorFlow needed), the label map, the
    feature spec and metrics.json.

    Example: fitcli train poses.csv --out classifiers/poses --epochs 60 --seed 0
    """
    from fitcli.atomic import check_output_folder
    from fitcli.classifier.dataset import read_datasets
    from fitcli.classifier.train import TrainSettings, train_classifier
    from fitcli.cli.console import err

    check_output_folder(out, "--out folder")  # before the training, not after it
    settings = TrainSettings(
        epochs=epochs,
        val_split=val_split,
        seed=seed,
        mirror=mirror,
        val_sources=tuple(val_source or ()),
        labels=tuple(labels or ()),
    )
    where = ", ".join(str(p) for p in datasets)
    with err.status("training"):
        result = train_classifier(read_datasets(datasets), settings, out, where)
    render_result(result)


def render_result(r: Any) -> None:
    from rich.table import Table

    from fitcli.cli.console import err, notice

    m = r.metrics
    err.print(f"trained on {r.train_rows} rows of {len(r.split.train_sources)} sources", highlight=False)
    held = Table(title=f"held-out sources ({r.val_rows} rows)")
    for name in ("source", "rows", "accuracy"):
        held.add_column(name, justify="left" if name == "source" else "right")
    for src, v in m["per_source"].items():
        held.add_row(src, str(v["rows"]), f"{v['accuracy']:.3f}")
    err.print(held)
    err.print(
        f"[bold]held-out accuracy {m['accuracy']:.3f}[/bold] (training {r.train_accuracy:.3f})", markup=True
    )
    chance = 1.0 / max(1, len(m["per_class"]))
    if m["accuracy"] < max(0.5, 1.5 * chance):
        notice(
            f"held-out accuracy {m['accuracy']:.2f} is near chance ({chance:.2f}): this classifier is not usable;"
            " collect more clips per label (see fitcli dataset stats)"
        )
    per = Table(title="per class (held-out sources)")
    for name in ("label", "precision", "recall", "rows"):
        per.add_column(name, justify="left" if name == "label" else "right")
    for lab, v in m["per_class"].items():
        per.add_row(lab, f"{v['precision']:.3f}", f"{v['recall']:.3f}", str(v["support"]))
    err.print(per)
    cm = Table(title="confusion matrix (rows: true, columns: predicted)")
    cm.add_column("true \\ predicted")
    for lab in m["labels"]:
        cm.add_column(lab, justify="right")
    for lab, row in zip(m["labels"], m["confusion"], strict=True):
        cm.add_row(lab, *(str(v) for v in row))
    err.print(cm)
    err.print(f"wrote {r.model_dir}: {', '.join(r.files)}", highlight=False)
    if len(r.pose_models) > 1:
        notice(f"the rows come from several pose models ({', '.join(r.pose_models)}); collect with one model")

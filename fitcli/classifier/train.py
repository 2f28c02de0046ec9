"""Train the pose classifier: a small Keras network on pose features, split by source video.

TensorFlow is imported inside ``fit_network`` only. Reproducible for a seed: Python, NumPy and
TensorFlow seeds are set, TensorFlow's ops are made deterministic and run on one thread, and the
rows are shuffled with the seed. The trained network is exported to ONNX (tf2onnx) so that
``fitcli classify`` needs onnxruntime only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from fitcli import __version__
from fitcli.classifier import store
from fitcli.classifier.dataset import Dataset
from fitcli.classifier.features import Standardiser, feature_spec, features, mirror
from fitcli.classifier.split import (
    Split,
    check_labels,
    per_source_accuracy,
    score,
    select_labels,
    split_by_source,
)
from fitcli.errors import UsageError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 60
    val_split: float = 0.25
    seed: int = 0
    mirror: bool = True  # add a left/right mirrored copy of every training row
    batch_size: int = 32
    hidden: tuple[int, ...] = (64, 32)
    dropout: float = 0.2
    learning_rate: float = 1e-3
    val_sources: tuple[str, ...] = ()  # hold out these sources (substrings) instead of a random pick
    labels: tuple[str, ...] = ()  # train on these labels only (all when empty)

    def __post_init__(self) -> None:
        if self.epochs < 1 or self.batch_size < 1 or not 0 <= self.dropout < 1:
            raise UsageError(f"need epochs >= 1, batch size >= 1 and 0 <= dropout < 1, got {self}")


@dataclass
class TrainResult:
    model_dir: Path
    labels: list[str]
    split: Split
    train_rows: int
    val_rows: int
    metrics: dict[str, Any]  # held-out sources: accuracy, per_class, confusion
    train_accuracy: float
    files: list[str] = field(default_factory=list)
    pose_models: list[str] = field(default_factory=list)  # more than one: the rows are not comparable


def train_classifier(
    ds: Dataset, settings: TrainSettings, out: str | Path, where: str = "dataset"
) -> TrainResult:
    """Split ``ds`` by source, train, score the held-out sources, write the classifier folder."""
    store.check_target(out)  # before any work
    ds = select_labels(ds, settings.labels, where)
    check_labels(ds, where)
    labels = ds.label_names
    split = split_by_source(ds, settings.val_split, settings.seed, settings.val_sources, where)
    train_mask, val_mask = split.masks(ds)
    index = {name: i for i, name in enumerate(labels)}
    y = np.array([index[str(x)] for x in ds.labels])
    kp_train, y_train = ds.keypoints[train_mask], y[train_mask]
    if settings.mirror:
        kp_train, y_train = np.concatenate([kp_train, mirror(kp_train)]), np.concatenate([y_train, y_train])
    x_train = features(kp_train)
    scaler = Standardiser.fit(x_train)
    with _quiet_native_stderr():
        network = fit_network(scaler(x_train), y_train, len(labels), settings)
        val_prob = np.asarray(network(scaler(features(ds.keypoints[val_mask])), training=False))
        train_prob = np.asarray(network(scaler(x_train), training=False))
    metrics = score(y[val_mask], val_prob.argmax(1), labels)
    metrics["per_source"] = per_source_accuracy(ds.sources[val_mask], y[val_mask], val_prob.argmax(1))
    train_acc = float((train_prob.argmax(1) == y_train).mean())
    result = TrainResult(
        Path(out), labels, split, int(train_mask.sum()), int(val_mask.sum()), metrics, train_acc
    )
    meta = {**_meta(ds, labels, split, settings, result), "standardise": scaler.to_json()}
    with store.new_model_dir(out) as tmp:
        with _quiet_native_stderr():
            network.save(tmp / store.KERAS_FILE)
            export_onnx(network, x_train.shape[1], tmp / store.ONNX_FILE)
        (tmp / store.META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
        (tmp / store.FEATURES_FILE).write_text(json.dumps(feature_spec(), indent=2) + "\n")
        full = {**metrics, "train_accuracy": train_acc, "train_rows": result.train_rows}
        (tmp / store.METRICS_FILE).write_text(json.dumps(full, indent=2) + "\n")
        save_confusion_png(metrics, tmp / store.CONFUSION_PNG)
        result.files = sorted(p.name for p in tmp.iterdir())
    result.pose_models = list(meta["pose_models"])
    return result


def _meta(
    ds: Dataset, labels: list[str], split: Split, settings: TrainSettings, r: TrainResult
) -> dict[str, Any]:
    return {
        "format": store.FORMAT,
        "version": store.VERSION,
        "labels": labels,
        "pose_models": sorted({str(m) for m in ds.models}),
        "train_sources": list(split.train_sources),
        "val_sources": list(split.val_sources),
        "train_rows": r.train_rows,
        "val_rows": r.val_rows,
        "val_accuracy": r.metrics["accuracy"],
        "settings": asdict(settings),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "fitcli_version": __version__,
    }


def _import_tensorflow() -> Any:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's C++ notices off the terminal
    import tensorflow as tf

    tf.get_logger().setLevel(logging.ERROR)
    return tf


def _make_deterministic(tf: Any, seed: int) -> None:
    tf.keras.utils.set_random_seed(seed)  # Python, NumPy and TensorFlow seeds
    tf.config.experimental.enable_op_determinism()
    with contextlib.suppress(RuntimeError):  # already set once TensorFlow has run an op
        tf.config.threading.set_inter_op_parallelism_threads(1)
        tf.config.threading.set_intra_op_parallelism_threads(1)


def fit_network(x: np.ndarray, y: np.ndarray, n_classes: int, settings: TrainSettings) -> Any:
    """A Keras MLP (ReLU layers, dropout, softmax) fitted to standardised ``x`` and ``y``."""
    tf = _import_tensorflow()
    _make_deterministic(tf, settings.seed)
    order = np.random.default_rng(settings.seed).permutation(len(x))
    x, y = x[order], y[order]
    layers: list[Any] = [tf.keras.Input((x.shape[1],), name="features")]
    for width in settings.hidden:
        layers += [tf.keras.layers.Dense(width, activation="relu"), tf.keras.layers.Dropout(settings.dropout)]
    layers.append(tf.keras.layers.Dense(n_classes, activation="softmax"))
    model = tf.keras.Sequential(layers)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(settings.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    counts = np.bincount(y, minlength=n_classes)
    weights = {i: float(len(y) / (n_classes * c)) for i, c in enumerate(counts) if c}  # balanced classes
    model.fit(
        x,
        y,
        epochs=settings.epochs,
        batch_size=settings.batch_size,
        shuffle=True,
        class_weight=weights,
        verbose=0,
    )
    return model


def export_onnx(model: Any, n_features: int, path: Path) -> None:
    """Write ``model`` as ONNX: input ``features`` (N, F) float32, output ``probabilities`` (N, C)."""
    tf = _import_tensorflow()
    import tf2onnx

    spec = (tf.TensorSpec((None, n_features), tf.float32, name="features"),)

    @tf.function(input_signature=spec)
    def predict(x: Any) -> dict[str, Any]:
        return {"probabilities": model(x, training=False)}

    proto, _ = tf2onnx.convert.from_function(predict, input_signature=spec, opset=13)
    path.write_bytes(proto.SerializeToString())


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null: TensorFlow's grappler logs through absl, not Python."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # a captured stream (tests) has no descriptor
        yield
        return
    sys.stderr.flush()
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


def save_confusion_png(metrics: dict[str, Any], path: Path) -> None:
    """The confusion matrix as a PNG (rows = true label, columns = predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, cm = metrics["labels"], np.array(metrics["confusion"])
    fig, ax = plt.subplots(figsize=(1.6 + 1.1 * len(labels), 1.2 + 1.0 * len(labels)), dpi=100)
    ax.imshow(cm, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"held-out accuracy {metrics['accuracy']:.3f} ({metrics['rows']} rows)")
    for (i, j), v in np.ndenumerate(cm):
        ax.text(j, i, str(v), ha="center", va="center", color="white" if v > cm.max() / 2 else "black")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)

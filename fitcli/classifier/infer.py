"""Use a trained pose classifier without TensorFlow: onnxruntime on the exported copy.

``PoseClassifier.load(folder)`` checks the folder (format, version, feature spec) and gives a
callable ``classifier(keypoints (17, 3)) -> probabilities``. ``smooth_probabilities`` averages them
over time with an exponential moving average whose time constant is in seconds (so it does not
depend on the frame rate), and ``segments`` turns the smoothed labels into runs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.classifier import store
from fitcli.classifier.features import Standardiser, feature_names, features
from fitcli.errors import DataError, UnknownNameError, UsageError
from fitcli.pose import PoseFrame

log = logging.getLogger(__name__)

DEFAULT_SMOOTH_S = 0.3  # EMA time constant: a pose change shows within about half a second


class PoseClassifier:
    """A trained classifier: ``__call__(keypoints (17, 3)) -> probabilities (C,)`` over ``labels``."""

    def __init__(self, session: Any, labels: list[str], meta: dict[str, Any]) -> None:
        self.session = session
        self.labels = labels
        self.meta = meta
        self._input = session.get_inputs()[0].name
        self.standardise = Standardiser.from_json(
            meta.get("standardise"), len(feature_names()), str(meta.get("path", "classifier"))
        )

    @classmethod
    def load(cls, model_dir: str | Path, threads: int = 1) -> PoseClassifier:
        meta = store.read_meta(model_dir)
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(
                str(Path(model_dir) / store.ONNX_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own (non-exported) exception types
            raise DataError(f"{model_dir}: {store.ONNX_FILE} will not load ({exc})") from exc
        clf = cls(session, list(meta["labels"]), meta)
        n_out = session.get_outputs()[0].shape[-1]
        if isinstance(n_out, int) and n_out != len(clf.labels):
            raise DataError(f"{model_dir}: the network has {n_out} outputs for {len(clf.labels)} labels")
        return clf

    def index(self, label: str) -> int:
        if label not in self.labels:
            raise UnknownNameError(
                f"unknown label '{label}'", f"this classifier knows: {', '.join(self.labels)}"
            )
        return self.labels.index(label)

    def predict(self, keypoints: np.ndarray) -> np.ndarray:
        """(N, C) probabilities of (N, 17, 3) keypoints."""
        kp = np.asarray(keypoints, dtype=np.float32)
        if kp.ndim != 3 or kp.shape[1:] != (17, 3):
            raise DataError(f"keypoints must have shape (N, 17, 3), got {kp.shape}")
        if len(kp) == 0:
            return np.zeros((0, len(self.labels)), np.float32)
        out = self.session.run(None, {self._input: self.standardise(features(kp))})[0]
        return np.asarray(out, dtype=np.float32)

    def __call__(self, keypoints: np.ndarray) -> np.ndarray:
        return self.predict(np.asarray(keypoints, dtype=np.float32)[None])[0]


def ema_weight(dt_s: float, tau_s: float) -> float:
    """Weight of a new frame ``dt_s`` seconds after the last in an EMA with time constant ``tau_s``."""
    return 1.0 - math.exp(-max(dt_s, 0.0) / tau_s) if tau_s > 0 else 1.0


def smooth_probabilities(probs: np.ndarray, times: np.ndarray, tau_s: float = DEFAULT_SMOOTH_S) -> np.ndarray:
    """Exponential moving average over time: weight ``1 - exp(-dt / tau)`` for each new frame."""
    probs = np.asarray(probs, dtype=np.float64)
    if tau_s < 0:
        raise UsageError(f"the smoothing time must be >= 0 s, got {tau_s}")
    if tau_s == 0 or len(probs) == 0:
        return probs.copy()
    out = np.empty_like(probs)
    out[0] = probs[0]
    for i in range(1, len(probs)):
        a = ema_weight(float(times[i] - times[i - 1]), tau_s)
        out[i] = out[i - 1] + a * (probs[i] - out[i - 1])
    return out


@dataclass(frozen=True)
class LabelSegment:
    label: str
    start_s: float
    end_s: float
    frames: int
    mean_probability: float


def segments(labels: Sequence[str], times: np.ndarray, probs: np.ndarray) -> list[LabelSegment]:
    """Runs of one label: each starts at its first frame and ends where the next run starts."""
    out: list[LabelSegment] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            end_s = float(times[i]) if i < len(labels) else float(times[i - 1])
            p = float(np.mean(probs[start:i]))
            out.append(LabelSegment(labels[start], float(times[start]), end_s, i - start, p))
            start = i
    return out


@dataclass
class ClassifiedVideo:
    source: str
    times: np.ndarray
    frames: np.ndarray
    labels: list[str]  # smoothed label per frame
    probability: np.ndarray  # smoothed probability of that label
    probabilities: np.ndarray  # (T, C) smoothed
    segments: list[LabelSegment]
    class_names: list[str]


def classify_poses(
    poses: Iterable[PoseFrame], classifier: PoseClassifier, source: str, tau_s: float = DEFAULT_SMOOTH_S
) -> ClassifiedVideo:
    """Per-frame smoothed label and probability of a pose sequence, and its segments."""
    items = list(poses)
    times = np.array([p.time_s for p in items], dtype=np.float64)
    frames = np.array([p.index for p in items], dtype=np.int64)
    kp = np.stack([p.keypoints for p in items]) if items else np.zeros((0, 17, 3), np.float32)
    smooth = smooth_probabilities(classifier.predict(kp), times, tau_s)
    best = smooth.argmax(axis=1) if len(smooth) else np.zeros(0, int)
    labels = [classifier.labels[i] for i in best]
    prob = smooth[np.arange(len(best)), best] if len(best) else np.zeros(0)
    return ClassifiedVideo(
        source, times, frames, labels, prob, smooth, segments(labels, times, prob), classifier.labels
    )


def classify_videos(
    specs: Sequence[str],
    classifier: PoseClassifier,
    backend: Callable[[np.ndarray], np.ndarray],
    tau_s: float = DEFAULT_SMOOTH_S,
) -> list[ClassifiedVideo]:
    """Run the pose model over each video (or image folder) and classify every frame."""
    from fitcli.pipelines.run import estimate_poses
    from fitcli.pipelines.sources import open_source

    out = []
    for spec in specs:
        source = open_source(spec)
        reset = getattr(backend, "reset", None)
        if reset is not None:
            reset()
        out.append(classify_poses(estimate_poses(source, backend), classifier, spec, tau_s))
    return out

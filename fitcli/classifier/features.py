"""Features of a pose for the classifier: pure functions of (..., 17, 3) keypoints.

- Coordinates centred on the hip midpoint and divided by the pose size, where the size is the
  larger of 2.5 x the torso (hip midpoint to shoulder midpoint) and the largest distance of any
  keypoint from the hips. Both rules and the 2.5 come from MediaPipe's pose-classification
  ``FullBodyPoseEmbedder`` (``torso_size_multiplier=2.5``); the second keeps a pose whose torso
  points at the camera from blowing up.
- Joint angles (elbows, shoulders, hips, knees; 0 = folded, 1 = straight) and the trunk's tilt from
  the image vertical (0 = upright, 1 = upside down).
- ``mirror`` swaps left and right (x negated, left/right keypoints exchanged): augmentation.

Scores are not features: the classifier should not learn how sure the pose model was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fitcli.errors import DataError
from fitcli.pose import FLIP_INDEX, KEYPOINT_NAMES, KP

FEATURE_VERSION = 1
TORSO_MULTIPLIER = 2.5  # MediaPipe FullBodyPoseEmbedder(torso_size_multiplier=2.5)
# (name, end point, vertex, other end point)
ANGLES: tuple[tuple[str, str, str, str], ...] = tuple(
    (f"{side}_{joint}", f"{side}_{a}", f"{side}_{joint}", f"{side}_{b}")
    for side in ("left", "right")
    for joint, a, b in (
        ("elbow", "shoulder", "wrist"),
        ("shoulder", "hip", "elbow"),
        ("hip", "shoulder", "knee"),
        ("knee", "hip", "ankle"),
    )
)
_EPS = 1e-6


def _mid(kp: np.ndarray, a: str, b: str) -> np.ndarray:
    return (kp[..., KP[a], :2] + kp[..., KP[b], :2]) / 2


def normalised_coordinates(keypoints: np.ndarray) -> np.ndarray:
    """(..., 17, 2): x, y relative to the hip midpoint, in units of the pose size (see module doc)."""
    kp = np.nan_to_num(np.asarray(keypoints, dtype=np.float64))
    hips = _mid(kp, "left_hip", "right_hip")
    shoulders = _mid(kp, "left_shoulder", "right_shoulder")
    xy = kp[..., :2] - hips[..., None, :]
    torso = np.linalg.norm(shoulders - hips, axis=-1)
    spread = np.linalg.norm(xy, axis=-1).max(axis=-1)
    size = np.maximum(torso * TORSO_MULTIPLIER, spread)
    return xy / np.maximum(size, _EPS)[..., None, None]


def joint_angles(keypoints: np.ndarray) -> np.ndarray:
    """(..., 8): the angle at each joint of ``ANGLES`` divided by 180 degrees."""
    kp = np.nan_to_num(np.asarray(keypoints, dtype=np.float64))
    out = []
    for _, a, v, b in ANGLES:
        u = kp[..., KP[a], :2] - kp[..., KP[v], :2]
        w = kp[..., KP[b], :2] - kp[..., KP[v], :2]
        cos = (u * w).sum(-1) / np.maximum(np.linalg.norm(u, axis=-1) * np.linalg.norm(w, axis=-1), _EPS)
        out.append(np.arccos(np.clip(cos, -1.0, 1.0)) / np.pi)
    return np.stack(out, axis=-1)


def trunk_tilt(keypoints: np.ndarray) -> np.ndarray:
    """(...,): angle between hips->shoulders and the image's up direction, divided by 180 degrees."""
    kp = np.nan_to_num(np.asarray(keypoints, dtype=np.float64))
    d = _mid(kp, "left_shoulder", "right_shoulder") - _mid(kp, "left_hip", "right_hip")
    return np.arctan2(np.abs(d[..., 0]), -d[..., 1]) / np.pi  # image y grows downward


def features(keypoints: np.ndarray) -> np.ndarray:
    """(N, F) float32 features of (N, 17, 3) keypoints, or (F,) of one (17, 3) pose."""
    kp = np.asarray(keypoints, dtype=np.float64)
    if kp.shape[-2:] != (len(KEYPOINT_NAMES), 3):
        raise DataError(f"keypoints must have shape (..., 17, 3), got {kp.shape}")
    xy = normalised_coordinates(kp)
    flat = xy.reshape(*xy.shape[:-2], -1)
    parts = [flat, joint_angles(kp), trunk_tilt(kp)[..., None]]
    return np.concatenate(parts, axis=-1).astype(np.float32)


def feature_names() -> list[str]:
    names = [f"{n}_{c}" for n in KEYPOINT_NAMES for c in ("x", "y")]
    return names + [f"{name}_angle" for name, *_ in ANGLES] + ["trunk_tilt"]


def mirror(keypoints: np.ndarray) -> np.ndarray:
    """The same pose seen in a mirror: x negated, left and right keypoints swapped."""
    kp = np.array(keypoints, dtype=np.float32, copy=True)
    kp[..., 0] = -kp[..., 0]
    return kp[..., list(FLIP_INDEX), :]


@dataclass(frozen=True)
class Standardiser:
    """Features minus the training mean, divided by the training standard deviation.

    Kept outside the network (in the classifier's meta.json) so that the ONNX copy holds plain
    dense layers only: tf2onnx turns Keras 3's Normalization constants into graph inputs.
    """

    mean: np.ndarray
    scale: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray) -> Standardiser:
        sd = x.std(axis=0)
        return cls(x.mean(axis=0).astype(np.float32), np.where(sd < 1e-6, 1.0, sd).astype(np.float32))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale).astype(np.float32)

    def to_json(self) -> dict[str, list[float]]:
        return {"mean": [float(v) for v in self.mean], "scale": [float(v) for v in self.scale]}

    @classmethod
    def from_json(cls, data: Any, width: int, where: str) -> Standardiser:
        try:
            mean = np.asarray(data["mean"], np.float32)
            scale = np.asarray(data["scale"], np.float32)
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{where}: no valid standardisation in the classifier meta ({exc})") from exc
        if mean.shape != (width,) or scale.shape != (width,) or (scale <= 0).any():
            raise DataError(f"{where}: the standardisation does not fit {width} features")
        return cls(mean, scale)


def feature_spec() -> dict[str, Any]:
    """What a trained classifier expects: saved beside it and checked when it is loaded."""
    return {
        "version": FEATURE_VERSION,
        "keypoint_names": list(KEYPOINT_NAMES),
        "centre": "hip midpoint",
        "scale": f"max({TORSO_MULTIPLIER} x torso, largest keypoint distance from the hips)",
        "angles": [list(a) for a in ANGLES],
        "names": feature_names(),
    }


def check_feature_spec(spec: Any, where: str) -> None:
    """Raise a ``DataError`` when a saved spec is not the one these functions compute."""
    if not isinstance(spec, dict):
        raise DataError(f"{where}: the feature spec is not a JSON object")
    if spec.get("keypoint_names") != list(KEYPOINT_NAMES):
        raise DataError(f"{where}: the classifier's keypoint names do not match the 17 COCO keypoints")
    if spec.get("version") != FEATURE_VERSION or spec.get("names") != feature_names():
        raise DataError(
            f"{where}: features of version {spec.get('version')}, this fitcli computes version {FEATURE_VERSION}",
            "train the classifier again with this fitcli",
        )

"""Pure functions from one smoothed pose (17, 3: x, y, score; NaN = missing) to numbers a counter uses.

Image y grows downwards. Every function returns None (or NaN in arrays) when the keypoints it needs
are missing, so a counter can tell "not visible" from a value.
"""

from __future__ import annotations

import math

import numpy as np

from fitcli.pose import KP

# Shoulder width is about 0.7 x torso length (shoulder midpoint to hip midpoint) for COCO keypoints
# of an adult seen from the front (measured on the sample figure and on LSP-style bodies); used to
# turn a shoulder width into a torso-length body size when the hips are not seen.
SHOULDER_TO_TORSO = 0.7

LEFT = {"shoulder": KP["left_shoulder"], "elbow": KP["left_elbow"], "wrist": KP["left_wrist"],
        "hip": KP["left_hip"], "knee": KP["left_knee"], "ankle": KP["left_ankle"], "ear": KP["left_ear"]}  # fmt: skip
RIGHT = {"shoulder": KP["right_shoulder"], "elbow": KP["right_elbow"], "wrist": KP["right_wrist"],
         "hip": KP["right_hip"], "knee": KP["right_knee"], "ankle": KP["right_ankle"], "ear": KP["right_ear"]}  # fmt: skip


def present(kp: np.ndarray, *indices: int) -> bool:
    """All of ``indices`` have finite coordinates."""
    return bool(np.all(np.isfinite(kp[list(indices), :2])))


def point(kp: np.ndarray, i: int) -> np.ndarray | None:
    return kp[i, :2] if present(kp, i) else None


def midpoint(kp: np.ndarray, a: int, b: int) -> np.ndarray | None:
    """Midpoint of two keypoints, or the one that is present, or None."""
    pa, pb = point(kp, a), point(kp, b)
    if pa is not None and pb is not None:
        return (pa + pb) / 2.0
    return pa if pa is not None else pb


def distance(kp: np.ndarray, a: int, b: int) -> float | None:
    if not present(kp, a, b):
        return None
    return float(np.linalg.norm(kp[a, :2] - kp[b, :2]))


def angle(kp: np.ndarray, a: int, b: int, c: int) -> float | None:
    """The angle at ``b`` between b->a and b->c, in degrees (180 = straight)."""
    if not present(kp, a, b, c):
        return None
    u, v = kp[a, :2] - kp[b, :2], kp[c, :2] - kp[b, :2]
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if nu < 1e-6 or nv < 1e-6:
        return None
    cos = float(np.dot(u, v)) / (nu * nv)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def torso_length(kp: np.ndarray) -> float | None:
    """Shoulder midpoint to hip midpoint, in pixels."""
    s = midpoint(kp, KP["left_shoulder"], KP["right_shoulder"])
    h = midpoint(kp, KP["left_hip"], KP["right_hip"])
    if s is None or h is None:
        return None
    return float(np.linalg.norm(s - h))


def shoulder_width(kp: np.ndarray) -> float | None:
    return distance(kp, KP["left_shoulder"], KP["right_shoulder"])


def body_size(kp: np.ndarray) -> float | None:
    """A body-size unit in pixels: the torso length, or the shoulder width in torso units, whichever is
    larger (a side view hides the shoulder width, a front view of a push-up foreshortens the torso)."""
    sizes = [v for v in (torso_length(kp), _shoulder_as_torso(kp)) if v is not None and v > 1.0]
    return max(sizes) if sizes else None


def _shoulder_as_torso(kp: np.ndarray) -> float | None:
    w = shoulder_width(kp)
    return None if w is None else w / SHOULDER_TO_TORSO


def body_centre_scale(kp: np.ndarray) -> tuple[np.ndarray, float] | None:
    """Where the followed body is (shoulder midpoint, else hip midpoint) and its size, or None."""
    size = body_size(kp)
    centre = midpoint(kp, KP["left_shoulder"], KP["right_shoulder"])
    if centre is None:
        centre = midpoint(kp, KP["left_hip"], KP["right_hip"])
    if size is None or centre is None:
        return None
    return centre, size


def side_score(kp: np.ndarray, side: dict[str, int], parts: tuple[str, ...]) -> float:
    """Mean score of ``parts`` on one side (0 for a missing keypoint)."""
    return float(np.mean([kp[side[p], 2] if present(kp, side[p]) else 0.0 for p in parts]))


def side_angles(kp: np.ndarray, a: str, b: str, c: str) -> list[tuple[float, float]]:
    """(angle at ``b``, mean score) for each side where the three parts are present."""
    out = []
    for side in (LEFT, RIGHT):
        value = angle(kp, side[a], side[b], side[c])
        if value is not None:
            out.append((value, side_score(kp, side, (a, b, c))))
    return out


def best_side_angle(
    kp: np.ndarray, a: str, b: str, c: str, combine: float = 0.15
) -> tuple[float, float] | None:
    """The angle at ``b`` from the better-seen side, or the mean of both when their scores are within
    ``combine`` of each other (front views see both sides equally). Returns (angle, score)."""
    found = sorted(side_angles(kp, a, b, c), key=lambda v: -v[1])
    if not found:
        return None
    if len(found) == 2 and found[0][1] - found[1][1] <= combine:
        return (found[0][0] + found[1][0]) / 2.0, (found[0][1] + found[1][1]) / 2.0
    return found[0]


# Posture measures: where the body is, not how far a rep has gone. Heights are in body sizes
# (``body_size``) and positive when the first part is higher in the image.


def height_above(kp: np.ndarray, upper: tuple[int, ...], lower: tuple[int, ...]) -> float | None:
    """How far the midpoint of the present ``upper`` keypoints is above that of ``lower``, in body
    sizes (image y grows downwards, so positive = higher); None when either is missing."""
    size = body_size(kp)
    top, bottom = _mean_point(kp, upper), _mean_point(kp, lower)
    if size is None or top is None or bottom is None:
        return None
    return float(bottom[1] - top[1]) / size


def _mean_point(kp: np.ndarray, indices: tuple[int, ...]) -> np.ndarray | None:
    found = [kp[i, :2] for i in indices if present(kp, i)]
    return np.mean(found, axis=0) if found else None


def torso_tilt(kp: np.ndarray) -> float | None:
    """Angle of the hip->shoulder line from vertical, in degrees (0 = upright, 90 = lying, 180 = upside down)."""
    s = midpoint(kp, KP["left_shoulder"], KP["right_shoulder"])
    h = midpoint(kp, KP["left_hip"], KP["right_hip"])
    if s is None or h is None:
        return None
    return math.degrees(math.atan2(abs(float(s[0] - h[0])), float(h[1] - s[1])))


def head_rise(kp: np.ndarray) -> float | None:
    """Nose above the shoulder midpoint, in body sizes (standing: 0.2-0.5; push-up: about 0 or below)."""
    return height_above(kp, (KP["nose"],), (KP["left_shoulder"], KP["right_shoulder"]))


def knee_drop(kp: np.ndarray) -> float | None:
    """Knees (midpoint of those seen) below the hips, in body sizes (standing: 0.6-1.0; sitting,
    lying, kneeling or a squat's bottom: 0.5 or less)."""
    return height_above(kp, (KP["left_hip"], KP["right_hip"]), (KP["left_knee"], KP["right_knee"]))


def wrist_rises(kp: np.ndarray) -> list[float]:
    """Each seen wrist's height above its own shoulder, in body sizes (arms hanging: about -1)."""
    out = []
    for side in (LEFT, RIGHT):
        value = height_above(kp, (side["wrist"],), (side["shoulder"],))
        if value is not None:
            out.append(value)
    return out


def upper_arm_raise(kp: np.ndarray, side: dict[str, int]) -> float | None:
    """Angle of one upper arm from the torso's downward line (0 = hanging at the side, 90 = level,
    180 = straight up), in degrees."""
    return angle(kp, side["hip"], side["shoulder"], side["elbow"])

"""Posture checks and measurements that several exercise definitions share.

A counter's signal says how far a rep has gone; a posture check says whether the body is in the
posture the exercise needs at all, so counting with the wrong exercise gives 0 rather than a
confident number. Two kinds: a *gate* inside the signal (None = "not this exercise now"; a gap longer
than the detector's max_missing_s ends readiness and drops a rep in progress) for what holds during
the whole rep, and the rule's *ready* check for the rest position, needed ready_s in a row before the
first rep and again after every loss of the signal. All on the smoothed keypoints, heights in body
sizes (``signals.body_size``), values measured on the recorded real and sample clips
(tests/fixtures/keypoints). Checks that belong to one exercise live in its definition module
(``fitcli.exercises.definitions``).
"""

from __future__ import annotations

import numpy as np

from fitcli.exercises.rule import Reading
from fitcli.exercises.signals import (
    LEFT,
    RIGHT,
    head_rise,
    height_above,
    knee_drop,
    present,
    torso_tilt,
    wrist_rises,
)
from fitcli.pose import KP

HIPS = (KP["left_hip"], KP["right_hip"])
SHOULDERS = (KP["left_shoulder"], KP["right_shoulder"])
WRISTS = (KP["left_wrist"], KP["right_wrist"])
ANKLES = (KP["left_ankle"], KP["right_ankle"])

# Torso within this many degrees of vertical is "upright": standing clips lean 0-10 (a curl or jack)
# and a squat's bottom 30-40; a push-up from the side is 65-90 and an incline push-up 24-41.
UPRIGHT_MAX_DEG = 20.0
# Knees at least this far below the hips (body sizes) are "under the hips": standing 0.6-1.0 in every
# standing clip (5th percentile 0.59); lying, sitting on a bench, a squat's bottom or legs hidden
# behind a push-up: 0.45 or less.
KNEES_UNDER_HIPS = 0.55
# Nose at least this far above the shoulders: the face looks up or ahead over the body (standing and
# lying on the back: 0.2-0.5). In a push-up the head is in line with the body, level with or below the
# shoulders (-0.4 to 0.18, a head-on view included), so "upright" asks a little more (HEAD_HELD_UP):
# standing clips whose legs are out of view still show 0.25 or more.
HEAD_UP = 0.2
HEAD_HELD_UP = 0.25
# Hanging from a bar, the wrists are 0.5-1.5 body sizes above the shoulders (above the head, whose nose
# is 0.2-0.45 above them); a crunch's hands behind the head reach 0.1-0.4.
HANG_WRIST_RISE = 0.45
# On the feet, a shank points down: its ankle is 0.85 body sizes below the knee standing (shank 0.246 H,
# torso 0.288 H) and still 0.6 or more at the bottom of a squat or in a lunge's front leg (the shank
# tilts 30-45 degrees). Hanging from a bar with the knees bent, or with no feet in view, it is not.
SHANK_MIN_DROP = 0.4


def torso_lean(kp: np.ndarray) -> float | None:
    """Angle of the hip->shoulder line from vertical, in degrees."""
    return torso_tilt(kp)


def knees_under_hips(kp: np.ndarray) -> bool:
    drop = knee_drop(kp)
    return drop is not None and drop >= KNEES_UNDER_HIPS


def standing(kp: np.ndarray) -> bool:
    """Upright torso over legs that stand under it (the rest posture of squats, lunges, jacks)."""
    lean = torso_lean(kp)
    return lean is not None and lean <= UPRIGHT_MAX_DEG and knees_under_hips(kp)


def upright_person(kp: np.ndarray) -> bool:
    """An upright torso with the head held above it or the legs under it: standing or sitting up,
    never a push-up (seen head-on, a push-up's torso also looks vertical, but the head is low)."""
    lean = torso_lean(kp)
    if lean is None or lean > UPRIGHT_MAX_DEG:
        return False
    head = head_rise(kp)
    return (head is not None and head >= HEAD_HELD_UP) or knees_under_hips(kp)


def wrists_rise_at_least(kp: np.ndarray, level: float) -> bool:
    """Every wrist seen is at least ``level`` body sizes above its shoulder (and some wrist is seen)."""
    rises = wrist_rises(kp)
    return bool(rises) and min(rises) >= level


def hanging(kp: np.ndarray) -> bool:
    """Both hands well above the head: hanging from a bar (the rest posture of a pull-up)."""
    return wrists_rise_at_least(kp, HANG_WRIST_RISE)


def feet_under_knees(kp: np.ndarray) -> bool:
    """Some leg stands on its foot: an ankle is seen at least SHANK_MIN_DROP body sizes below its knee."""
    for side in (LEFT, RIGHT):
        drop = height_above(kp, (side["knee"],), (side["ankle"],))
        if drop is not None and drop >= SHANK_MIN_DROP:
            return True
    return False


def mean_y(kp: np.ndarray, indices: tuple[int, ...]) -> float | None:
    """Mean image row of the present ``indices``."""
    ys = [float(kp[i, 1]) for i in indices if present(kp, i)]
    if not ys:
        return None
    return float(np.mean(ys))


def mean_score(kp: np.ndarray, indices: tuple[int, ...]) -> float:
    return float(np.mean([kp[i, 2] if present(kp, i) else 0.0 for i in indices]))


def gap_closing(kp: np.ndarray, upper: tuple[int, ...], lower: tuple[int, ...]) -> Reading | None:
    """How far the vertical gap from ``upper`` down to ``lower`` has closed: minus the gap, in units of
    that gap at rest (the counter's self-reference; rest = -1, level with each other = 0).

    A vertical offset does not change when the camera turns around the person (front, oblique, side
    and rear all see the same height), and a ratio of two lengths of the same body does not change with
    the camera's distance or the person's size, so one threshold holds for every view and person."""
    top, bottom = mean_y(kp, upper), mean_y(kp, lower)
    if top is None or bottom is None:
        return None
    gap = bottom - top
    return Reading(-gap, mean_score(kp, upper + lower), max(gap, 0.0))

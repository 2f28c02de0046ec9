"""Planks: seconds held on the forearms (or hands) and toes with the body in one straight line."""

from __future__ import annotations

import math

import numpy as np

from fitcli.exercises.form import FormStandard
from fitcli.exercises.hold import HoldRule
from fitcli.exercises.postures import ANKLES, SHOULDERS
from fitcli.exercises.signals import LEFT, RIGHT, best_side_angle, present
from fitcli.exercises.spec import ExerciseSpec, MetCodes

ORDER = 9

# The position of the prone plank test (Strand et al., "Norms for an isometric muscle endurance test",
# J Hum Kinet 40, 2014): on the forearms and toes, the body in a straight line from the shoulders to
# the ankles; the test ends when the line is lost. With 2-D keypoints "straight" is shoulder-hip-ankle
# at 160 degrees or more, the push-up's hips-in-line check (fitcli.exercises.definitions.push_up); a
# sagging or piked plank reads 140-150. Knees on the floor (the usual rest) bend them to 90-120
# degrees, so the knees must be straight too (150: room for the same 2-D error).
BODY_LINE_DEG = 160.0
KNEES_STRAIGHT_DEG = 150.0
# Level: the shoulders-to-ankles line within this many degrees of horizontal in the image (a standing
# person: 75-90). The figure's plank (fitcli.pipelines.motions.plank) reads 14 from the side and at
# 45 degrees, 33 at 45 degrees from 25 degrees above the feet (the far end is higher in the image); head-on or from the feet the line points at the camera and cannot be
# judged, so the plank is counted from the side and at an angle only (``views``).
LEVEL_MAX_DEG = 45.0
# Supported: the upper arms point down from the shoulders to the elbows (forearm plank: elbows under
# the shoulders; high plank: arms straight down), within this many degrees of vertical. Lying flat
# with the arms forward, the upper arms are level.
ARMS_DOWN_MAX_DEG = 50.0
PARTS_NEEDED = ("shoulders", "elbows", "hips", "knees", "ankles")


def _mean_point(kp: np.ndarray, indices: tuple[int, ...]) -> np.ndarray | None:
    found = [kp[i, :2] for i in indices if present(kp, i)]
    return np.mean(found, axis=0) if found else None


def _from_vertical(top: np.ndarray, bottom: np.ndarray) -> float:
    """Degrees of the line ``top`` -> ``bottom`` from straight down in the image."""
    dx, dy = float(bottom[0] - top[0]), float(bottom[1] - top[1])
    return math.degrees(math.atan2(abs(dx), dy))


def _from_horizontal(a: np.ndarray, b: np.ndarray) -> float:
    """Degrees of the line ``a`` -> ``b`` from horizontal in the image, either way (0-90)."""
    return math.degrees(math.atan2(abs(float(b[1] - a[1])), abs(float(b[0] - a[0]))))


def arms_down(kp: np.ndarray) -> bool | None:
    """An upper arm (the better seen) points down from its shoulder within ARMS_DOWN_MAX_DEG."""
    sides = [s for s in (LEFT, RIGHT) if present(kp, s["shoulder"], s["elbow"])]
    if not sides:
        return None
    best = max(sides, key=lambda s: float(kp[s["shoulder"], 2] + kp[s["elbow"], 2]))
    return _from_vertical(kp[best["shoulder"], :2], kp[best["elbow"], :2]) <= ARMS_DOWN_MAX_DEG


def plank_posture(kp: np.ndarray) -> bool | None:
    """In a plank: level, on the forearms or hands, the body and the knees straight (None: the
    shoulders, hips or ankles not seen)."""
    line = best_side_angle(kp, "shoulder", "hip", "ankle")
    shoulders, ankles = _mean_point(kp, SHOULDERS), _mean_point(kp, ANKLES)
    if line is None or shoulders is None or ankles is None:
        return None
    if _from_horizontal(shoulders, ankles) > LEVEL_MAX_DEG or line[0] < BODY_LINE_DEG:
        return False
    knees = best_side_angle(kp, "hip", "knee", "ankle")
    if knees is not None and knees[0] < KNEES_STRAIGHT_DEG:
        return False
    return bool(arms_down(kp))


EXERCISE = ExerciseSpec(
    name="plank",
    description="hold: forearms and toes, body straight from shoulders to ankles (seconds held)",
    signal="shoulder-hip-ankle line straight and level, upper arms down",
    shown_as="held {moved:.0f} s (a hold counts from {needed:.0f} s)",
    views=("side", "oblique"),
    rule=HoldRule(plank_posture, PARTS_NEEDED),
    # The Compendium names the plank only under 02024, calisthenics light effort (2024 edition:
    # "curl ups, abdominal crunches, plank"; 2011: the same code, "situps, abdominal crunches").
    met_codes=MetCodes.same("02024"),
    form=FormStandard((), out="hold", back="rest"),
    aliases=("forearm-plank", "front-plank"),
    strength=True,
    kind="hold",
)

"""Wall sits: seconds held with the back on a wall, thighs level and knees bent to a right angle."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.form import FormStandard
from fitcli.exercises.hold import HoldRule
from fitcli.exercises.postures import feet_under_knees, torso_lean
from fitcli.exercises.signals import best_side_angle
from fitcli.exercises.spec import ExerciseSpec, MetCodes

ORDER = 10

# The position of the wall-sit (wall squat) test as fitness testing guides describe it: the back flat
# on the wall, the thighs parallel to the floor, knees and hips at 90 degrees, the shins vertical. With
# 2-D keypoints the knee reads 90 degrees from the side and about 113 at 45 degrees from 25 degrees
# above (the thigh points away from the camera); a half squat reads 135 or more and standing 170-180,
# so the knees must be bent to KNEE_MAX_DEG or less. Head-on the thigh points at the camera and the
# knee's angle cannot be read, so the wall sit is counted from the side and at an angle (``views``).
KNEE_MAX_DEG = 120.0
# Back on the wall: the torso upright, within this many degrees of vertical (a free squat's bottom
# leans 30-40, ``fitcli.exercises.definitions.squat``).
TORSO_MAX_LEAN_DEG = 25.0
PARTS_NEEDED = ("shoulders", "hips", "knees", "ankles")


def wall_sit_posture(kp: np.ndarray) -> bool | None:
    """In a wall sit: on the feet, the torso upright and the knees bent to a right angle or near it
    (None: the hips, knees or ankles not seen)."""
    knees = best_side_angle(kp, "hip", "knee", "ankle")
    lean = torso_lean(kp)
    if knees is None or lean is None:
        return None
    return knees[0] <= KNEE_MAX_DEG and lean <= TORSO_MAX_LEAN_DEG and feet_under_knees(kp)


EXERCISE = ExerciseSpec(
    name="wall-sit",
    description="hold: back on a wall, thighs level, knees at a right angle (seconds held)",
    signal="knee angle at 120 degrees or less with the torso upright",
    shown_as="held {moved:.0f} s (a hold counts from {needed:.0f} s)",
    views=("side", "oblique"),
    rule=HoldRule(wall_sit_posture, PARTS_NEEDED),
    # The Compendium has no wall sit. A wall sit is an isometric body-weight squat held, so it is logged
    # as the plank is: 02024, calisthenics light effort (2.8 MET in 2011 and 2024). The 2024 edition's
    # 02056 (body weight resistance exercises, squat, general, 3.0) is not in the 2011 edition.
    met_codes=MetCodes.same("02024"),
    form=FormStandard((), out="hold", back="rest"),
    aliases=("wall-squat", "wallsit"),
    strength=True,
    kind="hold",
)

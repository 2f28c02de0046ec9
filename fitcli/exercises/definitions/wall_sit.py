"""Wall sits: seconds held with the back on a wall, thighs level and knees bent to a right angle."""

from __future__ import annotations

import math

import numpy as np

from fitcli.exercises.counter import facing
from fitcli.exercises.form import FormStandard
from fitcli.exercises.hold import HoldRule
from fitcli.exercises.postures import feet_under_knees, torso_lean
from fitcli.exercises.signals import LEFT, RIGHT, best_side_angle, present
from fitcli.exercises.spec import ExerciseSpec, MetCodes

ORDER = 10

# The position of the wall-sit (wall squat) test as fitness testing guides describe it: the back flat
# on the wall, the thighs parallel to the floor, knees and hips at 90 degrees, the shins vertical. With
# 2-D keypoints the knee reads 90 degrees from the side; as the camera turns toward the front the level
# thigh points more at the camera and the knee's image angle opens: the figure's wall sit
# (fitcli.pipelines.motions.wall_sit) reads 91 from the side, 91 at 45 degrees level, 114 at 45 degrees
# from 25 degrees above, 128 at 30 degrees from above, and MoveNet reads 129 where the true angle
# is 114. So the knee must be bent to KNEE_MAX_DEG, plus KNEE_PER_FACING x the shoulders' facing
# (``counter.facing``: 0 from the side, 0.49 at 45 degrees, 0.59 at 45 from above): 120 from the side,
# 140-144 at 45 degrees. A half squat (thighs 45 degrees from vertical) reads 137 from the side, 146
# at 45 degrees and 151 at 45 from above: never a wall sit. The price: from an angle a thigh 30
# degrees above level still passes (130 at 45 degrees). Head-on the knee cannot be read at all, so
# the wall sit is counted from the side and at an angle (``views``).
KNEE_MAX_DEG = 120.0
KNEE_PER_FACING = 40.0
FACING_CAP = 0.6  # beyond 0.6 (within about 40 degrees of the front) the knee is not judged closer
# Back on the wall: the torso upright, within this many degrees of vertical (a free squat's bottom
# leans 30-40, ``fitcli.exercises.definitions.squat``).
TORSO_MAX_LEAN_DEG = 25.0
# Shins: within this many degrees of vertical in the image (a wall sit's shins are vertical: 0-10 from
# any side; a lunge's rear shin, lying back toward the floor, 50-90 from the side or at an angle).
SHIN_MAX_DEG = 30.0
SHIN_SCORE = 0.3
PARTS_NEEDED = ("shoulders", "hips", "knees", "ankles")


def wall_sit_posture(kp: np.ndarray) -> bool | None:
    """In a wall sit: on the feet, the torso upright and the knees bent to a right angle or near it
    (None: the hips, knees or ankles not seen)."""
    knees = best_side_angle(kp, "hip", "knee", "ankle")
    lean = torso_lean(kp)
    if knees is None or lean is None:
        return None
    turned = facing(kp) or 0.0
    bent = knees[0] <= KNEE_MAX_DEG + KNEE_PER_FACING * min(turned, FACING_CAP)
    return bent and lean <= TORSO_MAX_LEAN_DEG and feet_under_knees(kp) and shins_vertical(kp)


def shins_vertical(kp: np.ndarray) -> bool:
    """Every shin seen clearly (knee and ankle scored SHIN_SCORE) points down within SHIN_MAX_DEG of
    vertical: in a wall sit both feet stand under the knees; a lunge's rear shin lies back toward
    the floor."""
    seen = False
    for side in (LEFT, RIGHT):
        knee, ankle = side["knee"], side["ankle"]
        if not present(kp, knee, ankle) or min(kp[knee, 2], kp[ankle, 2]) < SHIN_SCORE:
            continue
        dx, dy = kp[ankle, :2] - kp[knee, :2]
        if dy <= 0 or math.degrees(math.atan2(abs(float(dx)), float(dy))) > SHIN_MAX_DEG:
            return False
        seen = True
    return seen


EXERCISE = ExerciseSpec(
    name="wall-sit",
    description="hold: back on a wall, thighs level, knees at a right angle (seconds held)",
    signal="knee angle at 120 degrees or less (more as the camera turns) with the torso upright",
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

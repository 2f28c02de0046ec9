"""Squats (and the signal lunges share): the shoulders' drop over the ankles, a share of their standing
height, confirmed by the shoulders themselves going down."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import HEIGHT_BAND, FormCheck, FormStandard, below, joint_angle
from fitcli.exercises.postures import (
    ANKLES,
    SHOULDERS,
    feet_under_knees,
    gap_closing,
    hanging,
    mean_score,
    mean_y,
    standing,
    torso_lean,
)
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 1

# A squat keeps the torso within about 40 degrees of vertical at the bottom (the side-view squat clips
# in ../shared/data/videos: 30-40); bending over to pick up or put down a bar (a hip hinge) tilts it
# 60-80 degrees. Above this lean the squat signal is "not a squat" (missing), so a hinge never counts.
SQUAT_MAX_LEAN_DEG = 55.0
# The second opinion: the shoulders themselves must go down in the image by at least this share of
# their standing height over the ankles: the feet stay planted and the body lowers, where legs folding
# under a bar lift the feet. Only 0.05: a forward lunge filmed from behind and above travels away from
# the camera, which looks like rising, and shows only 0.07-0.1 of descent.
SHOULDER_DESCENT = 0.05
LEGS = ("shoulders", "hips", "knees", "ankles")


def body_lowering(kp: np.ndarray) -> Reading | None:
    """Squat and lunge: how far the shoulders have come down toward the feet, as a share of their
    standing height above the ankles; while on the feet with the torso upright enough (a hip hinge is
    not a squat). A squatter keeps the shoulders over the feet to balance, so the drop is seen alike
    from any side and from above or below (a thigh swinging toward a camera above the person looks as
    long as a standing one); a jumping jack's legs or a sway lower the shoulders by 0.03 or less.
    Hands held high above the head are a hang (legs folding under a bar), not a squat's rest."""
    lean = torso_lean(kp)
    if lean is None or lean > SQUAT_MAX_LEAN_DEG or not feet_under_knees(kp) or hanging(kp):
        return None
    return gap_closing(kp, SHOULDERS, ANKLES)


def shoulder_descent(kp: np.ndarray) -> Reading | None:
    """The second opinion for squats and lunges: how far the shoulders went down in the image, in
    standing heights (shoulders over ankles)."""
    shoulders, feet = mean_y(kp, SHOULDERS), mean_y(kp, ANKLES)
    if shoulders is None or feet is None:
        return None
    return Reading(shoulders, mean_score(kp, SHOULDERS), max(feet - shoulders, 0.0))


# Form (``fitcli.exercises.form``). Depth: the hip joint at or below the knee joint, the thighs at least
# parallel to the floor: IPF Technical Rules Book (2023), squat, "the top surface of the legs at the hip
# joint is lower than the top of the knees"; with joint centres (COCO keypoints) this is the parallel
# squat, less ``HEIGHT_BAND``. Lockout: "the hips and knees fully extended" at the top (NSCA, Exercise Technique Manual for
# Resistance Training, 3rd ed., 2016, back squat); 160 degrees leaves room for 2-D keypoint error, and
# a knee angle is only true from the side or at an angle. Uneven: the hips more than 0.15 thigh
# lengths apart in height at the bottom, the 10-15% inter-limb asymmetry at which effects on
# performance are reported (Bishop, Turner and Read, J Sports Sci 36(10), 2018).
FORM = FormStandard(
    (
        FormCheck("depth", below("hip", "knee", "thigh"), -HEIGHT_BAND, "shallow", "thigh", uneven=0.15),
        FormCheck("lockout", joint_angle("hip", "knee", "ankle"), 160.0, "no lockout", "deg", where="ends",
                  views=("side", "oblique")),
    ),
    out="down", back="up",
)  # fmt: skip

# Thresholds in shares of the shoulders' standing height above the ankles (0.78 H): knees bent about
# 70 degrees (thighs 46 degrees from vertical, shanks 25) with the torso leaning 20 degrees lower the
# shoulders by about 0.12 H (0.15); a parallel squat by 0.26-0.4 H (0.33-0.5). Floor 0.14, enter 0.07;
# a jack's legs or a sway stay below 0.04. A rep ends when the signal is back 0.75 of the way.
EXERCISE = ExerciseSpec(
    name="squat",
    description="standing -> knees bent -> standing (a hip hinge to pick up a bar is not a rep)",
    signal="shoulders' drop over the ankles, share of their standing height",
    shown_as="drop {moved:.2f} x height (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        body_lowering,
        DetectorConfig(enter=0.07, min_rom=0.14, min_duration_s=0.5, return_frac=0.75, rel_rom=REL_ROM,
                       confirm_rom=SHOULDER_DESCENT),
        ready=standing, confirm=shoulder_descent, parts=LEGS,
    ),
    met_codes=MetCodes.same("02052"),  # resistance (weight) training, squats
    form=FORM,
    aliases=("air-squat", "bodyweight-squat"),
    strength=True,
)  # fmt: skip

"""Push-ups: the shoulders' height over the hands, a share of that height at the top, while the body
is held on the hands."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import HEIGHT_BAND, FormCheck, FormStandard, below, joint_angle
from fitcli.exercises.postures import SHOULDERS, WRISTS, gap_closing, upright_person
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.signals import LEFT, RIGHT, height_above, wrist_rises
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 2

# The hands bear the weight, so they are the lowest part of each arm: no wrist more than 0.1 body sizes
# above its shoulder (push-up clips keep both at least 0.03 below, 95th percentile, an incline push-up
# to a bar included; a hang or a crunch has them 0.1-1.5 above) nor more than 0.2 above its elbow
# (push-ups: 0.2-0.5 below; an incline push-up to a bar at chest height reaches +0.07; a curl's top, a
# clap or a hang: +0.3 to +0.7).
PUSH_UP_MAX_WRIST_RISE = 0.1
PUSH_UP_MAX_WRIST_OVER_ELBOW = 0.2
ARMS = ("shoulders", "elbows", "wrists", "hips")


def push_up_posture(kp: np.ndarray) -> bool:
    """Body held on the hands: not upright, and the hands below the shoulders and the elbows."""
    if upright_person(kp) or any(r > PUSH_UP_MAX_WRIST_RISE for r in wrist_rises(kp)):
        return False
    for side in (LEFT, RIGHT):
        over = height_above(kp, (side["wrist"],), (side["elbow"],))
        if over is not None and over > PUSH_UP_MAX_WRIST_OVER_ELBOW:
            return False
    return True


def shoulder_lowering(kp: np.ndarray) -> Reading | None:
    """Push-up: the shoulders' height above the hands, as a share of that height at the top."""
    if not push_up_posture(kp):
        return None
    return gap_closing(kp, SHOULDERS, WRISTS)


# Form (``fitcli.exercises.form``). Depth: the shoulders at or below the elbows, the upper arms parallel
# to the floor, elbows bent to 90 degrees (The Cooper Institute, FitnessGram Administration Manual, 5th
# ed., 90-degree push-up: "lower the body until the elbows are at a 90-degree angle and the upper arms
# are parallel to the floor"); a height, so it holds from the front too; less ``HEIGHT_BAND``. Lockout: the arms straight at
# the top (same source), 160 degrees or more, from the side or at an angle. Hips in line: "the body in
# a straight line from head to toe" (same source; ACSM's Guidelines for Exercise Testing and
# Prescription, 11th ed., push-up test: the back straight); shoulder-hip-ankle 160 degrees or more at
# the rep's worst moment, from the side or at an angle. Uneven as the squat's (Bishop et al. 2018).
FORM = FormStandard(
    (
        FormCheck("depth", below("shoulder", "elbow", "upper_arm"), -HEIGHT_BAND, "shallow", "upper arm", uneven=0.15),
        FormCheck("lockout", joint_angle("shoulder", "elbow", "wrist"), 160.0, "no lockout", "deg",
                  where="ends", views=("side", "oblique")),
        FormCheck("hips_line", joint_angle("shoulder", "hip", "ankle"), 160.0, "hips out of line", "deg",
                  where="throughout", partial=False, views=("side", "oblique")),
    ),
    out="down", back="up",
)  # fmt: skip

# Elbows bent 90 degrees bring the shoulders down to about forearm height, 0.55 of the top; the floor
# 0.2 is a 45-degree bend. Push-ups in dark clothes jitter frame to frame; reps take >= 1 s, so a
# 0.4 s running median keeps every rep and removes the jitter.
EXERCISE = ExerciseSpec(
    name="push-up",
    description="top -> elbows bent -> top",
    signal="shoulders' height over the hands, share of the top",
    shown_as="down {moved:.2f} x top (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        shoulder_lowering, DetectorConfig(enter=0.1, min_rom=0.2, min_duration_s=0.5, max_missing_s=1.0, rel_rom=REL_ROM),
        median_s=0.4, parts=ARMS,
    ),
    met_codes=MetCodes("02024", "02022", "02020"),  # calisthenics, light / moderate / vigorous
    form=FORM,
    aliases=("pushup", "press-up", "pressup"),
    strength=True,
)  # fmt: skip

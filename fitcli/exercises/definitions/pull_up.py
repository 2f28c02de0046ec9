"""Pull-ups: the shoulder-to-hand distance, a share of the straight arm of the hang."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.definitions.push_up import ARMS
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import HEIGHT_BAND, FormCheck, FormStandard, head_above, joint_angle
from fitcli.exercises.postures import hanging, torso_lean, wrists_rise_at_least
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.signals import LEFT, RIGHT, distance, side_score
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 7

# Hanging from a bar, the wrists are 0.5-1.5 body sizes above the shoulders; at the top of a pull-up the
# shoulders reach the hands (wrists -0.25 to +0.2; a chest-to-bar pull-up lifts them higher). Below
# -0.5 the hands are off the bar (hanging arms, push-ups, squats: -0.5 to -1.1). A set often starts
# after a hang of only 0.15-0.3 s, so one frame of hanging is enough (ready_s=0).
PULL_UP_MIN_WRIST_RISE = -0.5
# A hanging body is upright (it swings 10-20 degrees); lying back with the hands behind the head (a
# sit-up) is not a hang.
PULL_UP_MAX_LEAN_DEG = 35.0


def arm_fold(kp: np.ndarray) -> Reading | None:
    """How far the arms have folded, as the closing of the shoulder-to-hand distance in units of the
    straight arm of the hang (rest = -1); while the hands are up. The body rises by bending the elbows,
    so the arm shortens; arms raised straight (a jumping jack, an overhead clap) do not."""
    lean = torso_lean(kp)
    if lean is None or lean > PULL_UP_MAX_LEAN_DEG or not wrists_rise_at_least(kp, PULL_UP_MIN_WRIST_RISE):
        return None
    lengths, scores = [], []
    for side in (LEFT, RIGHT):
        length = distance(kp, side["shoulder"], side["wrist"])
        if length is not None:
            lengths.append(length)
            scores.append(side_score(kp, side, ("shoulder", "elbow", "wrist")))
    if not lengths:
        return None
    length = float(np.mean(lengths))
    return Reading(-length, float(np.mean(scores)), length)


# Form (``fitcli.exercises.form``). Top: the chin over the bar (U.S. Marine Corps, MCO 6100.13A, 2019,
# pull-up: "the chin above the bar"); the head's keypoints sit at eye level, about 0.4 upper-arm lengths
# above the chin (12 of 30 cm, adult anthropometry), so the eyes 0.4 upper arms over the hands, less
# ``HEIGHT_BAND``. Dead hang: "arms fully extended" at the bottom (same source), elbows at 150 degrees
# or more, judged from the side or at an angle: seen from behind, MoveNet puts the shoulders on the
# shoulder blades and a straight arm reads 130 (pullup_back_chauhan in ../shared/data/videos).
FORM = FormStandard(
    (
        FormCheck("top", head_above("wrist", "upper_arm"), 0.4 - HEIGHT_BAND, "chin under the bar", "upper arm"),
        FormCheck("extension", joint_angle("shoulder", "elbow", "wrist"), 150.0, "no dead hang", "deg",
                  where="ends", views=("side", "oblique")),
    ),
    out="up", back="down",
)  # fmt: skip

# Elbows bent 90 degrees shorten the shoulder-to-hand distance by 0.29 of the straight arm (upper arm
# 0.186 H, forearm 0.146 H: sqrt(0.186^2 + 0.146^2) = 0.236 of 0.332), chin at the bar by 0.5-0.9; the
# floor 0.35 is elbows bent about 100 degrees (the chin cannot reach the bar with less); arms held
# overhead with soft elbows (an overhead clap) shorten by 0.25 or less.
EXERCISE = ExerciseSpec(
    name="pull-up",
    description="hanging -> pulled up -> hanging",
    signal="shoulder-to-hand distance, share of the straight arm",
    shown_as="pull {moved:.2f} x arm (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        arm_fold, DetectorConfig(enter=0.15, min_rom=0.35, min_duration_s=0.5, ready_s=0.0, rel_rom=REL_ROM),
        ready=hanging, parts=ARMS,
    ),
    met_codes=MetCodes("02024", "02022", "02020"),  # calisthenics, light / moderate / vigorous
    form=FORM,
    aliases=("pullup", "chin-up", "chinup"),
    strength=True,
)  # fmt: skip

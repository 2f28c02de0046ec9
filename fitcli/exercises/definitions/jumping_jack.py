"""Jumping jacks: the elbows' height over the shoulders in upper-arm lengths, while on the feet."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.cadence import CadenceEffort
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import HEIGHT_BAND, FormCheck, FormStandard, above_head
from fitcli.exercises.postures import UPRIGHT_MAX_DEG, standing, torso_lean
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.signals import (
    LEFT,
    RIGHT,
    distance,
    knee_drop,
    side_score,
    upper_arm_raise,
    wrist_rises,
)
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 3

# Rest: standing with the arms down: the upper arms on average within this angle of the torso (the jack
# clips rest at 12-35 degrees and start at up to 41; a clap's hands-apart position holds them out at 80)
# and both wrists at least this far below the shoulders (-0.9 to -1.1 at rest; at the top of a pull-up
# they are level with the shoulders, -0.2 to +0.2). Jacks are fast (one a second) and rest with the
# arms down for only 0.1-0.3 s, and a clip may start a moment before the arms rise, so one frame of
# this posture is enough (ready_s=0).
JACK_REST_MAX_ARM_DEG = 55.0
JACK_REST_MAX_WRIST_RISE = -0.25
# During the jack the legs spread and the knees rise towards the hips' level (0.62-0.65 body sizes
# below them at the open position in the jack clips, 0.75-0.9 at rest); anything from this drop down
# (sitting, lying, a push-up: 0.45 or less) is not a jack.
JACK_MIN_KNEE_DROP = 0.4


def on_the_feet(kp: np.ndarray) -> bool:
    """Torso upright and knees below the hips: a jack is done standing."""
    lean, drop = torso_lean(kp), knee_drop(kp)
    return lean is not None and lean <= UPRIGHT_MAX_DEG and drop is not None and drop >= JACK_MIN_KNEE_DROP


def arm_raise(kp: np.ndarray) -> tuple[float, float] | None:
    """Mean angle of the upper arms from the torso's downward line (0 = arms down, 180 = overhead),
    while on the feet."""
    if not on_the_feet(kp):
        return None
    values = []
    for side in (LEFT, RIGHT):
        value = upper_arm_raise(kp, side)
        if value is not None:
            values.append((value, side_score(kp, side, ("hip", "shoulder", "elbow"))))
    if not values:
        return None
    return float(np.mean([v for v, _ in values])), float(np.mean([s for _, s in values]))


def arms_down_standing(kp: np.ndarray) -> bool:
    """Rest posture of a jumping jack: standing with both arms down."""
    arms, rises = arm_raise(kp), wrist_rises(kp)
    if arms is None or arms[0] > JACK_REST_MAX_ARM_DEG or not rises or not standing(kp):
        return False
    return max(rises) <= JACK_REST_MAX_WRIST_RISE


def arm_lift(kp: np.ndarray) -> Reading | None:
    """The elbows' height above the shoulders in upper-arm lengths (arms down = -1, level = 0,
    overhead = +1), averaged over the arms seen; while on the feet. Elbows, not hands: a curl lifts the
    hands to the shoulders but keeps the elbows down."""
    if not on_the_feet(kp):
        return None
    rises, lengths, scores = [], [], []
    for side in (LEFT, RIGHT):
        length = distance(kp, side["shoulder"], side["elbow"])
        if length is None or length < 1.0:
            continue
        rises.append(float(kp[side["shoulder"], 1] - kp[side["elbow"], 1]))
        lengths.append(length)
        scores.append(side_score(kp, side, ("shoulder", "elbow")))
    if not rises:
        return None
    return Reading(float(np.mean(rises)), float(np.mean(scores)), float(np.mean(lengths)))


# Form (``fitcli.exercises.form``). Top: the hands over the head at the far position (the rep as
# ../shared/data/videos/README.md defines it: closed -> arms overhead, feet apart -> closed; no published
# standard gives a number): the wrists over the top of the head, which is about 0.35 upper-arm lengths
# above the eyes (11 of 30 cm, adult anthropometry), less ``HEIGHT_BAND``; both hands (``sides="min"``).
FORM = FormStandard(
    (FormCheck("top", above_head("wrist", "upper_arm"), 0.35 - HEIGHT_BAND, "arms not overhead", "upper arm", sides="min"),),
    out="out", back="in",
)  # fmt: skip

# Arms down -1; at shoulder height 0; overhead +1. A jack raises the hands to about shoulder height or
# above: the floor 0.8 is arms 80 degrees from hanging (a squat's arms raised forward for balance, or a
# half-raised jack, stay below it). A jack closes: it ends only once the elbows are back down at least
# halfway (-0.5, 60 degrees from hanging), so arms moving between a T and overhead (overhead claps) are
# not jacks.
# Effort (``fitcli.exercises.cadence``): the Compendium names jumping jacks only under 02020, vigorous
# calisthenics. A steady set is vigorous; done slowly (a pause after each jack, or a stepped jack) it
# is logged as 02022, moderate calisthenics. Steady jacks take 0.9-1.3 s each (the two real clips in
# ../shared/data/videos: about 1 a second; the sample figure 1.15 s), 46-67 a minute; 40 a minute (one
# every 1.5 s of active time) is the line: a judgement, named as one.
VIGOROUS_JACKS_PER_MIN = 40.0

EXERCISE = ExerciseSpec(
    name="jumping-jack",
    description="closed -> arms up and out -> closed",
    signal="elbows' height over the shoulders, in upper-arm lengths",
    shown_as="elbows up {moved:.2f} x arm (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        arm_lift,
        DetectorConfig(enter=0.25, min_rom=0.8, min_duration_s=0.3, ready_s=0.0, exit_abs=-0.5, rel_rom=REL_ROM),
        ready=arms_down_standing, parts=("shoulders", "elbows", "hips", "knees"),
    ),
    met_codes=MetCodes("02024", "02022", "02020"),  # calisthenics, light / moderate / vigorous
    form=FORM,
    aliases=("jumpingjack", "star-jump", "jj"),
    cadence=CadenceEffort(VIGOROUS_JACKS_PER_MIN, "jacks"),
)  # fmt: skip

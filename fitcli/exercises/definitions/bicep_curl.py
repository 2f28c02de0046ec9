"""Biceps curls: the hand's height over its elbow in forearm lengths, each arm counted on its own."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.definitions.push_up import ARMS
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import FormCheck, FormStandard, below
from fitcli.exercises.postures import torso_lean
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.signals import LEFT, RIGHT, distance, height_above, present, side_score, upper_arm_raise
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 5

# The upper arm hangs along the torso the whole time (curl clips: 5-20 degrees, a close-up oblique view
# up to 45); a jack or a lateral raise lifts it sideways, a clap or front raise forwards (60-90), a
# pull-up or push-up overhead or out (50-160). The torso is upright (curls lean 0-10).
CURL_MAX_ARM_DEG = 50.0
CURL_MAX_LEAN_DEG = 30.0
# Hanging along the torso, the upper arm also shows its full length: the elbow is 0.5-0.68 body sizes
# below the shoulder in the curl clips (a hand-held close-up dips to 0.26 in a few frames). An arm
# raised forward, toward a front camera, is foreshortened and keeps a small angle from the torso in the
# image (the sample squat figure's balancing arms: 0.2-0.47).
CURL_MIN_ELBOW_DROP = 0.4


def curling_sides(kp: np.ndarray, only: dict[str, int] | None = None) -> list[dict[str, int]]:
    """The arms (or the arm ``only``) hanging along an upright torso."""
    lean = torso_lean(kp)
    if lean is None or lean > CURL_MAX_LEAN_DEG:
        return []
    sides = []
    for side in (LEFT, RIGHT) if only is None else (only,):
        raise_deg = upper_arm_raise(kp, side)
        drop = height_above(kp, (side["shoulder"],), (side["elbow"],))
        if raise_deg is None or drop is None:
            continue
        if raise_deg <= CURL_MAX_ARM_DEG and drop >= CURL_MIN_ELBOW_DROP:
            sides.append(side)
    return sides


def arm_hanging(kp: np.ndarray, only: dict[str, int] | None = None) -> bool:
    """Rest posture of a curl: an arm (or the arm ``only``) along the torso, the hand below the elbow."""
    for side in curling_sides(kp, only):
        if present(kp, side["wrist"], side["elbow"]) and kp[side["wrist"], 1] > kp[side["elbow"], 1]:
            return True
    return False


def forearm_rise(kp: np.ndarray, only: dict[str, int] | None = None) -> Reading | None:
    """The hand's height above its elbow in forearm lengths (hanging = -1, forearm level = 0, fully
    curled about +0.8), the higher of the arms (or the arm ``only``) hanging along an upright torso."""
    best: Reading | None = None
    for side in curling_sides(kp, only):
        wrist, elbow = side["wrist"], side["elbow"]
        length = distance(kp, wrist, elbow)
        if length is None or length < 1.0 or side_score(kp, side, ("elbow", "wrist")) < 0.25:
            continue
        rise = float(kp[elbow, 1] - kp[wrist, 1])
        if best is None or best.length is None or rise / length > best.value / best.length:
            best = Reading(rise, side_score(kp, side, ("shoulder", "elbow", "wrist")), length)
    return best


# Form (``fitcli.exercises.form``). Extension: the elbows fully extended at the bottom (NSCA, Exercise
# Technique Manual for Resistance Training, 3rd ed., 2016, biceps curl: "lower the bar until the elbows
# are fully extended"): the hands at least 0.85 forearm lengths below the elbows (the forearm within
# 32 degrees of vertical), both arms (``sides="min"``), a height, so it holds from any side. Top: the
# bar "near the front of the shoulders" (same source): the working hand 0.5 forearm lengths or more
# above its elbow (the forearm 30 degrees or more above horizontal).
FORM = FormStandard(
    (
        FormCheck("extension", below("wrist", "elbow", "forearm"), 0.85, "no full extension", "forearm",
                  where="ends", sides="min"),
        FormCheck("top", below("elbow", "wrist", "forearm"), 0.5, "short top", "forearm", sides="max"),
    ),
    out="up", back="down",
)  # fmt: skip

# Hanging is -1; a 60-degree curl is -0.5 (range 0.5, the floor), a full curl +0.8. Each arm is counted
# on its own (alternating arms that take over without rest were one rep) and merged.
EXERCISE = ExerciseSpec(
    name="bicep-curl",
    description="arm extended -> curled -> extended; alternating curls count each arm",
    signal="hand's height over the elbow, in forearm lengths (each arm)",
    shown_as="hand up {moved:.2f} x forearm (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        forearm_rise, DetectorConfig(enter=0.3, min_rom=0.5, min_duration_s=0.5, rel_rom=REL_ROM),
        ready=arm_hanging, parts=ARMS, per_side=(LEFT, RIGHT),
    ),
    # resistance training, multiple exercises 8-15 reps (light, moderate); power lifting / body building
    met_codes=MetCodes("02054", "02054", "02050"),
    form=FORM,
    aliases=("biceps-curl", "curl", "dumbbell-curl"),
    strength=True,
)  # fmt: skip

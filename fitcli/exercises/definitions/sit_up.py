"""Sit-ups and crunches: the shoulders' height over the hips in body sizes, from lying on the back."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import FormStandard
from fitcli.exercises.postures import (
    HEAD_UP,
    HIPS,
    SHOULDERS,
    knees_under_hips,
    mean_score,
    mean_y,
    torso_lean,
)
from fitcli.exercises.rule import REL_ROM, CounterRule, Reading
from fitcli.exercises.signals import body_size, head_rise, knee_drop, shoulder_width, torso_length
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 6

# The torso lies back at rest. Lying clips rest at 50-55 (a crunch seen from the feet) and 60-85
# degrees (a decline bench); a standing person or a squat's bottom leans at most 40. Lying on the back,
# the face looks up and the nose is above the shoulders (0.29-0.45 body sizes at rest in the sit-up
# clips, as HEAD_UP); lying face down in a push-up the head hangs level or below (-0.4 to 0.15). A head
# out of view is given the benefit of the doubt. Filmed from the feet or the head, a lying torso points
# at the camera: its image is shorter than the shoulders are wide (standing: 1.4 times as long; lying
# end-on: 0-0.6 times), and its lean in the image is noise, so that view counts as lying too.
SIT_UP_REST_MIN_DEG = 45.0
END_ON_TORSO_PER_SHOULDERS = 0.7


def torso_end_on(kp: np.ndarray) -> bool:
    """The torso points at (or away from) the camera: seen shorter than END_ON x the shoulder width."""
    length, width = torso_length(kp), shoulder_width(kp)
    return length is not None and width is not None and length < END_ON_TORSO_PER_SHOULDERS * width


# Seen from the feet and above, a torso lying with a little lift (a crunch's rest) is seen at 0.7-0.9 of
# the shoulder width, too long for end-on; but the bent knees stand up nearer the camera and show above
# the hips in the image. Knees only appear above the hips when they are higher than the hips (a camera
# above shows nearer points lower, one below shows farther points higher): never standing, squatting
# or hanging with the feet behind.
KNEES_RAISED = 0.1


def knees_raised(kp: np.ndarray) -> bool:
    """The knees are seen at least KNEES_RAISED body sizes above the hips (lying, knees bent up)."""
    drop = knee_drop(kp)
    return drop is not None and drop <= -KNEES_RAISED


def lying_back(kp: np.ndarray) -> bool:
    """Rest posture of a sit-up: lying on the back (torso far from vertical, face up), legs not standing."""
    lean, head = torso_lean(kp), head_rise(kp)
    if lean is None or (head is not None and head < HEAD_UP) or knees_under_hips(kp):
        return False
    return lean >= SIT_UP_REST_MIN_DEG or torso_end_on(kp) or knees_raised(kp)


def torso_rise(kp: np.ndarray) -> Reading | None:
    """The shoulders' height above the hips in torso lengths (lying = 0 or below on a decline, sitting
    up = about 1); never while the knees stand under the hips. The length is the body size
    (``signals.body_size``: the torso, or the shoulder width in torso units), so a torso lying end-on
    to the camera, filmed from the feet, is still measured by what it is and not by its short image."""
    if knees_under_hips(kp):
        return None
    top, bottom = mean_y(kp, SHOULDERS), mean_y(kp, HIPS)
    size = body_size(kp)
    if top is None or bottom is None or size is None:
        return None
    return Reading(bottom - top, mean_score(kp, SHOULDERS + HIPS), size, sine=True)


# Form (``fitcli.exercises.form``): tempo only. Sit-ups, decline sit-ups and crunches are all counted
# here and their standards differ (a crunch lifts the shoulder blades only), so no range is judged.
FORM = FormStandard((), out="up", back="down")

# Lying flat 0; a crunch lifting the shoulders 12 degrees 0.2 (the floor); sitting up 0.9. A rep ends
# when the torso is back half way down.
EXERCISE = ExerciseSpec(
    name="sit-up",
    description="lying -> torso up -> lying (crunches too)",
    signal="torso's angle up from lying: asin of the shoulders' height over the hips / torso length",
    shown_as="torso up {moved_deg:.0f} deg (rep {needed_deg:.0f})",
    views=VIEWS,
    rule=CounterRule(
        torso_rise, DetectorConfig(enter=0.1, min_rom=0.2, min_duration_s=0.4, return_frac=0.5, rel_rom=REL_ROM),
        ready=lying_back, parts=("shoulders", "hips", "knees"),
    ),
    met_codes=MetCodes("02024", "02022", "02020"),  # calisthenics, light / moderate / vigorous
    form=FORM,
    aliases=("situp", "crunch", "curl-up"),
    strength=True,
)  # fmt: skip

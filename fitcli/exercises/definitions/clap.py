"""Hand clapping, the study's first exercise: the wrist distance with a switch that re-arms once the
hands part, and a minimum time between claps."""

from __future__ import annotations

import numpy as np

from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import FormStandard
from fitcli.exercises.rule import CounterRule, Reading
from fitcli.exercises.signals import (
    LEFT,
    RIGHT,
    SHOULDER_TO_TORSO,
    angle,
    body_size,
    present,
    shoulder_width,
    torso_length,
)
from fitcli.exercises.spec import ExerciseSpec, MetCodes
from fitcli.pose import KP

ORDER = 0

# Wrists scoring below this, or above the top edge of the image, are not "in view" for a clap.
CLAP_WRIST_SCORE = 0.3
# Both upper arms raised at least this far from the torso (180 = straight up) means the hands are
# together above the head: an overhead clap whose hands leave the top of the frame at contact
# (../shared/data/videos/clap/clap_overhead_malik.mp4 reaches 160-173 at each contact, 80-90 at T).
OVERHEAD_ARM_DEG = 155.0
# A clap is watched from the front: the shoulders look at least this share of the torso length wide
# (front views 0.5-0.9 in the clap, jack and curl clips; side views 0.0-0.4). From the side both
# wrists overlap in the image whatever the hands do (hands on a bar, on the floor), so no clap is seen.
# Turned 45 degrees a person shows cos 45 = 0.71 of their front width: 0.35-0.64. 0.35 counts them all
# but lets a pull-up filmed from behind count a clap where the model swaps the shoulders (0.36 for one
# frame between 0.20 and 0.01), so narrow-shouldered people turned 45 degrees are not counted.
CLAP_MIN_FACING = 0.45


def facing_camera(kp: np.ndarray) -> bool:
    """The shoulders are seen wide enough for a front view (True when the hips are not seen)."""
    width, torso = shoulder_width(kp), torso_length(kp)
    return width is None or torso is None or torso < 1.0 or width / torso >= CLAP_MIN_FACING


def clap_signal(kp: np.ndarray) -> Reading | None:
    """Minus the wrist distance in shoulder widths (the study's measure; 0 = wrists together).

    The shoulder width is the one the image shows (the counter's self-reference of it): the hands part
    along the shoulders' line, so both shrink alike when the person turns from the camera, and the
    ratio stays what it is from the front. Without the shoulders, their width is taken from the torso.
    When the wrists are out of view but both arms point straight up, the hands are together overhead
    (distance 0)."""
    lw, rw = KP["left_wrist"], KP["right_wrist"]
    size = body_size(kp)
    if size is None or not facing_camera(kp):
        return None
    in_view = present(kp, lw, rw) and min(kp[lw, 2], kp[rw, 2]) >= CLAP_WRIST_SCORE
    if in_view and min(kp[lw, 1], kp[rw, 1]) >= 0:
        width = shoulder_width(kp) or size * SHOULDER_TO_TORSO
        d = float(np.linalg.norm(kp[lw, :2] - kp[rw, :2]))
        return Reading(-d, float((kp[lw, 2] + kp[rw, 2]) / 2), width)
    raised = [angle(kp, side["hip"], side["shoulder"], side["elbow"]) for side in (LEFT, RIGHT)]
    if all(a is not None and a >= OVERHEAD_ARM_DEG for a in raised):
        return Reading(0.0, float(np.mean([kp[side["elbow"], 2] for side in (LEFT, RIGHT)])))
    return None


def hands_apart(kp: np.ndarray) -> bool:
    """The wrists more than one shoulder width apart (as this frame shows them)."""
    found = clap_signal(kp)
    if found is None:
        return False
    return -found.value / found.length > 1.0 if found.length else -found.value > 1.0


# Form (``fitcli.exercises.form``): tempo only (closing and opening the hands).
FORM = FormStandard((), out="closing", back="opening")

# The study's switch: contact below 0.6 shoulder widths between the wrists (the sample figure's wrists
# touch at 0.5-0.6), re-armed beyond 1.0; 0.15 s between claps (fastest real claps: one every 0.3 s,
# green-screen clip). Counted at contact. No self-calibration: a clap is a contact, not a range.
EXERCISE = ExerciseSpec(
    name="clap",
    description="one contact of the palms, hands apart in between (also overhead claps)",
    signal="wrist distance / shoulder width",
    shown_as="closing {moved:.2f} x shoulders (clap {needed:.2f})",
    views=("front",),
    rule=CounterRule(
        clap_signal,
        DetectorConfig(enter=0.3, min_rom=0.3, enter_abs=-0.6, exit_abs=-1.0, count_at="turn",
                       min_interval_s=0.15, min_duration_s=0.0, min_far_frames=1, return_frac=0.3),
        ready=hands_apart, min_cutoff=3.0, beta=0.05, median_s=0.0, parts=("wrists", "shoulders", "elbows"),
    ),
    # Neither Compendium edition has hand clapping: the study logged 13040 (grooming, washing hands,
    # ... sitting or standing, 2.0 MET), and so does fitcli.
    met_codes=MetCodes.same("13040"),
    form=FORM,
    aliases=("clapping", "hand-clap"),
)  # fmt: skip

"""Lunges: counted like a squat, by the shoulders' drop over the ankles. Seen from the front, a lunge's
knee flexion is foreshortened to a few degrees; the drop of the body is not."""

from __future__ import annotations

from fitcli.exercises.definitions.squat import LEGS, SHOULDER_DESCENT, body_lowering, shoulder_descent
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.form import HEIGHT_BAND, FormCheck, FormStandard, below, joint_angle
from fitcli.exercises.postures import standing
from fitcli.exercises.rule import REL_ROM, CounterRule
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 4


# Form (``fitcli.exercises.form``). Depth: the front thigh parallel to the floor, its hip joint at the
# height of its knee (NSCA, Exercise Technique Manual for Resistance Training, 3rd ed., 2016, forward
# step lunge: "the front thigh parallel to the floor"); the front leg is the side whose knee is higher
# (``sides="max"``); less ``HEIGHT_BAND``. Lockout: standing tall between reps, the front knee at 160 degrees or more from
# the side or at an angle (as the squat's).
FORM = FormStandard(
    (
        FormCheck("depth", below("hip", "knee", "thigh"), -HEIGHT_BAND, "shallow", "thigh", sides="max"),
        FormCheck("lockout", joint_angle("hip", "knee", "ankle"), 160.0, "no lockout", "deg", where="ends",
                  sides="max", views=("side", "oblique")),
    ),
    out="down", back="up",
)  # fmt: skip

# A 90-degree lunge lowers the hips by 0.22 H: 0.28 of the shoulders' standing height over the ankles;
# the same floor as a squat (0.14: the front knee bent about 70 degrees).
EXERCISE = ExerciseSpec(
    name="lunge",
    description="standing -> front knee bent -> standing",
    signal="shoulders' drop over the ankles, share of their standing height",
    shown_as="drop {moved:.2f} x height (rep {needed:.2f})",
    views=VIEWS,
    rule=CounterRule(
        body_lowering,
        DetectorConfig(enter=0.07, min_rom=0.14, min_duration_s=0.5, rel_rom=REL_ROM, confirm_rom=SHOULDER_DESCENT),
        ready=standing, confirm=shoulder_descent, parts=LEGS,
    ),
    met_codes=MetCodes("02024", "02022", "02020"),  # calisthenics, light / moderate / vigorous
    form=FORM,
    aliases=("reverse-lunge", "forward-lunge"),
    strength=True,
)  # fmt: skip

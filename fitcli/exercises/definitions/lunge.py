"""Lunges: counted like a squat, by the shoulders' drop over the ankles. Seen from the front, a lunge's
knee flexion is foreshortened to a few degrees; the drop of the body is not."""

from __future__ import annotations

from fitcli.exercises.definitions.squat import LEGS, SHOULDER_DESCENT, body_lowering, shoulder_descent
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.postures import standing
from fitcli.exercises.rule import REL_ROM, CounterRule
from fitcli.exercises.spec import VIEWS, ExerciseSpec, MetCodes

ORDER = 4

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
    aliases=("reverse-lunge", "forward-lunge"),
    strength=True,
)  # fmt: skip

"""Every exercise has every piece: a rep definition, a counter rule with the parts it needs, MET facts
for every effort and edition, and a motion of the 3-D figure that the view sweep measures it with.
An exercise added in one place but not the others fails here."""

from __future__ import annotations

import pytest

from fitcli.exercises.catalog import EXERCISES
from fitcli.exercises.counter import PARTS, CounterRule
from fitcli.exercises.rules import RULES
from fitcli.met.catalog import EDITIONS, EFFORTS, met_for_exercise
from fitcli.pipelines.synthetic import EXERCISES as FIGURE_MOTIONS
from fitcli.pipelines.view_sweep import VARIANTS

VIEWS = {"front", "side", "oblique"}


def test_the_catalogue_and_the_rules_name_the_same_exercises():
    assert set(EXERCISES) == set(RULES)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_each_exercise_has_every_piece(name):
    spec = EXERCISES[name]
    assert spec.description and spec.signal, name
    assert spec.views and set(spec.views) <= VIEWS, spec.views
    assert isinstance(spec.rule, CounterRule)
    assert spec.keypoints and set(spec.keypoints) <= set(PARTS), spec.keypoints
    for effort in EFFORTS:
        for edition in EDITIONS:
            fact = met_for_exercise(name, effort=effort, edition=edition)
            assert len(fact.code) == 5 and fact.met > 0, (name, effort, edition)
    assert name in VARIANTS, f"{name}: no motion in the view sweep (fitcli/pipelines/view_sweep.py)"
    assert name in FIGURE_MOTIONS, f"{name}: no motion of the figure (fitcli/pipelines/synthetic.py)"
    counter = spec.counter()
    assert counter.reps == 0 and counter.finish().reps == 0

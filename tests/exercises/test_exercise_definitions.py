"""One exercise, one definition: every module in fitcli/exercises/definitions declares a complete spec
(rep definition, signal, views, counting rule with the parts it needs, MET codes for every effort and
edition, aliases, counter kind), and the fixtures every exercise needs exist (a motion of the 3-D
figure that the view sweep measures it with). An exercise added without one of its pieces fails here."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from fitcli.exercises import definitions
from fitcli.exercises.catalog import EXERCISES, get_exercise
from fitcli.exercises.rule import PARTS
from fitcli.exercises.spec import COUNTER_KINDS, RULE_TYPES, VIEWS, ExerciseSpec
from fitcli.met import catalog as met_catalog
from fitcli.pipelines.synthetic import EXERCISES as FIGURE_MOTIONS
from fitcli.pipelines.view_sweep import VARIANTS

MODULES = sorted(info.name for info in pkgutil.iter_modules(definitions.__path__))


@pytest.mark.parametrize("module", MODULES)
def test_each_definition_module_declares_one_exercise(module):
    spec = importlib.import_module(f"fitcli.exercises.definitions.{module}").EXERCISE
    assert isinstance(spec, ExerciseSpec)
    assert spec.name.replace("-", "_") == module, "the module is named after its exercise"
    assert EXERCISES[spec.name] is spec


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_each_exercise_has_every_piece(name):
    spec = EXERCISES[name]
    assert spec.description and spec.signal, name
    assert spec.views and set(spec.views) <= set(VIEWS), spec.views
    assert isinstance(spec.rule, RULE_TYPES[spec.kind]), (name, spec.kind)
    assert spec.keypoints and set(spec.keypoints) <= set(PARTS), spec.keypoints
    assert spec.kind in COUNTER_KINDS
    for effort in met_catalog.EFFORTS:
        for edition in met_catalog.EDITIONS:
            fact = spec.met(effort, edition)
            assert len(fact.code) == 5 and fact.met > 0 and fact.edition == edition, (name, effort, edition)
            assert met_catalog.met_for_exercise(name, effort, edition) == fact
    assert name in VARIANTS, f"{name}: no motion in the view sweep (fitcli/pipelines/view_sweep.py)"
    assert name in FIGURE_MOTIONS, f"{name}: no motion of the figure (fitcli/pipelines/synthetic.py)"
    counter = spec.counter()
    assert counter.reps == 0 and counter.finish().reps == 0
    assert spec.reading(None, 0.1) == "" and spec.reading(0.25, 0.1), f"{name}: shown_as gives no reading"


def test_a_signal_counted_as_an_angle_is_shown_in_degrees():
    import math

    assert get_exercise("sit-up").reading(math.radians(30), math.radians(40)) == "torso up 30 deg (rep 40)"
    squat = get_exercise("squat").reading(0.256, 0.14)
    assert squat == "drop 0.26 x height (rep 0.14)"


def test_a_shown_as_that_is_not_a_format_is_refused():
    from dataclasses import replace

    from fitcli.errors import UsageError

    with pytest.raises(UsageError, match="shown_as"):
        replace(get_exercise("squat"), shown_as="drop {depth:.2f}")


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_every_alias_names_its_exercise_everywhere(name):
    spec = EXERCISES[name]
    for alias in spec.aliases:
        assert get_exercise(alias) is spec, alias
        assert met_catalog.normalize_name(alias) == name, alias
    others = {a for other in EXERCISES.values() if other is not spec for a in (other.name, *other.aliases)}
    assert not others & set(spec.aliases), "an alias names two exercises"
    assert not set(spec.aliases) & set(met_catalog.ACTIVITIES), "an alias shadows a logged activity"


def test_strength_is_the_definitions_word():
    for name, spec in EXERCISES.items():
        assert met_catalog.is_strength(name, "none") == spec.strength, name


def test_every_counter_keeps_the_one_protocol():
    from fitcli.exercises.classified import ClassifiedRepCounter
    from fitcli.exercises.clip_counter import ClipCounter
    from fitcli.exercises.protocol import Counter

    class _Stand:  # the smallest classifier ClassifiedRepCounter accepts
        labels = ("standing", "squat")

        def index(self, label):
            return self.labels.index(label)

    counters = [spec.counter() for spec in EXERCISES.values()]
    counters += [ClassifiedRepCounter("squat", _Stand()), ClipCounter("clap"), ClipCounter("bicep-curl")]
    for counter in counters:
        assert isinstance(counter, Counter), type(counter).__name__
        counter.reset()
        assert counter.finish().reps == 0

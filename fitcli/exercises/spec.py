"""One exercise, one definition: what ``fitcli.exercises.definitions`` modules declare.

An ``ExerciseSpec`` holds everything fitcli knows about an exercise: what one rep is, the camera views
it is counted from, its counting rule (signal, posture checks, thresholds), the Compendium codes its
calories come from, its other names, and the kind of counter it needs. Pipelines only ever ask a spec
for ``counter()`` and read the ``CountResult`` it finishes with, so a new kind of counter (a timed
hold such as a plank) is a new entry in ``COUNTER_KINDS``, not a change to the pipelines.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from fitcli.exercises.cadence import CadenceEffort
from fitcli.exercises.counter import VIEWS, RepCounter
from fitcli.exercises.following import PersonGate
from fitcli.exercises.form import FormStandard
from fitcli.exercises.hold import HoldCounter, HoldRule
from fitcli.exercises.per_side import PerSideCounter
from fitcli.exercises.protocol import Counter
from fitcli.exercises.rule import CounterRule
from fitcli.met.catalog import DEFAULT_EDITION, DEFAULT_EFFORT, EFFORTS, MetFact, compendium_fact


@dataclass(frozen=True)
class MetCodes:
    """The Compendium code used at each effort (``fitcli log --effort``, ``analyze --effort``)."""

    light: str
    moderate: str
    vigorous: str

    @classmethod
    def same(cls, code: str) -> MetCodes:
        return cls(code, code, code)

    def code(self, effort: str) -> str:
        if effort not in EFFORTS:
            from fitcli.errors import UnknownNameError

            raise UnknownNameError(f"unknown effort {effort!r}", hint=f"use one of {', '.join(EFFORTS)}")
        code: str = getattr(self, effort)
        return code


def _repetition_counter(spec: ExerciseSpec, gate: PersonGate | None) -> RepCounter | PerSideCounter:
    assert isinstance(spec.rule, CounterRule)  # checked by ExerciseSpec
    if spec.rule.per_side:
        return PerSideCounter(spec.name, spec.rule, gate)
    return RepCounter(spec.name, spec.rule, gate)


def _hold_counter(spec: ExerciseSpec, gate: PersonGate | None) -> HoldCounter:
    assert isinstance(spec.rule, HoldRule)  # checked by ExerciseSpec
    return HoldCounter(spec.name, spec.rule, gate)


# kind -> factory(spec, gate) of a streaming counter: ``update(frame) -> CounterState``, ``reset()``,
# ``finish() -> CountResult``, ``reps``, ``frames``, ``last_time``.
COUNTER_KINDS: dict[str, Callable[[ExerciseSpec, PersonGate | None], Counter]] = {
    "repetitions": _repetition_counter,
    "hold": _hold_counter,
}
# The kind of rule each kind of counter runs.
RULE_TYPES: dict[str, type] = {"repetitions": CounterRule, "hold": HoldRule}


@dataclass(frozen=True)
class ExerciseSpec:
    name: str
    description: str  # one line: what one rep is (../shared/data/videos/README.md)
    signal: str  # what is measured, in words
    # What the annotated video and live window show of the counting in a frame: a format of {moved}
    # (how far the signal is from the rest level it is measured from) and {needed} (the range a rep
    # needs now), or {moved_deg} / {needed_deg} for a signal counted as an angle (in radians).
    shown_as: str
    views: tuple[str, ...]  # camera views it is counted from
    rule: CounterRule | HoldRule  # a CounterRule for repetitions, a HoldRule for a timed hold
    met_codes: MetCodes
    form: FormStandard  # what each rep is judged against (``fitcli.exercises.form``)
    aliases: tuple[str, ...] = ()  # other names a user may type (press-up, crunch)
    strength: bool = False  # muscle-strengthening activity (WHO 2020 guidelines)
    kind: str = "repetitions"  # a key of COUNTER_KINDS
    # A counted set's effort from its cadence (``fitcli.exercises.cadence``); None: moderate always.
    cadence: CadenceEffort | None = None

    def __post_init__(self) -> None:
        from fitcli.errors import UsageError

        if self.kind not in COUNTER_KINDS:
            raise UsageError(
                f"{self.name}: unknown counter kind {self.kind!r}", f"use {', '.join(COUNTER_KINDS)}"
            )
        if not isinstance(self.rule, RULE_TYPES[self.kind]):
            raise UsageError(
                f"{self.name}: a {self.kind} counter needs a {RULE_TYPES[self.kind].__name__}, "
                f"got {type(self.rule).__name__}"
            )
        try:
            self.reading(0.0, 0.0)
        except (KeyError, IndexError, ValueError) as exc:
            raise UsageError(
                f"{self.name}: shown_as {self.shown_as!r} is not a format of moved/needed(_deg): {exc}"
            ) from None
        if not self.views or not set(self.views) <= set(VIEWS):
            raise UsageError(f"{self.name}: views must be some of {', '.join(VIEWS)}, got {self.views}")

    @property
    def keypoints(self) -> tuple[str, ...]:
        """The body parts its signal needs (named in the warning when they are never seen)."""
        return self.rule.parts

    def reading(self, moved: float | None, needed: float | None) -> str:
        """How far the counted signal has moved from rest and what a rep needs, in words for a person
        ("" when not measured)."""
        if moved is None or needed is None or not (math.isfinite(moved) and math.isfinite(needed)):
            return ""
        return self.shown_as.format(
            moved=moved, needed=needed, moved_deg=math.degrees(moved), needed_deg=math.degrees(needed)
        )

    @property
    def is_hold(self) -> bool:
        """A timed hold (seconds held in a posture), not repetitions."""
        return self.kind == "hold"

    def counter(self, gate: PersonGate | None = None) -> Counter:
        """A fresh streaming counter for this exercise (``update(frame)``, ``reset()``, ``finish()``)."""
        return COUNTER_KINDS[self.kind](self, gate)

    def counted_effort(self, reps: int, active_s: float) -> tuple[str, str]:
        """The effort a counted set is logged at and why: from its cadence where the definition says
        so, else the default (moderate)."""
        if self.cadence is None:
            return DEFAULT_EFFORT, f"{DEFAULT_EFFORT} effort, the default for a counted set"
        return self.cadence.effort(reps, active_s)

    def met(self, effort: str = DEFAULT_EFFORT, edition: str = DEFAULT_EDITION) -> MetFact:
        """The MET fact (Compendium code and value) used for this exercise's calories."""
        return compendium_fact(self.met_codes.code(effort), edition)

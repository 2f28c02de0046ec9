"""The exercise catalogue: name -> how it is counted, its MET value, the view and keypoints it needs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from fitcli.errors import UnknownNameError
from fitcli.exercises.counter import CounterRule, RepCounter
from fitcli.exercises.following import PersonGate
from fitcli.exercises.per_side import PerSideCounter
from fitcli.exercises.rules import RULES
from fitcli.met.catalog import DEFAULT_EDITION, DEFAULT_EFFORT, MetFact, met_for_exercise


@dataclass(frozen=True)
class ExerciseSpec:
    name: str
    description: str  # one line: what one rep is
    views: tuple[str, ...]  # camera views it works from: front, side, oblique (rear views count as front)
    signal: str  # what is measured

    @property
    def rule(self) -> CounterRule:
        return RULES[self.name]

    @property
    def keypoints(self) -> tuple[str, ...]:
        """The body parts its signal needs (named in the warning when they are never seen)."""
        return self.rule.parts

    def counter(self, gate: PersonGate | None = None) -> RepCounter | PerSideCounter:
        """A fresh streaming counter for this exercise (``update(frame)``, ``reset()``, ``finish()``)."""
        if self.rule.per_side:
            return PerSideCounter(self.name, self.rule, gate)
        return RepCounter(self.name, self.rule, gate)

    def met(self, effort: str = DEFAULT_EFFORT, edition: str = DEFAULT_EDITION) -> MetFact:
        """The MET fact (Compendium code and value) used for this exercise's calories."""
        return met_for_exercise(self.name, effort=effort, edition=edition)


_ANY = ("front", "side", "oblique")
EXERCISES: dict[str, ExerciseSpec] = {
    spec.name: spec
    for spec in (
        ExerciseSpec("clap", "one contact of the palms, hands apart in between (also overhead claps)",
                     ("front",), "wrist distance / shoulder width"),
        ExerciseSpec("squat", "standing -> knees bent -> standing (a hip hinge to pick up a bar is not a rep)",
                     _ANY, "shoulders' drop over the ankles, share of their standing height"),
        ExerciseSpec("push-up", "top -> elbows bent -> top", _ANY,
                     "shoulders' height over the hands, share of the top"),
        ExerciseSpec("jumping-jack", "closed -> arms up and out -> closed", _ANY,
                     "elbows' height over the shoulders, in upper-arm lengths"),
        ExerciseSpec("lunge", "standing -> front knee bent -> standing", _ANY,
                     "shoulders' drop over the ankles, share of their standing height"),
        ExerciseSpec("bicep-curl", "arm extended -> curled -> extended; alternating curls count each arm",
                     _ANY, "hand's height over the elbow, in forearm lengths (the higher arm)"),
        ExerciseSpec("sit-up", "lying -> torso up -> lying (crunches too)", _ANY,
                     "shoulders' height over the hips, in torso lengths"),
        ExerciseSpec("pull-up", "hanging -> pulled up -> hanging", _ANY,
                     "shoulder-to-hand distance, share of the straight arm"),
    )
}  # fmt: skip


def catalogue_rows() -> list[dict[str, Any]]:
    """One plain dict per exercise (name, rep, views, keypoints, signal, met_code, met), for listings."""
    rows = []
    for spec in EXERCISES.values():
        met = spec.met()
        rows.append({"name": spec.name, "rep": spec.description, "views": list(spec.views),
                     "keypoints": list(spec.keypoints), "signal": spec.signal,
                     "met_code": met.code, "met": met.met})  # fmt: skip
    return rows


def exercise_names() -> list[str]:
    return list(EXERCISES)


def get_exercise(name: str) -> ExerciseSpec:
    """The spec for ``name``; an unknown name raises ``UnknownNameError`` listing the valid ones."""
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    if key in EXERCISES:
        return EXERCISES[key]
    squashed = {k.replace("-", ""): k for k in EXERCISES}
    close = difflib.get_close_matches(key.replace("-", "").rstrip("s"), list(squashed), n=1, cutoff=0.6)
    guess = f"did you mean {squashed[close[0]]}? " if close else ""
    raise UnknownNameError(f"unknown exercise '{name}'", f"{guess}choose one of: {', '.join(EXERCISES)}")

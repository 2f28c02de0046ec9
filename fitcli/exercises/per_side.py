"""Count the left and the right side on their own and merge: alternating curls, one arm after the other.

One signal for both arms (the higher hand) cannot tell two alternating curls apart when one arm starts
up as the other comes down: the signal never returns to rest between them. Here each arm has its own
``RepCounter``; a rep of one arm whose turn (the top of the curl) falls inside a rep of the other arm,
and the other's turn inside it, is the same rep (both arms curled together), so a two-arm set is not
counted twice. The turns decide, not how much the two reps overlap: a rep's start is where the
signal first left its rest band, and a hand half hidden behind the body jitters out of that band
seconds before it curls, so its rep can span the other arm's whole curl without being the same one. Both arms share one memory of the
person's range (``rel_rom``), so a half curl of either arm is judged against the set. Same protocol as
``RepCounter``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from functools import partial
from typing import Any

from fitcli.exercises.counter import CounterState, RepCounter
from fitcli.exercises.detector import ROM_MEMORY
from fitcli.exercises.events import CountResult, active_seconds
from fitcli.exercises.following import PersonGate
from fitcli.exercises.rule import CounterRule
from fitcli.pose import PoseFrame
from fitcli.rep import Rep


def same_rep(a: Rep, b: Rep) -> bool:
    """Two sides' reps are one (both arms together) when each one's turn lies inside the other."""
    return a.start_s <= b.turn_s <= a.end_s and b.start_s <= a.turn_s <= b.end_s


class PerSideCounter:
    """``update(frame) -> CounterState``, ``reset()``, ``finish() -> CountResult``."""

    def __init__(self, exercise: str, rule: CounterRule, gate: PersonGate | None = None) -> None:
        self.exercise = exercise
        roms: deque[float] = deque(maxlen=ROM_MEMORY)  # one person's range, whichever arm moved
        self.sides = [
            RepCounter(exercise, _one_side(rule, side), gate if i == 0 else None, roms)
            for i, side in enumerate(rule.per_side)
        ]
        self.reset()

    def reset(self) -> None:
        for counter in self.sides:
            counter.reset()
        self.events: list[Rep] = []

    @property
    def reps(self) -> int:
        return len(self.events)

    @property
    def frames(self) -> int:
        return self.sides[0].frames

    @property
    def last_time(self) -> float:
        return self.sides[0].last_time

    def _add(self, event: Rep) -> Rep | None:
        if any(same_rep(event, kept) for kept in self.events[-2:]):
            return None  # the other arm's part of the same rep (both arms together)
        merged = replace(event, index=len(self.events) + 1)
        self.events.append(merged)
        return merged

    def update(self, frame: PoseFrame) -> CounterState:
        states = [counter.update(frame) for counter in self.sides]
        new = [self._add(s.event) for s in sorted(states, key=_end) if s.event is not None]
        event = next((e for e in new if e is not None), None)
        values = [s.value for s in states if s.value is not None]
        phase = "rep" if any(s.phase == "rep" for s in states) else states[0].phase
        # the overlay shows the arm that moved the most, against what a rep of that arm needs
        most = max((s for s in states if s.moved is not None), key=lambda s: s.moved or 0.0, default=None)
        return CounterState(
            self.reps,
            phase,
            max(values) if values else None,
            event,
            states[0].person,
            None if most is None else most.moved,
            None if most is None else most.needed,
        )

    def finish(self) -> CountResult:
        results = [counter.finish() for counter in self.sides]
        self.events = []  # merge again with the reps that only the end of the stream closed
        for event in sorted((e for r in results for e in r.events), key=lambda e: e.end_s):
            self._add(event)
        best = max(results, key=lambda r: (len(r.events), -len(r.warnings)))
        events = tuple(self.events)
        return CountResult(
            self.exercise,
            events,
            active_seconds(events),
            best.frames,
            best.person_share,
            best.warnings,
            best.view,
        )


def _one_side(rule: CounterRule, side: dict[str, int]) -> CounterRule:
    """``rule`` with its signal and ready check restricted to ``side`` (they take ``only=``)."""
    signal: Any = partial(rule.signal, only=side)  # type: ignore[call-arg]
    ready: Any = partial(rule.ready, only=side)  # type: ignore[call-arg]
    return replace(rule, signal=signal, ready=ready, per_side=())


def _end(state: CounterState) -> float:
    return state.event.end_s if state.event is not None else 0.0

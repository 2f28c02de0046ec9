"""Timed holds (a plank, a wall sit): seconds held in the exercise's posture, with breaks.

``HoldCounter`` keeps the one counter protocol (``update(frame) -> CounterState``, ``reset()``,
``finish() -> CountResult``) with the front end of the rep counter (the person gate, then the One
Euro smoother), and then asks the exercise's ``HoldRule.posture`` of every frame: is the body in the
held posture? A hold starts at the first frame in the posture and lasts while it is kept; a break
(out of the posture, or the person not seen) of up to ``grace_s`` is bridged, since a keypoint that
flickers for a few frames or a wobble is not a rest. A longer break ends the hold at the last frame
in the posture. Holds shorter than ``min_hold_s`` are dropped: getting into position and out again
is not holding it. So are holds in the posture for less than ``MIN_HELD_SHARE`` of their frames (a
squat passes a wall sit's posture on its way down and up, each pass bridged to the next, but a set of
squats is not a wall sit held), and holds in which the body did not keep still (``still``: push-ups
pass a plank's posture while they go up and down).

The result holds one ``Rep`` per hold (start, middle, end; ``rom`` None) and ``held_s``, their total;
its ``active_s`` is ``held_s`` (the time spent in the posture), so calories come from the seconds
held, never from the time spent resting between holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fitcli.errors import UsageError
from fitcli.exercises.counter import (
    MAX_VIEW_SAMPLES,
    CounterState,
    facing,
    has_person,
    person_share,
    view_of,
)
from fitcli.exercises.events import CountResult
from fitcli.exercises.following import PersonGate
from fitcli.exercises.postures import ANKLES, SHOULDERS, mean_y
from fitcli.exercises.rule import PARTS
from fitcli.exercises.signals import body_size
from fitcli.exercises.smoothing import KeypointSmoother
from fitcli.pose import KP, PoseFrame
from fitcli.rep import Rep

# A break shorter than this is part of the hold (seconds): the ``max_missing_s`` the rep counters
# bridge is 0.6-1.0 s for the same reasons (a keypoint lost for a few frames, one noisy frame).
GRACE_S = 1.0
# A hold shorter than this is not one: getting into the position and straight out again takes 1-2 s.
MIN_HOLD_S = 2.0
# A hold is in the posture for at least this share of its frames (a bridged break is a short one).
# Squats read as a wall sit for 20-40% of a set's frames (the view sweep's squat tracks).
MIN_HELD_SHARE = 0.8
# And it is held still: the shoulders' height over the ankles spreads by at most MAX_SPREAD x the
# body size (10th to 90th percentile) away from the first and last EDGE_S. The view sweep's holds
# (seeds 0-2, every view, model-like noise) spread by 0.07 at most for planks and 0.09 for wall
# sits, MoveNet's keypoints of the rendered figure's wall sit by up to 0.16; without this check 22
# of the sweep's 64 push-up sets held a "plank" (up and down in its posture), with it 3 (each a
# top position held 2 s or more before the first rep).
MAX_SPREAD = 0.2
EDGE_S = 0.5

# posture(smoothed keypoints) -> True (held), False (not the posture) or None (the parts it needs unseen)
Posture = Callable[[np.ndarray], "bool | None"]


@dataclass(frozen=True)
class HoldRule:
    """How one timed hold is judged: its posture check and how breaks are treated."""

    posture: Posture
    parts: tuple[str, ...]  # body parts the posture needs (keys of rule.PARTS), named when never seen
    grace_s: float = GRACE_S
    min_hold_s: float = MIN_HOLD_S
    min_cutoff: float = 1.0  # One Euro settings: a hold hardly moves, so smooth more than a rep
    beta: float = 0.02

    def __post_init__(self) -> None:
        if not self.parts or not set(self.parts) <= set(PARTS):
            raise UsageError(f"a hold's parts must be some of {', '.join(PARTS)}, got {self.parts}")
        if not (self.grace_s >= 0 and self.min_hold_s > 0):
            raise UsageError(f"need grace_s >= 0 and min_hold_s > 0, got {self.grace_s}, {self.min_hold_s}")


class HoldCounter:
    """Seconds held in one posture from a stream of ``PoseFrame``: ``update(frame) -> CounterState``.

    The state's ``phase`` is "hold" while in the posture (or in a bridged break), "rest" otherwise;
    ``value`` and ``moved`` are the seconds of the current hold (None at rest), ``needed`` the
    shortest hold that counts; ``event`` is a hold that ended in this frame. ``reps`` counts the holds,
    ``held_s`` the seconds held so far (the current hold included).
    """

    def __init__(self, exercise: str, rule: HoldRule, gate: PersonGate | None = None) -> None:
        self.exercise, self.rule = exercise, rule
        self.gate = gate if gate is not None else PersonGate()
        self.smoother = KeypointSmoother(min_cutoff=rule.min_cutoff, beta=rule.beta)
        self.reset()

    def reset(self) -> None:
        self.gate.reset()
        self.smoother.reset()
        self.holds: list[Rep] = []
        self.dropped = 0  # holds shorter than min_hold_s
        self.frames = 0
        self.person_frames = 0
        self.posture_frames = 0
        self.judged_frames = 0  # frames in which the posture could be judged (its parts seen)
        self.last_time = 0.0
        self._start: float | None = None  # the current hold's first and last frame in the posture
        self._last_in: float | None = None
        # The current hold's frames: in the posture, from its first to its last in it, and out of it
        # since the last one in (bridged if the posture comes back within grace_s).
        self._in = self._span = self._out = 0
        # the current hold's frames in the posture: (t, shoulders over ankles in px, body size in px)
        self._heights: list[tuple[float, float, float]] = []
        self._facing: list[float] = []
        self._part_frames = dict.fromkeys(self.rule.parts, 0)

    @property
    def reps(self) -> int:
        return len(self.holds)

    @property
    def held_s(self) -> float:
        done = sum(h.duration for h in self.holds)
        return done + self._current_s()

    def _current_s(self) -> float:
        if self._start is None or self._last_in is None:
            return 0.0
        return self._last_in - self._start

    def update(self, frame: PoseFrame) -> CounterState:
        t, kp = frame.time_s, frame.keypoints
        self.frames += 1
        self.last_time = t
        person = has_person(kp)
        held: bool | None = None
        if person:
            self.person_frames += 1
            self._note_parts(kp)
            gate = self.gate.update(t, kp)
            if gate.relocked:
                self.smoother.reset()
            if gate.accepted:
                smooth = self.smoother.update_array(t, kp)
                held = self.rule.posture(smooth)
                self._note_facing(smooth)
                if held:
                    self._note_height(t, smooth)
        if held is not None:
            self.judged_frames += 1
        event = self._step(t, bool(held))
        if self._start is not None:  # the hold going on is one of the holds once it is long enough
            seconds = self._current_s()
            holds = self.reps + (seconds >= self.rule.min_hold_s)
            return CounterState(holds, "hold", seconds, event, person, seconds, self.rule.min_hold_s)
        return CounterState(self.reps, "rest" if person else "no person", None, event, person)

    def _step(self, t: float, held: bool) -> Rep | None:
        """Advance the hold with one frame in (``held``) or out of the posture; the hold that ended."""
        if held:
            self.posture_frames += 1
            if self._start is None:
                self._start = t
            self._last_in = t
            self._in += 1
            self._span += 1 + self._out  # the bridged frames are part of the hold now
            self._out = 0
            return None
        if self._last_in is not None:
            if t - self._last_in > self.rule.grace_s:
                return self._close()
            self._out += 1
        return None

    def _close(self) -> Rep | None:
        start, end, held, span = self._start, self._last_in, self._in, self._span
        heights, self._heights = self._heights, []
        self._start = self._last_in = None
        self._in = self._span = self._out = 0

        if start is None or end is None:
            return None
        if end - start < self.rule.min_hold_s or held < MIN_HELD_SHARE * span or not still(heights):
            self.dropped += 1
            return None
        hold = Rep(len(self.holds) + 1, start, (start + end) / 2, end)
        self.holds.append(hold)
        return hold

    def _note_height(self, t: float, kp: np.ndarray) -> None:
        size, top, bottom = body_size(kp), mean_y(kp, SHOULDERS), mean_y(kp, ANKLES)
        if size and top is not None and bottom is not None:
            self._heights.append((t, bottom - top, size))

    def _note_parts(self, kp: np.ndarray) -> None:
        for part in self._part_frames:
            self._part_frames[part] += bool(any(kp[KP[name], 2] >= 0.3 for name in PARTS[part]))

    def _note_facing(self, kp: np.ndarray) -> None:
        seen = facing(kp)
        if seen is not None and len(self._facing) < MAX_VIEW_SAMPLES:
            self._facing.append(seen)

    def finish(self) -> CountResult:
        """Close the hold still going at the last frame and return the holds and the seconds held."""
        self._close()
        share, warnings = person_share(self.person_frames, self.frames)
        why = self._why_nothing()
        if why is not None:
            warnings.append(why)
        held = sum(h.duration for h in self.holds)
        view = view_of(self._facing)
        events = tuple(self.holds)
        return CountResult(
            self.exercise, events, held, self.frames, share, tuple(warnings), view, held_s=held
        )

    def _why_nothing(self) -> str | None:
        """Why no hold was counted: the parts the posture needs were unseen, the posture never held
        long enough, or never taken."""
        if self.holds or self.person_frames == 0:
            return None
        unseen = [p for p, n in self._part_frames.items() if n < 0.5 * self.person_frames]
        if unseen:
            parts = ", ".join(unseen)
            return (
                f"the {parts} were out of view or unclear in most frames, so the {self.exercise} could not "
                "be judged: film from the side with the whole body in the frame"
            )
        if self.dropped:
            return (
                f"the {self.exercise} posture was held {self.dropped} time(s), each for less than "
                f"{self.rule.min_hold_s:g} s: no hold counted"
            )
        return f"the body was never in a {self.exercise} posture: is this a {self.exercise} clip?"


def still(heights: Sequence[tuple[float, float, float]]) -> bool:
    """The shoulders kept their height over the ankles while the posture was held: of the
    (time, height px, body size px) of its frames, the heights' 10-90 % spread is at most MAX_SPREAD
    x the median body size, leaving out EDGE_S at each end (getting into and out of the posture).
    Fewer than 5 frames: nothing to judge, still. (One median size for the whole hold: a body size
    measured per frame jitters by 10-30 %, as much as a push-up moves.)"""
    if not heights:
        return True
    first, last = heights[0][0] + EDGE_S, heights[-1][0] - EDGE_S
    inner = [(h, size) for t, h, size in heights if first <= t <= last]
    if len(inner) < 5:
        return True
    values, sizes = np.array(inner).T
    return float(np.percentile(values, 90) - np.percentile(values, 10)) <= MAX_SPREAD * float(
        np.median(sizes)
    )


def summarize_holds(holds: Sequence[Rep]) -> dict[str, Any]:
    """A set of holds: how many, the seconds held, the breaks between them (count and seconds),
    and the longest, shortest and mean hold."""
    seconds = [h.duration for h in holds]
    breaks = [b.start_s - a.end_s for a, b in itertools.pairwise(holds)]
    return {
        "holds": len(holds),
        "held_s": float(sum(seconds)),
        "breaks": len(breaks),
        "break_s": float(sum(breaks)),
        "longest_hold_s": max(seconds) if seconds else None,
        "shortest_hold_s": min(seconds) if seconds else None,
        "mean_hold_s": float(np.mean(seconds)) if seconds else None,
    }


def hold_text(holds: Sequence[Rep]) -> str:
    """ "42 s held in 3 holds (2 breaks)", "9 s held in 1 hold", or "nothing held"."""
    if not holds:
        return "nothing held"
    n, held = len(holds), sum(h.duration for h in holds)
    text = f"{held:.0f} s held in {n} hold{'s' if n != 1 else ''}"
    return text + (f" ({n - 1} break{'s' if n != 2 else ''})" if n > 1 else "")

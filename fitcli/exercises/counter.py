"""The streaming rep counter every repetition exercise uses.

One code path for live and batch: ``RepCounter.update(frame)`` takes one ``PoseFrame`` at a time
(person gate -> keypoint smoother -> the exercise's signal -> hysteresis detector) and returns a
``CounterState``; ``fitcli.exercises.recorded.count_track`` feeds a recorded ``PoseTrack`` through the
same ``update`` and ``finish``.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from fitcli.exercises.detector import RepDetector
from fitcli.exercises.events import CountResult, active_seconds
from fitcli.exercises.following import PersonGate
from fitcli.exercises.reference import SelfReference
from fitcli.exercises.rule import PARTS, CounterRule, Reading, Signal
from fitcli.exercises.signals import body_size, shoulder_width
from fitcli.exercises.smoothing import KeypointSmoother
from fitcli.pose import KP, PoseFrame
from fitcli.rep import Rep

log = logging.getLogger(__name__)

# A frame "has a person" when at least this many keypoints score at least PERSON_MIN_SCORE
# (MoveNet gives every keypoint some score, even on an empty image: about 0.05-0.2).
PERSON_MIN_KEYPOINTS = 5
PERSON_MIN_SCORE = 0.3
# Below this share of frames with a person, the result carries a warning.
LOW_PERSON_SHARE = 0.5
# Below this share of the frames with a person in which the exercise's signal could be read, the
# result says which body parts were missing (or that the posture was never the exercise's).
LOW_SIGNAL_SHARE = 0.2
# Shoulder width in body sizes (``signals.body_size``): 0.7 facing the camera, 0.49 at 45 degrees,
# 0.24 at 70; the view a counter reports is front (or rear) within about 35 degrees of facing, side
# within about 20 degrees of the side. The first MAX_VIEW_SAMPLES counted frames decide.
# A body is followed from the first frame it is clearly seen in (``PersonGate``); the poses of the
# last BACKFILL_S seconds before that, if they move continuously into it, are the same body seen less
# clearly (lying end-on to the camera, in the dark) and are counted too, so its first rep is not lost.
BACKFILL_S = 4.0
FRONT_FACING = 0.55
SIDE_FACING = 0.25
MAX_VIEW_SAMPLES = 20_000
# The followed person's smoothed pose is kept every this many frames (at most MAX_POSE_SAMPLES), so a
# warning can say what posture the person held when the exercise's was never seen.
POSE_SAMPLE_EVERY = 10
MAX_POSE_SAMPLES = 500


@dataclass(frozen=True)
class CounterState:
    reps: int
    phase: str  # "no person", "not ready", "rest" or "rep"
    value: float | None  # the exercise's signal in this frame
    event: Rep | None  # the rep completed in this frame, if any
    person: bool
    moved: float | None = None  # how far ``value`` is from the rest level the detector measures from
    needed: float | None = None  # the range a rep needs now (the floor or the person's own share)


def person_share(person_frames: int, frames: int) -> tuple[float, list[str]]:
    """The share of frames with a person, and the warning when it is under LOW_PERSON_SHARE."""
    share = person_frames / frames if frames else 0.0
    if share < LOW_PERSON_SHARE:
        return share, [f"a person was found in only {share:.0%} of {frames} frames"]
    return share, []


def _and(names: list[str] | tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def facing(kp: np.ndarray) -> float | None:
    """Shoulder width in body sizes: about 0.7 facing the camera (or away), near 0 from the side."""
    width, size = shoulder_width(kp), body_size(kp)
    return None if width is None or size is None else width / size


VIEWS = ("front", "side", "oblique")  # what ``view_of`` tells apart; rear views count as front


def view_of(facings: list[float]) -> str | None:
    """The camera view from the ``facing`` of many frames (their median); None without any."""
    if not facings:
        return None
    middle = float(np.median(facings))
    return "front" if middle >= FRONT_FACING else "side" if middle <= SIDE_FACING else "oblique"


def has_person(keypoints: np.ndarray) -> bool:
    return int(np.sum(np.asarray(keypoints)[:, 2] >= PERSON_MIN_SCORE)) >= PERSON_MIN_KEYPOINTS


class RepCounter:
    """Counts one exercise from a stream of ``PoseFrame``: ``update(frame) -> CounterState``."""

    def __init__(
        self,
        exercise: str,
        rule: CounterRule,
        gate: PersonGate | None = None,
        roms: deque[float] | None = None,
    ) -> None:
        self.exercise = exercise
        self.rule = rule
        self.gate = gate if gate is not None else PersonGate()
        self.smoother = KeypointSmoother(min_cutoff=rule.min_cutoff, beta=rule.beta)
        self.detector = RepDetector(rule.detector, roms)
        self.reference = SelfReference()
        self.confirm_reference = SelfReference()
        self.reset()

    def reset(self) -> None:
        self.gate.reset()
        self.smoother.reset()
        self.detector.reset()
        self.reference.reset()
        self.confirm_reference.reset()
        self._recent: deque[tuple[float, float, float]] = deque()
        self._before_lock: deque[tuple[float, np.ndarray]] = deque()
        self.frames = 0
        self.person_frames = 0
        self.signal_frames = 0
        self.ready_frames = 0  # frames in the exercise's rest (starting) position
        self._facing: list[float] = []
        self._accepted = 0
        self._poses: list[np.ndarray] = []  # every POSE_SAMPLE_EVERY-th followed pose, for warnings
        self._part_frames = dict.fromkeys(self.rule.parts, 0)
        self.last_time = 0.0
        self._first_time: float | None = None

    @property
    def reps(self) -> int:
        return self.detector.reps

    def update(self, frame: PoseFrame) -> CounterState:
        t = frame.time_s
        self.frames += 1
        self.last_time = t
        if self._first_time is None:
            self._first_time = t
        kp = frame.keypoints
        person = has_person(kp)
        self.person_frames += person
        if person:
            self._note_parts(kp)
        accepted = False
        if person:
            was_locked = self.gate.locked
            gate = self.gate.update(t, kp)
            accepted = gate.accepted
            if gate.relocked:
                log.info("t=%.2fs: the pose moved to another place; starting readiness again", t)
                self.smoother.reset()
                self.reference.reset()
                self.confirm_reference.reset()
                self.detector.update(t + self.rule.detector.max_missing_s + 1.0, None)
            if accepted and not was_locked:
                for early_t, early_kp in self._same_body_before(t, kp):
                    self._count(early_t, early_kp, True)
            elif not self.gate.locked:
                # nobody followed yet: keep the pose (it may be the body the gate locks on next)
                self._before_lock.append((t, kp))
                while self._before_lock[0][0] < t - BACKFILL_S:
                    self._before_lock.popleft()
                return CounterState(self.reps, "not ready", None, None, person)
        if not self.gate.locked:
            return CounterState(self.reps, "no person", None, None, person)
        return self._count(t, kp, accepted, person)

    def _same_body_before(self, t: float, kp: np.ndarray) -> list[tuple[float, np.ndarray]]:
        """The poses seen just before the gate locked that move continuously into the one it locked
        on (the same body, seen less clearly), oldest first. Walking back in time, each must be the same
        body as the last one kept; a pose that is not (one noisy frame) is skipped, and the walk stops
        at a gap of more than the detector's max_missing_s."""
        run: list[tuple[float, np.ndarray]] = []
        later = (t, kp)
        for earlier in reversed(self._before_lock):
            if later[0] - earlier[0] > self.rule.detector.max_missing_s:
                break
            if self.gate.same_body(earlier, later):
                run.append(earlier)
                later = earlier
        self._before_lock.clear()
        return run[::-1]

    def _count(self, t: float, kp: np.ndarray, accepted: bool, person: bool = True) -> CounterState:
        """Smoother -> signal -> detector for one frame (``accepted``: the followed person's pose)."""
        smooth = self.smoother.update_array(t, kp if accepted else None)
        if accepted:
            self._accepted += 1
            if self._accepted % POSE_SAMPLE_EVERY == 1 and len(self._poses) < MAX_POSE_SAMPLES:
                self._poses.append(smooth.copy())
        found = self._read(self.rule.signal, self.reference, t, smooth) if accepted else None
        if found is None:
            state = self.detector.update(t, None)
            return CounterState(state.reps, "no person" if not person else state.phase, None, None, person)
        self.signal_frames += 1
        self._note_facing(smooth)
        value, score = self._median(t, *found)
        confirm = None
        if self.rule.confirm is not None:
            confirmed = self._read(self.rule.confirm, self.confirm_reference, t, smooth)
            confirm = None if confirmed is None else confirmed[0]
        ready = self.rule.ready(smooth)
        self.ready_frames += ready
        state = self.detector.update(t, value, ready, score, confirm)
        base = self.detector.base
        moved = value - base if math.isfinite(base) else None
        return CounterState(state.reps, state.phase, value, state.event, person, moved, self.detector.min_rom)

    @staticmethod
    def _read(
        signal: Signal, reference: SelfReference, t: float, smooth: np.ndarray
    ) -> tuple[float, float] | None:
        """``signal`` in this frame, divided by its self-reference length when it has one."""
        found = signal(smooth)
        if found is None:
            return None
        reading = Reading(*found)
        if reading.length is None:
            return reading.value, reading.score
        ref = reference.update(t, reading.length)
        if ref is None:
            return None
        value = reading.value / ref
        if reading.sine:
            value = math.asin(min(1.0, max(-1.0, value)))
        return value, reading.score

    def _median(self, t: float, value: float, score: float) -> tuple[float, float]:
        self._recent.append((t, value, score))
        while self._recent[0][0] < t - self.rule.median_s:
            self._recent.popleft()
        return float(np.median([v for _, v, _ in self._recent])), float(
            np.mean([s for _, _, s in self._recent])
        )

    def _note_facing(self, kp: np.ndarray) -> None:
        seen = facing(kp)
        if seen is not None and len(self._facing) < MAX_VIEW_SAMPLES:
            self._facing.append(seen)

    @property
    def view(self) -> str | None:
        """The camera view over the frames counted: the shoulders seen at their full width (0.7 body
        sizes) face the camera (front or rear), near zero from the side; None before any frame."""
        return view_of(self._facing)

    def _note_parts(self, kp: np.ndarray) -> None:
        for part in self._part_frames:
            self._part_frames[part] += bool(any(kp[KP[name], 2] >= PERSON_MIN_SCORE for name in PARTS[part]))

    def _signal_warning(self) -> str | None:
        """Why nothing could be counted: the signal was hardly ever readable, or nothing was counted
        and the body was never in the exercise's starting position."""
        if self.person_frames == 0:
            return None
        if self.signal_frames >= LOW_SIGNAL_SHARE * self.person_frames:
            return self._never_started()
        share = self.signal_frames / self.person_frames
        unseen = [p for p, n in self._part_frames.items() if n < 0.5 * self.person_frames]
        if not self.gate.locked:
            return (
                "the shoulders and hips were never seen clearly (hidden behind the body, or too dark), so "
                f"{self.exercise} could not be measured: film from the side or at an angle, in good light"
            )
        if unseen:
            return (
                f"the {_and(unseen)} were out of view or unclear in most frames, so {self.exercise} could be "
                f"measured in only {share:.0%} of them: film with the {_and(self.rule.parts)} in the frame"
            )
        return (
            f"the body was in a {self.exercise} posture in only {share:.0%} of the frames with a person"
            f"{self._held()}: is this a {self.exercise} clip?"
        )

    def _never_started(self) -> str | None:
        """Why 0 reps when the signal was read: the starting position was never seen, or no rep
        left it far enough."""
        if self.detector.reps:
            return None
        if not self.ready_frames:
            why = "the body was never in its starting position"
        else:
            why = "no movement from the starting position went far enough for a rep"
        return f"no {self.exercise} was counted: {why}{self._held()}: is this a {self.exercise} clip?"

    def _held(self) -> str:
        """ " (the person was standing in 91% of them)", or "" when no posture dominates."""
        from fitcli.exercises.posture_survey import posture_seen

        seen = posture_seen(self._poses)
        return f" (the person was {seen[0]} in {seen[1]:.0%} of the frames)" if seen else ""

    def finish(self) -> CountResult:
        """Close the stream (a clap counted at contact is kept) and return what was counted."""
        last = self._recent[-1][1] if self._recent and self._recent[-1][0] == self.last_time else None
        self.detector.finish(self.last_time, last)
        events = tuple(self.detector.events)
        share, warnings = person_share(self.person_frames, self.frames)
        signal = self._signal_warning()
        if signal is not None:
            warnings.append(signal)
        if self.detector.dropped:
            n = len(self.detector.dropped)
            warnings.append(
                f"{n} movement{'s' if n > 1 else ''} counted during the set {'were' if n > 1 else 'was'} "
                f"not kept in the end: under {self.rule.detector.rel_rom:.0%} of the range of the set's "
                "typical rep (a half rep)"
            )
        return CountResult(
            self.exercise, events, active_seconds(events), self.frames, share, tuple(warnings), self.view
        )

"""`live --people all`: everyone in front of the camera counted, one set and one session per person.

``LivePeopleSession`` is the live loop of ``fitcli.pipelines.live`` (real-time pace, the session
clock, pause, the keys, an end that keeps what was counted) with the multi-person model's
``people()`` on each frame and ``fitcli.pipelines.people.Crowd`` for the ids and one counter per
person, as `analyze --people all` counts. Each closed set of one person is a ``LiveResult`` with
``person`` set, its start and end the person's own (first and last seen in the set), its rep times
counted from that start:

- r ends the set for everyone: each person's reps go to ``on_set`` before their count starts from 0;
- a person gone for good (unseen for the tracker's ``forget_s``) has their set closed and handed to
  ``on_set`` then, and the status says what became of it ("#2 left: 5 reps saved (session ...)");
- whatever ends the session, ``run`` returns everyone's last set.

Someone seen for less than ``MIN_PERSON_S`` in all (a pose found where two bodies overlap) is no one:
not shown, their sets never handed over nor returned.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fitcli.errors import FitcliError
from fitcli.exercises.catalog import ExerciseSpec
from fitcli.pipelines.annotate import Status
from fitcli.pipelines.live import Display, LiveLoop, LiveResult, shift_rep, shifted
from fitcli.pipelines.people import MIN_PERSON_S, UNSEEN, Crowd, TrackedPerson, check_multi_person
from fitcli.pipelines.sources import Frame
from fitcli.pipelines.tracking import PeopleTracker
from fitcli.pose import PoseFrame


@dataclass
class LivePeopleResult:
    """How a session counting everyone ended, and everyone's last set (those who left before the
    end were handed to ``on_set`` when they left)."""

    people: list[LiveResult]  # by person id
    ended_by: str  # as ``LiveResult.ended_by``
    frames: int
    error: FitcliError | None = None  # what stopped the session when ended_by == "error"


class LivePeopleSession(LiveLoop):
    """Counts everyone in view; ``run(source)`` returns a ``LivePeopleResult`` however it ends.

    ``on_set(result)`` gets each person's set closed before the end (by a reset, or by their leaving)
    and returns what became of it ("saved (session abcd1234)"); ``sets`` keeps every such set.
    """

    def __init__(
        self,
        spec: ExerciseSpec,
        backend: Any,
        display: Display,
        duration_s: float | None = None,
        realtime: bool = True,
        camera: bool = True,
        on_set: Callable[[LiveResult], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        tracker: PeopleTracker | None = None,
    ) -> None:
        super().__init__(display, duration_s, realtime, camera, clock)
        if getattr(backend, "max_people", 1) == 1:
            check_multi_person(str(getattr(backend, "name", "unknown")))
        self.spec, self.backend, self.on_set = spec, backend, on_set
        self.crowd = Crowd(spec.name, tracker)
        self.sets: list[LiveResult] = []
        self.set_number = 1
        self._since: dict[int, float] = {}  # person id -> first seen in this set (source clock)
        self._leaving: list[TrackedPerson] = []  # gone, their set not yet handed over

    def run(self, source: Iterable[Frame]) -> LivePeopleResult:
        ended_by, error = self._loop(source)
        present = sorted([*self._leaving, *self.crowd.active.values()], key=lambda p: p.id)
        last = [self._close(p, ended_by) for p in present if _real(p)]
        return LivePeopleResult(last, ended_by, self.frames, error)

    def _step(self, frame: Frame) -> PoseFrame:
        self.frames += 1
        h, w = frame.rgb.shape[:2]
        people = self.backend.people(frame.rgb)
        step = self.crowd.update(frame.index, frame.time_s, (w, h), people, count=not self.paused)
        for person in step.seen:
            self._since.setdefault(person.id, frame.time_s)
        self._leaving += step.left
        while self._leaving:
            self._leave(self._leaving[0])
        pose = PoseFrame(frame.index, frame.time_s, UNSEEN, (w, h))  # nobody followed: see status.people
        self._key(self.display.show(frame.rgb, pose, self.status(self.elapsed_s)))
        return pose

    def status(self, elapsed_s: float, flash: bool = False) -> Status:
        now = self._last_t or 0.0
        labels = tuple(p.label(now) for p in self.crowd.active.values() if _real(p))  # no passing ghost
        return Status(
            self.spec.name,
            sum(label.reps for label in labels),
            elapsed_s,
            flash=flash or any(label.flash for label in labels),
            paused=self.paused,
            message=self._message_at(elapsed_s),
            set_number=self.set_number,
            people=labels,
        )

    def _leave(self, person: TrackedPerson) -> None:
        """Close the set of someone gone for good and say what became of it."""
        if _real(person):
            done = self._close(person, "left")
            self._note(f"#{person.id} left: {_reps(done)} {self._hand_over(done)}")
        self._leaving.remove(person)
        self._since.pop(person.id, None)

    def _reset(self) -> None:
        """End the set for everyone: each person's reps are handed over before they count from 0."""
        handed = []
        for person in self.crowd.active.values():
            if person.events and _real(person):
                done = self._close(person, "reset")
                handed.append(f"#{person.id} {_reps(done)} {self._hand_over(done)}")
            person.counter.reset()
            person.events.clear()
            person.flash_until = -1.0
        self._since.clear()
        if handed:
            n = self.set_number
            self.set_number += 1
            self._new_set(f"set {n}: " + ", ".join(handed) + f"; counting set {n + 1} from 0")
        else:
            self._new_set("reset: no reps counted in this set yet")

    def _hand_over(self, done: LiveResult) -> str:
        self.sets.append(done)
        return self.on_set(done) if self.on_set is not None else "kept"

    def _close(self, person: TrackedPerson, ended_by: str) -> LiveResult:
        """The person's current set: from when they were first seen in it to when they were last seen,
        its rep times counted from that start."""
        since = self._since.get(person.id, person.first_s)
        result = shifted(person.counter.finish(None), since)
        events = [shift_rep(e, since) for e in person.events]
        start, end = self._when(since), self._when(max(person.last_s, since))
        return LiveResult(
            result, start, end, ended_by, self.frames, events, None, self.set_number, person=person.id
        )

    def _when(self, time_s: float) -> dt.datetime:
        """The wall-clock time of ``time_s`` on the source's clock, counted back from now (the
        latest frame), so a video played faster than real time still ends in the past."""
        back = max(0.0, (self._last_t or time_s) - time_s)
        return (dt.datetime.now() - dt.timedelta(seconds=back)).replace(microsecond=0)


def _real(person: TrackedPerson) -> bool:
    return person.seen_s >= MIN_PERSON_S


def _reps(done: LiveResult) -> str:
    return f"{done.result.reps} rep" + ("" if done.result.reps == 1 else "s")

"""Live counting: camera (or a video played at real-time pace) -> pose -> counter -> display.

The same streaming counter as batch analysis, given the frames' pixels too, so claps the body model
hardly sees are counted from hand landmarks at the end, as analyze counts them (the status shown
during the session is the body counter's). The display is pluggable (``Display``): an OpenCV window
or a one-line terminal status when there is no screen (``fitcli.pipelines.live_display``); both take
the keys q (quit), space (pause) and r (reset). ``LiveLoop`` is what every live session shares;
``LiveSession`` counts the one person followed, ``fitcli.pipelines.live_people`` everyone in view.

- Pause stops the count and the session clock; a video also stops playing (its pacing resumes where
  it stopped), a camera's frames keep coming but are not counted.
- Reset ends the current set: its reps are handed to ``on_set`` (``live_workout`` saves them) before
  the count starts again from 0, so a reset never throws reps away.
- Whatever ends the session (q, the duration, Ctrl-C, SIGTERM, a camera that stops giving frames),
  what was counted is returned, so the caller can store it: a session is never lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from fitcli.errors import FitcliError
from fitcli.exercises.catalog import ExerciseSpec
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.events import CountResult, active_seconds
from fitcli.exercises.form import partial_text, rep_feedback
from fitcli.met import DEFAULT_WAIT_S
from fitcli.pipelines.annotate import PartialReps, Status
from fitcli.pipelines.journaling import Body, SaveResult, body_for_live, estimate_kcal, save_or_keep
from fitcli.pipelines.sources import Frame
from fitcli.pose import PoseFrame
from fitcli.rep import Rep

# A file played "live" drops frames when processing falls this far behind real time, as a camera would.
MAX_LAG_S = 0.1
TEMPO_REPS = 3  # tempo = mean gap between the starts of the last reps (so TEMPO_REPS - 1 gaps)
IDLE_S = 0.03  # while a video is paused, the display is polled for keys this often
MESSAGE_S = 5.0  # a note such as "set 1 saved" stays on the status this long (session clock)


class Display(Protocol):
    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        """Show one frame (while a video is paused, the same frame again); return a key ('q', ' ',
        'r') or None."""

    def close(self) -> None: ...


@dataclass
class LiveResult:
    result: CountResult
    start: dt.datetime
    end: dt.datetime
    # "quit", "duration", "end of video", "interrupted", "camera lost", "error", "reset", "left"
    ended_by: str
    frames: int
    events: list[Rep] = field(default_factory=list)
    error: FitcliError | None = None  # what stopped the session when ended_by == "error"
    set_number: int = 1  # 1, then one more after each reset
    person: int | None = None  # counting everyone (`--people all`): whose set this is


class _Stop(Exception):
    pass


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class Pacer:
    """Frames no faster than their timestamps; those already late by more than MAX_LAG_S are
    skipped, as a camera would drop them. ``hold(s)`` moves the schedule ``s`` seconds later (the
    time a video stood paused), so playing resumes where it stopped instead of skipping ahead."""

    def __init__(self, frames: Iterable[Frame], clock: Callable[[], float] = time.monotonic) -> None:
        self.frames, self.clock = frames, clock
        self._start: float | None = None

    def hold(self, seconds: float) -> None:
        if self._start is not None:
            self._start += seconds

    def __iter__(self) -> Iterator[Frame]:
        for frame in self.frames:
            now = self.clock()
            if self._start is None:
                self._start = now - frame.time_s
            wait = self._start + frame.time_s - now
            if wait > 0:
                time.sleep(wait)
            elif -wait > MAX_LAG_S:
                continue
            yield frame


def paced(
    frames: Iterator[Frame], realtime: bool, clock: Callable[[], float] = time.monotonic
) -> Iterator[Frame]:
    """``Pacer`` as a plain generator; with ``realtime`` False the frames as they come."""
    return iter(Pacer(frames, clock)) if realtime else frames


def check_duration(duration_s: float | None) -> None:
    """``UsageError`` unless ``duration_s`` is None (no limit) or a finite number of seconds > 0."""
    import math

    if duration_s is not None and not (math.isfinite(duration_s) and duration_s > 0):
        from fitcli.errors import UsageError

        raise UsageError(
            f"--duration must be a number of seconds more than 0, got {duration_s:g}",
            "leave it out to count until q or Ctrl-C",
        )


class LiveLoop:
    """What every live session shares: frames at real-time pace (or as they come), the session
    clock (paused time does not count), the keys, and an end that keeps what was counted however it
    comes. Subclasses count: ``_step(frame)`` counts and shows one frame, ``status`` is what the
    display shows, ``_reset`` ends the set."""

    def __init__(
        self,
        display: Display,
        duration_s: float | None,
        realtime: bool,
        camera: bool,
        clock: Callable[[], float],
    ) -> None:
        check_duration(duration_s)
        self.display, self.duration_s, self.realtime, self.camera = display, duration_s, realtime, camera
        self.clock = clock
        self.paused = False
        self.frames = 0
        self.elapsed_s = 0.0  # the session clock: source time less the time spent paused
        self._held_s = 0.0  # source time that passed while paused (a camera's frames keep coming)
        self._last_t: float | None = None
        self._set_start = dt.datetime.now().replace(microsecond=0)
        self._set_offset_s = 0.0  # source time at which the current set began
        self._message, self._message_until = "", 0.0

    def _loop(self, source: Any) -> tuple[str, FitcliError | None]:
        """Run until the source ends or something stops it; (what ended it, the error if one did)."""
        self._set_start = dt.datetime.now().replace(microsecond=0)
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        ended_by = "camera lost" if self.camera else "end of video"
        error: FitcliError | None = None
        pacer = Pacer(iter(source), self.clock) if self.realtime else None
        try:
            for frame in pacer if pacer is not None else source:
                self._tick(frame.time_s)
                if self.duration_s is not None and self.elapsed_s >= self.duration_s:
                    ended_by = "duration"
                    break
                pose = self._step(frame)
                while self.paused and not self.camera:  # a video stands still until space again
                    self._idle(frame, pose, pacer)
        except _Stop:
            ended_by = "quit"
        except KeyboardInterrupt:
            ended_by = "interrupted"
        except FitcliError as exc:  # a truncated file, a failing camera: keep what was counted
            ended_by, error = "error", exc
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.display.close()
        return ended_by, error

    def _tick(self, time_s: float) -> None:
        """Advance the session clock to the frame at ``time_s``; paused time does not count."""
        if self._last_t is not None and self.paused:
            self._held_s += max(0.0, time_s - self._last_t)
        self._last_t = time_s
        self.elapsed_s = time_s - self._held_s

    def _idle(self, frame: Frame, pose: PoseFrame, pacer: Pacer | None) -> None:
        """One poll of the display while a video is paused: the same frame, the clock stopped."""
        t0 = self.clock()
        self._key(self.display.show(frame.rgb, pose, self.status(self.elapsed_s)))
        if pacer is not None:
            time.sleep(IDLE_S)
            pacer.hold(self.clock() - t0)

    def _key(self, key: str | None) -> None:
        if key == "q":
            raise _Stop
        if key == " ":
            self.paused = not self.paused
        elif key == "r":
            self._reset()

    def _new_set(self, note: str) -> None:
        """The next set starts now; ``note`` (what became of the last one) shows for a while."""
        self._set_start = dt.datetime.now().replace(microsecond=0)
        self._set_offset_s = self._last_t or 0.0
        self._note(note)

    def _note(self, text: str) -> None:
        """Show ``text`` on the status for ``MESSAGE_S`` of the session clock."""
        self._message, self._message_until = text, self.elapsed_s + MESSAGE_S

    def _message_at(self, elapsed_s: float) -> str:
        return self._message if elapsed_s < self._message_until else ""

    def _step(self, frame: Frame) -> PoseFrame:
        raise NotImplementedError

    def status(self, elapsed_s: float, flash: bool = False) -> Status:
        raise NotImplementedError

    def _reset(self) -> None:
        raise NotImplementedError


class LiveSession(LiveLoop):
    """Runs one live session; ``run(source)`` returns a ``LiveResult`` (of the last set) however it
    ends. Each reset closes a set: ``on_set(result)`` gets it (and returns a note to show, such as
    "set 1 saved"), and ``sets`` keeps every closed set."""

    def __init__(
        self,
        spec: ExerciseSpec,
        backend: Any,
        body: Body,
        display: Display,
        duration_s: float | None = None,
        realtime: bool = True,
        camera: bool = True,
        on_set: Callable[[LiveResult], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(display, duration_s, realtime, camera, clock)
        self.spec, self.backend, self.body, self.on_set = spec, backend, body, on_set
        self.counter = ClipCounter(spec.name)
        self.events: list[Rep] = []
        self.sets: list[LiveResult] = []
        self._phase = ""
        self._reading = ""
        self._reps_now = 0
        self.partial = PartialReps()

    def run(self, source: Any) -> LiveResult:
        ended_by, error = self._loop(source)
        live = self._close_set(ended_by)
        live.error = error
        return live

    def _step(self, frame: Frame) -> PoseFrame:
        self.frames += 1
        h, w = frame.rgb.shape[:2]
        pose = PoseFrame(frame.index, frame.time_s, self.backend(frame.rgb), (w, h))
        flash = False
        if not self.paused:
            state = self.counter.update(pose, frame.rgb)  # the pixels: for the claps' hands fallback
            self._phase = state.phase
            self._reading = self.counter.reading(state)
            self._reps_now = state.reps  # a timed hold: the hold going on included
            self.partial.update(state.phase, state.event is not None)
            if state.event is not None:
                self.events.append(state.event)
                flash = True
        self._key(self.display.show(frame.rgb, pose, self.status(self.elapsed_s, flash)))
        return pose

    def status(self, elapsed_s: float, flash: bool = False) -> Status:
        held = self.counter.held_s  # a timed hold: its calories come from the seconds held
        active = held if held is not None else active_seconds(self.events)
        kcal = estimate_kcal(self.spec.name, self.body, active, len(self.events))
        message = self._message_at(elapsed_s)
        return Status(
            self.spec.name,
            len(self.events) if held is None else self._reps_now,
            elapsed_s,
            kcal=kcal,
            tempo_s=rep_gap(self.events),
            flash=flash,
            paused=self.paused,
            message=message,
            set_number=len(self.sets) + 1,
            phase=self._phase,
            reading=self._reading,
            missed=self.partial.count,
            partial=partial_text(self.counter.judged),
            last_rep=rep_feedback(self.counter.judged[-1], self.spec.form)
            if self.counter.judged and held is None
            else "",
            held_s=held,
        )

    def _reset(self) -> None:
        """End the set: hand its reps to ``on_set`` first, then count again from 0."""
        if self.events or self._reps_now:  # (a hold going on is not an event until it ends)
            done = self._close_set("reset")
            self.sets.append(done)
            note = self.on_set(done) if self.on_set is not None else ""
            note = note or f"set {done.set_number}: {done.result.reps} reps kept"
        else:
            note = "reset: no reps counted in this set yet"
        self.counter.reset()
        self.partial.reset()
        self._reps_now = 0
        self.events = []
        self._new_set(note)

    def _close_set(self, ended_by: str) -> LiveResult:
        """The current set's result, its rep times counted from the set's start."""
        end = max(dt.datetime.now().replace(microsecond=0), self._set_start)
        result = shifted(self.counter.finish(), self._set_offset_s)
        events = [shift_rep(e, self._set_offset_s) for e in self.events]
        number = len(self.sets) + 1
        return LiveResult(result, self._set_start, end, ended_by, self.frames, events, None, number)


def rep_gap(events: list[Rep], last: int = TEMPO_REPS) -> float | None:
    """Seconds between the starts of consecutive reps, averaged over the last ``last`` reps; None
    before the second rep."""
    starts = [e.start_s for e in events[-last:]]
    if len(starts) < 2:
        return None
    return (starts[-1] - starts[0]) / (len(starts) - 1)


def shift_rep(rep: Rep, offset_s: float) -> Rep:
    """``rep`` with its times counted from ``offset_s`` (a set's start) on the source's clock."""
    if not offset_s:
        return rep
    return dataclasses.replace(
        rep, start_s=rep.start_s - offset_s, turn_s=rep.turn_s - offset_s, end_s=rep.end_s - offset_s
    )


def shifted(result: CountResult, offset_s: float) -> CountResult:
    """``result`` with its reps' times counted from ``offset_s``."""
    if not offset_s:
        return result
    return dataclasses.replace(result, events=tuple(shift_rep(e, offset_s) for e in result.events))


@dataclass
class SavedSet:
    """One set of a live session (the whole session when it had no reset) and what became of it."""

    live: LiveResult
    record: Any = None  # fitcli.met.records.SessionRecord; None when not saved (no reps, --no-save)
    saved: SaveResult = field(default_factory=SaveResult)  # stored, or kept in a recovery file


@dataclass
class LiveOutcome:
    body: Body
    source: str
    sets: list[SavedSet] = field(default_factory=list)  # every set, in order, the last ones included
    ended_by: str = ""  # how the session ended (``LiveResult.ended_by``)
    error: FitcliError | None = None  # what stopped the session when ended_by == "error"
    recording: Path | None = None  # the annotated session (--record), when one was written
    recorded_s: float = 0.0

    @property
    def errors(self) -> list[FitcliError]:
        """Why sets could not be stored (each kept in a recovery file, unless that failed too)."""
        return [s.saved.error for s in self.sets if s.saved.error is not None]


def live_workout(
    exercise: str,
    source: str,
    *,
    model: str | None = None,
    user: str | None = None,
    journal_path: Any = None,
    display: Display,
    duration_s: float | None = None,
    save: bool = True,
    wait: float = DEFAULT_WAIT_S,
    record: str | Path | None = None,
    people: str = "1",
    realtime: bool = True,
    tracker: Any = None,
) -> LiveOutcome:
    """Open ``source`` (a camera such as "0", or a video played at real-time pace), count, and save.

    The journal is checked before counting (an unusable ``--db`` fails now, a busy one does not
    stop the session). Each set (a reset ends one) is saved as its own session when it ends, the
    last whatever ended the session; if the journal cannot take one, it is kept in a recovery file
    (``SavedSet.saved``). A set with no reps is not saved. With ``record``, the annotated session is
    written to that mp4 (``fitcli.pipelines.live_record``).

    ``people="all"`` counts everyone in view with a multi-person model (``--model``, else the
    multi-person default; ``fitcli.pipelines.live_people``): each person's sets are saved as their
    own sessions (source ``<camera N or the video>#person=ID``), a person who leaves for good when
    they leave. ``realtime`` False plays a video as fast as it is counted; ``tracker`` is the
    ``PeopleTracker`` that gives the ids (its ``forget_s``: when someone has left for good).
    """
    from fitcli.exercises.catalog import get_exercise
    from fitcli.met.journal import Journal
    from fitcli.models import load_backend
    from fitcli.pipelines.live_record import RecordingDisplay, check_record_path
    from fitcli.pipelines.people import people_model
    from fitcli.pipelines.sources import open_source

    if record is not None:
        check_record_path(record)
    spec = get_exercise(exercise)
    model = people_model(people, model)
    journal = Journal(journal_path, busy_timeout=wait)
    body = body_for_live(journal, user, save)
    frames = open_source(source)
    camera = frames.info.kind == "camera"
    backend = load_backend(model, video=True)
    name = f"camera {source}" if camera else str(Path(source).resolve())
    outcome = LiveOutcome(body, source)
    recorder = RecordingDisplay(display, record, frames.info.fps) if record is not None else None

    def keep(done: LiveResult) -> SavedSet:
        return _save(outcome, done, journal, user, name, str(backend.name), save)

    shown = recorder if recorder is not None else display
    last: list[LiveResult]
    if people == "all":
        from fitcli.pipelines.live_people import LivePeopleSession

        everyone = LivePeopleSession(
            spec, backend, shown, duration_s, realtime, camera,
            on_set=lambda done: set_fate(keep(done), save), tracker=tracker,
        )  # fmt: skip
        ran = everyone.run(frames)
        last, outcome.ended_by, outcome.error = ran.people, ran.ended_by, ran.error
    else:
        session = LiveSession(
            spec, backend, body, shown, duration_s, realtime, camera,
            on_set=lambda done: set_note(keep(done), save),
        )  # fmt: skip
        live = session.run(frames)
        last, outcome.ended_by, outcome.error = [live], live.ended_by, live.error
    if recorder is not None and recorder.path.exists():
        outcome.recording, outcome.recorded_s = recorder.path, recorder.seconds
    for live in last:
        keep(live)
    return outcome


def set_fate(kept: SavedSet, save: bool) -> str:
    """What became of a set: "saved (session abcd1234)", "kept in FILE (journal busy)", ..."""
    if kept.saved.ids:
        return f"saved (session {kept.record.id[:8]})"
    if kept.saved.recovery is not None:
        return f"kept in {kept.saved.recovery} (journal busy)"
    if not save:
        return "counted, not saved (--no-save)"
    if kept.live.result.reps == 0:
        return "counted, nothing to save"
    return f"NOT saved ({kept.saved.error})"


def set_note(kept: SavedSet, save: bool) -> str:
    """What a reset says about the set it ended."""
    n, reps = kept.live.set_number, kept.live.result.reps
    what = f"set {n}: {reps} rep" + ("" if reps == 1 else "s")
    return f"{what} {set_fate(kept, save)}; counting set {n + 1} from 0"


def _save(
    outcome: LiveOutcome,
    live: LiveResult,
    journal: Any,
    user: str | None,
    source: str,
    model: str,
    save: bool,
) -> SavedSet:
    """Store one counted set (SIGTERM while waiting for the journal keeps it in recovery); a
    person's set (``live.person``) under ``person_source(source, person)``."""
    from fitcli.met.records import person_source
    from fitcli.pipelines.journaling import body_of, session_from_count

    kept = SavedSet(live)
    outcome.sets.append(kept)
    if not save or live.result.reps == 0:
        return kept
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if outcome.body.provisional:
            with contextlib.suppress(FitcliError):
                outcome.body = body_of(journal, user)
        where = person_source(source, live.person)
        kept.record = session_from_count(live.result, outcome.body, live.start, live.end, where, model)
        kept.saved = save_or_keep(journal, [kept.record])
    finally:
        signal.signal(signal.SIGTERM, previous)
    return kept

"""Live counting: camera (or a video played at real-time pace) -> pose -> counter -> display.

The same streaming counter as batch analysis, given the frames' pixels too, so claps the body model
hardly sees are counted from hand landmarks at the end, as analyze counts them (the status shown
during the session is the body counter's). The display is pluggable: an OpenCV window or a one-line
terminal status when there is no screen; both take the keys q (quit), space (pause) and r (reset).

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
from collections import deque
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
from fitcli.pipelines.annotate import Annotator, PartialReps, Status
from fitcli.pipelines.journaling import Body, SaveResult, body_for_live, estimate_kcal, save_or_keep
from fitcli.pipelines.sources import Frame
from fitcli.pose import PoseFrame
from fitcli.rep import Rep

# A file played "live" drops frames when processing falls this far behind real time, as a camera would.
MAX_LAG_S = 0.1
TEMPO_REPS = 3  # tempo = mean gap between the starts of the last reps (so TEMPO_REPS - 1 gaps)
IDLE_S = 0.03  # while a video is paused, the display is polled for keys this often
MESSAGE_S = 5.0  # a note such as "set 1 saved" stays on the status this long (session clock)
KEYS = ("q", " ", "r")


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
    ended_by: str  # "quit", "duration", "end of video", "interrupted", "camera lost", "error", "reset"
    frames: int
    events: list[Rep] = field(default_factory=list)
    error: FitcliError | None = None  # what stopped the session when ended_by == "error"
    set_number: int = 1  # 1, then one more after each reset


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


class LiveSession:
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
        check_duration(duration_s)
        self.spec, self.backend, self.body, self.display = spec, backend, body, display
        self.duration_s, self.realtime, self.camera = duration_s, realtime, camera
        self.on_set, self.clock = on_set, clock
        self.counter = ClipCounter(spec.name)
        self.events: list[Rep] = []
        self.sets: list[LiveResult] = []
        self.paused = False
        self.frames = 0
        self.elapsed_s = 0.0  # the session clock: source time less the time spent paused
        self._held_s = 0.0  # source time that passed while paused (a camera's frames keep coming)
        self._last_t: float | None = None
        self._set_start = dt.datetime.now().replace(microsecond=0)
        self._set_offset_s = 0.0  # source time at which the current set began
        self._message, self._message_until = "", 0.0
        self._phase = ""
        self._reading = ""
        self._reps_now = 0
        self.partial = PartialReps()

    def run(self, source: Any) -> LiveResult:
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
        live = self._close_set(ended_by)
        live.error = error
        return live

    def _tick(self, time_s: float) -> None:
        """Advance the session clock to the frame at ``time_s``; paused time does not count."""
        if self._last_t is not None and self.paused:
            self._held_s += max(0.0, time_s - self._last_t)
        self._last_t = time_s
        self.elapsed_s = time_s - self._held_s

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

    def _idle(self, frame: Frame, pose: PoseFrame, pacer: Pacer | None) -> None:
        """One poll of the display while a video is paused: the same frame, the clock stopped."""
        t0 = self.clock()
        self._key(self.display.show(frame.rgb, pose, self.status(self.elapsed_s)))
        if pacer is not None:
            time.sleep(IDLE_S)
            pacer.hold(self.clock() - t0)

    def status(self, elapsed_s: float, flash: bool = False) -> Status:
        held = self.counter.held_s  # a timed hold: its calories come from the seconds held
        active = held if held is not None else active_seconds(self.events)
        kcal = estimate_kcal(self.spec.name, self.body, active)
        message = self._message if elapsed_s < self._message_until else ""
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

    def _key(self, key: str | None) -> None:
        if key == "q":
            raise _Stop
        if key == " ":
            self.paused = not self.paused
        elif key == "r":
            self._reset()

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
        self._set_start = dt.datetime.now().replace(microsecond=0)
        self._set_offset_s = self._last_t or 0.0
        self._message, self._message_until = note, self.elapsed_s + MESSAGE_S

    def _close_set(self, ended_by: str) -> LiveResult:
        """The current set's result, its rep times counted from the set's start."""
        end = max(dt.datetime.now().replace(microsecond=0), self._set_start)
        result = _shifted(self.counter.finish(), self._set_offset_s)
        events = [_shift_rep(e, self._set_offset_s) for e in self.events]
        number = len(self.sets) + 1
        return LiveResult(result, self._set_start, end, ended_by, self.frames, events, None, number)


def rep_gap(events: list[Rep], last: int = TEMPO_REPS) -> float | None:
    """Seconds between the starts of consecutive reps, averaged over the last ``last`` reps; None
    before the second rep."""
    starts = [e.start_s for e in events[-last:]]
    if len(starts) < 2:
        return None
    return (starts[-1] - starts[0]) / (len(starts) - 1)


def _shift_rep(rep: Rep, offset_s: float) -> Rep:
    if not offset_s:
        return rep
    return dataclasses.replace(
        rep, start_s=rep.start_s - offset_s, turn_s=rep.turn_s - offset_s, end_s=rep.end_s - offset_s
    )


def _shifted(result: CountResult, offset_s: float) -> CountResult:
    if not offset_s:
        return result
    return dataclasses.replace(result, events=tuple(_shift_rep(e, offset_s) for e in result.events))


class WindowDisplay:
    """An OpenCV window with the skeleton and the status panel."""

    TITLE = "fitcli live (q quit, space pause, r reset)"

    def __init__(self) -> None:
        self.annotator = Annotator()

    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        import cv2

        cv2.imshow(self.TITLE, self.annotator.annotate(rgb[:, :, ::-1], pose, status))
        code = cv2.waitKey(1) & 0xFF
        return chr(code) if code in (ord("q"), ord(" "), ord("r")) else None

    def close(self) -> None:
        import cv2

        cv2.destroyAllWindows()


class StatusLineDisplay:
    """No screen: a one-line status handed to ``emit`` (the CLI keeps it as one updating line on a
    terminal), notes such as "set 1 saved" to ``note`` (a line of their own), and keys from
    ``keys`` (a callable returning one key or None, such as ``TerminalKeys``). A line is emitted when
    the count, the pause or a note changes, and otherwise every ``every_s`` of the session clock."""

    def __init__(
        self,
        emit: Callable[[str], None],
        every_s: float = 0.5,
        keys: Callable[[], str | None] | None = None,
        note: Callable[[str], None] | None = None,
        on_close: Callable[[], None] | None = None,
    ) -> None:
        self.emit, self.every_s, self.keys = emit, every_s, keys
        self.note, self.on_close = note, on_close
        self._last = -1.0
        self._shown: tuple[int, bool] | None = None
        self._noted = ""

    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        if status.message and status.message != self._noted:
            self._noted = status.message
            (self.note or self.emit)(status.message)
        state = (status.reps, status.paused)
        if state != self._shown or status.elapsed_s - self._last >= self.every_s:
            self._last, self._shown = status.elapsed_s, state
            self.emit(status_line(status))
        return self.keys() if self.keys is not None else None

    def close(self) -> None:
        if self.keys is not None and hasattr(self.keys, "close"):
            self.keys.close()
        if self.on_close is not None:
            self.on_close()


def status_line(s: Status) -> str:
    m, sec = divmod(int(s.elapsed_s), 60)
    gap = f"{s.tempo_s:.1f} s between reps" if s.tempo_s else "- s between reps"
    kcal = f"{s.kcal:.1f} kcal" if s.kcal is not None else ""
    reps = f"{s.reps} rep" + ("" if s.reps == 1 else "s") + (f" ({s.partial})" if s.partial else "")
    if s.held_s is not None:  # a timed hold
        reps = f"{s.held_s:.0f} s held, {s.reps} hold" + ("" if s.reps == 1 else "s")
        gap = "holding" if s.phase == "hold" else "resting"
    where = f"set {s.set_number}: " if s.set_number > 1 else ""
    line = f"{s.exercise}: {where}{reps}  {m:02d}:{sec:02d}  {gap}  {kcal}".rstrip()
    return line + "  PAUSED (space resumes)" if s.paused else line


class TerminalKeys:
    """Single key presses from a terminal, without Enter: ``keys()`` returns the next of q, space
    and r pressed (or None). The terminal goes to cbreak mode on the first call (so Ctrl-C still
    interrupts) and is restored by ``close()``. ``TerminalKeys.for_stdin()`` is None when standard
    input is not a terminal, or the process runs in the background (changing the terminal's mode
    from there would stop it, SIGTTOU); a terminal that refuses cbreak mode gives no keys."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._saved: Any = None
        self._failed = False
        self._pending: deque[str] = deque()

    @classmethod
    def for_stdin(cls) -> TerminalKeys | None:
        import os
        import sys

        try:
            fd = sys.stdin.fileno()
            foreground = sys.stdin.isatty() and os.tcgetpgrp(fd) == os.getpgrp()
        except (AttributeError, ValueError, OSError):  # no stdin, or a replaced one (tests)
            return None
        return cls(fd) if foreground else None

    def __call__(self) -> str | None:
        import os
        import select

        if self._saved is None and not self._open():
            return None
        while select.select([self.fd], [], [], 0)[0]:
            data = os.read(self.fd, 64)
            if not data:
                break
            self._pending.extend(ch for ch in data.decode(errors="ignore").lower() if ch in KEYS)
        return self._pending.popleft() if self._pending else None

    def _open(self) -> bool:
        import termios
        import tty

        if self._failed:
            return False
        try:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        except (termios.error, OSError):
            self._saved, self._failed = None, True
            return False
        return True

    def close(self) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None


def has_display() -> bool:
    """True when an OpenCV window can be shown (a DISPLAY or WAYLAND_DISPLAY is set)."""
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@dataclass
class SavedSet:
    """One set of a live session (the whole session when it had no reset) and what became of it."""

    live: LiveResult
    record: Any = None  # fitcli.met.records.SessionRecord; None when not saved (no reps, --no-save)
    saved: SaveResult = field(default_factory=SaveResult)  # stored, or kept in a recovery file


@dataclass
class LiveOutcome:
    live: LiveResult  # the last set, and how the session ended
    body: Body
    source: str
    sets: list[SavedSet] = field(default_factory=list)  # every set, in order, the last one included
    recording: Path | None = None  # the annotated session (--record), when one was written
    recorded_s: float = 0.0

    @property
    def errors(self) -> list[FitcliError]:
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
) -> LiveOutcome:
    """Open ``source`` (a camera such as "0", or a video played at real-time pace), count, and save.

    The journal is checked before counting (an unusable ``--db`` fails now, a busy one does not
    stop the session). Each set (a reset ends one) is saved as its own session when it ends, the
    last whatever ended the session; if the journal cannot take one, it is kept in a recovery file
    (``SavedSet.saved``). A set with no reps is not saved. With ``record``, the annotated session is
    written to that mp4 (``fitcli.pipelines.live_record``).
    """
    from fitcli.exercises.catalog import get_exercise
    from fitcli.met.journal import Journal
    from fitcli.models import load_backend
    from fitcli.pipelines.live_record import RecordingDisplay, check_record_path
    from fitcli.pipelines.sources import open_source

    if record is not None:
        check_record_path(record)
    spec = get_exercise(exercise)
    journal = Journal(journal_path, busy_timeout=wait)
    body = body_for_live(journal, user, save)
    frames = open_source(source)
    camera = frames.info.kind == "camera"
    backend = load_backend(model, video=True)
    name = f"camera {source}" if camera else str(Path(source).resolve())
    outcome = LiveOutcome(None, body, source)  # type: ignore[arg-type]  # live is set below
    recorder = RecordingDisplay(display, record, frames.info.fps) if record is not None else None

    def on_set(done: LiveResult) -> str:
        kept = _save(outcome, done, journal, user, name, str(backend.name), save)
        return set_note(kept, save)

    shown = recorder if recorder is not None else display
    session = LiveSession(spec, backend, body, shown, duration_s, True, camera, on_set=on_set)
    outcome.live = session.run(frames)
    if recorder is not None and recorder.path.exists():
        outcome.recording, outcome.recorded_s = recorder.path, recorder.seconds
    _save(outcome, outcome.live, journal, user, name, str(backend.name), save)
    return outcome


def set_note(kept: SavedSet, save: bool) -> str:
    """What a reset says about the set it ended."""
    n, reps = kept.live.set_number, kept.live.result.reps
    what = f"set {n}: {reps} rep" + ("" if reps == 1 else "s")
    if kept.saved.ids:
        return f"{what} saved (session {kept.record.id[:8]}); counting set {n + 1} from 0"
    if kept.saved.recovery is not None:
        return f"{what} kept in {kept.saved.recovery} (journal busy); counting set {n + 1} from 0"
    if not save:
        return f"{what} counted, not saved (--no-save); counting set {n + 1} from 0"
    return f"{what} NOT saved ({kept.saved.error}); counting set {n + 1} from 0"


def _save(
    outcome: LiveOutcome,
    live: LiveResult,
    journal: Any,
    user: str | None,
    source: str,
    model: str,
    save: bool,
) -> SavedSet:
    """Store one counted set (SIGTERM while waiting for the journal keeps it in recovery)."""
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
        kept.record = session_from_count(live.result, outcome.body, live.start, live.end, source, model)
        kept.saved = save_or_keep(journal, [kept.record])
    finally:
        signal.signal(signal.SIGTERM, previous)
    return kept

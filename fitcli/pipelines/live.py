"""Live counting: camera (or a video played at real-time pace) -> pose -> counter -> display.

The same streaming counter as batch analysis, given the frames' pixels too, so claps the body model
hardly sees are counted from hand landmarks at the end, as analyze counts them (the status shown
during the session is the body counter's). The display is pluggable: an OpenCV window (keys: q quit,
space pause, r reset) or a one-line terminal status when there is no screen. Whatever ends the
session (q, the duration, Ctrl-C, SIGTERM, a camera that stops giving frames), what was counted is
returned, so the caller can store it: a session is never lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from fitcli.errors import FitcliError
from fitcli.exercises.catalog import ExerciseSpec
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.events import CountResult, active_seconds
from fitcli.met import DEFAULT_WAIT_S
from fitcli.pipelines.annotate import Annotator, Status
from fitcli.pipelines.journaling import Body, SaveResult, body_for_live, estimate_kcal, save_or_keep
from fitcli.pipelines.sources import Frame
from fitcli.pose import PoseFrame
from fitcli.rep import Rep

# A file played "live" drops frames when processing falls this far behind real time, as a camera would.
MAX_LAG_S = 0.1
TEMPO_REPS = 3  # tempo = mean duration of the last reps


class Display(Protocol):
    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        """Show one frame; return a key ('q', ' ', 'r') or None."""

    def close(self) -> None: ...


@dataclass
class LiveResult:
    result: CountResult
    start: dt.datetime
    end: dt.datetime
    ended_by: str  # "quit", "duration", "end of video", "interrupted", "camera lost", "error"
    frames: int
    events: list[Rep] = field(default_factory=list)
    error: FitcliError | None = None  # what stopped the session when ended_by == "error"


class _Stop(Exception):
    pass


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def paced(
    frames: Iterator[Frame], realtime: bool, clock: Callable[[], float] = time.monotonic
) -> Iterator[Frame]:
    """Yield frames no faster than their timestamps; skip those already late by more than MAX_LAG_S."""
    if not realtime:
        yield from frames
        return
    start: float | None = None
    for frame in frames:
        now = clock()
        if start is None:
            start = now - frame.time_s
        wait = start + frame.time_s - now
        if wait > 0:
            time.sleep(wait)
        elif -wait > MAX_LAG_S:
            continue
        yield frame


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
    """Runs one live session; ``run(source)`` returns a ``LiveResult`` however it ends."""

    def __init__(
        self,
        spec: ExerciseSpec,
        backend: Any,
        body: Body,
        display: Display,
        duration_s: float | None = None,
        realtime: bool = True,
        camera: bool = True,
    ) -> None:
        check_duration(duration_s)
        self.spec, self.backend, self.body, self.display = spec, backend, body, display
        self.duration_s, self.realtime, self.camera = duration_s, realtime, camera
        self.counter = ClipCounter(spec.name)
        self.events: list[Rep] = []
        self.paused = False
        self.frames = 0

    def run(self, source: Any) -> LiveResult:
        start = dt.datetime.now().replace(microsecond=0)
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        ended_by = "camera lost" if self.camera else "end of video"
        error: FitcliError | None = None
        try:
            for frame in paced(iter(source), self.realtime):
                if self.duration_s is not None and frame.time_s >= self.duration_s:
                    ended_by = "duration"
                    break
                self._step(frame)
        except _Stop:
            ended_by = "quit"
        except KeyboardInterrupt:
            ended_by = "interrupted"
        except FitcliError as exc:  # a truncated file, a failing camera: keep what was counted
            ended_by, error = "error", exc
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.display.close()
        end = dt.datetime.now().replace(microsecond=0)
        result = self.counter.finish()
        return LiveResult(result, start, max(end, start), ended_by, self.frames, self.events, error)

    def _step(self, frame: Frame) -> None:
        self.frames += 1
        h, w = frame.rgb.shape[:2]
        pose = PoseFrame(frame.index, frame.time_s, self.backend(frame.rgb), (w, h))
        flash = False
        if not self.paused:
            state = self.counter.update(pose, frame.rgb)  # the pixels: for the claps' hands fallback
            if state.event is not None:
                self.events.append(state.event)
                flash = True
        status = self.status(frame.time_s, flash)
        self._key(self.display.show(frame.rgb, pose, status))

    def status(self, elapsed_s: float, flash: bool = False) -> Status:
        recent = self.events[-TEMPO_REPS:]
        tempo = sum(e.duration for e in recent) / len(recent) if recent else None
        kcal = estimate_kcal(self.spec.name, self.body, active_seconds(self.events))
        return Status(
            self.spec.name,
            len(self.events),
            elapsed_s,
            kcal=kcal,
            tempo_s=tempo,
            flash=flash,
            paused=self.paused,
        )

    def _key(self, key: str | None) -> None:
        if key == "q":
            raise _Stop
        if key == " ":
            self.paused = not self.paused
        elif key == "r":
            self.counter.reset()
            self.events.clear()


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
    """No screen: a one-line status handed to ``emit`` (the CLI prints it on the terminal)."""

    def __init__(self, emit: Callable[[str], None], every_s: float = 0.5) -> None:
        self.emit, self.every_s, self._last = emit, every_s, -1.0

    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        if status.flash or status.elapsed_s - self._last >= self.every_s:
            self._last = status.elapsed_s
            self.emit(status_line(status))
        return None

    def close(self) -> None:
        return None


def status_line(s: Status) -> str:
    m, sec = divmod(int(s.elapsed_s), 60)
    tempo = f"{s.tempo_s:.1f} s/rep" if s.tempo_s else "- s/rep"
    kcal = f"{s.kcal:.1f} kcal" if s.kcal is not None else ""
    return f"{s.exercise}: {s.reps} reps  {m:02d}:{sec:02d}  {tempo}  {kcal}".rstrip()


def has_display() -> bool:
    """True when an OpenCV window can be shown (a DISPLAY or WAYLAND_DISPLAY is set)."""
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@dataclass
class LiveOutcome:
    live: LiveResult
    body: Body
    record: Any  # fitcli.met.records.SessionRecord, or None when nothing was counted or saving is off
    source: str
    saved: SaveResult = field(default_factory=SaveResult)  # stored, or kept in a recovery file


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
) -> LiveOutcome:
    """Open ``source`` (a camera such as "0", or a video played at real-time pace), count, and save.

    The journal is checked before counting (an unusable ``--db`` fails now, a busy one does not
    stop the session). The session is saved whatever ended it; if the journal cannot take it, it
    is kept in a recovery file (``outcome.saved``). A session with no reps is not saved.
    """
    from fitcli.exercises.catalog import get_exercise
    from fitcli.met.journal import Journal
    from fitcli.models import load_backend
    from fitcli.pipelines.sources import open_source

    spec = get_exercise(exercise)
    journal = Journal(journal_path, busy_timeout=wait)
    body = body_for_live(journal, user, save)
    frames = open_source(source)
    camera = frames.info.kind == "camera"
    backend = load_backend(model, video=True)
    session = LiveSession(spec, backend, body, display, duration_s, realtime=True, camera=camera)
    live = session.run(frames)
    outcome = LiveOutcome(live, body, None, source)
    if save and live.result.reps > 0:
        name = f"camera {source}" if camera else str(Path(source).resolve())
        _save(outcome, journal, user, name, str(backend.name))
    return outcome


def _save(outcome: LiveOutcome, journal: Any, user: str | None, source: str, model: str) -> None:
    """Store the counted session (SIGTERM while waiting for the journal keeps it in recovery)."""
    from fitcli.pipelines.journaling import body_of, session_from_count

    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if outcome.body.provisional:
            with contextlib.suppress(FitcliError):
                outcome.body = body_of(journal, user)
        live = outcome.live
        outcome.record = session_from_count(live.result, outcome.body, live.start, live.end, source, model)
        outcome.saved = save_or_keep(journal, [outcome.record])
    finally:
        signal.signal(signal.SIGTERM, previous)

"""What a live session shows: an OpenCV window, or a one-line status on a terminal, with the keys.

Both are ``fitcli.pipelines.live.Display``: ``show(rgb, pose, status)`` draws one frame and returns
the key pressed (q quit, space pause, r reset), or None. Counting everyone (``status.people``), the
window draws each person's skeleton and count (``Annotator.annotate_people``) and the status line
reads "squat: #1 5 reps, #2 3 reps  00:42".
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np

from fitcli.pipelines.annotate import Annotator, PersonLabel, Status
from fitcli.pose import PoseFrame

KEYS = ("q", " ", "r")


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
        self._shown: tuple[Any, ...] | None = None
        self._noted = ""

    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        if status.message and status.message != self._noted:
            self._noted = status.message
            (self.note or self.emit)(status.message)
        each = tuple((p.id, p.reps) for p in status.people or ())
        state = (status.reps, status.paused, each)
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
    """The status as one line: "squat: 5 reps  00:42  2.1 s between reps  3.2 kcal"; counting everyone (``s.people``)
    "squat: #1 5 reps, #2 3 reps  00:42"."""
    if s.people is not None:
        return _people_line(s)
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


def _person_text(p: PersonLabel) -> str:
    """ "#1 5 reps", "#1 5 reps (1 partial)" or, for a timed hold, "#1 12 s held"."""
    if p.held_s is not None:
        return f"#{p.id} {p.shown}"
    reps = f"#{p.id} {p.reps} rep" + ("" if p.reps == 1 else "s")
    return reps + (f" ({p.partial} partial)" if p.partial else "")


def _people_line(s: Status) -> str:
    m, sec = divmod(int(s.elapsed_s), 60)
    each = ", ".join(_person_text(p) for p in s.people or ())
    where = f"set {s.set_number}: " if s.set_number > 1 else ""
    line = f"{s.exercise}: {where}{each or 'nobody in view'}  {m:02d}:{sec:02d}"
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

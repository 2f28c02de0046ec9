"""`live --record FILE`: the annotated session (skeleton, count, clock, pace, kcal) as an mp4.

``RecordingDisplay`` wraps the display a live session shows (window or terminal status): every frame
shown is drawn with the status panel and written, then handed on. The recording follows the
session clock at a fixed rate, so it lasts as long as the session counted: a frame dropped to keep
up with real time is filled by repeating the last one, and a pause adds nothing. The file is written
to a temporary name and appears when the session ends, however it ends (q, the duration, Ctrl-C,
a camera that stops); a killed process leaves none.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import check_output_file
from fitcli.errors import UsageError
from fitcli.pipelines.annotate import Annotator, Status, video_writer
from fitcli.pose import PoseFrame

RECORD_SUFFIXES = (".mp4",)
DEFAULT_RECORD_FPS = 30.0  # a camera's frames come at its own pace: the recording is resampled to this


def check_record_path(path: str | Path) -> Path:
    """Fail before counting when ``path`` cannot be the recording (not .mp4, a folder, unwritable)."""
    path = Path(path)
    if path.suffix.lower() not in RECORD_SUFFIXES:
        raise UsageError(f"--record {path}: give a .mp4 file name", hint="e.g. --record session.mp4")
    return check_output_file(path, "--record file")


class RecordingDisplay:
    """Draws and writes every shown frame to ``path``, then shows it on ``inner``."""

    def __init__(self, inner: Any, path: str | Path, fps: float | None = None) -> None:
        self.inner, self.path = inner, check_record_path(path)
        self.fps = float(fps or DEFAULT_RECORD_FPS)
        self.annotator = Annotator()
        self.written = 0
        self._stack = contextlib.ExitStack()
        self._writer: Any = None
        self._last: np.ndarray | None = None

    def show(self, rgb: np.ndarray, pose: PoseFrame, status: Status) -> str | None:
        frame = self.annotator.annotate(rgb[:, :, ::-1], pose, status)
        if self._writer is None:
            h, w = frame.shape[:2]
            self._writer = self._stack.enter_context(video_writer(self.path, self.fps, (w, h)))
        due = int(status.elapsed_s * self.fps + 0.5) + 1  # frames the session clock has reached
        while self.written < due - 1 and self._last is not None:  # fill frames dropped to keep up
            self._writer.write(self._last)
            self.written += 1
        if self.written < due:
            self._writer.write(frame)
            self.written += 1
        self._last = frame
        key: str | None = self.inner.show(rgb, pose, status)
        return key

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            self._stack.close()

    @property
    def seconds(self) -> float:
        return self.written / self.fps

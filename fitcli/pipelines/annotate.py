"""Drawing on frames (skeleton, rep count, rep markers) and writing annotated video.

``Annotator`` takes its style once and data per call: ``annotate(bgr, pose, status) -> bgr``.
``video_writer`` is a context manager that writes to a temporary file and renames it only when the
whole video was written, so an interrupted run leaves no broken mp4 behind.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import InputFileError
from fitcli.pose import SKELETON, PoseFrame

BGR = tuple[int, int, int]
# Codecs for annotated video, best first: H.264 where the OpenCV build has an encoder, else MPEG-4
# Part 2. The opencv-contrib-python wheels bundle an FFmpeg without any H.264 encoder (no libx264 or
# openh264: checked with 4.11 here), so there it is mp4v: re-encoding squat_side_yuyoujiang.mp4
# (293 KB of H.264) gives 1.0 MB, its annotated live recording 2.0 MB. VP9 (vp09) does open, but
# encoded 9 frames/s here, too slow for live, and at 3.2 MB.
VIDEO_CODECS = (("avc1", "H.264"), ("mp4v", "MPEG-4 Part 2"))


class PersonLabel(NamedTuple):
    """One person of several, as drawn over their head: "#id: reps", green for a rep just done."""

    id: int
    keypoints: np.ndarray  # (17, 3); NaN (score 0) when the person is not in view
    reps: int
    flash: bool
    partial: int = 0  # of the reps judged so far, those short of the exercise's standard
    held_s: float | None = None  # a timed hold: the seconds held (``reps`` counts the holds)

    @property
    def shown(self) -> str:
        """The count as shown: "5", "5 (1 partial)" or, for a timed hold, "12 s held"."""
        if self.held_s is not None:
            return f"{self.held_s:.0f} s held"
        return f"{self.reps}" + (f" ({self.partial} partial)" if self.partial else "")


@dataclass(frozen=True)
class Status:
    """What the overlay shows besides the skeleton."""

    exercise: str
    reps: int
    elapsed_s: float
    phase: str = ""
    kcal: float | None = None
    tempo_s: float | None = None  # seconds between the starts of the last reps (the pace)
    flash: bool = False  # a rep was completed in this frame
    paused: bool = False
    message: str = ""  # a passing note, such as "set 1 saved"
    set_number: int = 1  # live sessions: 1, then one more after each reset
    missed: int = 0  # reps begun but not counted (``PartialReps``)
    reading: str = ""  # the counted signal's value in this frame, in words (``ExerciseSpec.reading``)
    partial: str = ""  # counted reps short of the exercise's standard: "2 partial: shallow"
    last_rep: str = ""  # the last rep's tempo and form: "rep 5: down 1.2 s, up 0.8 s, shallow"
    held_s: float | None = None  # a timed hold: the seconds held so far (``reps`` counts the holds)
    # Counting everyone (`live --people all`): each person's label, by id (() while nobody is in
    # view); None when one person is followed. Displays then draw ``Annotator.annotate_people``.
    people: tuple[PersonLabel, ...] | None = field(default=None, compare=False)


class PartialReps:
    """Reps begun but not counted: the counter's phase entered "rep" and left it without a rep
    (too shallow, too short or not confirmed). A twitch that never crossed the counter's entry
    threshold is not one."""

    def __init__(self) -> None:
        self.count, self._phase = 0, ""

    def update(self, phase: str, counted: bool) -> int:
        if self._phase == "rep" and phase != "rep" and not counted:
            self.count += 1
        self._phase = phase
        return self.count

    def reset(self) -> None:
        self.count, self._phase = 0, ""


@dataclass(frozen=True)
class Annotator:
    min_score: float = 0.3
    joint_colour: BGR = (0, 215, 255)
    limb_colour: BGR = (255, 200, 0)
    text_colour: BGR = (255, 255, 255)
    flash_colour: BGR = (80, 220, 80)

    def annotate(self, bgr: np.ndarray, pose: PoseFrame | None, status: Status | None) -> np.ndarray:
        """Return a copy of ``bgr`` with the skeleton and the status panel drawn on it; with
        ``status.people`` (several people counted), everyone's skeleton and count instead."""
        if status is not None and status.people is not None:
            return self.annotate_people(bgr, status.people, status.exercise, status.elapsed_s, _notes(status))
        out = bgr.copy()
        scale = max(out.shape[0], out.shape[1]) / 640
        if pose is not None:
            self._skeleton(out, pose.keypoints, scale)
        if status is not None:
            self._panel(out, status, scale)
        return out

    def annotate_people(
        self,
        bgr: np.ndarray,
        people: Sequence[PersonLabel],
        exercise: str,
        elapsed_s: float,
        notes: Sequence[str] = (),
    ) -> np.ndarray:
        """A copy of ``bgr`` with every person's skeleton and "#id: reps" over their head, the
        exercise and clock at the top left and ``notes`` (such as "PAUSED") under them; ``people``
        holds a ``PersonLabel`` per person."""
        import cv2

        out = bgr.copy()
        scale = max(out.shape[0], out.shape[1]) / 640
        font, size, thick = cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, max(1, round(2 * scale))
        for person in people:
            pid, kp, flash = person.id, person.keypoints, person.flash
            self._skeleton(out, kp, scale)
            ok = (kp[:, 2] >= self.min_score) & np.isfinite(kp[:, :2]).all(axis=1)
            if not ok.any():
                continue
            text = f"#{pid}: {person.shown}"
            (tw, th), _ = cv2.getTextSize(text, font, size, thick)
            x = int(np.clip(np.mean(kp[ok, 0]) - tw / 2, 0, out.shape[1] - tw))
            y = int(np.clip(np.min(kp[ok, 1]) - 12 * scale, th + 4, out.shape[0] - 4))
            colour = self.flash_colour if flash else (30, 30, 30)
            cv2.rectangle(out, (x - 4, y - th - 4), (x + tw + 4, y + 6), colour, -1)
            cv2.putText(out, text, (x, y), font, size, self.text_colour, thick, cv2.LINE_AA)
        for i, text in enumerate([f"{exercise}  {_clock(elapsed_s)}", *notes]):
            org = (round(10 * scale), round((26 + 24 * i) * scale))
            cv2.putText(out, text, org, font, size, (30, 30, 30), thick, cv2.LINE_AA)
        return out

    def _skeleton(self, img: np.ndarray, kp: np.ndarray, scale: float) -> None:
        import cv2

        ok = (kp[:, 2] >= self.min_score) & np.isfinite(kp[:, :2]).all(axis=1)
        pts = np.nan_to_num(kp[:, :2]).round().astype(int)
        width = max(1, round(2 * scale))
        for a, b in SKELETON:
            if ok[a] and ok[b]:
                cv2.line(img, tuple(pts[a]), tuple(pts[b]), self.limb_colour, width, cv2.LINE_AA)
        for i in np.flatnonzero(ok):
            cv2.circle(img, tuple(pts[i]), max(2, round(3 * scale)), self.joint_colour, -1, cv2.LINE_AA)

    def _panel(self, img: np.ndarray, s: Status, scale: float) -> None:
        import cv2

        where = f" (set {s.set_number})" if s.set_number > 1 else ""
        if s.held_s is not None:
            holds = f", {s.reps} hold" + ("s" if s.reps != 1 else "")
            lines = [f"{s.exercise}: {s.held_s:.0f} s held{holds}{where}", _clock(s.elapsed_s)]
        else:
            lines = [f"{s.exercise}: {s.reps}{where}", _clock(s.elapsed_s)]
        if s.phase:
            lines.append(f"phase: {s.phase}")
        if s.reading:
            lines.append(s.reading)
        if s.partial:
            lines.append(s.partial)
        if s.last_rep:
            lines.append(s.last_rep)
        if s.missed:
            lines.append(f"begun, not counted: {s.missed}")
        if s.tempo_s:
            lines.append(f"{s.tempo_s:.1f} s between reps")
        if s.kcal is not None:
            lines.append(f"{s.kcal:.1f} kcal")
        if s.paused:
            lines.append("PAUSED")
        if s.message:
            lines.append(s.message)
        font, size = cv2.FONT_HERSHEY_SIMPLEX, 0.7 * scale
        thick = max(1, round(2 * scale))
        line_h = round(30 * scale)
        box_w = max(cv2.getTextSize(t, font, size, thick)[0][0] for t in lines) + round(20 * scale)
        colour = self.flash_colour if s.flash else (30, 30, 30)
        overlay = img.copy()
        cv2.rectangle(overlay, (0, 0), (box_w, line_h * len(lines) + round(12 * scale)), colour, -1)
        cv2.addWeighted(overlay, 0.6, img, 0.4, 0, dst=img)
        for i, text in enumerate(lines):
            org = (round(10 * scale), line_h * (i + 1))
            cv2.putText(img, text, org, font, size, self.text_colour, thick, cv2.LINE_AA)


def _notes(s: Status) -> list[str]:
    """The lines a several-people overlay shows under the clock."""
    lines = [f"set {s.set_number}"] if s.set_number > 1 else []
    return lines + (["PAUSED"] if s.paused else []) + ([s.message] if s.message else [])


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def ensure_writable_dir(folder: str | Path) -> Path:
    """Create ``folder`` if needed; a folder that cannot be made is a one-line error, before any work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise InputFileError(
            f"cannot write to folder {folder}: {exc.strerror or exc}", "choose a folder you can write to"
        ) from None
    return folder


@functools.cache
def video_codec() -> tuple[str, str]:
    """(fourcc, name) of the first of ``VIDEO_CODECS`` this OpenCV build can write (probed once, in
    a temporary folder, with OpenCV's own error lines silenced)."""
    import cv2

    quiet, level = hasattr(cv2, "setLogLevel"), 0
    if quiet:
        level = cv2.getLogLevel()
        cv2.setLogLevel(0)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for fourcc, name in VIDEO_CODECS[:-1]:
                probe = cv2.VideoWriter(
                    os.path.join(folder, "probe.mp4"), cv2.VideoWriter.fourcc(*fourcc), 30.0, (64, 48)
                )
                opened = probe.isOpened()
                probe.release()
                if opened:
                    return fourcc, name
    finally:
        if quiet:
            cv2.setLogLevel(level)
    return VIDEO_CODECS[-1]


def codec_note() -> str | None:
    """A line saying why annotated video is not H.264, when it is not."""
    fourcc, name = video_codec()
    if fourcc == VIDEO_CODECS[0][0]:
        return None
    return (
        f"annotated video is {name} ({fourcc}), several times the size of H.264: this OpenCV build "
        "has no H.264 encoder"
    )


@contextlib.contextmanager
def video_writer(path: str | Path, fps: float, size: tuple[int, int]) -> Iterator[Any]:
    """An OpenCV mp4 writer (``video_codec()``) for ``size`` = (width, height); the file appears
    only when complete."""
    import cv2

    path = Path(path)
    ensure_writable_dir(path.parent)
    fourcc, name = video_codec()
    with atomic_path(path, suffix=".mp4") as tmp:
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter.fourcc(*fourcc), float(fps or 30.0), size)
        try:
            if not writer.isOpened():
                raise InputFileError(f"cannot write video {path}", f"check that OpenCV can encode {name}")
            yield writer
        finally:
            writer.release()

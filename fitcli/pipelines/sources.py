"""Where frames come from: video files, cameras and image folders or globs.

Every source is an iterable of ``Frame`` (index in the source, time in seconds, RGB uint8 H x W x 3)
with its metadata in ``info``. Iterating opens the capture and a ``finally`` releases it, so a loop
that stops early (``break``, an exception, Ctrl-C) never leaks a camera or a file handle.

Time always comes from timestamps, never from an integer frame rate:
- video files: the container's timestamp of each frame (``CAP_PROP_POS_MSEC``), so variable frame
  rate works; when the container has none (a repeated or decreasing value), ``index / fps`` with the
  float fps continues from the last good timestamp;
- cameras: ``time.monotonic()`` since the first frame;
- image folders and globs: ``index / image_fps``, by default ``IMAGE_SEQUENCE_FPS`` (30) because such
  sequences are nearly always frames extracted from a video, and the rep counters need time to move.

Subsampling: ``every=N`` keeps frames 0, N, 2N, ... of the source; ``fps=F`` keeps the first frame at
or after each tick of a 1/F s grid, by timestamp. Skipped video frames are only grabbed, not decoded.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import math
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.errors import CameraError, InputFileError, UsageError, VideoError

log = logging.getLogger(__name__)

IMAGE_SEQUENCE_FPS = 30.0
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".m4v", ".webm", ".mpg", ".mpeg", ".wmv")


def videos_in(folder: Path) -> list[Path]:
    """Video files in ``folder`` and its subfolders, in natural order."""
    return sorted((p for p in folder.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES), key=natural_key)


def expand_video_folders(inputs: list[str] | tuple[str, ...]) -> list[str]:
    """Each folder that holds videos (and no images directly inside) becomes its videos, found in
    subfolders too; image folders, globs, files and cameras stay as given."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        has_images = path.is_dir() and any(p.suffix.lower() in IMAGE_SUFFIXES for p in path.iterdir())
        videos = videos_in(path) if path.is_dir() and not has_images else []
        out += [str(v) for v in videos] if videos else [item]
    return out


# Fallback rate when a video reports neither timestamps nor a frame rate.
DEFAULT_VIDEO_FPS = 30.0
# A video counts as truncated when it ends this many frames (or this fraction) short of its header.
TRUNCATION_MIN_FRAMES = 3
TRUNCATION_FRACTION = 0.05
# Timestamps within this much of a grid tick count as on it (float rounding in containers).
_TICK_TOLERANCE_S = 1e-3


@dataclass(frozen=True)
class Frame:
    """One decoded frame: its index in the source, its time in seconds and its RGB pixels."""

    index: int
    time_s: float
    rgb: np.ndarray


@dataclass(frozen=True)
class SourceInfo:
    """What a source says about itself before any frame is read."""

    kind: str  # "video", "camera" or "images"
    name: str  # the path, glob or camera as the user gave it
    fps: float | None  # frames per second of the source (float: 29.97 stays 29.97); None if unknown
    frame_count: int | None  # frames in the source; None for a camera
    width: int
    height: int
    duration_s: float | None
    rotation: int = 0  # degrees the video is turned by its metadata (frames are already upright)
    every: int | None = None
    target_fps: float | None = None

    @property
    def stem(self) -> str:
        """A file-name stem for outputs made from this source."""
        if self.kind == "camera":
            return f"camera{self.name}" if self.name.isdigit() else Path(self.name).name  # video0
        if self.kind == "images":
            if Path(self.name).is_file():
                return Path(self.name).stem
            folder = os.path.dirname(_glob_prefix(self.name)) if has_glob(self.name) else self.name
            return Path(folder or ".").resolve().name
        return Path(self.name).stem

    @property
    def expected_frames(self) -> int | None:
        """How many frames iteration should yield after subsampling, when that can be known."""
        if self.frame_count is None:
            return None
        if self.every:
            return math.ceil(self.frame_count / self.every)
        if self.target_fps and self.duration_s and self.fps and self.target_fps < self.fps:
            return min(self.frame_count, math.ceil(self.duration_s * self.target_fps))
        return self.frame_count


class _Subsampler:
    """Decides, before a frame is decoded, whether to keep it (``every=N`` or ``fps=F``)."""

    def __init__(self, every: int | None, fps: float | None) -> None:
        self.every = every
        self.period = 1.0 / fps if fps else None
        self.next_tick = 0.0

    def keep(self, index: int, time_s: float) -> bool:
        if self.every:
            return index % self.every == 0
        if self.period is None:
            return True
        if time_s + _TICK_TOLERANCE_S < self.next_tick:
            return False
        # advance the grid past this frame, so a gap in the video does not cause a burst
        ticks = math.floor((time_s + _TICK_TOLERANCE_S - self.next_tick) / self.period) + 1
        self.next_tick += ticks * self.period
        return True


def check_subsampling(every: int | None, fps: float | None) -> None:
    if every is not None and fps is not None:
        raise UsageError("--every and --fps both given", "use one of them to subsample")
    if every is not None and every < 1:
        raise UsageError(f"--every must be 1 or more, got {every}")
    if fps is not None and not (fps > 0 and math.isfinite(fps)):
        raise UsageError(f"--fps must be a positive number, got {fps}")


@contextlib.contextmanager
def _opencv_quiet() -> Iterator[None]:
    """Silence OpenCV's own stderr warnings while opening ("can't open camera by index");
    fitcli raises a typed error that says the same thing in one line."""
    import cv2

    level = cv2.getLogLevel()
    cv2.setLogLevel(0)
    try:
        yield
    finally:
        cv2.setLogLevel(level)


def _quiet_ffmpeg() -> None:
    # FFmpeg prints its own lines ("moov atom not found") to stderr; fitcli reports these faults itself.
    # A user who sets OPENCV_FFMPEG_LOGLEVEL keeps their value.
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")


# ---- video files ------------------------------------------------------------------------------
class VideoSource:
    """A video file read with OpenCV's FFmpeg backend, turned upright by its rotation metadata."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        every: int | None = None,
        fps: float | None = None,
        strict: bool = True,
    ):
        """``strict``: a truncated video raises ``VideoError`` once the frames it had are yielded
        (so an export writes nothing); otherwise a warning is logged and those frames are kept."""
        check_subsampling(every, fps)
        self.path = Path(path)
        self.strict = strict
        cap = self._open()
        try:
            self.info = self._probe(cap, every, fps)
        finally:
            cap.release()

    def _open(self) -> Any:
        import cv2

        if not self.path.is_file():
            raise InputFileError(f"video not found: {self.path}", "check the path")
        _quiet_ffmpeg()
        with _opencv_quiet():
            cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        if not cap.isOpened():
            cap.release()
            raise VideoError(
                f"{self.path} is not a video OpenCV can read",
                "check that it is a complete video file (mp4, mov, avi, mkv, webm)",
            )
        # OpenCV 4.11 does not turn frames by the rotation metadata unless asked (measured: the
        # property reads 0 after open); with it on, frames and reported width/height are upright.
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        return cap

    def _probe(self, cap: Any, every: int | None, fps: float | None) -> SourceInfo:
        import cv2

        rate = float(cap.get(cv2.CAP_PROP_FPS))
        rate_known = math.isfinite(rate) and rate > 0
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        duration = count / rate if rate_known and count > 0 else None
        return SourceInfo(
            kind="video",
            name=str(self.path),
            fps=rate if rate_known else None,
            frame_count=count if count > 0 else None,
            width=int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            height=int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            duration_s=duration,
            rotation=int(cap.get(cv2.CAP_PROP_ORIENTATION_META)) % 360,
            every=every,
            target_fps=fps,
        )

    def __iter__(self) -> Iterator[Frame]:
        import cv2

        cap = self._open()
        try:
            keep = _Subsampler(self.info.every, self.info.target_fps)
            clock = _VideoClock(self.info.fps or DEFAULT_VIDEO_FPS, str(self.path))
            grabbed = 0
            while cap.grab():
                t = clock.time(grabbed, cap.get(cv2.CAP_PROP_POS_MSEC))
                index = grabbed
                grabbed += 1
                if not keep.keep(index, t):
                    continue
                ok, bgr = cap.retrieve()
                if not ok or bgr is None:
                    raise VideoError(
                        f"{self.path}: cannot decode frame {index} (read {grabbed - 1} frames)",
                        "the video may be damaged; re-encode or re-download it",
                    )
                yield Frame(index, t, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        finally:
            cap.release()
        self._check_complete(grabbed)

    def _check_complete(self, grabbed: int) -> None:
        promised = self.info.frame_count
        if grabbed == 0:
            raise VideoError(f"{self.path} has no frames", "check that the file is a complete video")
        if promised and promised - grabbed > max(TRUNCATION_MIN_FRAMES, TRUNCATION_FRACTION * promised):
            message = f"{self.path} is truncated: read {grabbed} of the {promised} frames its header promises"
            if self.strict:
                raise VideoError(message, "the file may be incomplete; re-download or re-encode it")
            log.warning("%s; keeping the frames read", message)


class _VideoClock:
    """Container timestamps while they increase; ``index / fps`` from the last good one otherwise."""

    def __init__(self, fps: float, name: str) -> None:
        self.fps = fps
        self.name = name
        self.last_t = -1.0
        self.last_index = -1
        self.fallback = False

    def time(self, index: int, pos_msec: float) -> float:
        t = pos_msec / 1000.0
        usable = math.isfinite(t) and t > self.last_t and (index == 0 or t > 0)
        if not self.fallback and usable:
            self.last_t, self.last_index = t, index
            return t
        if not self.fallback:
            self.fallback = True
            log.warning(
                "%s: no usable timestamps from frame %d on; using index / %.3f fps",
                self.name,
                index,
                self.fps,
            )
        if self.last_index < 0:
            return index / self.fps
        return self.last_t + (index - self.last_index) / self.fps


# ---- cameras ----------------------------------------------------------------------------------
class CameraSource:
    """A camera by index (``0``) or device path (``/dev/video0``); time from ``time.monotonic()``."""

    def __init__(self, device: int | str, every: int | None = None, fps: float | None = None):
        check_subsampling(every, fps)
        self.device = device
        cap = self._open()
        try:
            import cv2

            rate = float(cap.get(cv2.CAP_PROP_FPS))
            self.info = SourceInfo(
                kind="camera",
                name=str(device),
                fps=rate if math.isfinite(rate) and rate > 0 else None,
                frame_count=None,
                width=int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
                height=int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                duration_s=None,
                every=every,
                target_fps=fps,
            )
        finally:
            cap.release()

    def _open(self) -> Any:
        import cv2

        with _opencv_quiet():
            cap = cv2.VideoCapture(self.device)
        if not cap.isOpened():
            cap.release()
            raise CameraError(
                f"cannot open camera {self.device}",
                "check that it is connected and not in use (cameras are 0, 1, ... or /dev/videoN)",
            )
        return cap

    def __iter__(self) -> Iterator[Frame]:
        import cv2

        cap = self._open()
        try:
            keep = _Subsampler(self.info.every, self.info.target_fps)
            start: float | None = None
            index = 0
            while cap.grab():
                now = time.monotonic()
                start = now if start is None else start
                t = now - start
                index += 1
                if not keep.keep(index - 1, t):
                    continue
                ok, bgr = cap.retrieve()
                if not ok or bgr is None:
                    break
                yield Frame(index - 1, t, cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        finally:
            cap.release()
        if index == 0:
            raise CameraError(f"camera {self.device} gave no frames", "check that it is not in use")
        log.info("camera %s stopped after %d frames", self.device, index)


# ---- image folders and globs ------------------------------------------------------------------
def has_glob(spec: str) -> bool:
    return any(ch in spec for ch in "*?[")


def _glob_prefix(spec: str) -> str:
    cut = min((spec.index(ch) for ch in "*?[" if ch in spec), default=len(spec))
    return spec[:cut]


def natural_key(path: Path) -> list[Any]:
    """Sort key so that ``im2.jpg`` comes before ``im10.jpg``."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(path))]


class ImageSource:
    """Still images from a folder, a glob or one file, in natural order, at ``image_fps`` frames a second."""

    def __init__(
        self,
        spec: str | os.PathLike[str],
        every: int | None = None,
        fps: float | None = None,
        image_fps: float = IMAGE_SEQUENCE_FPS,
    ):
        check_subsampling(every, fps)
        if not (image_fps > 0 and math.isfinite(image_fps)):
            raise UsageError(f"image_fps must be a positive number, got {image_fps}")
        self.spec = str(spec)
        self.paths = self._list()
        first = self._read(self.paths[0])
        n = len(self.paths)
        self.info = SourceInfo(
            kind="images",
            name=self.spec,
            fps=float(image_fps),
            frame_count=n,
            width=int(first.shape[1]),
            height=int(first.shape[0]),
            duration_s=n / image_fps,
            every=every,
            target_fps=fps,
        )

    def _list(self) -> list[Path]:
        if Path(self.spec).is_file():
            found = [Path(self.spec)]
            where = self.spec
        elif has_glob(self.spec):
            found = [Path(p) for p in glob.glob(self.spec, recursive=True)]
            where = f"the pattern {self.spec}"
        else:
            folder = Path(self.spec)
            if not folder.is_dir():
                raise InputFileError(f"image folder not found: {folder}", "check the path")
            found = list(folder.iterdir())
            where = f"the folder {folder}"
        images = sorted(
            (p for p in found if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES), key=natural_key
        )
        if not images:
            raise InputFileError(
                f"no images in {where}", f"fitcli reads {', '.join(IMAGE_SUFFIXES)} files; check the path"
            )
        return images

    @staticmethod
    def _read(path: Path) -> np.ndarray:
        import cv2

        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if bgr is None:
            raise InputFileError(f"{path} is not an image OpenCV can read", "remove it or replace it")
        rgb: np.ndarray = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        return rgb

    def __iter__(self) -> Iterator[Frame]:
        keep = _Subsampler(self.info.every, self.info.target_fps)
        rate = self.info.fps or IMAGE_SEQUENCE_FPS
        for index, path in enumerate(self.paths):
            t = index / rate
            if keep.keep(index, t):
                yield Frame(index, t, self._read(path))


FrameSource = VideoSource | CameraSource | ImageSource


def open_source(
    spec: str | os.PathLike[str],
    every: int | None = None,
    fps: float | None = None,
    image_fps: float = IMAGE_SEQUENCE_FPS,
) -> FrameSource:
    """Open what ``spec`` names: a video file, images (folder, glob, file) or a camera (``0``, /dev/video0).

    Opening reads the metadata (and so raises for a missing file, a file that is not a video or a
    camera that will not open) without decoding frames; iterate the result to get ``Frame`` values.
    """
    text = str(spec)
    if not text.strip():
        raise UsageError(f"empty source name {text!r}", "name a video file, an image folder or a camera (0)")
    path = Path(text)
    if text.isdigit() and not path.exists():
        return CameraSource(int(text), every, fps)
    if re.fullmatch(r"/dev/video\d+", text):
        return CameraSource(text, every, fps)
    is_image = path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES
    if path.is_dir() or is_image or (has_glob(text) and not path.exists()):
        return ImageSource(text, every, fps, image_fps)
    return VideoSource(path, every, fps)

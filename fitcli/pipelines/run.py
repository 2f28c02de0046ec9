"""The frame loop: frames from a source through a pose backend into ``PoseFrame`` values.

Decoding runs in a background thread that feeds a small bounded queue, so the next frame is being
decoded while the model works on this one (OpenCV and onnxruntime both release the GIL). The
library never prints: progress goes to an optional ``on_progress(done, total)`` callback.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from fitcli.errors import DataError
from fitcli.pipelines.sources import Frame, SourceInfo
from fitcli.pose import KEYPOINT_NAMES, PoseFrame, PoseTrack

log = logging.getLogger(__name__)

# on_progress(frames done, frames expected or None when unknown, e.g. a camera)
ProgressCallback = Callable[[int, int | None], None]
Backend = Callable[[Any], Any]

# Frames decoded ahead of the model; small, so memory stays bounded (one 640x480 frame is 0.9 MB).
PREFETCH_FRAMES = 8


class _Prefetcher:
    """A thread that iterates a source and puts its frames on a bounded queue."""

    def __init__(self, frames: Iterable[Frame], depth: int) -> None:
        self.frames = frames
        self.items: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._work, name="fitcli-decode", daemon=True)

    def _put(self, item: tuple[str, Any]) -> bool:
        while not self.stop.is_set():
            try:
                self.items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        it = iter(self.frames)
        try:
            for frame in it:
                if not self._put(("frame", frame)):
                    break
            else:
                self._put(("end", None))
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._put(("error", exc))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()  # runs the source's finally (capture release) in the thread that ran it

    def __iter__(self) -> Iterator[Frame]:
        self.thread.start()
        try:
            while True:
                kind, value = self.items.get()
                if kind == "error":
                    raise value
                if kind == "end":
                    return
                yield value
        finally:
            self.stop.set()
            self.thread.join()


def prefetch(frames: Iterable[Frame], depth: int = PREFETCH_FRAMES) -> Iterator[Frame]:
    """Iterate ``frames`` in a background thread, ``depth`` frames ahead; errors re-raise here.

    Stopping early (``break``, an exception in the consumer) tells the thread to stop and closes the
    source's iterator in that thread, so its capture is released. ``depth`` 0 iterates in this thread.
    """
    if depth <= 0:
        return iter(frames)
    return iter(_Prefetcher(frames, depth))


def frames_with_poses(
    source: Any,
    backend: Backend,
    on_progress: ProgressCallback | None = None,
    prefetch_depth: int = PREFETCH_FRAMES,
) -> Iterator[tuple[Frame, PoseFrame]]:
    """Run ``backend`` on every frame of ``source``; yield each ``Frame`` with its ``PoseFrame``.

    For consumers that need the pixels too (annotated video, live window). ``source`` is any
    iterable of ``Frame`` (see ``fitcli.pipelines.sources``); when it has an ``info``
    (``SourceInfo``), its expected frame count is passed to ``on_progress`` as the total.
    """
    info: SourceInfo | None = getattr(source, "info", None)
    total = info.expected_frames if info is not None else None
    reset = getattr(backend, "reset", None)
    if callable(reset):  # a new clip: forget the person followed in the last one
        reset()
    done = 0
    if on_progress:
        on_progress(done, total)
    for frame in prefetch(source, prefetch_depth):
        h, w = frame.rgb.shape[:2]
        yield frame, PoseFrame(frame.index, frame.time_s, backend(frame.rgb), (w, h))
        done += 1
        if on_progress:
            on_progress(done, total)


_NO_PIXELS = np.zeros((0, 0, 3), np.uint8)


def frames_from_track(
    source: Any, track: PoseTrack, on_progress: ProgressCallback | None = None, pixels: bool = False
) -> Iterator[tuple[Frame, PoseFrame]]:
    """The poses of ``track`` (cached keypoints of ``source``) paired with the source's frames, as
    ``frames_with_poses`` yields them, without running a model. Without ``pixels`` nothing is
    decoded and each ``Frame`` carries an empty image; with it the frames are decoded (an annotated
    video) and must be the frames the track was made from."""
    total = len(track)
    if on_progress:
        on_progress(0, total)
    poses = iter(track.iter_frames())
    frames = prefetch(source) if pixels else None
    for done, pose in enumerate(poses, 1):
        frame = next(frames, None) if frames is not None else Frame(pose.index, pose.time_s, _NO_PIXELS)
        if frame is None or frame.index != pose.index:
            name = getattr(getattr(source, "info", None), "name", "the source")
            raise DataError(f"cached keypoints do not match the frames of {name}")
        yield frame, pose
        if on_progress and (done == total or done % 50 == 0):
            on_progress(done, total)
    if frames is not None:
        close = getattr(frames, "close", None)
        if close is not None:
            close()


def estimate_poses(
    source: Any,
    backend: Backend,
    on_progress: ProgressCallback | None = None,
    prefetch_depth: int = PREFETCH_FRAMES,
) -> Iterator[PoseFrame]:
    """Run ``backend`` on every frame of ``source`` and yield one ``PoseFrame`` per frame."""
    for _, pose in frames_with_poses(source, backend, on_progress, prefetch_depth):
        yield pose


def track_meta(info: SourceInfo, model_name: str) -> dict[str, Any]:
    """The metadata a ``PoseTrack`` made from a source carries (all JSON-friendly)."""
    return {
        "model": model_name,
        "source": info.name,
        "source_kind": info.kind,
        "fps": info.fps,
        "frame_count": info.frame_count,
        "duration_s": info.duration_s,
        "width": info.width,
        "height": info.height,
        "rotation": info.rotation,
        "every": info.every,
        "target_fps": info.target_fps,
        "keypoint_names": list(KEYPOINT_NAMES),
    }


def track_from_source(
    source: Any,
    backend: Backend,
    on_progress: ProgressCallback | None = None,
    prefetch_depth: int = PREFETCH_FRAMES,
) -> PoseTrack:
    """All poses of ``source`` as one ``PoseTrack`` with metadata (model, source, fps, size, names).

    A camera never ends by itself: for a camera source, Ctrl-C ends the recording and the frames
    seen so far make the track. For files, Ctrl-C propagates (nothing is kept).
    """
    info: SourceInfo | None = getattr(source, "info", None)
    frames: list[PoseFrame] = []
    try:
        for pose in estimate_poses(source, backend, on_progress, prefetch_depth):
            frames.append(pose)
    except KeyboardInterrupt:
        if info is None or info.kind != "camera":
            raise
        log.info("camera %s stopped by the user after %d frames", info.name, len(frames))
    name = str(getattr(backend, "name", type(backend).__name__))
    meta: dict[str, Any] = track_meta(info, name) if info is not None else {"model": name}
    meta.setdefault("keypoint_names", list(KEYPOINT_NAMES))
    return PoseTrack.from_frames(frames, meta)

"""Claps from hand landmarks, for clips where the body model finds no shoulders (hands-only footage).

MediaPipe Hands (in the mediapipe wheel) gives each visible hand's 21 landmarks. A ``HandTrack`` keeps
per frame up to two palms: centre (mean of the wrist and the four finger bases) and size (wrist to
middle-finger base), in pixels. When two palms meet, MediaPipe usually sees one hand where there
were two (the front hand hides the other). So a palm that vanishes away from the image border while
the other stays is read as "together" (distance 0); one that vanishes at the border has left the view
(unknown).
The clap signal is the palm-centre distance in palm sizes, counted by the same ``RepDetector``.
A ``HandRecorder`` builds the track frame by frame: from a video it decodes (``extract_hands``), or
from the frames `fitcli analyze` already decoded for the pose model (``ClipCounter``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import DataError, InputFileError
from fitcli.exercises.detector import DetectorConfig, RepDetector
from fitcli.exercises.events import CountResult, active_seconds

# Palm centre = mean of these MediaPipe hand landmarks (wrist, index/middle/ring/pinky bases);
# palm size = wrist (0) to middle-finger base (9). Landmark numbering: MediaPipe Hands docs.
PALM_LANDMARKS = (0, 5, 9, 13, 17)
# Palms re-arm beyond 1.3 palm sizes apart and touch below 0.8 (measured on the green-screen clap
# clip: 1.5-2.5 between claps, one merged detection at contact).
HAND_CLAP = DetectorConfig(
    enter=0.3, min_rom=0.3, enter_abs=-0.8, exit_abs=-1.3, count_at="turn",
    min_interval_s=0.15, min_duration_s=0.0, min_far_frames=1, ready_s=0.1,
)  # fmt: skip


@dataclass
class HandTrack:
    """Per frame up to two palms as (x px, y px, size px); NaN rows where fewer hands were seen."""

    palms: np.ndarray  # (T, 2, 3)
    times: np.ndarray
    frames: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.palms = np.asarray(self.palms, dtype=np.float64).reshape(-1, 2, 3)
        self.times = np.asarray(self.times, dtype=np.float64).reshape(-1)
        self.frames = np.asarray(self.frames, dtype=np.int64).reshape(-1)
        if not len(self.palms) == len(self.times) == len(self.frames):
            raise DataError("HandTrack arrays disagree in length")

    def save(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            meta = np.array(json.dumps(self.meta))
            np.savez_compressed(fh, palms=self.palms, times=self.times, frames=self.frames, meta=meta)
        return path

    @classmethod
    def load(cls, path: Path) -> HandTrack:
        try:
            with np.load(path, allow_pickle=False) as d:
                return cls(d["palms"], d["times"], d["frames"], json.loads(str(d["meta"])))
        except (ValueError, OSError, KeyError) as exc:
            raise DataError(f"{path}: not a readable hand track ({exc})") from exc


def palms_of(landmarks: list[np.ndarray]) -> np.ndarray:
    """(2, 3) palms from up to two hands' (21, 2) pixel landmarks; NaN for a missing hand."""
    out = np.full((2, 3), np.nan)
    for i, pts in enumerate(landmarks[:2]):
        out[i, :2] = pts[list(PALM_LANDMARKS)].mean(axis=0)
        out[i, 2] = float(np.linalg.norm(pts[9] - pts[0]))
    return out


class HandLandmarks:
    """MediaPipe Hands (tracking mode, up to two hands): ``__call__(rgb) -> palms`` (2, 3) as in
    ``palms_of``. The model is built on the first call (mediapipe is imported then) and ``close()``
    frees it; calls after ``close()`` build a new one."""

    QUIET_CALLS = 2  # its graph logs natively (fd 2) while it starts and runs its first frames

    def __init__(self) -> None:
        self._hands: Any = None
        self._calls = 0

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        from fitcli.models.native_quiet import native_stderr_silenced

        self._calls += 1
        if self._calls <= self.QUIET_CALLS:
            with native_stderr_silenced():
                found = self._process(rgb)
        else:
            found = self._process(rgb)
        h, w = rgb.shape[:2]
        return palms_of([np.array([[lm.x * w, lm.y * h] for lm in hand.landmark]) for hand in found])

    def _process(self, rgb: np.ndarray) -> list[Any]:
        if self._hands is None:
            from fitcli.models.mediapipe_import import import_mediapipe

            hands = import_mediapipe().solutions.hands
            self._hands = hands.Hands(static_image_mode=False, max_num_hands=2, model_complexity=0)
        return list(self._hands.process(rgb).multi_hand_landmarks or [])

    def close(self) -> None:
        if self._hands is not None:
            self._hands.close()
            self._hands = None
            self._calls = 0


class HandRecorder:
    """Builds a clip's ``HandTrack`` frame by frame from its decoded images, in order:
    ``add(index, time_s, rgb) -> palms``, then ``track(video)``; ``close()`` frees the model.

    ``extract_hands`` decodes a video for it; ``ClipCounter`` feeds it the frames `fitcli analyze`
    has already decoded for the pose model, so both make the same track.
    """

    def __init__(self, landmarks: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self.landmarks = landmarks if landmarks is not None else HandLandmarks()
        self._palms: list[np.ndarray] = []
        self._times: list[float] = []
        self._frames: list[int] = []
        self.size = (0, 0)  # (width, height) of the first image

    @property
    def frames(self) -> int:
        return len(self._frames)

    def add(self, index: int, time_s: float, rgb: np.ndarray) -> np.ndarray:
        if not self._frames:
            self.size = (int(rgb.shape[1]), int(rgb.shape[0]))
        palms = self.landmarks(rgb)
        self._palms.append(palms)
        self._times.append(time_s)
        self._frames.append(index)
        return palms

    def track(self, video: Path | None = None) -> HandTrack:
        """The palms so far; ``video`` (the file the images came from) goes in the metadata."""
        meta: dict[str, Any] = {"model": "mediapipe-hands", "width": self.size[0], "height": self.size[1]}
        if video is not None:
            video = Path(video)
            meta |= {"source": video.name, "video_bytes": video.stat().st_size if video.is_file() else None}
        palms = np.array(self._palms).reshape(-1, 2, 3)
        return HandTrack(palms, np.array(self._times), np.array(self._frames), meta)

    def close(self) -> None:
        close = getattr(self.landmarks, "close", None)
        if callable(close):
            close()


def extract_hands(video: Path) -> HandTrack:
    """Palms in every frame of ``video`` (MediaPipe Hands, tracking mode), decoding it."""
    from fitcli.models.native_quiet import native_stderr_silenced
    from fitcli.pipelines.sources import open_source

    video = Path(video)
    if not video.is_file():
        raise InputFileError(f"video not found: {video}", "check the path")
    recorder = HandRecorder()
    # MediaPipe logs natively (fd 2) while its graphs start, at times and from threads of its own;
    # this pass reports no progress, so it runs with native stderr quiet throughout.
    try:
        with native_stderr_silenced():
            for frame in open_source(video):
                recorder.add(frame.index, frame.time_s, frame.rgb)
    finally:
        recorder.close()
    return recorder.track(video)


class HandClapCounter:
    """Counts claps from palms: ``update(t, palms) -> reps``; ``finish()`` -> ``CountResult``."""

    def __init__(self, image_size: tuple[int, int], config: DetectorConfig = HAND_CLAP) -> None:
        self.image_size = image_size
        self.detector = RepDetector(config)
        self.reset()

    def reset(self) -> None:
        self.detector.reset()
        self._pair: np.ndarray | None = None
        self.frames = 0
        self.hand_frames = 0
        self.last_time = 0.0

    def signal(self, palms: np.ndarray) -> float | None:
        seen = palms[np.isfinite(palms[:, 0])]
        if len(seen) == 2:
            self._pair = seen
            return -float(np.linalg.norm(seen[0, :2] - seen[1, :2])) / float(np.mean(seen[:, 2]))
        if len(seen) == 1 and self._pair is not None:
            gaps = np.linalg.norm(self._pair[:, :2] - seen[0, :2], axis=1)
            lost = self._pair[int(np.argmax(gaps))]
            return 0.0 if self._inside(lost) else None  # hidden behind the other hand, or gone
        return None

    def _inside(self, palm: np.ndarray) -> bool:
        """At least one palm size away from every image border."""
        (w, h), (x, y, size) = self.image_size, palm
        return bool(size <= x <= w - size and size <= y <= h - size)

    def update(self, t: float, palms: np.ndarray) -> int:
        self.frames += 1
        self.last_time = t
        self.hand_frames += bool(np.isfinite(palms[:, 0]).any())
        self.detector.update(t, self.signal(palms))
        return self.detector.reps

    def finish(self) -> CountResult:
        self.detector.finish(self.last_time)
        events = tuple(self.detector.events)
        share = self.hand_frames / self.frames if self.frames else 0.0
        note = "counted from hand landmarks (the body model found no shoulders)"
        return CountResult("clap", events, active_seconds(events), self.frames, share, (note,))


def count_claps_from_hands(track: HandTrack) -> CountResult:
    """The claps in ``track``, with the rhythm's second opinion on the palms' distance."""
    from fitcli.exercises.periodicity import with_rhythm

    counter = HandClapCounter((int(track.meta.get("width", 0)), int(track.meta.get("height", 0))))
    times, values = [], []
    for t, palms in zip(track.times, track.palms, strict=True):
        if math.isfinite(t):
            counter.update(float(t), palms)
            value = counter.signal(palms)
            times.append(float(t))
            values.append(math.nan if value is None else value)
    return with_rhythm(counter.finish(), times, values)


def hands_cache_path(cache_dir: Path, video: Path) -> Path:
    return Path(cache_dir) / f"{Path(video).stem}.hands.npz"


def cached_hands(video: Path, cache_dir: Path | None) -> HandTrack:
    """The palms of ``video``: from ``cache_dir`` when cached there (same video size), else extracted."""
    video = Path(video)
    if cache_dir is not None:
        path = hands_cache_path(cache_dir, video)
        if path.is_file():
            track = HandTrack.load(path)
            size = track.meta.get("video_bytes")
            if size is None or not video.is_file() or int(size) == video.stat().st_size:
                return track
    track = extract_hands(video)
    if cache_dir is not None:
        track.save(hands_cache_path(cache_dir, video))
    return track

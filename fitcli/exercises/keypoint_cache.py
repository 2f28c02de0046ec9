"""Keypoint tracks cached per video and model, so re-counting never reruns the pose model.

Two caches share the file format. ``KeypointCache`` (`fitcli analyze` and `fitcli export`, locally
and on a Ray cluster) keys a track by the video's bytes (sha256) and the model's weights, not by
names: a copied or renamed video is found, an edited one or a re-pulled model is not, and a shared
folder serves every machine of a cluster. ``cached_track`` (`fitcli eval reps`) keys by file name.

A cached track is ``DIR/<video stem>.<model>.npz``: the ``PoseTrack`` arrays (keypoints float32,
times, frame indices) and its metadata as JSON, compressed: about 4x smaller than CSV, and read
with numpy alone.
The metadata records the video's size in bytes; a cache file for a different video of the same name
is extracted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import DataError, FitcliError, InputFileError
from fitcli.pose import PoseTrack

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int | None], None]


def cache_path(cache_dir: Path, video: Path, model: str) -> Path:
    """Where the track of ``video`` made by ``model`` is kept in ``cache_dir``."""
    return Path(cache_dir) / f"{Path(video).stem}.{model}.npz"


def save_track(track: PoseTrack, path: Path) -> Path:
    """Write ``track`` as a compressed .npz (atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(
            fh,
            keypoints=track.keypoints.astype(np.float32),
            times=track.times,
            frames=track.frames,
            meta=np.array(json.dumps(track.meta)),
        )
    return path


def load_track(path: Path) -> PoseTrack:
    """Read a track written by ``save_track``."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"keypoint file not found: {path}", "check the path")
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            return PoseTrack(data["keypoints"], data["times"], data["frames"], meta)
    except (ValueError, OSError, KeyError) as exc:
        raise DataError(f"{path}: not a readable keypoint .npz file ({exc})") from exc


def extract_track(
    video: Path, model: str | None = None, on_progress: ProgressCallback | None = None
) -> PoseTrack:
    """Run the pose model (``video=True``: it follows the person) over every frame of ``video``."""
    from fitcli.models.registry import load_backend
    from fitcli.pipelines.run import track_from_source
    from fitcli.pipelines.sources import open_source

    video = Path(video)
    if not video.is_file():
        raise InputFileError(f"video not found: {video}", "check the path in the manifest")
    backend = load_backend(model, threads=None, video=True)
    reset = getattr(backend, "reset", None)
    if reset is not None:
        reset()
    track = track_from_source(open_source(video), backend, on_progress)
    track.meta["video_bytes"] = video.stat().st_size
    return track


def cached_track(
    video: Path,
    model: str,
    cache_dir: Path | None,
    on_progress: ProgressCallback | None = None,
) -> PoseTrack:
    """The keypoint track of ``video`` by ``model``: from ``cache_dir`` when there, else extracted and saved."""
    video = Path(video)
    if cache_dir is not None:
        path = cache_path(cache_dir, video, model)
        if path.is_file():
            track = load_track(path)
            size = track.meta.get("video_bytes")
            if size is None or not video.is_file() or int(size) == video.stat().st_size:
                return track
            log.info("cache %s is for another video of that name; extracting again", path)
    track = extract_track(video, model, on_progress)
    if cache_dir is not None:
        save_track(track, cache_path(cache_dir, video, model))
    return track


# Bump when a change in fitcli's pose pipeline (letterbox, crop rule, decoding) changes the keypoints.
CACHE_VERSION = 1


def video_digest(video: Path) -> str:
    """sha256 (hex) of the file's bytes: the video's identity, whatever its name or folder."""
    digest = hashlib.sha256()
    with Path(video).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class KeypointCache:
    """Tracks of one model (``model_id``: its name and weights' checksum) in ``folder``, keyed by
    the video's content and the frames kept (``every`` / ``fps``)."""

    folder: Path
    model_id: str

    @classmethod
    def for_model(cls, folder: str | Path, model: str, weights_sha256: str) -> KeypointCache:
        return cls(Path(folder), f"{model}-{weights_sha256[:12]}")

    def path_for(self, video: str | Path, every: int | None = None, fps: float | None = None) -> Path:
        """Where the track of ``video`` is (or will be) kept; reads the whole file to hash it."""
        kept = f"-every{every}" if every and every > 1 else (f"-fps{fps:g}" if fps else "")
        return self.folder / f"{video_digest(Path(video))[:32]}.{self.model_id}{kept}.v{CACHE_VERSION}.npz"

    def load(self, path: Path) -> PoseTrack | None:
        """The track at ``path``; None when there is none or it cannot be read (it is made again)."""
        if not path.is_file():
            return None
        try:
            return load_track(path)
        except FitcliError as exc:
            log.warning("keypoint cache %s is unreadable (%s); running the model again", path, exc.message)
            return None

    def save(self, path: Path, track: PoseTrack) -> None:
        """Keep ``track`` at ``path`` (atomically); a cache that cannot be written is only a warning."""
        try:
            save_track(track, path)
        except (OSError, FitcliError) as exc:
            log.warning("cannot write the keypoint cache %s: %s", path, exc)

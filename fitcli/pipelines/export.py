"""Export keypoints of many videos, image folders or cameras to CSV, JSON or Parquet files, or as
TRC (keypoints) or MOT (joint angles) files for OpenSim, Sports2D and Kinovea (``fitcli.pipelines.opensim``).

One output file per input, named ``<stem>.<format>`` in the output folder, written through a
temporary file and renamed (``PoseTrack.save``), so an interrupted run leaves no half-written file.
Every input is opened (and so checked) before the model is loaded or any frame is processed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.atomic import check_output_file, check_output_folder
from fitcli.errors import UnknownNameError, UsageError
from fitcli.exercises.keypoint_cache import KeypointCache
from fitcli.pipelines.run import track_from_source, track_meta
from fitcli.pipelines.sources import IMAGE_SEQUENCE_FPS, check_subsampling, expand_video_folders, open_source
from fitcli.pose import FORMATS, PoseTrack

log = logging.getLogger(__name__)

# on_progress(input as given, position of the input (0-based), frames done, frames expected or None)
ExportProgress = Callable[[str, int, int, int | None], None]


@dataclass(frozen=True)
class ExportResult:
    """What one input became: the file written, how many frames, how much video, how long it took."""

    input: str
    path: Path
    frames: int
    video_seconds: float
    elapsed_s: float
    model: str

    @property
    def frames_per_second(self) -> float:
        """Processing speed: frames exported per second of wall-clock time."""
        return self.frames / self.elapsed_s if self.elapsed_s > 0 else float("inf")


def default_threads() -> int:
    """Inference threads for export: every core but one, which the decode thread uses.

    Measured here (2 cores, other jobs running, movenet-lightning, 640x480 sample clips):
    2 onnxruntime threads ran at 85-90 frames/s end to end (its threads spin while waiting and
    fight the decoder for the cores), 1 thread at 170-195 frames/s.
    """
    return max(1, (os.cpu_count() or 2) - 1)


EXPORT_FORMATS = (*FORMATS, "trc", "mot")  # csv/json/parquet read back with PoseTrack.load


def check_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError(f"unknown export format '{fmt}'", f"use one of: {', '.join(EXPORT_FORMATS)}")
    return fmt


def save_track(track: PoseTrack, target: Path, fmt: str) -> Path:
    """Write ``track`` to ``target`` in any of ``EXPORT_FORMATS``, atomically."""
    if fmt in ("trc", "mot"):
        from fitcli.pipelines.opensim import write_mot, write_trc

        return (write_trc if fmt == "trc" else write_mot)(track, target)
    return track.save(target, fmt)


@dataclass(frozen=True)
class ExportPlan:
    """Checked inputs of an export: each input as given, its opened source and its target file."""

    inputs: list[str]
    sources: list[Any]
    targets: list[Path]
    fmt: str
    folder: Path


def plan_export(
    inputs: Sequence[str],
    fmt: str = "csv",
    out_dir: str | Path | None = None,
    every: int | None = None,
    fps: float | None = None,
    image_fps: float = IMAGE_SEQUENCE_FPS,
) -> ExportPlan:
    """Every check of an export, before any model runs: the format, the subsampling, each input
    (opened), the output folder and files, and no two inputs writing the same file."""
    fmt = check_format(fmt)
    check_subsampling(every, fps)
    if not inputs:
        raise UsageError("no inputs given", "name at least one video, image folder or camera")
    folder = Path(out_dir) if out_dir is not None else Path.cwd()
    inputs = expand_video_folders(list(inputs))  # a folder of videos is its videos
    sources = [open_source(spec, every, fps, image_fps) for spec in inputs]
    targets = _targets(inputs, [s.info.stem for s in sources], folder, fmt)
    check_output_folder(folder, "--out folder")  # before any inference, not after it
    for target in targets:
        check_output_file(target, "keypoint file")
    return ExportPlan(list(inputs), sources, targets, fmt, folder)


def export_keypoints(
    inputs: Sequence[str],
    fmt: str = "csv",
    out_dir: str | Path | None = None,
    model: str | None = None,
    every: int | None = None,
    fps: float | None = None,
    on_progress: ExportProgress | None = None,
    backend: Any = None,
    image_fps: float = IMAGE_SEQUENCE_FPS,
    threads: int | None = None,
    keypoint_cache: str | Path | None = None,
) -> list[ExportResult]:
    """Estimate poses in every input and write each as ``<out_dir>/<stem>.<fmt>``.

    ``model`` names the pose model (the default model when None); a ready ``backend`` callable can
    be passed instead; ``threads`` is the model's inference threads (default: ``default_threads()``).
    ``every`` / ``fps`` subsample the frames. With ``keypoint_cache`` (a folder), the keypoints of a
    video already exported or analysed with the same model are read from there instead of running
    the model. Returns one ``ExportResult`` per input.
    Raises a ``UsageError`` before any work for an unknown format, a missing or unreadable input,
    or two inputs that would write the same file.
    """
    plan = plan_export(inputs, fmt, out_dir, every, fps, image_fps)
    cache = None
    if backend is None:
        from fitcli.models import load_backend

        # Follow the person from frame to frame on videos and cameras (not on photo folders,
        # whose images are unrelated); estimate_poses resets the backend for each input.
        video = any(s.info.kind in ("video", "camera") for s in plan.sources)
        backend = load_backend(model, threads=threads or default_threads(), video=video)
        cache = keypoint_cache_for(keypoint_cache, str(backend.name), None)
    results = []
    for position, (spec, source, target) in enumerate(
        zip(plan.inputs, plan.sources, plan.targets, strict=True)
    ):

        def report(done: int, total: int | None, spec: str = spec, position: int = position) -> None:
            if on_progress:
                on_progress(spec, position, done, total)

        results.append(export_one(spec, source, target, plan.fmt, backend, report, cache))
    return results


def keypoint_cache_for(
    folder: str | Path | None, model: str, weights_sha256: str | None
) -> KeypointCache | None:
    if folder is None:
        return None
    from fitcli.models.weights import weights_digest

    return KeypointCache.for_model(folder, model, weights_sha256 or weights_digest(model))


def export_one(
    spec: str,
    source: Any,
    target: Path,
    fmt: str,
    backend: Any,
    report: Callable[[int, int | None], None] | None = None,
    cache: KeypointCache | None = None,
) -> ExportResult:
    """Export one opened source to ``target`` (written atomically). A video's keypoints come from
    ``cache`` when it holds them (and go there when it does not)."""
    started = time.perf_counter()
    model_name = str(getattr(backend, "name", "unknown"))
    entry = None
    if cache is not None and source.info.kind == "video":
        entry = cache.path_for(source.info.name, source.info.every, source.info.target_fps)
    cached = cache.load(entry) if cache is not None and entry is not None else None
    if cached is not None:
        track = PoseTrack(cached.keypoints, cached.times, cached.frames, track_meta(source.info, model_name))
        if report:
            report(len(track), len(track))
    else:
        track = track_from_source(source, backend, report)
        if cache is not None and entry is not None:
            cache.save(entry, track)
    save_track(track, target, fmt)
    elapsed = time.perf_counter() - started
    seconds = _video_seconds(track.times, source.info.fps)
    log.info("%s: %d frames -> %s in %.1f s", spec, len(track), target, elapsed)
    return ExportResult(spec, target, len(track), seconds, elapsed, model_name)


def _targets(inputs: Sequence[str], stems: list[str], folder: Path, fmt: str) -> list[Path]:
    targets = [folder / f"{stem or 'keypoints'}.{fmt}" for stem in stems]
    seen: dict[Path, str] = {}
    for spec, target in zip(inputs, targets, strict=True):
        if target in seen:
            raise UsageError(
                f"{seen[target]} and {spec} would both be written to {target}",
                "export them in separate runs with different --out folders",
            )
        seen[target] = spec
    return targets


def _video_seconds(times: Any, fps: float | None) -> float:
    """Seconds of source covered: first to last timestamp plus one kept frame's step."""
    if len(times) == 0:
        return 0.0
    if len(times) > 1:
        step = float(times[-1] - times[0]) / (len(times) - 1)
    else:
        step = 1.0 / fps if fps else 0.0
    return float(times[-1] - times[0]) + step

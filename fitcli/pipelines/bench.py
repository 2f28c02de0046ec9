"""Speed of the pose models: model only, and end to end (decode + model) on a video.

Numbers are medians over repeated runs so that a busy shared machine skews them less; the
thread count used is reported with them. These are benchmarks, never unit-test assertions.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.errors import InputFileError


@dataclass(frozen=True)
class BenchResult:
    model: str
    threads: int
    video: str
    width: int
    height: int
    frames: int
    model_ms: float  # median ms per frame, model only (preprocess + inference + postprocess)
    e2e_ms: float  # median ms per frame, decode + model, over whole passes of the video
    e2e_fps: float
    decode_fps: float  # frames per second decoding alone

    def as_row(self) -> dict[str, Any]:
        row = asdict(self)
        for key in ("model_ms", "e2e_ms", "e2e_fps", "decode_fps"):
            row[key] = round(row[key], 2)
        return row


def default_bench_video() -> Path:
    """The first sample clip shipped in sample_videos/ (looked up from the repo or the cwd)."""
    for root in (Path(__file__).resolve().parents[2], Path.cwd()):
        clips = sorted((root / "sample_videos").glob("*.mp4"))
        if clips:
            return clips[0]
    raise InputFileError("no sample clip found in sample_videos/", "pass a video with --video PATH")


def _median_ms(fn: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _read_frames(video: Path, limit: int) -> list[np.ndarray]:
    from fitcli.pipelines.sources import open_source

    frames = []
    for frame in open_source(video):
        frames.append(frame.rgb)
        if len(frames) >= limit:
            break
    return frames


def bench_model(
    model: str | None,
    video: Path | None = None,
    repeats: int = 3,
    frames: int = 150,
    threads: int | None = None,
) -> BenchResult:
    """Time one model on the first ``frames`` frames of ``video``; median over ``repeats`` passes."""
    from fitcli.models import load_backend
    from fitcli.pipelines.export import default_threads
    from fitcli.pipelines.run import estimate_poses
    from fitcli.pipelines.sources import open_source

    video = video or default_bench_video()
    threads = threads or default_threads()  # the same default as `fitcli export`
    backend = load_backend(model, threads=threads, video=True)
    images = _read_frames(video, frames)
    if not images:
        raise InputFileError(f"{video} has no frames to benchmark")
    for img in images[:5]:  # warm-up: first calls allocate
        backend(img)
    per_frame = [_median_ms(partial(backend, img), repeats) for img in images]

    def decode_pass() -> None:
        for i, _ in enumerate(open_source(video)):
            if i + 1 >= frames:
                break

    def full_pass() -> None:
        for i, _ in enumerate(estimate_poses(open_source(video), backend)):
            if i + 1 >= frames:
                break

    n = len(images)
    decode_ms = _median_ms(decode_pass, repeats) / n
    e2e_ms = _median_ms(full_pass, repeats) / n
    h, w = images[0].shape[:2]
    return BenchResult(
        model=getattr(backend, "name", str(model)),
        threads=threads,
        video=video.name,
        width=w,
        height=h,
        frames=n,
        model_ms=statistics.median(per_frame),
        e2e_ms=e2e_ms,
        e2e_fps=1000.0 / e2e_ms,
        decode_fps=1000.0 / decode_ms,
    )

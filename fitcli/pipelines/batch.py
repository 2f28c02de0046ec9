"""Analyse many workout videos, in parallel processes (one per core by default).

MediaPipe and onnxruntime each work best with one busy core per process here (DESIGN.md section
3), so each worker process loads its own pose model once, with one inference thread, and takes
videos from a shared pool. Progress flows back through a queue as (video index, done, total). A
video that fails is reported with its error and the others go on.

With ``ray_address`` the same batch runs on a Ray cluster instead (``fitcli.pipelines.ray_batch``):
the same items, in the same order; Ray is imported only then.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.errors import FitcliError
from fitcli.exercises.keypoint_cache import KeypointCache
from fitcli.pipelines.sources import videos_in
from fitcli.pipelines.workout import VideoAnalysis, analyze_video

# on_progress(video index, frames done, frames expected or None)
BatchProgress = Callable[[int, int, int | None], None]


@dataclass(frozen=True)
class BatchItem:
    video: str
    analysis: VideoAnalysis | None
    error: str | None
    people: tuple[VideoAnalysis, ...] | None = None  # ``--people all``: one analysis per person

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def analyses(self) -> tuple[VideoAnalysis, ...]:
        """Every analysis of the video: one per person with ``--people all``, else the one."""
        if self.people is not None:
            return self.people
        return () if self.analysis is None else (self.analysis,)


@dataclass(frozen=True)
class BatchOptions:
    exercise: str
    model: str | None = None
    every: int | None = None
    fps: float | None = None
    annotate_dir: str | None = None
    export_fmt: str | None = None
    export_dir: str | None = None
    classifier: str | None = None  # a `fitcli train` folder: count with it instead of the rules
    keypoint_cache: str | None = None  # a folder of cached keypoint tracks (None: no cache)
    people: str = "1"  # "1": the one person followed; "all": everyone (a multi-person model)
    plot_dir: str | None = None  # a PNG per video of what the counter saw (``count_plot``)


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Video files as given; folders expand to the videos in them and their subfolders, sorted."""
    videos: list[str] = []
    for item in inputs:
        path = Path(item)
        videos += [str(p) for p in videos_in(path)] if path.is_dir() else [item]
    return videos


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def analyze_many(
    videos: Sequence[str],
    options: BatchOptions,
    jobs: int | None = 1,
    on_progress: BatchProgress | None = None,
    ray_address: str | None = None,
) -> list[BatchItem]:
    """Analyse every video; ``jobs`` > 1 runs that many worker processes. Order is kept.

    With ``ray_address`` (``auto``, ``local`` or the head's HOST:PORT) one Ray task per video runs
    on that cluster, at most ``jobs`` at once when given (default: as many as it has CPUs).
    """
    if ray_address is not None:
        from fitcli.pipelines.ray_batch import analyze_on_ray

        return analyze_on_ray(videos, options, ray_address, jobs, on_progress)
    jobs = jobs or default_jobs()
    if jobs <= 1 or len(videos) <= 1:
        return _run_here(videos, options, on_progress)
    return _run_pool(videos, options, min(jobs, len(videos)), on_progress)


def _run_here(
    videos: Sequence[str], options: BatchOptions, on_progress: BatchProgress | None
) -> list[BatchItem]:
    from fitcli.models import load_backend

    backend = load_backend(options.model, video=True)
    cache = keypoint_cache(options)
    items = []
    for i, video in enumerate(videos):
        report = (lambda d, t, i=i: on_progress(i, d, t)) if on_progress else None
        items.append(analyze_one(video, options, backend, report, cache))
    return items


def keypoint_cache(options: BatchOptions, weights_sha256: str | None = None) -> KeypointCache | None:
    """The keypoint cache of ``options`` for its model (``weights_sha256``: the checksum of the
    model's weights when known, e.g. shipped to a Ray worker; else read from the model store)."""
    if options.keypoint_cache is None or options.model is None:
        return None
    from fitcli.models.weights import weights_digest

    digest = weights_sha256 or weights_digest(options.model)
    return KeypointCache.for_model(options.keypoint_cache, options.model, digest)


def analyze_one(
    video: str, options: BatchOptions, backend: Any, report: Any, cache: KeypointCache | None = None
) -> BatchItem:
    """One video of the batch: its analysis, or its error as a ``BatchItem``."""
    if options.people == "all":
        return _analyze_people(video, options, backend, report)
    try:
        analysis = analyze_video(
            video,
            options.exercise,
            backend,
            every=options.every,
            fps=options.fps,
            annotate_dir=options.annotate_dir,
            export_fmt=options.export_fmt,
            export_dir=options.export_dir,
            on_progress=report,
            classifier=options.classifier,
            keypoints=cache,
            plot_dir=options.plot_dir,
        )
    except FitcliError as exc:
        return BatchItem(video, None, str(exc))
    return BatchItem(video, analysis, None)


def _analyze_people(video: str, options: BatchOptions, backend: Any, report: Any) -> BatchItem:
    from fitcli.pipelines.people import analyze_people

    try:
        people = analyze_people(
            video, options.exercise, backend, every=options.every, fps=options.fps,
            annotate_dir=options.annotate_dir, export_fmt=options.export_fmt,
            export_dir=options.export_dir, on_progress=report,
        )  # fmt: skip
    except FitcliError as exc:
        return BatchItem(video, None, str(exc))
    return BatchItem(video, None, None, tuple(people))


# ---- worker processes ----------------------------------------------------------------------------
_worker: dict[str, Any] = {}


def _init_worker(progress: Any) -> None:
    _worker["progress"] = progress


def _backend(options: BatchOptions) -> Any:
    """This worker's pose model, loaded on its first video (a load error is that video's error)."""
    if "backend" not in _worker:
        from fitcli.models import load_backend

        _worker["backend"] = load_backend(options.model, threads=1, video=True)
        _worker["cache"] = keypoint_cache(options)
    return _worker["backend"]


def _work(index: int, video: str, options: BatchOptions) -> BatchItem:
    progress = _worker["progress"]
    try:
        backend = _backend(options)
        report = lambda d, t: progress.put((index, d, t))  # noqa: E731
        return analyze_one(video, options, backend, report, _worker["cache"])
    except FitcliError as exc:
        return BatchItem(video, None, str(exc))
    except Exception as exc:  # an unexpected fault in one video must not stop the others
        return BatchItem(video, None, f"unexpected error: {type(exc).__name__}: {exc}")


def _run_pool(
    videos: Sequence[str], options: BatchOptions, jobs: int, on_progress: BatchProgress | None
) -> list[BatchItem]:
    ctx = mp.get_context("spawn")  # a fresh interpreter per worker: no inherited threads or sessions
    with ctx.Manager() as manager:
        progress = manager.Queue()
        with cf.ProcessPoolExecutor(
            jobs, mp_context=ctx, initializer=_init_worker, initargs=(progress,)
        ) as pool:
            futures = {pool.submit(_work, i, v, options): i for i, v in enumerate(videos)}
            pending = set(futures)
            while pending:
                done, pending = cf.wait(pending, timeout=0.2)
                _drain(progress, on_progress)
            _drain(progress, on_progress)
            results = {futures[f]: _result(f, videos[futures[f]]) for f in futures}
    return [results[i] for i in range(len(videos))]


def _result(future: cf.Future[BatchItem], video: str) -> BatchItem:
    exc = future.exception()  # _work returns errors as items; this is a worker that died
    if exc is None:
        return future.result()
    return BatchItem(video, None, f"worker failed: {type(exc).__name__}: {exc}")


def _drain(progress: Any, on_progress: BatchProgress | None) -> None:
    while True:
        try:
            index, done, total = progress.get_nowait()
        except queue.Empty:
            return
        if on_progress:
            on_progress(index, done, total)

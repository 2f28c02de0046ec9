"""Run `fitcli analyze` and `fitcli export` batches on a Ray cluster: one Ray task per video.

The driver (the process the user started) connects to the cluster (``ray_session``), ships the
pose model once through Ray's object store (``ship_model``: the ONNX bytes and their sha256; each
worker checks them and keeps one copy per node), submits one task per video (``num_cpus=1``) and
takes the results as they finish (``ray.wait``), in whatever order; it returns them in the input
order, so callers see exactly what the local process pool returns. Progress (frames done) flows
back through a ``ray.util.queue.Queue``. Only the driver writes the journal.

A worker process keeps its pose model between the videos Ray gives it. A task whose worker dies
(kill -9, out of memory, a lost node) is run again by Ray itself (``TASK_RETRIES``); its result
reaches the driver once, so a video is counted and stored once. Paths must mean the same file on
every node (a shared folder): a worker that cannot see a video or an output folder reports it as
that video's error, and the other videos go on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from fitcli.errors import FitcliError, UsageError
from fitcli.pipelines.batch import BatchItem, BatchOptions, BatchProgress, analyze_one, keypoint_cache

log = logging.getLogger(__name__)

T = TypeVar("T")

# Ray runs a task again this many times when its worker process dies (Ray's default for tasks).
TASK_RETRIES = 3
# Seconds between two progress messages of one worker (and the driver's polling period).
PROGRESS_EVERY_S = 0.25
# Seconds to wait for the head node to answer before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5.0
SPECIAL_ADDRESSES = ("auto", "local")
INSTALL_HINT = "install it with: pip install 'fitcli[ray]'"
SHARED_HINT = "every Ray node must see the same files at the same paths (a shared folder)"


def import_ray() -> Any:
    """The ``ray`` module, or a one-line ``UsageError`` saying how to install it."""
    # Ray's C++ core logs every connection retry to stderr; fitcli says what failed in one line
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    try:
        import ray
    except ImportError:
        raise UsageError("--ray-address needs Ray, which is not installed", INSTALL_HINT) from None
    return ray


def check_address(address: str) -> str:
    """``address`` stripped; for HOST:PORT (or ray://HOST:PORT), check now, in a few seconds, that
    something listens there (Ray itself would retry for minutes). Raises ``UsageError``."""
    address = address.strip()
    if not address:
        raise UsageError(
            f"--ray-address {address!r} is empty", "give auto, local or the head node's HOST:PORT"
        )
    if address in SPECIAL_ADDRESSES:
        return address
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(
            f"--ray-address {address!r} is not HOST:PORT",
            "give the head node's address as `ray start --head` printed it (e.g. 10.0.0.5:6379), auto or local",
        )
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise UsageError(
            f"no Ray cluster answers at {address} ({reason})",
            "start one there with `ray start --head`, or check the address and the firewall",
        ) from None
    return address


@contextlib.contextmanager
def ray_session(address: str, num_cpus: int | None = None) -> Iterator[Any]:
    """Connected to the cluster at ``address`` for the block; ``local`` starts a private cluster
    of ``num_cpus`` CPUs for it. A connection made before (``ray.init`` by the caller, a Ray job) is
    used as it is and left open."""
    ray = import_ray()
    # Ray prints its notices about workers (one that died, a task retried) to stdout, which is for
    # fitcli's rows (--format json/csv): they go to stderr while the batch runs.
    with contextlib.redirect_stdout(sys.stderr):
        if ray.is_initialized():
            yield ray
        else:
            with _connected(ray, address, num_cpus):
                yield ray


@contextlib.contextmanager
def _connected(ray: Any, address: str, num_cpus: int | None) -> Iterator[None]:
    address = check_address(address)
    kwargs: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if address == "local":
        kwargs.update(num_cpus=num_cpus, include_dashboard=False)
    try:
        ray.init(address=address, **kwargs)
    except Exception as exc:  # Ray's errors here are ConnectionError, RuntimeError, ValueError
        raise connect_error(address, exc) from None
    try:
        yield
    finally:
        ray.shutdown()


def connect_error(address: str, exc: BaseException) -> UsageError:
    """One line for a failed ``ray.init``: what went wrong at ``address`` and what to do."""
    chain: list[str] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 5:
        chain.append(f"{type(cause).__name__}: {cause}")
        cause = cause.__cause__ or cause.__context__
    text = " ".join(chain)
    if "InvalidAuthToken" in text or "AuthenticationError" in text:
        return UsageError(
            f"the Ray cluster at {address} wants an authentication token that fitcli did not send",
            "set RAY_AUTH_MODE=token and give the cluster's token (RAY_AUTH_TOKEN or ~/.ray/auth_token), "
            "as on its nodes",
        )
    if isinstance(exc, ConnectionError) and address == "auto":
        return UsageError(
            "no running Ray cluster found on this machine (--ray-address auto)",
            "start one with `ray start --head`, give the head's HOST:PORT, or use --ray-address local",
        )
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return UsageError(
        f"cannot connect to the Ray cluster at {address}: {first}",
        "check `ray status` on the head node; fitcli and the cluster need the same Ray version",
    )


# ---- the model, shipped once ---------------------------------------------------------------------
@dataclass(frozen=True)
class ModelParcel:
    """What a worker needs to build the pose model: its name, the sha256 of its weights and, for
    a model with a file, a reference to the file's bytes in Ray's object store (in a list, so a
    task resolves it only when its worker has not loaded the model yet)."""

    model: str
    sha256: str
    weights: list[Any] | None


def ship_model(ray: Any, model: str) -> ModelParcel:
    """Put the driver's model file in the object store once (checked against its pull checksum)."""
    from fitcli.models.weights import read_weights, weights_digest

    weights = read_weights(model)
    if weights is None:  # inside a wheel (BlazePose): every node has it with fitcli
        return ModelParcel(model, weights_digest(model), None)
    return ModelParcel(model, weights.sha256, [ray.put(weights.data)])


_worker_state: dict[tuple[str, str, bool], Any] = {}
_worker_loads = [0]


def node_name() -> str:
    """This Ray node's IP address (for messages)."""
    import ray.util

    return f"Ray node {ray.util.get_node_ip_address()}"


def worker_backend(parcel: ModelParcel, video: bool = True) -> Any:
    """This worker process's pose model, built on its first task from the shipped weights."""
    key = (parcel.model, parcel.sha256, video)
    if key not in _worker_state:
        from fitcli.models import load_backend

        path = None
        if parcel.weights is not None:
            import ray

            from fitcli.models.weights import check_weights, local_copy

            data = ray.get(parcel.weights[0])
            check_weights(data, parcel.sha256, parcel.model, node_name())
            path = str(local_copy(data, parcel.sha256))
        _worker_state.clear()  # one model per worker process
        _worker_state[key] = load_backend(parcel.model, threads=1, video=video, model_path=path)
        _worker_loads[0] += 1
        log.info("%s: loaded %s (load %d in this worker)", node_name(), parcel.model, _worker_loads[0])
    return _worker_state[key]


def worker_loads() -> int:
    """How many times this worker process has built a pose model (1 however many videos it ran)."""
    return _worker_loads[0]


class _Reporter:
    """``(done, total)`` progress of one task to the driver's queue, a few times a second."""

    def __init__(self, queue: Any, index: int) -> None:
        self.queue, self.index, self.last = queue, index, 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        last = total is not None and done >= total
        if self.queue is None or (done and not last and now - self.last < PROGRESS_EVERY_S):
            return
        self.last = now
        try:
            self.queue.put_nowait((self.index, done, total))
        except Exception as exc:  # progress is a nicety: never fail a video for it
            log.info("progress queue gone (%s); going on without progress", exc)
            self.queue = None


# ---- shared folders ------------------------------------------------------------------------------
MARK_PREFIX = ".fitcli-ray-"


@contextlib.contextmanager
def shared_marks(folders: Sequence[str | None]) -> Iterator[str]:
    """Mark each output folder with an empty file for the batch; yield its name. A worker that does
    not find the mark is not seeing the driver's folder (``check_shared``)."""
    name = f"{MARK_PREFIX}{uuid.uuid4().hex[:12]}"
    made = []
    try:
        for folder in dict.fromkeys(f for f in folders if f is not None):
            mark = Path(folder) / name
            mark.touch()
            made.append(mark)
        yield name
    finally:
        for mark in made:
            mark.unlink(missing_ok=True)


def check_shared(folders: Sequence[str | None], mark: str, what: str) -> None:
    for folder in folders:
        if folder is not None and not (Path(folder) / mark).exists():
            raise UsageError(f"{what} {folder} is not the driver's folder on {node_name()}", SHARED_HINT)


# ---- the driver's loop ---------------------------------------------------------------------------
def run_tasks(
    ray: Any,
    task: Callable[..., T],
    calls: Sequence[tuple[Any, ...]],
    jobs: int | None,
    on_progress: BatchProgress | None,
    failed: Callable[[int, str], T],
) -> list[T]:
    """Run ``task(index, *call, progress_queue)`` as one Ray task per call; results in call order.

    At most ``jobs`` tasks are in flight (default: twice the cluster's CPUs, so no worker waits
    for the driver). A task that failed for good (its worker died more than ``TASK_RETRIES``
    times, its node is gone) becomes ``failed(index, reason)``; if the cluster itself is lost, so
    does every task not finished, and the finished ones are kept.
    """
    from ray.util.queue import Queue

    remote = ray.remote(num_cpus=1, max_retries=TASK_RETRIES)(task)
    queue = Queue(actor_options={"num_cpus": 0})
    window = jobs or 2 * max(1, int(ray.cluster_resources().get("CPU", 1)))
    todo = iter(enumerate(calls))
    pending: dict[Any, int] = {}
    results: dict[int, T] = {}

    def submit() -> None:
        while len(pending) < window:
            step = next(todo, None)
            if step is None:
                return
            pending[remote.remote(step[0], *step[1], queue)] = step[0]

    try:
        submit()
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1, timeout=PROGRESS_EVERY_S)
            _drain(queue, on_progress)
            for ref in done:
                index = pending.pop(ref)
                results[index] = _result(ray, ref, index, failed)
            submit()
        _drain(queue, on_progress)
    except ray.exceptions.RaySystemError as exc:  # the connection to the cluster is gone
        reason = f"lost the Ray cluster ({type(exc).__name__}); run the batch again for this video"
        for index in [*pending.values(), *(i for i, _ in todo)]:
            results[index] = failed(index, reason)
    finally:
        with contextlib.suppress(Exception):  # the queue's actor process goes with the batch
            queue.shutdown(force=True)
    return [results[i] for i in range(len(calls))]


def _result(ray: Any, ref: Any, index: int, failed: Callable[[int, str], T]) -> T:
    try:
        value: T = ray.get(ref)
        return value
    except ray.exceptions.RayTaskError as exc:  # the task raised outside fitcli's own handling
        cause = exc.cause if exc.cause is not None else exc
        if isinstance(cause, ModuleNotFoundError) and "fitcli" in str(cause):
            return failed(
                index, f"a Ray worker cannot import fitcli ({cause}) - {INSTALL_HINT} on every node"
            )
        first = (str(cause).strip().splitlines() or [""])[0]
        return failed(index, f"Ray task failed: {type(cause).__name__}: {first}")
    except ray.exceptions.RayError as exc:  # the worker died every time, or its node is gone
        first = (str(exc).strip().splitlines() or [""])[0]
        return failed(index, f"its Ray worker died {TASK_RETRIES + 1} times ({type(exc).__name__}: {first})")


def _drain(queue: Any, on_progress: BatchProgress | None) -> None:
    try:
        size = queue.qsize()
        items = queue.get_nowait_batch(size) if size else []
    except Exception as exc:  # the queue actor is gone: the results still come
        log.info("progress queue unavailable: %s", exc)
        return
    for index, done, total in items:
        if on_progress:
            on_progress(index, done, total)


# ---- analyze -------------------------------------------------------------------------------------
def _absolute(path: str | None) -> str | None:
    return None if path is None else os.path.abspath(path)


def analyze_on_ray(
    videos: Sequence[str],
    options: BatchOptions,
    address: str,
    jobs: int | None = None,
    on_progress: BatchProgress | None = None,
) -> list[BatchItem]:
    """``analyze_many`` on the Ray cluster at ``address``: the same items, in the same order."""
    if options.model is None:
        from fitcli.models.registry import default_model_name

        options = dataclasses.replace(options, model=default_model_name())
    options = dataclasses.replace(
        options,
        annotate_dir=_absolute(options.annotate_dir),
        export_dir=_absolute(options.export_dir),
        plot_dir=_absolute(options.plot_dir),
        classifier=_absolute(options.classifier),
        keypoint_cache=_absolute(options.keypoint_cache),
    )
    outputs = [options.annotate_dir, options.export_dir, options.plot_dir]
    for folder in outputs:
        if folder is not None:
            Path(folder).mkdir(parents=True, exist_ok=True)
    with ray_session(address, jobs) as ray, shared_marks(outputs) as mark:
        parcel = ship_model(ray, str(options.model))
        calls = [(os.path.abspath(v), options, parcel, mark) for v in videos]
        items = run_tasks(
            ray, analyze_task, calls, jobs, on_progress, lambda i, why: BatchItem(videos[i], None, why)
        )
    # the rows name each video as the user gave it, not as the worker saw it
    return [dataclasses.replace(item, video=video) for item, video in zip(items, videos, strict=True)]


def analyze_task(
    index: int, video: str, options: BatchOptions, parcel: ModelParcel, mark: str, queue: Any
) -> BatchItem:
    """One video, on a Ray worker (a module-level function: Ray imports it there by name)."""
    try:
        if not Path(video).is_file():
            raise UsageError(f"video {video} is not on {node_name()}", SHARED_HINT)
        check_shared([options.annotate_dir, options.export_dir, options.plot_dir], mark, "output folder")
        backend = worker_backend(parcel)
        cache = keypoint_cache(options, parcel.sha256)
        return analyze_one(video, options, backend, _Reporter(queue, index), cache)
    except FitcliError as exc:
        return BatchItem(video, None, str(exc))
    except Exception as exc:  # an unexpected fault in one video must not stop the others
        return BatchItem(video, None, f"unexpected error on {node_name()}: {type(exc).__name__}: {exc}")


# ---- export --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportFailure:
    input: str
    error: str


def export_on_ray(
    plan: Any,
    model: str | None,
    address: str,
    jobs: int | None = None,
    on_progress: Callable[[str, int, int, int | None], None] | None = None,
    keypoint_cache: str | None = None,
) -> tuple[list[Any], list[ExportFailure]]:
    """The inputs of an ``ExportPlan`` exported on the Ray cluster at ``address``, one task each:
    the results of those written and the failures (each input's error; the others go on)."""
    from fitcli.models.registry import default_model_name

    for spec, source in zip(plan.inputs, plan.sources, strict=True):
        if source.info.kind == "camera":
            raise UsageError(
                f"camera {spec} cannot be exported on a Ray cluster", "export it without --ray-address"
            )
    model = model or default_model_name()
    folder = os.path.abspath(plan.folder)
    Path(folder).mkdir(parents=True, exist_ok=True)
    info = [(s.info.every, s.info.target_fps) for s in plan.sources]

    def progress(index: int, done: int, total: int | None) -> None:
        if on_progress:
            on_progress(plan.inputs[index], index, done, total)

    with ray_session(address, jobs) as ray, shared_marks([folder]) as mark:
        parcel = ship_model(ray, model)
        cache = _absolute(keypoint_cache)
        calls = [
            (_absolute(spec), os.path.abspath(target), plan.fmt, sub, parcel, mark, cache)
            for spec, target, sub in zip(plan.inputs, plan.targets, info, strict=True)
        ]
        done = run_tasks(ray, export_task, calls, jobs, progress, lambda i, why: ExportFailure("", why))
    results, failures = [], []
    for spec, target, item in zip(plan.inputs, plan.targets, done, strict=True):
        if isinstance(item, ExportFailure):
            failures.append(ExportFailure(spec, item.error))
        else:
            results.append(dataclasses.replace(item, input=spec, path=target))
    return results, failures


def export_task(
    index: int,
    spec: str,
    target: str,
    fmt: str,
    subsampling: tuple[int | None, float | None],
    parcel: ModelParcel,
    mark: str,
    cache_folder: str | None,
    queue: Any,
) -> Any:
    """One input of an export, on a Ray worker: its ``ExportResult`` or an ``ExportFailure``."""
    from fitcli.pipelines.export import export_one, keypoint_cache_for
    from fitcli.pipelines.sources import open_source

    try:
        if not Path(spec).exists():
            raise UsageError(f"input {spec} is not on {node_name()}", SHARED_HINT)
        check_shared([str(Path(target).parent)], mark, "--out folder")
        source = open_source(spec, *subsampling)
        backend = worker_backend(parcel, video=source.info.kind == "video")
        cache = keypoint_cache_for(cache_folder, parcel.model, parcel.sha256)
        return export_one(spec, source, Path(target), fmt, backend, _Reporter(queue, index), cache)
    except FitcliError as exc:
        return ExportFailure(spec, str(exc))
    except Exception as exc:  # one input's fault must not stop the others
        return ExportFailure(spec, f"unexpected error on {node_name()}: {type(exc).__name__}: {exc}")

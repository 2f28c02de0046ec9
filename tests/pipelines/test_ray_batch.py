"""Batches on a local Ray cluster (``ray.init()`` in this process): the same counts, rows and
journal as the local process pool; a worker that cannot see a file or gets a damaged model says so
and the other videos go on. The CLI against `ray start` clusters is in tests/cli/test_ray_cluster.py."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from fitcli.errors import UsageError
from fitcli.pipelines.analyze import run_analyze
from fitcli.pipelines.batch import BatchOptions, analyze_many

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
CLIPS = sorted(SAMPLES.glob("*.mp4"))
MODEL = "movenet-lightning"


def _exercise(clip: Path) -> str:
    return str(json.loads(clip.with_suffix(".json").read_text())["exercise"])


@pytest.fixture(scope="module")
def local_ray(ray_module):
    """A private 2-CPU Ray cluster for this module, shut down at its end ("local": a new one, even
    when a `ray start` cluster runs on this machine, which a bare ray.init() would join)."""
    ray_module.init(
        "local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False
    )
    try:
        yield ray_module
    finally:
        ray_module.shutdown()


def journal_contents(db: Path) -> list[tuple]:
    """Every session with its reps, without what differs between two runs (ids, created time)."""
    from fitcli.met.journal import Journal

    journal = Journal(db)
    rows = []
    for s in journal.list_sessions("kim"):
        full = journal.get_session(s.id)
        reps = tuple(
            (r.index, r.start_s, r.turn_s, r.end_s, r.rom, r.confidence, r.form) for r in full.rep_records
        )
        rows.append((s.user, s.exercise, s.source, s.start, s.end, s.reps, s.kcal, s.met_code, s.model, reps))
    return sorted(rows)


def _batches(db: Path, ray_address: str | None) -> list[dict]:
    """Each sample clip counted as its own exercise (all four at once as squats, two at a time, is
    in tests/cli/test_ray_cluster.py)."""
    from fitcli.pipelines.workout import analysis_row

    rows = []
    plan = [([c], _exercise(c)) for c in CLIPS]
    for clips, exercise in plan:
        report = run_analyze(
            [str(c) for c in clips], BatchOptions(exercise, MODEL), jobs=2, journal_path=db,
            user="kim", ray_address=ray_address,
        )  # fmt: skip
        assert not report.failures, report.failures
        rows += [analysis_row(i.analysis) for i in report.items if i.analysis is not None]
    for row in rows:
        row.pop("speed_x")
    return rows


@pytest.mark.ray
@pytest.mark.models
def test_ray_counts_and_stores_exactly_what_the_local_pool_does(local_ray, tmp_path, require_model):
    require_model(MODEL)
    local_rows = _batches(tmp_path / "local.duckdb", None)
    ray_rows = _batches(tmp_path / "ray.duckdb", "auto")
    assert ray_rows == local_rows
    for clip in CLIPS:  # each clip counted as its own exercise: the true count
        row = next(r for r in local_rows if r["video"] == clip.name and r["exercise"] == _exercise(clip))
        assert row["reps"] == json.loads(clip.with_suffix(".json").read_text())["reps"]
    ray_journal = journal_contents(tmp_path / "ray.duckdb")
    assert ray_journal == journal_contents(tmp_path / "local.duckdb")
    assert len(ray_journal) == 4


@pytest.mark.ray
@pytest.mark.models
def test_a_video_the_workers_cannot_see_is_one_failed_row_and_the_others_are_counted(
    local_ray, tmp_path, require_model
):
    require_model(MODEL)
    gone = str(tmp_path / "not_shared.mp4")  # as on a node that does not mount the driver's folder
    items = analyze_many(
        [gone, str(SAMPLES / "squat_front.mp4")], BatchOptions("squat", MODEL), None, None, "auto"
    )
    assert items[0].video == gone and not items[0].ok
    assert f"video {gone} is not on Ray node" in str(items[0].error) and "shared folder" in str(
        items[0].error
    )
    assert items[1].ok and items[1].analysis is not None and items[1].analysis.reps == 5


@pytest.mark.ray
@pytest.mark.models
def test_a_model_damaged_on_the_way_is_refused_by_the_worker(local_ray, tmp_path, require_model):
    from fitcli.models.registry import MODELS
    from fitcli.pipelines.batch import BatchItem
    from fitcli.pipelines.ray_batch import ModelParcel, analyze_task, run_tasks

    require_model(MODEL)
    data = Path(str(MODELS[MODEL].path())).read_bytes()
    parcel = ModelParcel(MODEL, "0" * 64, [local_ray.put(data[:-10])])
    video = str(SAMPLES / "squat_front.mp4")
    (item,) = run_tasks(
        local_ray, analyze_task, [(video, BatchOptions("squat", MODEL), parcel, "")], None, None,
        lambda i, why: BatchItem(video, None, why),
    )  # fmt: skip
    assert (
        not item.ok and f"model {MODEL} reached Ray node" in str(item.error) and "damaged" in str(item.error)
    )


@pytest.mark.ray
@pytest.mark.models
def test_keypoints_cached_on_the_cluster_are_reused_on_a_recount(local_ray, tmp_path, require_model):
    require_model(MODEL)
    cache = tmp_path / "kp"
    video = [str(SAMPLES / "pushup_side.mp4")]
    first = analyze_many(video, BatchOptions("push-up", MODEL, keypoint_cache=str(cache)), None, None, "auto")
    assert len(list(cache.iterdir())) == 1
    stamp = next(cache.iterdir()).stat().st_mtime_ns
    recount = analyze_many(video, BatchOptions("squat", MODEL, keypoint_cache=str(cache)), None, None, "auto")
    assert next(cache.iterdir()).stat().st_mtime_ns == stamp  # read, not written again
    assert first[0].analysis is not None and recount[0].analysis is not None
    assert first[0].analysis.result.frames == recount[0].analysis.result.frames


def _model_loads_of_this_worker(parcel):  # type: ignore[no-untyped-def]
    import os

    from fitcli.pipelines.ray_batch import worker_backend, worker_loads

    worker_backend(parcel)
    return os.getpid(), worker_loads()


@pytest.mark.ray
@pytest.mark.models
def test_a_worker_builds_its_model_once_however_many_videos_it_runs(local_ray, require_model):
    from fitcli.pipelines.ray_batch import ship_model

    require_model(MODEL)
    parcel = ship_model(local_ray, MODEL)
    task = local_ray.remote(num_cpus=1)(_model_loads_of_this_worker)
    done = local_ray.get([task.remote(parcel) for _ in range(8)])
    per_worker: dict[int, list[int]] = {}
    for pid, loads in done:
        per_worker.setdefault(pid, []).append(loads)
    assert any(len(runs) > 1 for runs in per_worker.values()), per_worker  # workers were reused
    assert all(max(runs) == 1 for runs in per_worker.values()), per_worker


def test_without_ray_installed_the_option_is_one_line_saying_how_to_get_it(monkeypatch):
    from fitcli.pipelines.ray_batch import import_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    with pytest.raises(UsageError) as info:
        import_ray()
    assert (
        str(info.value)
        == "--ray-address needs Ray, which is not installed - install it with: pip install 'fitcli[ray]'"
    )


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("", "--ray-address '' is empty"),
        ("headnode", "--ray-address 'headnode' is not HOST:PORT"),
        ("10.0.0.5:notaport", "is not HOST:PORT"),
        ("127.0.0.1:99999", "is not HOST:PORT"),
        ("127.0.0.1:1", "no Ray cluster answers at 127.0.0.1:1"),
    ],
)
def test_bad_addresses_are_refused_in_seconds(address, says):
    from fitcli.pipelines.ray_batch import check_address

    with pytest.raises(UsageError) as info:
        check_address(address)
    assert says in str(info.value)


def test_a_worker_that_does_not_see_the_output_folder_says_so(tmp_path):
    from fitcli.pipelines import ray_batch

    with ray_batch.shared_marks([str(tmp_path)]) as mark:
        ray_batch.check_shared([str(tmp_path)], mark, "output folder")  # the driver's own folder
    assert list(tmp_path.iterdir()) == []  # the mark is gone after the batch
    with pytest.raises(UsageError, match="is not the driver's folder on Ray node"):
        ray_batch.check_shared([str(tmp_path)], mark, "output folder")


def test_ray_refusals_at_connection_are_one_line_naming_the_address():
    from fitcli.pipelines.ray_batch import connect_error

    none_here = connect_error("auto", ConnectionError("Could not find any running Ray instance."))
    assert str(none_here).startswith("no running Ray cluster found on this machine (--ray-address auto)")
    refused = connect_error("10.0.0.5:6379", ConnectionError("Failed to connect"))
    refused.__cause__ = None
    token = RuntimeError("Failed to connect to GCS")
    token.__cause__ = Exception("RPC error: InvalidAuthToken: Authentication token is missing")
    wants = connect_error("10.0.0.5:6379", ConnectionError("Failed to connect to Ray cluster"))
    assert "cannot connect to the Ray cluster at 10.0.0.5:6379" in str(refused)
    chained = ConnectionError("Failed to connect to Ray cluster")
    chained.__cause__ = token
    assert "wants an authentication token" in str(connect_error("10.0.0.5:6379", chained))
    assert "RAY_AUTH_MODE=token" in str(connect_error("10.0.0.5:6379", chained))
    assert "cannot connect" in str(wants)

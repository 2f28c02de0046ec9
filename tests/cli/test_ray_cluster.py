"""`fitcli analyze` and `fitcli export` against a Ray cluster started the way a user starts one:
`ray start --head` plus a second node (`ray start --address`) on this machine, one CPU each. The
same rows, journal and files as the local pool; a worker killed with SIGKILL mid-batch loses and
duplicates nothing; bad addresses are one line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ray_support import free_port, start_cluster, stop_cluster, token_env

from fitcli.paths import models_dir

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
MODEL = "movenet-lightning"
pytestmark = [pytest.mark.ray, pytest.mark.models]


@pytest.fixture(scope="module")
def cluster(ray_module, tmp_path_factory):
    """Two Ray nodes of one CPU each on this machine (a head and a second node), with token
    authentication as Ray recommends; yields (address, environment for fitcli); stopped at the end
    by the ids of its own processes."""
    home = tmp_path_factory.mktemp("home")
    (home / "models").symlink_to(models_dir().resolve())
    env = {**os.environ, "FITCLI_HOME": str(home), **token_env()}
    env.pop("RAY_ADDRESS", None)
    port = start_cluster(env, nodes=2, cpus=1)
    try:
        yield f"127.0.0.1:{port}", env
    finally:
        stop_cluster(port)


def _fitcli(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess[str]:
    code = "import sys; from fitcli.cli.main import run; sys.argv[0] = 'fitcli'; run()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=600, **kw
    )


def _rows(stdout: str) -> list[dict]:
    rows = json.loads(stdout)
    for row in rows:
        row.pop("speed_x")
    return rows


def _sessions(db: Path) -> list[tuple]:
    from fitcli.met.journal import Journal

    journal = Journal(db)
    return sorted(
        (s.source, s.start, s.reps, s.kcal, len(journal.get_session(s.id).rep_records))
        for s in journal.list_sessions()
    )


def test_the_cluster_counts_and_stores_what_the_local_pool_does(cluster, tmp_path):
    address, env = cluster
    clips = [str(p) for p in sorted(SAMPLES.glob("*.mp4"))]
    base = ["analyze", *clips, "-e", "squat", "-f", "json", "--no-cache", "--export", "json"]
    local = _fitcli(
        [*base, "-j", "2", "--db", str(tmp_path / "l.duckdb"), "--out", str(tmp_path / "lo")], env
    )
    on_ray = _fitcli(
        [*base, "--ray-address", address, "--db", str(tmp_path / "r.duckdb"), "--out", str(tmp_path / "ro")],
        env,
    )
    assert local.returncode == 0, local.stderr
    assert on_ray.returncode == 0, on_ray.stderr
    assert _rows(on_ray.stdout) == _rows(local.stdout)
    assert "saved 1 session(s)" in on_ray.stderr and "Traceback" not in on_ray.stderr
    assert _sessions(tmp_path / "r.duckdb") == _sessions(tmp_path / "l.duckdb")
    names = sorted(p.name for p in (tmp_path / "ro").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "lo").iterdir())  # no temporary files, no marks
    for name in names:
        assert (tmp_path / "ro" / name).read_bytes() == (tmp_path / "lo" / name).read_bytes()


def test_export_on_the_cluster_writes_the_files_a_local_export_writes(cluster, tmp_path):
    address, env = cluster
    clips = [str(p) for p in sorted(SAMPLES.glob("*.mp4"))]
    base = ["export", *clips, "--format", "parquet", "--no-cache"]
    local = _fitcli([*base, "--out", str(tmp_path / "local"), "--threads", "1"], env)
    on_ray = _fitcli([*base, "--out", str(tmp_path / "ray"), "--ray-address", address], env)
    assert local.returncode == 0 and on_ray.returncode == 0, on_ray.stderr
    assert on_ray.stdout.split() == [str(tmp_path / "ray" / f"{Path(c).stem}.parquet") for c in clips]
    from fitcli.pose import PoseTrack

    for clip in clips:
        name = f"{Path(clip).stem}.parquet"
        a, b = PoseTrack.load(tmp_path / "local" / name), PoseTrack.load(tmp_path / "ray" / name)
        assert (a.keypoints == b.keypoints).all() and a.meta == b.meta
    assert sorted(p.name for p in (tmp_path / "ray").iterdir()) == sorted(
        f"{Path(c).stem}.parquet" for c in clips
    )


def _busy_worker(deadline: float) -> int:
    """The pid of a Ray worker process while it runs a video (its title is ray::analyze_task)."""
    while time.monotonic() < deadline:
        ps = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
        for line in ps.splitlines():
            pid, _, args = line.strip().partition(" ")
            if args.startswith("ray::analyze_task"):
                return int(pid)
        time.sleep(0.05)
    raise AssertionError("no Ray worker ever ran a video")


def test_a_worker_killed_mid_batch_loses_nothing_and_stores_nothing_twice(cluster, tmp_path):
    address, env = cluster
    videos = []
    for i in range(4):  # four workouts (distinct files and times) of five squats each
        copy = tmp_path / "in" / f"squat_{i}.mp4"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(SAMPLES / "squat_front.mp4", copy)
        os.utime(copy, (1_700_000_000 + 3600 * i, 1_700_000_000 + 3600 * i))
        videos.append(str(copy))
    db, out = tmp_path / "j.duckdb", tmp_path / "out"
    args = [
        "analyze",
        *videos,
        "-e",
        "squat",
        "-f",
        "json",
        "--no-cache",
        "--export",
        "csv",
        "--out",
        str(out),
    ]
    args += ["--ray-address", address, "--db", str(db)]
    code = "import sys; from fitcli.cli.main import run; sys.argv[0] = 'fitcli'; run()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        victim = _busy_worker(time.monotonic() + 120)
        os.kill(victim, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert stdout.strip().startswith("["), stdout[:600]
    rows = _rows(stdout)
    assert sorted(r["video"] for r in rows) == [f"squat_{i}.mp4" for i in range(4)]
    assert [r["reps"] for r in rows] == [5, 5, 5, 5]
    sessions = _sessions(db)
    assert len(sessions) == 4 and len({s[0] for s in sessions}) == 4
    expected = sorted([f"squat_{i}.csv" for i in range(4)] + [f"squat_{i}.reps.csv" for i in range(4)])
    assert sorted(p.name for p in out.iterdir()) == expected  # nothing half-written, no temporary file
    from fitcli.pose import PoseTrack

    for i in range(4):
        assert len(PoseTrack.load(out / f"squat_{i}.csv")) == 430
        assert len((out / f"squat_{i}.reps.csv").read_text().strip().splitlines()) == 6
    again = _fitcli(args, env)  # the same batch again: each video is in the journal once
    assert again.returncode == 0, again.stderr
    assert "4 video(s) already in the journal" in again.stderr
    assert _sessions(db) == sessions


def test_an_address_where_no_cluster_runs_is_one_line(cluster, tmp_path):
    _, env = cluster
    port = free_port()
    r = _fitcli(
        ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", "squat", "--ray-address", f"127.0.0.1:{port}"],
        env,
    )
    assert r.returncode == 2
    assert r.stderr.strip() == (
        f"error: no Ray cluster answers at 127.0.0.1:{port} (Connection refused) - start one there with "
        "`ray start --head`, or check the address and the firewall"
    )

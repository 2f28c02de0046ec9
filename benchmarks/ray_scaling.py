"""Frames per second of `fitcli analyze` against the CPUs Ray gives it, and Ray's overhead against
the local process pool on the same clips, in one run (issue 11: overhead target <= 10%).

Configurations, each timed around the same library call as the command (``analyze_many``: poses,
counting, no journal, no keypoint cache), after its cluster is up (the start is shown apart):

- local pool, 1 and 2 processes (``--jobs``), the default without ``--ray-address``;
- Ray, one node with 1 and 2 CPUs (``ray.init(num_cpus=N)``, what ``--ray-address local`` starts);
- Ray, 2 nodes of 1 CPU each on this machine (``ray start --head`` + ``ray start --address``).

    python benchmarks/ray_scaling.py [VIDEO_OR_FOLDER ...] [--exercise squat] [--model NAME] [--repeats 1]

Default videos: the real clips in ../shared/data/videos (23 clips, all counted as one exercise:
the speed does not depend on it). Prints a Markdown table and the overhead of Ray against the
local pool at the same CPU count.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fitcli.pipelines.batch import BatchOptions, analyze_many, expand_inputs

REPO = Path(__file__).resolve().parents[1]
REAL_CLIPS = REPO.parent / "shared" / "data" / "videos"
RAY = str(Path(sys.executable).parent / "ray")


def _timed(run: Callable[[], list], repeats: int) -> tuple[float, int]:
    walls, frames = [], 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        items = run()
        walls.append(time.perf_counter() - t0)
        failed = [i for i in items if not i.ok]
        if failed:
            raise SystemExit(f"{len(failed)} video(s) failed: {failed[0].video}: {failed[0].error}")
        frames = sum(i.analysis.result.frames for i in items)
    return statistics.median(walls), frames


def _local(videos: list[str], options: BatchOptions, jobs: int, repeats: int) -> dict:
    wall, frames = _timed(lambda: analyze_many(videos, options, jobs), repeats)
    return {
        "where": f"local pool, {jobs} process(es)",
        "cpus": jobs,
        "start_s": 0.0,
        "wall_s": wall,
        "frames": frames,
    }


def _ray_one_node(videos: list[str], options: BatchOptions, cpus: int, repeats: int) -> dict:
    import ray

    t0 = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    start = time.perf_counter() - t0
    try:
        wall, frames = _timed(lambda: analyze_many(videos, options, None, None, "auto"), repeats)
    finally:
        ray.shutdown()
    return {
        "where": f"Ray, 1 node x {cpus} CPU",
        "cpus": cpus,
        "start_s": start,
        "wall_s": wall,
        "frames": frames,
    }


def _ray_two_nodes(videos: list[str], options: BatchOptions, repeats: int) -> dict:
    import ray

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env = {**os.environ, **token}
    node = ["--num-cpus=1", "--disable-usage-stats", "--node-ip-address=127.0.0.1"]
    t0 = time.perf_counter()
    try:
        subprocess.run([RAY, "start", "--head", f"--port={port}", "--include-dashboard=false", *node],
                       env=env, check=True, capture_output=True)  # fmt: skip
        subprocess.run(
            [RAY, "start", f"--address=127.0.0.1:{port}", *node], env=env, check=True, capture_output=True
        )
        os.environ.update(token)
        ray.init(address=f"127.0.0.1:{port}", logging_level=logging.ERROR, log_to_driver=False)
        start = time.perf_counter() - t0
        wall, frames = _timed(lambda: analyze_many(videos, options, None, None, "auto"), repeats)
        ray.shutdown()
    finally:
        subprocess.run([RAY, "stop", "--force"], env=env, capture_output=True)
    return {"where": "Ray, 2 nodes x 1 CPU", "cpus": 2, "start_s": start, "wall_s": wall, "frames": frames}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", nargs="*", default=[str(REAL_CLIPS)])
    parser.add_argument("--exercise", default="squat")
    parser.add_argument("--model", default="movenet-lightning")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    videos = expand_inputs(args.videos)
    options = BatchOptions(args.exercise, args.model)
    rows = [
        _local(videos, options, 1, args.repeats),
        _ray_one_node(videos, options, 1, args.repeats),
        _local(videos, options, 2, args.repeats),
        _ray_one_node(videos, options, 2, args.repeats),
        _ray_two_nodes(videos, options, args.repeats),
    ]
    print(
        f"{len(videos)} videos, {rows[0]['frames']} frames, {args.model}, median of {args.repeats} run(s)\n"
    )
    print(
        "| where the videos run | worker CPUs | cluster start s | batch wall s | frames/s | vs local pool, same CPUs |"
    )
    print("|---|---|---|---|---|---|")
    local = {r["cpus"]: r["wall_s"] for r in rows if r["where"].startswith("local")}
    for r in rows:
        overhead = (
            "" if r["where"].startswith("local") else f"{100 * (r['wall_s'] / local[r['cpus']] - 1):+.1f}%"
        )
        print(
            f"| {r['where']} | {r['cpus']} | {r['start_s']:.1f} | {r['wall_s']:.1f} | "
            f"{r['frames'] / r['wall_s']:.0f} | {overhead} |"
        )


if __name__ == "__main__":
    main()

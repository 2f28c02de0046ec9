"""Frames per second of `fitcli analyze` against the CPUs Ray gives it, and Ray's overhead against
the local process pool on the same clips, in one run (issue 11: overhead target <= 10%).

Configurations, each timed around the same library call as the command (``analyze_many``: poses,
counting, no journal, no keypoint cache), after its cluster is up (the start is shown apart):

- local pool, 1 and 2 processes (``--jobs``), the default without ``--ray-address``;
- Ray, one node with 1 and 2 CPUs (``ray.init(num_cpus=N)``, what ``--ray-address local`` starts);
- Ray, 2 nodes of 1 CPU each on this machine (``ray start --head`` + ``ray start --address``).

    python benchmarks/ray_scaling.py [VIDEO_OR_FOLDER ...] [--rounds 2] [--exercise squat] [--model NAME]

Default videos: the real clips in ../shared/data/videos (23 clips, all counted as one exercise:
the speed does not depend on it). Prints a Markdown table and the overhead of Ray against the
local pool at the same CPU count.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fitcli.pipelines.batch import BatchOptions, analyze_many, expand_inputs

REPO = Path(__file__).resolve().parents[1]
REAL_CLIPS = REPO.parent / "shared" / "data" / "videos"


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
    ray.init(
        "local", num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False
    )
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
    sys.path.insert(0, str(REPO / "tests" / "cli"))
    from ray_support import start_cluster, stop_cluster, token_env

    token = token_env()
    os.environ.update(token)  # before Ray is imported: it reads its auth settings then
    t0 = time.perf_counter()
    port = start_cluster({**os.environ}, nodes=2, cpus=1)
    try:
        import ray

        ray.init(address=f"127.0.0.1:{port}", logging_level=logging.ERROR, log_to_driver=False)
        start = time.perf_counter() - t0
        wall, frames = _timed(lambda: analyze_many(videos, options, None, None, "auto"), repeats)
        ray.shutdown()
    finally:
        stop_cluster(port)  # this cluster's processes only, never another run's
    return {"where": "Ray, 2 nodes x 1 CPU", "cpus": 2, "start_s": start, "wall_s": wall, "frames": frames}


CONFIGS = ("local-1", "ray-1", "local-2", "ray-2", "ray-2-nodes")


def _measure(config: str, videos: list[str], options: BatchOptions, repeats: int) -> dict:
    if config.startswith("local-"):
        return _local(videos, options, int(config[-1]), repeats)
    if config == "ray-2-nodes":
        return _ray_two_nodes(videos, options, repeats)
    return _ray_one_node(videos, options, int(config[-1]), repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", nargs="*", default=[str(REAL_CLIPS)])
    parser.add_argument("--exercise", default="squat")
    parser.add_argument("--model", default="movenet-lightning")
    parser.add_argument("--repeats", type=int, default=1, help="runs of each configuration in its process")
    parser.add_argument("--rounds", type=int, default=2, help="rounds over all configurations (medians)")
    parser.add_argument("--only", choices=CONFIGS, help="measure one configuration, print it as JSON")
    args = parser.parse_args()
    videos = expand_inputs(args.videos)
    options = BatchOptions(args.exercise, args.model)
    if args.only:
        print(json.dumps(_measure(args.only, videos, options, args.repeats)))
        return
    runs: dict[str, list[dict]] = {c: [] for c in CONFIGS}
    # Configurations take turns, round after round, so a change of load on a shared machine falls on
    # all of them alike; each runs in a fresh process (no Ray state or token carried over).
    for _ in range(args.rounds):
        for config in CONFIGS:
            cmd = [sys.executable, __file__, *videos, "--exercise", args.exercise, "--model", args.model]
            cmd += ["--repeats", str(args.repeats), "--only", config]
            load = os.getloadavg()[0]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise SystemExit(f"{config} failed:\n{proc.stderr[-2000:]}")
            runs[config].append({**json.loads(proc.stdout.strip().splitlines()[-1]), "load": load})
    _table(runs, len(videos), args)


def _table(runs: dict[str, list[dict]], n_videos: int, args: argparse.Namespace) -> None:
    rows = []
    for done in runs.values():
        wall = statistics.median(r["wall_s"] for r in done)
        rows.append({**done[0], "wall_s": wall, "walls": [r["wall_s"] for r in done],
                     "load": statistics.mean(r["load"] for r in done)})  # fmt: skip
    cpus = os.cpu_count()
    print(f"{n_videos} videos, {rows[0]['frames']} frames, {args.model}, {cpus} cores, "
          f"median of {args.rounds} round(s)\n")  # fmt: skip
    print("| where the videos run | worker CPUs | cluster start s | batch wall s (runs) | frames/s | "
          "vs local pool, same CPUs | load avg at start |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    local = {r["cpus"]: r["wall_s"] for r in rows if r["where"].startswith("local")}
    for r in rows:
        overhead = (
            "" if r["where"].startswith("local") else f"{100 * (r['wall_s'] / local[r['cpus']] - 1):+.1f}%"
        )
        walls = ", ".join(f"{w:.1f}" for w in r["walls"])
        print(
            f"| {r['where']} | {r['cpus']} | {r['start_s']:.1f} | {r['wall_s']:.1f} ({walls}) | "
            f"{r['frames'] / r['wall_s']:.0f} | {overhead} | {r['load']:.1f} |"
        )


if __name__ == "__main__":
    main()

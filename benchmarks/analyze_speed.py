"""How much faster than real time `fitcli analyze` counts reps (issue target: >= 5x on 640x480, 30 fps).

Runs the same library call as the command (no journal writes), over the sample clips by default,
and prints video seconds, wall seconds and the real-time factor, whole run and per video.

    python benchmarks/analyze_speed.py [VIDEO ...] [--exercise squat] [--jobs N] [--model NAME] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from fitcli.pipelines.batch import BatchOptions, analyze_many, default_jobs

SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", nargs="*", default=sorted(str(p) for p in SAMPLES.glob("*.mp4")))
    parser.add_argument("--exercise", default="squat")
    parser.add_argument("--model", default="movenet-lightning")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    options = BatchOptions(args.exercise, args.model)
    walls, items = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        items = analyze_many(args.videos, options, args.jobs)
        walls.append(time.perf_counter() - t0)
    video_s = sum(i.analysis.duration_s for i in items if i.analysis)
    wall = statistics.median(walls)
    per_video = {Path(i.video).name: round(i.analysis.speed_x, 1) for i in items if i.analysis is not None}
    print(
        json.dumps(
            {
                "model": args.model,
                "jobs": args.jobs,
                "videos": len(items),
                "video_seconds": round(video_s, 2),
                "wall_seconds_median": round(wall, 2),
                "realtime_factor": round(video_s / wall, 1),
                "per_video_realtime_factor_in_worker": per_video,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

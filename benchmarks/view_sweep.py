"""The 3-D view sweep: count every exercise from every camera angle (issue 10, section 4).

Builds the figure's keypoint tracks for every case of ``fitcli.pipelines.view_sweep.sweep_cases``
(true keypoints with a model's kind of noise, or with ``--render`` the default pose model run on
rendered frames), counts each with ``count_track`` and prints a table of exact counts, exercise and
variant x elevation (rows) by azimuth (columns), then every failing case. It is a measurement:
the exit code is 0 whatever the counts.

    python benchmarks/view_sweep.py [--exercise squat] [--seeds 2] [--first-seed 0] [--json out.json] [--render]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.exercises.recorded import count_track
from fitcli.pipelines.view_sweep import (
    FPS,
    VARIANTS,
    SweepCase,
    SweepScene,
    sweep_cases,
    sweep_exclusions,
    sweep_scene,
    sweep_track,
)
from fitcli.pose import PoseTrack

_BACKEND: Any = None


def rendered_track(scene: SweepScene, model: str | None) -> PoseTrack:
    """Render every frame and run the pose model on it (slow: about 10 ms a frame)."""
    global _BACKEND
    from fitcli.models import load_backend
    from fitcli.pipelines.figure import render
    from fitcli.pipelines.view_sweep import track_meta

    if _BACKEND is None:
        _BACKEND = load_backend(model, threads=1, video=True)
    if hasattr(_BACKEND, "reset"):
        _BACKEND.reset()
    kps = []
    for pose in scene.poses:
        bgr = render(pose, scene.view, boxes=scene.boxes)
        kps.append(np.asarray(_BACKEND(np.ascontiguousarray(bgr[:, :, ::-1])), np.float32)[:, :3])
    return PoseTrack(np.stack(kps), scene.times, np.arange(len(kps)), track_meta(scene))


def run_group(cases: list[SweepCase], render: bool, model: str | None) -> list[dict[str, Any]]:
    """Count the cases of one (exercise, variant, seed): they share the figure's poses."""
    rows = []
    for case in cases:
        result = sweep_track(case)
        track = rendered_track(sweep_scene(case), model) if render else result.track
        found = count_track(track, case.exercise)
        rows.append(
            {
                "exercise": case.exercise,
                "variant": case.variant,
                "azimuth_deg": case.azimuth_deg,
                "elevation_deg": case.elevation_deg,
                "seed": case.seed,
                "true": result.true_reps,
                "predicted": found.reps,
                "partial_reps": case.partial_reps,
                "pause_s": None if case.pause is None else round(case.pause[1], 2),
                "tempo": round(case.tempo, 2),
                "frames": len(track),
                "turns_s": [round(e.turn_s, 2) for e in found.events],
                "true_turns_s": [r.turn_s for r in result.rep_times],
                # timed holds: the seconds held, counted and true
                "held_s": None if found.held_s is None else round(found.held_s, 2),
                "true_held_s": round(result.true_held_s, 2) if found.held_s is not None else None,
            }
        )
    return rows


def run(cases: list[SweepCase], render: bool, model: str | None, jobs: int) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str, int], list[SweepCase]] = defaultdict(list)
    for case in cases:
        groups[(case.exercise, case.variant, case.seed)].append(case)
    if jobs <= 1:
        return [row for group in groups.values() for row in run_group(group, render, model)]
    with ProcessPoolExecutor(jobs) as pool:
        futures = [pool.submit(run_group, group, render, model) for group in groups.values()]
        return [row for f in futures for row in f.result()]


# A hold's seconds are right when within this of the truth per hold: getting into and out of the
# posture takes 0.6 s (``synthetic.HOLD_RAMP_S``) and the posture check passes somewhere in it.
HOLD_TOLERANCE_S = 0.5


def exact(row: dict[str, Any]) -> bool:
    """The count is right (for a hold: the number of holds, and the seconds held within tolerance)."""
    if row["predicted"] != row["true"]:
        return False
    if row.get("held_s") is None:
        return True
    return bool(abs(row["held_s"] - row["true_held_s"]) <= HOLD_TOLERANCE_S * max(1, row["true"]))


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown: one row per exercise/variant and elevation, one column per azimuth, exact/total."""
    azimuths = sorted({r["azimuth_deg"] for r in rows})
    cells: dict[tuple[str, float], dict[float, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        key = (f"{r['exercise']}/{r['variant']}", r["elevation_deg"])
        cells[key][r["azimuth_deg"]].append(exact(r))
    head = "| exercise/variant | elev | " + " | ".join(f"az {a:g}" for a in azimuths) + " | all |"
    lines = [head, "|---|---|" + "---|" * (len(azimuths) + 1)]
    for (name, elev), by_az in cells.items():
        parts = [f"{sum(by_az[a])}/{len(by_az[a])}" if by_az[a] else "-" for a in azimuths]
        every = [ok for oks in by_az.values() for ok in oks]
        lines.append(f"| {name} | {elev:g} | " + " | ".join(parts) + f" | {sum(every)}/{len(every)} |")
    return "\n".join(lines)


def summary(rows: list[dict[str, Any]]) -> str:
    right = sum(exact(r) for r in rows)
    errors = [abs(r["predicted"] - r["true"]) for r in rows]
    lines = ["| exercise | exact | MAE (reps) | over | under |", "|---|---|---|---|---|"]
    by_ex: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_ex[r["exercise"]].append(r)
    for ex, rs in by_ex.items():
        ok = sum(exact(r) for r in rs)
        over = sum(r["predicted"] > r["true"] for r in rs)
        under = sum(r["predicted"] < r["true"] for r in rs)
        mae = np.mean([abs(r["predicted"] - r["true"]) for r in rs])
        lines.append(f"| {ex} | {ok}/{len(rs)} | {mae:.2f} | {over} | {under} |")
    lines.append(f"\nview sweep: {right} of {len(rows)} exact (MAE {np.mean(errors):.3f} reps)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--exercise", action="append", choices=sorted(VARIANTS), help="only this (repeatable)"
    )
    parser.add_argument("--seeds", type=int, default=2, help="seeds per view (default 2)")
    parser.add_argument(
        "--first-seed", type=int, default=0,
        help="first seed (default 0); seeds 2 and up are people and sets no counter was looked at with",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write every case's result")
    parser.add_argument("--render", action="store_true", help="render frames and run the pose model (slow)")
    parser.add_argument("--model", default=None, help="pose model for --render (default: fitcli's default)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    args = parser.parse_args(argv)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    cases = sweep_cases(args.exercise, seeds=seeds)
    start = time.perf_counter()
    rows = run(cases, args.render, args.model, args.jobs)
    seconds = time.perf_counter() - start
    source = "rendered frames + pose model" if args.render else "true keypoints + model-like noise"
    print(f"## View sweep: {len(rows)} cases, seeds {seeds.start}-{seeds.stop - 1}, {source}, {FPS:g} fps\n")
    print(table(rows) + "\n")
    skipped = sorted({(ex, reason) for ex, _, _, reason in sweep_exclusions(args.exercise)})
    for ex, reason in skipped:
        print(f"- not swept: {ex}: {reason}")
    failing = [r for r in rows if not exact(r)]
    print(f"\n### Failing cases ({len(failing)})\n")
    for r in failing:
        print(
            f"- {r['exercise']}/{r['variant']} az {r['azimuth_deg']:g} el {r['elevation_deg']:g} "
            f"seed {r['seed']}: predicted {r['predicted']}, true {r['true']} "
            + (f"(held {r['held_s']} s, true {r['true_held_s']} s) " if r.get("held_s") is not None else "")
            + f"(partials {r['partial_reps']}, pause {r['pause_s']}, tempo {r['tempo']})"
        )
    print("\n" + summary(rows))
    print(f"{seconds:.1f} s for {sum(r['frames'] for r in rows)} frames", file=sys.stderr)
    if args.json is not None:
        args.json.write_text(
            json.dumps({"source": source, "seconds": round(seconds, 1), "cases": rows}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

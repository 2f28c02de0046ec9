"""Speed and exactness of `fitcli analyze --people all` on the generated multi-person clips.

    python benchmarks/people_speed.py [--fps 0 15 10] [--repeats 1] [--folder DIR]

For each generated scene (``fitcli.pipelines.crowd.SCENES``: 640x480, 30 fps, two or three figures
exercising, crossing, leaving and coming back), counts every exercise an actor does with
MoveNet MultiPose at each pose rate (``--fps``; 0 = every frame, the default of the command) and
prints how many times faster than real time it ran (the clip's length over the wall time of
``analyze_people``: decoding, the model, tracking, counting, the export), whether every person's
count is exact, and the identity switches against the scene's truth (``identity_report``: a switch
is an actor followed by another id than before). Issue 12's target: >= 3x real time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from fitcli.models import load_backend
from fitcli.pipelines.crowd import SCENES, Scene, cached_scene, found_in_export, identity_report
from fitcli.pipelines.people import analyze_people


def _truth(scene: Scene, exercise: str) -> list[int]:
    return sorted(
        len(scene.reps(k)) if a.exercise == exercise else 0 for k, a in enumerate(scene.spec.actors)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, nargs="+", default=[0.0, 15.0, 10.0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "fitcli-crowd")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    backend = load_backend("movenet-multipose", video=True)
    print(f"movenet-multipose, {os.cpu_count()} cores, median of {args.repeats} run(s)\n")
    print("| scene | exercise | pose fps | x real time | counts (true) | exact | id switches |")
    print("|---|---|---|---|---|---|---|")
    for name, spec in SCENES.items():
        scene = Scene(spec)
        video = cached_scene(name, args.folder)
        for exercise in dict.fromkeys(a.exercise for a in spec.actors):
            truth = _truth(scene, exercise)
            for fps in args.fps:
                walls, found = [], []
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    out = analyze_people(
                        str(video),
                        exercise,
                        backend,
                        fps=fps or None,
                        export_fmt="csv",
                        export_dir=args.folder,
                    )
                    walls.append(time.perf_counter() - t0)
                    found = sorted(a.reps for a in out)
                    found += [0] * (len(truth) - len(found))
                speed = spec.duration_s / statistics.median(walls)
                ids = identity_report(scene, found_in_export(args.folder / f"{name}.people.csv"))
                rate = "every frame" if not fps else f"{fps:g}"
                print(
                    f"| {name} | {exercise} | {rate} | {speed:.2f} | {found} ({truth}) | "
                    f"{'yes' if found == truth else 'no'} | {ids.switches} |"
                )


if __name__ == "__main__":
    main()

"""Per-rep form facts on the real clips: what `fitcli analyze` reports for each rep of each clip.

    python benchmarks/form_facts.py [--keypoints DIR] [--reps] [--json FILE]

Counts each clip of ../shared/data/videos/manifest.csv through the counting path every command runs
(``ClipCounter``, which judges every rep's form), from recorded keypoints (default: the committed
fixtures of the default model, tests/fixtures/keypoints/real; a folder of ``<stem>.<model>.npz``
files otherwise) and prints one Markdown row per clip: the view each rep was judged from, the mean of
each form fact, the partial reps and every flag. ``--reps`` adds one row per rep.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.form import summarize_set
from fitcli.exercises.keypoint_cache import load_track
from fitcli.pose import PoseFrame

REPO = Path(__file__).resolve().parents[1]
VIDEOS = REPO.parent / "shared" / "data" / "videos"
FIXTURES = REPO / "tests" / "fixtures" / "keypoints" / "real"
MODEL = "movenet-lightning"


def judge_clip(track_path: Path, exercise: str, video: Path) -> list:
    """The clip's reps with their form; a hands-only clap clip's palms come from the hands file
    beside the keypoints (as `fitcli eval reps` reads them)."""
    track = load_track(track_path)
    counter = ClipCounter(exercise)
    size = (int(track.meta.get("width", 640)), int(track.meta.get("height", 480)))
    for i in range(len(track)):
        counter.update(PoseFrame(int(track.frames[i]), float(track.times[i]), track.keypoints[i], size))
    return list(counter.finish(video, track_path.parent).events)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keypoints", type=Path, default=FIXTURES)
    parser.add_argument("--model", default=MODEL)
    parser.add_argument("--reps", action="store_true", help="one row per rep too")
    parser.add_argument("--json", type=Path, help="write every rep's facts here")
    args = parser.parse_args()
    rows = list(csv.DictReader((VIDEOS / "manifest.csv").open(encoding="utf-8")))
    print("| clip | exercise | reps (true) | views judged | mean facts | partial | flags |")
    print("|---|---|---|---|---|---|---|")
    every: dict[str, list] = {}
    per_rep = []
    for row in rows:
        stem = Path(row["file"]).stem
        path = args.keypoints / f"{stem}.{args.model}.npz"
        if not path.is_file():
            print(f"| {stem} | {row['exercise']} | keypoints not found: {path} | | | | |")
            continue
        reps = judge_clip(path, row["exercise"], VIDEOS / row["file"])
        every[stem] = [r.as_dict() for r in reps]
        summary = summarize_set(reps)
        views = Counter(r.form.view for r in reps if r.form is not None)
        keys = [c.key for c in get_exercise(row["exercise"]).form.checks]
        facts = ", ".join(f"{k} {_fmt(summary.get(f'mean_{k}'))}" for k in keys) or "tempo only"
        flags = ", ".join(f"{f} {n}" for f, n in summary["flags"].items()) or "-"
        seen = ", ".join(f"{v} {n}" for v, n in views.items())
        print(
            f"| {stem} | {row['exercise']} | {len(reps)} ({row['reps']}) | {seen} | {facts} "
            f"| {summary['partial']} | {flags} |"
        )
        for r in reps:
            f = r.form
            facts_r = ", ".join(f"{k} {_fmt(v)}" for k, v in f.facts.items()) if f else "-"
            per_rep.append(
                f"| {stem} | {r.index} | {f.view if f else '-'} | {_fmt(f.out_s if f else None)} "
                f"| {_fmt(f.back_s if f else None)} | {facts_r} | {', '.join(f.flags) if f else '-'} |"
            )
    if args.reps:
        print("\n| clip | rep | view | out s | back s | facts | flags |\n|---|---|---|---|---|---|---|")
        print("\n".join(per_rep))
    if args.json:
        args.json.write_text(json.dumps(every, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

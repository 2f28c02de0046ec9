"""Generated clips for the pose-classifier report, and a segments CSV labelling them from the
generator's exact rep times: standing and sitting holds, squats, goblet and sumo squats.

    python benchmarks/classifier/make_clips.py OUT_DIR   # writes OUT_DIR/videos/*.mp4, OUT_DIR/synthetic_segments.csv
"""

import csv
import sys
from pathlib import Path

from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip, write_clip

root = Path(sys.argv[1])
out = root / "videos"
specs = []
for seed in range(3):
    specs += [("stand", "front", 3, 11 + seed), ("stand", "side", 3, 21 + seed)]
    specs += [("sit", v, 3, 31 + seed + 10 * k) for k, v in enumerate(("side", "front", "oblique"))]
    specs += [("squat", "front", 5, 61 + seed), ("squat", "side", 5, 71 + seed)]
for seed in range(2):
    specs += [
        (ex, v, 5, 81 + seed + 10 * k)
        for k, (ex, v) in enumerate(
            [
                ("goblet-squat", "front"),
                ("goblet-squat", "oblique"),
                ("sumo-squat", "front"),
                ("sumo-squat", "oblique"),
            ]
        )
    ]
rows = []
for ex, view, reps, seed in specs:
    clip = SyntheticClip(ClipSpec(ex, view, reps, seed))
    path = out / f"{ex}_{view}_{seed}.mp4"
    if not path.exists():
        write_clip(clip, path)
    if ex in ("stand", "sit"):
        rows.append((path, 0, "", "standing" if ex == "stand" else "sitting"))
        continue
    r = clip.reps
    rows.append((path, 0, round(r[0].start_s - 0.1, 3), "standing"))
    for a, b in zip(r, r[1:], strict=False):
        if b.start_s - a.end_s > 0.5:
            rows.append((path, round(a.end_s + 0.1, 3), round(b.start_s - 0.1, 3), "standing"))
    rows.append((path, round(r[-1].end_s + 0.1, 3), "", "standing"))
    for rep in r:  # the bottom: motion amount >= ~0.85 of the rep's depth
        rows.append(
            (
                path,
                round(rep.turn_s - 0.25 * (rep.turn_s - rep.start_s), 3),
                round(rep.turn_s + 0.25 * (rep.end_s - rep.turn_s), 3),
                "squat",
            )
        )
with open(root / "synthetic_segments.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["video", "start", "end", "label"])
    w.writerows(rows)
print(len(specs), "clips,", len(rows), "segments")

"""Segments for the real clips: the manifest notes say when each squat/lunge bottom is and when the
person stands; within those windows the exact stretch is where MoveNet's knee angle says so
(squat: the knee-angle minimum near each noted bottom while both knees bend below 115 deg; standing:
knees straighter than 160 deg and hips than 150 deg inside the noted standing windows).

    python benchmarks/classifier/real_segments.py OUT_DIR [DATA_DIR]   # writes OUT_DIR/real_segments.csv
"""

import csv
import sys
from pathlib import Path

import numpy as np

from fitcli.classifier.features import joint_angles
from fitcli.models import load_backend
from fitcli.pipelines.run import estimate_poses
from fitcli.pipelines.sources import open_source

root = Path(sys.argv[1])
V = (
    str(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[3] / "shared" / "data")
    + "/videos/"
)
CLIPS = {  # file: (noted bottoms, standing windows allowed by the notes)
    "squat/squat_landmine_side_joelo.mp4": ([6.1, 8.7, 11.4, 14.0, 16.6], [(3.4, 19.3)]),
    "squat/squat_side_yuyoujiang.mp4": ([2.6, 5.6, 8.4], [(0, 9.4)]),
    "squat/sumo_squat_front_kratika.mp4": (
        [0.8, 2.8, 4.5, 6.2, 8.1, 9.9, 11.6, 13.3, 15.0, 16.5],
        [(0, 17.1)],
    ),
    "lunge/vengaza_lunges_oblique.mp4": ([], [(0, 21.2)]),
    "lunge/reverse_lunge_oblique_rnhrn.mp4": ([], [(0, 6.4)]),
}
b = load_backend(None, video=True)
rows = []


def runs(mask, t):
    out, start = [], None
    for i, m in enumerate(list(mask) + [False]):
        if m and start is None:
            start = i
        if not m and start is not None:
            out.append((t[start], t[i - 1]))
            start = None
    return out


for f, (bottoms, stand) in CLIPS.items():
    b.reset()
    ps = list(estimate_poses(open_source(V + f), b))
    t = np.array([p.time_s for p in ps])
    kp = np.stack([p.keypoints for p in ps])
    a = joint_angles(kp) * 180
    knee = np.convolve(a[:, [3, 7]].mean(1), np.ones(5) / 5, "same")
    hip = np.convolve(a[:, [2, 6]].mean(1), np.ones(5) / 5, "same")
    for bt in bottoms:
        w = (t >= bt - 0.8) & (t <= bt + 0.5)
        i = np.flatnonzero(w)[np.argmin(knee[w])]
        lo = hi = i
        while lo > 0 and knee[lo - 1] < 115:
            lo -= 1
        while hi < len(t) - 1 and knee[hi + 1] < 115:
            hi += 1
        if knee[i] < 115:
            rows.append((V + f, round(t[lo], 2), round(t[hi], 2), "squat"))
    for s0, s1 in stand:
        w = (t >= s0) & (t <= s1)
        for r0, r1 in runs(w & (knee > 160) & (hip > 150), t):
            if r1 - r0 >= 0.2:
                rows.append((V + f, round(r0, 2), round(r1, 2), "standing"))
with open(root / "real_segments.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["video", "start", "end", "label"])
    w.writerows(rows)
for r in rows:
    print(r[0].split("/")[-1], *r[1:])

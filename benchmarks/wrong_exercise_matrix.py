"""Cross-exercise matrix: count every recorded fixture clip with every exercise.

A counter should count its own exercise and stay at 0 on clips of other exercises (posture
checks in fitcli/exercises/definitions/). Reads the committed keypoint fixtures, so no model runs.

    python benchmarks/wrong_exercise_matrix.py
"""

from __future__ import annotations

from pathlib import Path

from fitcli.exercises.catalog import exercise_names
from fitcli.exercises.keypoint_cache import load_track
from fitcli.exercises.recorded import count_track

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "keypoints"
# clip-name prefix -> the exercise the clip shows
PREFIX = {"clap": "clap", "curl": "bicep-curl", "crunch": "sit-up", "decline": "sit-up", "incline": "push-up",
          "jj": "jumping-jack", "jumping": "jumping-jack", "pullup": "pull-up", "pushup": "push-up",
          "reverse": "lunge", "vengaza": "lunge", "squat": "squat", "sumo": "squat"}  # fmt: skip


def main() -> None:
    names = exercise_names()
    for kind in ("sample", "real"):
        files = sorted(p for p in (FIXTURES / kind).glob("*.npz") if ".hands." not in p.name)
        print(f"## {kind}\n| clip | own | " + " | ".join(names) + " |\n|---|---|" + "---|" * len(names))
        wrong = 0
        for f in files:
            stem = f.name.split(".")[0]
            own = PREFIX[stem.split("_")[0]]
            track = load_track(f)
            cells = []
            for ex in names:
                n = count_track(track, ex).reps
                cells.append(f"**{n}**" if ex == own else str(n))
                wrong += ex != own and n > 0
            print(f"| {stem} | {own} | " + " | ".join(cells) + " |")
        print(f"non-zero wrong-exercise cells: {wrong}\n")


if __name__ == "__main__":
    main()

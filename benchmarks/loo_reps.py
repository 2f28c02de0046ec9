"""Leave-one-clip-out rep-count accuracy on a manifest of real clips.

The counters' thresholds come from body geometry (fitcli/exercises/definitions/), not from the clips. To
measure what the clips could still bias, the two knobs one would tune are chosen here by leave-one-
clip-out: for every clip, the combination of a scale on every exercise's range floor (``min_rom`` and
``enter``) and the self-calibration share (``rel_rom``) that counts the *other* clips best (lowest
MAE; ties go to the definitions' own values), and only then the held-out clip is counted with it. The MAE
and OBO over the held-out counts are the numbers to quote. Claps keep the study's rule (no knobs).

Counting is the path `fitcli eval reps` runs (``fitcli.exercises.video.count_video``): cached keypoints
(the committed fixtures by default, so no model runs), the exercise's counter, the hands fallback.

    python benchmarks/loo_reps.py [../shared/data/videos/manifest.csv] [--cache DIR] [--exercise NAME]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
from pathlib import Path
from typing import Any

from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.evaluate import read_manifest
from fitcli.exercises.rule import REL_ROM
from fitcli.exercises.video import count_video

REPO = Path(__file__).resolve().parents[1]
FLOOR_SCALES = (0.8, 1.0, 1.25)
REL_ROMS = (0.35, REL_ROM, 0.65)
DEFAULT = (1.0, REL_ROM)


def counter_with(exercise: str, floor_scale: float, rel_rom: float) -> Any:
    """The exercise's own kind of counter (per arm for curls), with its floor scaled and rel_rom set."""
    spec = get_exercise(exercise)
    if exercise == "clap":
        return spec.counter()
    det = spec.rule.detector
    det = dataclasses.replace(
        det, min_rom=det.min_rom * floor_scale, enter=det.enter * floor_scale, rel_rom=rel_rom
    )
    return dataclasses.replace(spec, rule=dataclasses.replace(spec.rule, detector=det)).counter()


def _error(predicted: int, true: int) -> float:
    return abs(predicted - true) / true


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "manifest", nargs="?", type=Path, default=REPO.parent / "shared/data/videos/manifest.csv"
    )
    parser.add_argument("--cache", type=Path, default=REPO / "tests/fixtures/keypoints/real")
    parser.add_argument("--model", default="movenet-lightning")
    parser.add_argument("--exercise", action="append", help="only these exercises (repeatable)")
    args = parser.parse_args()
    rows = [r for r in read_manifest(args.manifest) if not args.exercise or r.exercise in args.exercise]
    combos = list(itertools.product(FLOOR_SCALES, REL_ROMS))
    # every clip counted once with every combination; the folds only pick among these counts
    counts = {
        (i, combo): count_video(
            r.video, r.exercise, args.model, args.cache, counter=counter_with(r.exercise, *combo)
        ).reps
        for i, r in enumerate(rows)
        for combo in combos
    }

    def train_mae(held: int, combo: tuple[float, float]) -> float:
        others = [i for i in range(len(rows)) if i != held]
        return sum(_error(counts[i, combo], rows[i].reps) for i in others) / len(others)

    print("| clip | exercise | true | held-out count | floor scale | rel_rom | count with the definitions |")
    print("|---|---|---|---|---|---|---|")
    held_errors, obo, picked_default = [], [], 0
    for i, r in enumerate(rows):
        best = min(combos, key=lambda c: (train_mae(i, c), abs(c[0] - DEFAULT[0]) + abs(c[1] - DEFAULT[1])))
        predicted = counts[i, best]
        held_errors.append(_error(predicted, r.reps))
        obo.append(abs(predicted - r.reps) <= 1)
        picked_default += best == DEFAULT
        print(
            f"| {r.video.name} | {r.exercise} | {r.reps} | {predicted} | {best[0]} | {best[1]} | {counts[i, DEFAULT]} |"
        )
    n = len(rows)
    default_mae = sum(_error(counts[i, DEFAULT], r.reps) for i, r in enumerate(rows)) / n
    print(
        "\nMAE over all clips per setting (floor scale, rel_rom): "
        + ", ".join(
            f"{c}: {sum(_error(counts[i, c], r.reps) for i, r in enumerate(rows)) / n:.3f}" for c in combos
        )
    )
    print(
        f"leave-one-clip-out: MAE {sum(held_errors) / n:.3f}, OBO {sum(obo) / n:.2f} over {n} clips "
        f"(the definitions' own values won {picked_default} of {n} folds; with them everywhere: MAE {default_mae:.3f})"
    )


if __name__ == "__main__":
    main()

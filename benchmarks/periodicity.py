"""A second opinion from periodicity: what the rhythm says about every counted clip.

For each clip (the real clips of ../shared/data/videos/manifest.csv and the generated sample clips, from
their recorded keypoints in tests/fixtures/keypoints; with ``--sweep`` also every case of the 3-D view
sweep) the exercise's counter runs on the path `fitcli eval reps` runs (``ClipCounter``: the hands
fallback for claps without shoulders), ``fitcli.exercises.periodicity.rhythm_report`` judges the
count, and a table shows the truth, the count, the period and its strength, the confidence, the reps
flagged out of rhythm, the candidate missed reps and the count with the second opinion applied.

Then, per clip set:

- summary: MAE (mean |error| / truth) and OBO (share within one rep) counted and adjusted, the clips
  the adjustment made better or worse, and whether confidence separates exact counts from wrong ones
  (mean confidence of each, and the chance that an exact clip has the higher confidence: AUC).
- perturbation: on the clips counted exactly, each inner counted rep deleted in turn (is it found
  again as a missed rep?) and a second count added inside each rep (is it flagged?), with the
  candidates and flags that hit nothing.
- ``--sensitivity``: the same with looser and tighter ``RhythmRules``, to show the outcome does not
  hinge on a threshold. No threshold is fitted to these clips.

It is a measurement: the exit code is 0 whatever the numbers.

    python benchmarks/periodicity.py [--sweep] [--seeds 2] [--jobs 1] [--all] [--sensitivity] [--json OUT]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.exercises.periodicity import (
    MotionSeries,
    RhythmReport,
    RhythmRules,
    count_with_series,
    rhythm_report,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "keypoints"
REAL_MANIFEST = REPO.parent / "shared" / "data" / "videos" / "manifest.csv"
SAMPLE_MANIFEST = REPO / "sample_videos" / "manifest.csv"
MODEL = "movenet-lightning"
# A second count is added this share of the counted reps' median interval after a rep's turn (a
# wobble on the way back), for the perturbation test.
SECOND_COUNT_AT = 0.25
RULE_VARIANTS = {
    "default": RhythmRules(),
    "looser": RhythmRules(
        min_strength=0.3, out_of_rhythm=0.67, missed_gap=1.25, same_swing=0.5, same_width=3.0
    ),
    "tighter": RhythmRules(
        min_strength=0.7, out_of_rhythm=0.33, missed_gap=1.75, same_swing=0.8, same_width=1.5
    ),
}


@dataclasses.dataclass
class Clip:
    """One counted clip: its truth, what was counted and the series the rhythm is judged on."""

    set: str
    name: str
    exercise: str
    truth: int
    events: tuple[Any, ...]
    series: MotionSeries
    report: RhythmReport | None = None

    def judge(self, rules: RhythmRules) -> RhythmReport:
        return rhythm_report(self.series, self.events, rules)


# ---------------------------------------------------------------- counting


def hand_series(hands: Any) -> MotionSeries:
    """The hands clap counter's signal per frame (palm distance in palm sizes)."""
    from fitcli.exercises.hands import HandClapCounter

    counter = HandClapCounter((int(hands.meta.get("width", 0)), int(hands.meta.get("height", 0))))
    keep = np.isfinite(hands.times)
    values = [counter.signal(p) for p in hands.palms[keep]]
    return MotionSeries(hands.times[keep], [math.nan if v is None else v for v in values])


def count_recorded(kind: str, video: Path, exercise: str) -> tuple[Any, MotionSeries]:
    """Count ``video``'s recorded keypoints as `fitcli eval reps` does (``ClipCounter``, hands fallback)."""
    from fitcli.exercises.clip_counter import HANDS_FALLBACK_SHARE, ClipCounter
    from fitcli.exercises.keypoint_cache import load_track

    track = load_track(FIXTURES / kind / f"{video.stem}.{MODEL}.npz")
    clip = ClipCounter(exercise)
    result, series = count_with_series(track, clip)
    if exercise == "clap" and clip.shoulder_share < HANDS_FALLBACK_SHARE:
        from fitcli.exercises.hands import cached_hands, count_claps_from_hands

        hands = cached_hands(Path(video.name), FIXTURES / kind)  # the cache is there: no video needed
        return count_claps_from_hands(hands), hand_series(hands)
    return result, series


def recorded_clips(kind: str, manifest: Path) -> list[Clip]:
    from fitcli.exercises.evaluate import read_manifest

    clips = []
    for row in read_manifest(manifest):
        result, series = count_recorded(kind, row.video, row.exercise)
        clips.append(Clip(kind, row.video.stem, row.exercise, row.reps, tuple(result.events), series))
    return clips


def sweep_group(cases: list[Any]) -> list[Clip]:
    """Count the sweep cases of one (exercise, variant, seed); they share the figure's poses."""
    from fitcli.pipelines.view_sweep import sweep_track

    clips = []
    for case in cases:
        found = sweep_track(case)
        result, series = count_with_series(found.track, case.exercise)
        name = f"{case.exercise}/{case.variant} {case.view_name} s{case.seed}"
        clip = Clip("sweep", name, case.exercise, found.true_reps, tuple(result.events), series)
        clip.report = clip.judge(RhythmRules())  # with pose features, then they are dropped
        clip.series = MotionSeries(series.times, series.values)
        clips.append(clip)
    return clips


def sweep_clips(seeds: int, jobs: int) -> list[Clip]:
    from fitcli.pipelines.view_sweep import sweep_cases

    groups: dict[tuple[str, str, int], list[Any]] = defaultdict(list)
    for case in sweep_cases(seeds=range(seeds)):
        groups[(case.exercise, case.variant, case.seed)].append(case)
    if jobs <= 1:
        return [clip for group in groups.values() for clip in sweep_group(group)]
    with ProcessPoolExecutor(jobs) as pool:
        return [clip for f in [pool.submit(sweep_group, g) for g in groups.values()] for clip in f.result()]


# ---------------------------------------------------------------- measuring


def summary(clips: Sequence[Clip]) -> dict[str, Any]:
    """Counted vs adjusted accuracy, and how well confidence separates exact counts from wrong ones."""
    truth = np.array([c.truth for c in clips])
    counted = np.array([c.report.counted for c in clips if c.report])
    adjusted = np.array([c.report.adjusted_reps for c in clips if c.report])
    conf = np.array([c.report.confidence for c in clips if c.report])
    exact = counted == truth
    before, after = np.abs(counted - truth), np.abs(adjusted - truth)
    pairs = [(a > b) + 0.5 * (a == b) for a in conf[exact] for b in conf[~exact]]
    return {
        "clips": len(clips),
        "exact_counted": int(exact.sum()),
        "exact_adjusted": int((adjusted == truth).sum()),
        "mae_counted": round(float(np.mean(before / truth)), 4),
        "mae_adjusted": round(float(np.mean(after / truth)), 4),
        "obo_counted": round(float(np.mean(before <= 1)), 4),
        "obo_adjusted": round(float(np.mean(after <= 1)), 4),
        "better": int((after < before).sum()),
        "worse": int((after > before).sum()),
        "judged": int(sum(c.report.judged for c in clips if c.report)),
        "confidence_exact": round(float(conf[exact].mean()), 3) if exact.any() else None,
        "confidence_wrong": round(float(conf[~exact].mean()), 3) if (~exact).any() else None,
        "auc": round(float(np.mean(pairs)), 3) if pairs else None,
    }


def _renumber(events: Sequence[Any]) -> list[Any]:
    ordered = sorted(events, key=lambda e: e.turn_s)
    return [dataclasses.replace(e, index=i + 1) for i, e in enumerate(ordered)]


def perturbation(clips: Sequence[Clip], rules: RhythmRules) -> dict[str, int]:
    """On exactly counted clips: delete each inner rep (found again?), add a second count inside each
    rep (flagged?); candidates and flags that hit nothing are false."""
    out = dict.fromkeys(("deleted", "recovered", "false_missed", "added", "flagged", "false_flags"), 0)
    for clip in clips:
        events = list(clip.events)
        if len(events) != clip.truth or len(events) <= rules.min_reps:
            continue
        series = MotionSeries(clip.series.times, clip.series.values)  # pose features: reported only
        for i in range(1, len(events) - 1):
            report = rhythm_report(series, _renumber(events[:i] + events[i + 1 :]), rules)
            near = [abs(m.turn_s - events[i].turn_s) < 0.5 * (report.period_s or 0) for m in report.missed]
            out["deleted"] += 1
            out["recovered"] += any(near)
            out["false_missed"] += len(near) - any(near)
        step = SECOND_COUNT_AT * float(np.median(np.diff([e.turn_s for e in events])))
        for e in events:
            extra = dataclasses.replace(
                e, start_s=e.turn_s + step, turn_s=e.turn_s + step, end_s=e.turn_s + step
            )
            report = rhythm_report(series, _renumber([*events, extra]), rules)
            out["added"] += 1
            out["flagged"] += report.adjusted_reps == len(events)
            out["false_flags"] += max(0, len(report.out_of_rhythm) - 1) + len(report.missed)
    return out


# ---------------------------------------------------------------- printing


def _row(clip: Clip) -> str:
    r = clip.report
    assert r is not None
    missed = ", ".join(f"{m.turn_s:.1f}s" for m in r.missed) or "-"
    flags = ", ".join(str(i) for i in r.out_of_rhythm) or "-"
    period = f"{r.period_s:.2f}" if r.period_s is not None else "-"
    pose = f"{r.pose_strength:.2f}" if r.pose_strength is not None else "-"
    judged = "yes" if r.judged else f"no: {r.note}"
    return (
        f"| {clip.name} | {clip.exercise} | {clip.truth} | {r.counted} | {r.adjusted_reps} | {period} | "
        f"{r.strength:.2f} | {pose} | {r.confidence:.2f} | {flags} | {missed} | "
        f"{', '.join(map(str, r.weak)) or '-'} | {r.edge_cycles} | {judged} |"
    )


def table(clips: Sequence[Clip], everything: bool) -> str:
    head = (
        "| clip | exercise | truth | counted | adjusted | period s | strength | pose | confidence | "
        "out of rhythm | missed | weak | edge cycles | judged |\n" + "|---" * 14 + "|"
    )
    shown = [c for c in clips if everything or _notable(c)]
    return "\n".join([head, *(_row(c) for c in shown)]) + (
        ""
        if everything
        else f"\n\n({len(clips) - len(shown)} clips counted exactly with nothing flagged not shown)"
    )


def _notable(clip: Clip) -> bool:
    r = clip.report
    assert r is not None
    return r.counted != clip.truth or r.adjusted_reps != r.counted or bool(r.weak) or r.edge_cycles > 0


def print_set(name: str, clips: list[Clip], everything: bool, sensitivity: bool) -> dict[str, Any]:
    print(f"## {name}: {len(clips)} clips\n")
    print(table(clips, everything) + "\n")
    found = {"summary": summary(clips), "perturbation": perturbation(clips, RhythmRules())}
    print(f"summary: {json.dumps(found['summary'])}")
    print(f"perturbation: {json.dumps(found['perturbation'])}\n")
    if sensitivity:
        found["sensitivity"] = {}
        for label, rules in RULE_VARIANTS.items():
            judged = [dataclasses.replace(c, report=c.judge(rules)) for c in clips]
            s, p = summary(judged), perturbation(judged, rules)
            found["sensitivity"][label] = {"summary": s, "perturbation": p}
            print(
                f"- rules {label}: exact {s['exact_counted']} -> {s['exact_adjusted']}, better {s['better']}, "
                f"worse {s['worse']}, AUC {s['auc']}; recovered {p['recovered']}/{p['deleted']} "
                f"(false {p['false_missed']}), flagged {p['flagged']}/{p['added']} (false {p['false_flags']})"
            )
        print()
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sweep", action="store_true", help="also every case of the 3-D view sweep (minutes)"
    )
    parser.add_argument("--seeds", type=int, default=2, help="sweep seeds per view (default 2)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the sweep (default 1)")
    parser.add_argument("--all", action="store_true", help="list every sweep case, not only the notable ones")
    parser.add_argument("--sensitivity", action="store_true", help="also judge with looser and tighter rules")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the summaries and rows")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sets = {
        "real clips": recorded_clips("real", REAL_MANIFEST),
        "sample clips": recorded_clips("sample", SAMPLE_MANIFEST),
    }
    for clips in sets.values():
        for clip in clips:
            clip.report = clip.judge(RhythmRules())
    if args.sweep:
        sets["view sweep"] = sweep_clips(args.seeds, args.jobs)
    out = {}
    for name, clips in sets.items():
        out[name] = print_set(name, clips, args.all or name != "view sweep", args.sensitivity)
        out[name]["clips"] = [
            {"name": c.name, "truth": c.truth, **c.report.as_dict()} for c in clips if c.report
        ]
    print(f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The second opinion from periodicity: synthetic series of known rhythm, then recorded real clips."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from fitcli.errors import DataError
from fitcli.exercises.keypoint_cache import load_track
from fitcli.exercises.periodicity import (
    MotionSeries,
    RhythmRules,
    count_with_series,
    periodicity,
    pose_features,
    rhythm_report,
    self_similarity,
)
from fitcli.pose import PoseFrame
from fitcli.rep import Rep

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "keypoints" / "real"
FPS = 30.0


@dataclass(frozen=True)
class Cycle:
    start_s: float
    duration_s: float
    depth: float = 1.0

    @property
    def turn_s(self) -> float:
        return self.start_s + self.duration_s / 2


def signal(cycles: list[Cycle], end_s: float, noise: float = 0.01, seed: int = 0) -> MotionSeries:
    """A rep signal: rest at 0, each cycle a raised cosine up to its depth and back, a little noise."""
    t = np.arange(0, end_s, 1 / FPS)
    v = np.zeros_like(t)
    for c in cycles:
        x = (t - c.start_s) / c.duration_s
        inside = (x >= 0) & (x <= 1)
        v[inside] += c.depth * (1 - np.cos(2 * np.pi * x[inside])) / 2
    return MotionSeries(t, v + np.random.default_rng(seed).normal(0, noise, len(t)))


def counted(cycles: list[Cycle]) -> list[Rep]:
    """Reps as a counter reports them: leaving rest a quarter in, back three quarters in."""
    return [
        Rep(i + 1, c.start_s + c.duration_s / 4, c.turn_s, c.start_s + 3 * c.duration_s / 4, confidence=0.8)
        for i, c in enumerate(cycles)
    ]


def back_to_back(n: int, period: float = 2.0, start: float = 1.0) -> list[Cycle]:
    return [Cycle(start + i * period, period) for i in range(n)]


# ---------------------------------------------------------------- period and strength


@pytest.mark.parametrize("period", [0.35, 1.0, 2.5, 4.0])
def test_a_clean_sine_gives_its_period_within_5_percent_and_a_strong_rhythm(period):
    t = np.arange(0, 12 * period, 1 / FPS)
    found = periodicity(t, np.sin(2 * np.pi * t / period))
    assert found.period_s == pytest.approx(period, rel=0.05)
    assert found.strength > 0.9


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("smooth", [1, 9])
def test_noise_has_a_weak_rhythm(seed, smooth):
    x = np.random.default_rng(seed).normal(size=600)
    x = np.convolve(x, np.ones(smooth) / smooth, mode="same")  # white, or smoothed over 0.3 s
    found = periodicity(np.arange(600) / FPS, x)
    assert found.strength < 0.35


def test_variable_frame_rate_and_gaps_keep_the_period():
    rng = np.random.default_rng(1)
    t = np.cumsum(rng.uniform(1 / 45, 1 / 20, size=900))  # 20 to 45 frames a second
    v = np.sin(2 * np.pi * t / 1.7)
    for start in rng.choice(len(t) - 20, size=12, replace=False):
        v[start : start + int(rng.integers(3, 15))] = np.nan  # signal not read for a moment
    found = periodicity(t, v)
    assert found.period_s == pytest.approx(1.7, rel=0.05)
    assert found.strength > 0.8


def test_a_pattern_that_repeats_exactly_every_few_cycles_gives_the_cycle():
    t = np.arange(0, 30, 1 / FPS)
    depth = np.array([1.0, 0.5, 0.75])[(t // 1.0).astype(int) % 3]  # a loop of three unequal cycles
    found = periodicity(t, depth * np.sin(np.pi * (t % 1.0)) ** 2)
    assert found.similarity[90] > 0.99 > 0.8 > found.strength  # repeats best after the loop ...
    assert found.period_s == pytest.approx(1.0, rel=0.05)  # ... but the cycle is the period


def test_self_similarity_is_one_at_lag_zero_and_minus_one_half_a_period_later():
    x = np.sin(2 * np.pi * np.arange(300) / 30)
    r = self_similarity(x, 30)
    assert r[0] == 1.0
    assert r[15] == pytest.approx(-1.0, abs=0.02)
    assert r[30] == pytest.approx(1.0, abs=0.02)


# ---------------------------------------------------------------- judging counted reps


def test_reps_in_a_steady_rhythm_are_judged_consistent_and_confident():
    cycles = back_to_back(8)
    report = rhythm_report(signal(cycles, 18.0), counted(cycles))
    assert report.judged
    assert report.period_s == pytest.approx(2.0, rel=0.05)
    assert report.out_of_rhythm == () and report.missed == () and report.weak == ()
    assert report.adjusted_reps == 8
    assert report.expected_reps == pytest.approx(8, abs=0.2)
    assert report.agreement == 1.0
    assert report.confidence > 0.8


def test_a_missed_cycle_between_counted_reps_is_a_candidate():
    cycles = back_to_back(8)
    reps = counted(cycles[:4] + cycles[5:])
    report = rhythm_report(
        signal(cycles, 18.0),
        [Rep(i + 1, r.start_s, r.turn_s, r.end_s, confidence=0.8) for i, r in enumerate(reps)],
    )
    assert [m.after for m in report.missed] == [4]
    assert report.missed[0].turn_s == pytest.approx(cycles[4].turn_s, abs=0.2)
    assert report.adjusted_reps == 8
    assert report.agreement < 1


def test_a_second_count_within_one_cycle_is_flagged_out_of_rhythm():
    cycles = back_to_back(8)
    reps = counted(cycles)
    extra = reps[2].turn_s + 0.3  # a wobble on the way back from the far position
    events = sorted([*reps, Rep(1, extra, extra, extra + 0.1, confidence=0.8)], key=lambda r: r.turn_s)
    events = [Rep(i + 1, r.start_s, r.turn_s, r.end_s, confidence=0.8) for i, r in enumerate(events)]
    report = rhythm_report(signal(cycles, 18.0), events)
    assert report.out_of_rhythm == (4,)  # the extra count, the weaker of the two
    assert report.adjusted_reps == 8


def test_a_pause_between_reps_is_not_a_missed_rep():
    starts = [1.0 + 2 * i for i in range(5)] + [14.5 + 2 * i for i in range(5)]  # a 3.5 s rest after 5
    cycles = [Cycle(s, 2.0) for s in starts]
    report = rhythm_report(signal(cycles, 26.0), counted(cycles))
    assert report.judged  # the 5.5 s gap was searched, and holds no cycle
    assert report.missed == () and report.out_of_rhythm == ()
    assert report.adjusted_reps == 10
    assert report.expected_reps == pytest.approx(10, abs=0.2)


def test_reps_in_groups_with_rests_make_no_missed_reps_and_no_judgement_when_the_rhythm_breaks():
    starts = [1.0, 3.0, 5.0, 10.5, 12.5, 18.0, 20.0, 22.0]  # rests of 3.5 s: nearly two periods
    cycles = [Cycle(s, 2.0) for s in starts]
    report = rhythm_report(signal(cycles, 25.0), counted(cycles))
    assert report.missed == () and report.out_of_rhythm == ()
    assert report.adjusted_reps == 8
    assert report.confidence > 0.5


def test_a_partial_rep_during_a_pause_is_not_a_missed_rep():
    cycles = [Cycle(s, 2.0) for s in (1.0, 3.0, 5.0, 11.0, 13.0, 15.0)]
    partial = Cycle(7.8, 1.4, depth=0.3)
    report = rhythm_report(signal([*cycles, partial], 18.0), counted(cycles))
    assert report.judged
    assert report.missed == ()
    assert report.adjusted_reps == 6


def test_a_counted_partial_rep_is_reported_weak_but_not_removed():
    cycles = back_to_back(6)
    cycles[3] = Cycle(cycles[3].start_s, 2.0, depth=0.3)
    report = rhythm_report(signal(cycles, 14.0), counted(cycles))
    assert report.weak == (4,)
    assert report.adjusted_reps == 6
    assert report.agreement == pytest.approx(5 / 6)


def test_fewer_than_three_reps_are_not_judged_and_confidence_comes_from_the_rest():
    cycles = back_to_back(2)
    report = rhythm_report(signal(cycles, 6.0), counted(cycles))
    assert not report.judged
    assert "2 rep(s) counted" in report.note
    assert report.expected_reps is None and report.missed == ()
    assert report.confidence == pytest.approx(math.sqrt(report.agreement * 0.8))


def test_no_reps_and_no_signal_give_no_confidence():
    report = rhythm_report(MotionSeries(np.arange(90) / FPS, np.full(90, np.nan)), [])
    assert report.confidence == 0.0 and not report.judged and report.period_s is None


def test_a_signal_that_was_not_read_is_not_judged():
    cycles = back_to_back(5)
    series = MotionSeries(np.arange(0, 12, 1 / FPS), np.full(360, np.nan))
    report = rhythm_report(series, counted(cycles))
    assert not report.judged and report.adjusted_reps == 5


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: MotionSeries(np.arange(5.0), np.zeros(4)), "values must have shape"),
        (lambda: MotionSeries(np.array([0.0, 2.0, 1.0]), np.zeros(3)), "in order"),
        (lambda: MotionSeries(np.arange(3.0), np.zeros(3), np.zeros((2, 34))), "features must have shape"),
        (lambda: pose_features(np.zeros((4, 17, 2))), r"\(T, 17, 3\)"),
        (lambda: RhythmRules(out_of_rhythm=1.5), "out_of_rhythm"),
        (lambda: RhythmRules(missed_gap=0.9), "ratios above 1"),
    ],
)
def test_bad_input_is_a_data_error_naming_what_is_wrong(build, message):
    with pytest.raises(DataError, match=message):
        build()


# ---------------------------------------------------------------- the series of a counter


class FakeCounter:
    def __init__(self, values):
        self.values = values

    def reset(self):
        self.i = 0

    def update(self, frame):
        value = self.values[self.i]
        self.i += 1
        return type("State", (), {"value": value})()

    def finish(self):
        return "result"


def test_count_with_series_reads_the_counters_signal_through_update_and_finish():
    from fitcli.pose import PoseTrack

    frames = [PoseFrame(i, i / FPS, np.full((17, 3), 100.0, np.float32), (640, 480)) for i in range(4)]
    result, series = count_with_series(PoseTrack.from_frames(frames), FakeCounter([0.1, None, 0.3, 0.4]))
    assert result == "result"
    np.testing.assert_allclose(series.values, [0.1, np.nan, 0.3, 0.4])
    assert series.features is not None and series.features.shape == (4, 34)


# ---------------------------------------------------------------- recorded real clips


@pytest.mark.parametrize(
    "clip, exercise, true",
    [("sumo_squat_front_kratika", "squat", 9), ("pushup_side_divyansh_tv2", "push-up", 8),
     ("jj_front_thchen", "jumping-jack", 6)],
)  # fmt: skip
def test_a_correctly_counted_real_clip_keeps_its_count_with_high_confidence(clip, exercise, true):
    result, series = count_with_series(load_track(REAL / f"{clip}.movenet-lightning.npz"), exercise)
    report = rhythm_report(series, result.events)
    assert report.counted == true == report.adjusted_reps
    assert report.judged and report.out_of_rhythm == () and report.missed == ()
    assert report.confidence >= 0.75
    assert report.pose_strength is not None and report.pose_strength > 0.5


# ---------------------------------------------------------------- on the counting path


def test_the_counting_path_reports_the_rhythms_confidence_and_flags_but_keeps_the_count():
    from dataclasses import replace

    from fitcli.exercises.periodicity import second_opinion
    from fitcli.exercises.video import count_video

    video = Path("sumo_squat_front_kratika.mp4")  # read from its cached keypoints, not decoded
    result = count_video(video, "squat", "movenet-lightning", REAL)
    assert result.reps == 9 and result.confidence is not None and result.confidence >= 0.75
    assert result.rhythm is not None and result.rhythm["judged"] and result.as_dict()["confidence"]
    assert not any("check for" in w for w in result.warnings)

    # the same clip with its 5th rep dropped: the rhythm points at it, the count is left as it was
    _, series = count_with_series(
        load_track(REAL / "sumo_squat_front_kratika.movenet-lightning.npz"), "squat"
    )
    kept = tuple(e for e in result.events if e.index != 5)
    thinned = second_opinion(replace(result, events=kept, warnings=()), series)
    assert thinned.reps == 8
    missed = [w for w in thinned.warnings if "check for a missed rep" in w]
    assert len(missed) == 1
    near_s = float(missed[0].split("near ")[1].split(" s")[0])
    assert abs(near_s - result.events[4].turn_s) < 1.0


def test_frames_out_of_time_order_keep_the_count_without_a_rhythm():
    from fitcli.exercises.clip_counter import ClipCounter

    track = load_track(REAL / "jj_front_thchen.movenet-lightning.npz")
    clip = ClipCounter("jumping-jack")
    frames = list(track.iter_frames())
    for frame in frames[:5] + frames[3:]:  # a source whose clock stepped back
        clip.update(frame)
    result = clip.finish()
    assert result.reps == 6 and result.confidence is None


def test_claps_counted_from_the_hands_get_the_rhythms_word_too():
    from fitcli.exercises.hands import HandTrack, count_claps_from_hands

    result = count_claps_from_hands(HandTrack.load(REAL / "clap_hands_only_greenscreen_grindly.hands.npz"))
    assert result.reps == 29
    assert result.confidence is not None and result.confidence >= 0.75
    assert (
        result.rhythm is not None and abs(result.rhythm["period_s"] - 10 / 30) < 0.05
    )  # a clap every ~10 frames

"""The shared counting machinery alone: smoothing, signals, the detector, events, the catalogue."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fitcli.errors import DataError, UnknownNameError, UsageError
from fitcli.exercises.catalog import EXERCISES, get_exercise
from fitcli.exercises.detector import DetectorConfig, RepDetector
from fitcli.exercises.events import active_seconds
from fitcli.exercises.following import PersonGate
from fitcli.exercises.hands import HandClapCounter
from fitcli.exercises.keypoint_cache import load_track, save_track
from fitcli.exercises.signals import angle, best_side_angle, body_size
from fitcli.exercises.smoothing import KeypointSmoother, OneEuroFilter
from fitcli.pose import KP, PoseFrame, PoseTrack
from fitcli.rep import Rep


def _pose(score: float = 0.9) -> np.ndarray:
    kp = np.zeros((17, 3))
    kp[:, 2] = score
    kp[KP["left_shoulder"], :2] = (120, 100)
    kp[KP["right_shoulder"], :2] = (80, 100)
    kp[KP["left_hip"], :2] = (115, 160)
    kp[KP["right_hip"], :2] = (85, 160)
    kp[KP["left_elbow"], :2] = (125, 140)
    kp[KP["left_wrist"], :2] = (165, 140)  # left elbow bent 90 degrees
    kp[KP["right_elbow"], :2] = (80, 140)
    kp[KP["right_wrist"], :2] = (80, 180)  # right arm straight
    return kp


# ---- signals ----------------------------------------------------------------------------------
def test_angle_and_side_choice():
    kp = _pose()
    assert angle(kp, KP["left_shoulder"], KP["left_elbow"], KP["left_wrist"]) == pytest.approx(97.1, abs=0.1)
    assert angle(kp, KP["right_shoulder"], KP["right_elbow"], KP["right_wrist"]) == pytest.approx(180.0)
    kp[KP["right_wrist"], 2] = 0.3  # the right side is seen worse: the left side's angle is used
    value, _ = best_side_angle(kp, "shoulder", "elbow", "wrist")
    assert value == pytest.approx(97.1, abs=0.1)


def test_missing_keypoints_give_none_not_a_number():
    kp = _pose()
    kp[KP["left_wrist"], :2] = np.nan
    assert angle(kp, KP["left_shoulder"], KP["left_elbow"], KP["left_wrist"]) is None


def test_body_size_uses_torso_or_shoulders_whichever_is_larger():
    kp = _pose()
    assert body_size(kp) == pytest.approx(60.0)  # torso 60 px > 40 px shoulders / 0.7 = 57
    kp[[KP["left_hip"], KP["right_hip"]], :2] = np.nan
    assert body_size(kp) == pytest.approx(40 / 0.7)


# ---- smoothing --------------------------------------------------------------------------------
def test_one_euro_uses_real_time_steps():
    slow, fast = OneEuroFilter(min_cutoff=1.0, beta=0.0), OneEuroFilter(min_cutoff=1.0, beta=0.0)
    slow.update(0.0, np.array([0.0]))
    fast.update(0.0, np.array([0.0]))
    # the same jump seen 1/10 s later moves the output more than 1/60 s later
    assert slow.update(0.1, np.array([10.0]))[0] > fast.update(1 / 60, np.array([10.0]))[0]


def test_smoother_bridges_short_gaps_then_marks_missing():
    sm = KeypointSmoother(min_score=0.2, max_gap_s=0.3)
    kp = _pose()
    sm.update(PoseFrame(0, 0.0, kp, (640, 480)))
    low = kp.copy()
    low[KP["left_wrist"], 2] = 0.05
    bridged = sm.update(PoseFrame(1, 0.2, low, (640, 480)))
    assert np.isfinite(bridged[KP["left_wrist"], 0]) and bridged[KP["left_wrist"], 2] > 0.2
    gone = sm.update(PoseFrame(2, 0.5, low, (640, 480)))
    assert math.isnan(gone[KP["left_wrist"], 0]) and gone[KP["left_wrist"], 2] == 0.0


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: KeypointSmoother(min_score=1.5), "min_score"),
        (lambda: KeypointSmoother(max_gap_s=-1), "max_gap_s"),
        (lambda: OneEuroFilter(min_cutoff=0), "min_cutoff"),
        (lambda: PersonGate(max_speed=0), "max_speed"),
        (lambda: DetectorConfig(enter=0, min_rom=1), "enter"),
        (lambda: DetectorConfig(enter=1, min_rom=1, return_frac=2), "return_frac"),
        (lambda: DetectorConfig(enter=1, min_rom=1, count_at="peak"), "count_at"),
    ],
)
def test_bad_settings_are_rejected_at_construction(build, message):
    with pytest.raises(UsageError, match=message):
        build()


# ---- detector ---------------------------------------------------------------------------------
def _run(detector: RepDetector, values, dt: float = 0.05):
    for i, v in enumerate(values):
        detector.update(i * dt, v)
    detector.finish(len(values) * dt)
    return detector.reps


def _wave(reps: int, depth: float = 90.0, rest: int = 20, half: int = 15):
    one = list(np.zeros(rest)) + list(np.linspace(0, depth, half)) + list(np.linspace(depth, 0, half))
    return one * reps + list(np.zeros(rest))


def test_detector_counts_complete_reps_only():
    cfg = DetectorConfig(enter=30, min_rom=40)
    assert _run(RepDetector(cfg), _wave(3)) == 3
    assert _run(RepDetector(cfg), _wave(3, depth=35)) == 0  # too shallow
    half_rep_at_end = _wave(2)[:-20] + list(np.linspace(0, 90, 15))
    assert _run(RepDetector(cfg), half_rep_at_end) == 2  # the half rep at the end is not counted


def test_detector_needs_readiness_and_ignores_a_single_spike():
    cfg = DetectorConfig(enter=30, min_rom=40)
    det = RepDetector(cfg)
    for i, v in enumerate(_wave(2)):
        det.update(i * 0.05, v, ready=i > 60)  # not in position during the first rep
    assert det.reps == 1
    spike = [0.0] * 30 + [90.0] + [0.0] * 30
    assert _run(RepDetector(cfg), spike) == 0


def test_detector_drops_a_rep_when_the_signal_is_lost():
    values: list[float | None] = list(_wave(2))
    values[75:95] = [None] * 20  # 1 s gap in the middle of the second rep
    assert _run(RepDetector(DetectorConfig(enter=30, min_rom=40)), values) == 1


def test_a_half_rep_before_the_persons_range_is_known_is_dropped_at_the_end():
    # the first movement is judged by the floor alone (40): a 42-range half rep counts as it happens,
    # and only the whole set (90-range reps) shows it was half of one
    cfg = DetectorConfig(enter=30, min_rom=40, rel_rom=0.5)
    det = RepDetector(cfg)
    values = _wave(1, depth=42) + _wave(4)
    for i, v in enumerate(values):
        det.update(i * 0.05, v)
    assert det.reps == 5  # live: counted
    det.finish(len(values) * 0.05)
    assert det.reps == 4 and [e.index for e in det.events] == [1, 2, 3, 4]
    assert [round(e.rom) for e in det.dropped] == [42]
    # a set of equal reps loses nothing; without rel_rom nothing is judged again
    assert _run(RepDetector(cfg), _wave(4, depth=60)) == 4
    assert _run(RepDetector(DetectorConfig(enter=30, min_rom=40)), values) == 5


def test_a_half_rep_dropped_at_the_end_is_said():
    from fitcli.exercises.counter import RepCounter
    from fitcli.exercises.rule import CounterRule

    def level(kp):
        return float(kp[0, 0]), 1.0

    rule = CounterRule(level, DetectorConfig(enter=30, min_rom=40, rel_rom=0.5))
    counter = RepCounter("test", rule)
    body = np.column_stack([np.random.default_rng(0).uniform(100, 300, (17, 2)), np.full(17, 0.9)])
    for i, v in enumerate([0.0] * 60 + _wave(1, depth=46, half=30) + _wave(3, depth=120, half=30)):
        kp = body.copy()
        kp[0, 0] += v  # only the nose moves: the signal, not the body the gate follows
        counter.update(PoseFrame(i, i * 0.05, kp, (640, 480)))
    result = counter.finish()
    assert result.reps == 3
    assert any("not kept in the end" in w and "half rep" in w for w in result.warnings)


def test_a_sine_reading_is_counted_as_its_angle():
    from fitcli.exercises.counter import RepCounter
    from fitcli.exercises.reference import SelfReference
    from fitcli.exercises.rule import Reading

    ref = SelfReference(min_samples=1)
    assert RepCounter._read(lambda kp: Reading(50.0, 0.9, 100.0, sine=True), ref, 0.0, None) == (
        pytest.approx(math.radians(30)), 0.9)  # fmt: skip
    assert RepCounter._read(lambda kp: Reading(150.0, 0.9, 100.0, sine=True), ref, 0.1, None)[0] == (
        pytest.approx(math.pi / 2))  # noise past the length reads as vertical, not as an error # fmt: skip
    assert RepCounter._read(lambda kp: Reading(50.0, 0.9, 100.0), ref, 0.2, None)[0] == pytest.approx(0.5)


def test_turn_counting_rearms_only_after_the_signal_returns():
    cfg = DetectorConfig(enter=0.3, min_rom=0.3, enter_abs=-0.6, exit_abs=-1.0, count_at="turn",
                         min_duration_s=0.0, min_far_frames=1)  # fmt: skip
    apart, together = -2.0, -0.2
    values = [apart] * 10 + [together] * 40 + [-0.8] * 5 + [together] * 10 + [apart] * 10
    assert _run(RepDetector(cfg), values) == 1  # held together and a half opening never re-arm


# ---- events and catalogue ---------------------------------------------------------------------
def test_a_rep_is_checked_when_made():
    rep = Rep(1, 1.0, 1.5, 2.5, 80.0, 0.8)
    assert rep.duration == pytest.approx(1.5)
    assert Rep(2, 0.0, 0.0, 0.5).rom is None  # a classifier's rep has no range of motion
    with pytest.raises(DataError, match="start <= turn <= end"):
        Rep(1, 2.0, 1.0, 3.0, 1.0, 1.0)
    with pytest.raises(DataError, match="index"):
        Rep(0, 0.0, 0.0, 1.0)


def test_active_seconds_leave_out_long_pauses():
    events = [Rep(1, 0, 1, 2, 1, 1), Rep(2, 2.5, 3, 4, 1, 1), Rep(3, 20, 21, 22, 1, 1)]
    assert active_seconds(events) == pytest.approx(2 + 0.5 + 1.5 + 2)


def test_catalogue_names_met_and_unknown_name():
    assert set(EXERCISES) >= {"clap", "squat", "push-up", "jumping-jack", "lunge", "bicep-curl", "sit-up"}
    assert get_exercise("clap").met().code == "13040"
    assert get_exercise("Push Up").name == "push-up"
    # the definitions' aliases and plurals are the same exercise; a misspelling is refused with a guess
    assert [get_exercise(n).name for n in ("press-ups", "crunches", "squats", "chin_up")] == [
        "push-up",
        "sit-up",
        "squat",
        "pull-up",
    ]
    with pytest.raises(UnknownNameError, match="did you mean squat"):
        get_exercise("sqat")
    with pytest.raises(UnknownNameError, match="squat"):
        get_exercise("burpee")


def test_counter_reset_starts_over():
    counter = get_exercise("squat").counter()
    counter.update(PoseFrame(0, 0.0, _pose(), (640, 480)))
    counter.reset()
    assert counter.reps == 0 and counter.frames == 0


def test_track_cache_round_trip(tmp_path):
    track = PoseTrack(np.stack([_pose(), _pose()]), [0.0, 0.04], [0, 1], {"model": "x", "fps": 25.0})
    back = load_track(save_track(track, tmp_path / "t.npz"))
    assert np.array_equal(back.keypoints, track.keypoints) and back.meta == track.meta
    (tmp_path / "bad.npz").write_text("not a zip")
    with pytest.raises(DataError, match="bad.npz"):
        load_track(tmp_path / "bad.npz")


# ---- claps from hand landmarks ----------------------------------------------------------------
def _palms(left_x: float | None, right_x: float | None, y: float = 180.0, size: float = 40.0) -> np.ndarray:
    out = np.full((2, 3), np.nan)
    for i, x in enumerate((left_x, right_x)):
        if x is not None:
            out[i] = (x, y, size)
    return out


def _hand_claps(sequence: list[np.ndarray]) -> int:
    counter = HandClapCounter((640, 360))
    for i, palms in enumerate(sequence):
        counter.update(i / 30, palms)
    return counter.finish().reps


def test_hands_merging_into_one_detection_is_a_clap_and_holding_is_not_more():
    apart, near = _palms(220, 420), _palms(290, 340)
    merged = _palms(320, None)  # the front hand hides the other one
    one_clap = [apart] * 10 + [near] + [merged] * 3 + [apart] * 10
    assert _hand_claps(one_clap * 3) == 3
    assert _hand_claps([apart] * 10 + [near] + [merged] * 60 + [apart] * 5) == 1


def test_a_hand_leaving_at_the_border_is_not_a_clap():
    apart, at_edge = _palms(220, 610), _palms(220, None)
    assert _hand_claps(([apart] * 10 + [at_edge] * 10) * 3) == 0


def test_clip_starting_with_palms_together_is_not_counted_by_hands():
    merged, apart, near = _palms(320, None), _palms(220, 420), _palms(290, 340)
    assert _hand_claps([merged] * 5 + [apart] * 10 + [near] + [merged] * 3 + [apart] * 5) == 1

"""Timed holds (plank, wall sit): seconds held in the posture, breaks, holds too short to count, and
the warnings when the posture can not be judged, on the figure's keypoint tracks from the view sweep."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.hold import GRACE_S, MIN_HOLD_S, HoldCounter
from fitcli.exercises.recorded import count_track
from fitcli.pipelines.view_sweep import SweepCase, sweep_cases, sweep_track
from fitcli.pose import KP, PoseTrack

HOLDS = ("plank", "wall-sit")
# Getting into and out of the posture takes 0.6 s (``synthetic.HOLD_RAMP_S``); the posture check
# passes somewhere in it, so each hold may read up to this much shorter or longer than planned.
HOLD_TOLERANCE_S = 0.5


def _case(exercise: str, seed: int = 0, azimuth: float = 90.0, elevation: float = 0.0) -> SweepCase:
    variant = {"plank": "forearm", "wall-sit": "standard"}[exercise]
    return SweepCase(exercise, variant, azimuth, elevation, seed)


@pytest.mark.parametrize("exercise", HOLDS)
def test_every_view_of_the_sweep_counts_the_holds_and_their_seconds(exercise: str) -> None:
    for case in sweep_cases([exercise], seeds=(0, 1)):
        truth = sweep_track(case)
        found = count_track(truth.track, exercise)
        assert found.reps == truth.true_reps, case
        assert found.held_s == pytest.approx(truth.true_held_s, abs=HOLD_TOLERANCE_S * truth.true_reps), case
        assert found.active_s == found.held_s and not found.warnings, case
        for hold, planned in zip(found.events, truth.rep_times, strict=True):
            assert abs(hold.start_s - planned.start_s) <= HOLD_TOLERANCE_S, case
            assert abs(hold.end_s - planned.end_s) <= HOLD_TOLERANCE_S, case


def test_a_hold_too_short_to_count_is_dropped() -> None:
    for seed in range(10):
        case = _case("plank", seed)
        if case.partial_reps:
            break
    else:
        pytest.fail("no seed with a short hold")
    truth = sweep_track(case)
    assert len(case.plan.reps) > truth.true_reps
    assert count_track(truth.track, "plank").reps == truth.true_reps


def _with_gap(track: PoseTrack, start_s: float, seconds: float) -> PoseTrack:
    """The track with every keypoint lost (score 0) for ``seconds`` from ``start_s``."""
    kp = track.keypoints.copy()
    lost = (track.times >= start_s) & (track.times < start_s + seconds)
    kp[lost, :, 2] = 0.0
    return dataclasses.replace(track, keypoints=kp)


def test_a_short_break_is_bridged_and_a_long_one_ends_the_hold() -> None:
    truth = sweep_track(_case("plank", 1))
    hold = max(truth.rep_times, key=lambda r: r.duration)
    middle = hold.start_s + MIN_HOLD_S + 0.5
    assert hold.end_s - (middle + 2.5 * GRACE_S) > MIN_HOLD_S + 1.0  # both halves of the broken hold count
    bridged = count_track(_with_gap(truth.track, middle, 0.5 * GRACE_S), "plank")
    assert bridged.reps == truth.true_reps
    assert bridged.held_s == pytest.approx(truth.true_held_s, abs=HOLD_TOLERANCE_S * truth.true_reps)
    broken = count_track(_with_gap(truth.track, middle, 2.5 * GRACE_S), "plank")
    assert broken.reps == truth.true_reps + 1  # two holds where there was one
    assert broken.held_s == pytest.approx(
        truth.true_held_s - 2.5 * GRACE_S, abs=HOLD_TOLERANCE_S * broken.reps
    )


def test_a_squat_set_is_not_a_wall_sit_and_a_standing_set_not_a_plank() -> None:
    squats = sweep_track(SweepCase("squat", "standard", 90.0, 0.0, 0))
    result = count_track(squats.track, "wall-sit")
    assert result.reps == 0 and result.held_s == 0.0
    curls = sweep_track(SweepCase("bicep-curl", "both", 90.0, 0.0, 0))
    result = count_track(curls.track, "plank")
    assert result.reps == 0
    assert any("never in a plank posture" in w for w in result.warnings), result.warnings


def test_legs_out_of_frame_give_no_hold_and_name_the_parts() -> None:
    truth = sweep_track(_case("wall-sit"))
    kp = truth.track.keypoints.copy()
    for name in ("left_knee", "right_knee", "left_ankle", "right_ankle"):
        kp[:, KP[name], :2] = np.nan
        kp[:, KP[name], 2] = 0.0
    result = count_track(dataclasses.replace(truth.track, keypoints=kp), "wall-sit")
    assert result.reps == 0
    assert any("knees, ankles were out of view" in w and "film from the side" in w for w in result.warnings)


def test_the_clip_counter_streams_the_seconds_held_and_keeps_holds_unjudged() -> None:
    truth = sweep_track(_case("wall-sit", 2))
    counter = ClipCounter("wall-sit")
    seen = []
    for frame in truth.track.iter_frames():
        state = counter.update(frame)
        seen.append((state.phase, state.value))
        if state.event is not None:
            assert state.event.duration >= MIN_HOLD_S
    result = counter.finish()
    assert result.reps == truth.true_reps and result.confidence is None and result.rhythm is None
    assert all(e.form is None for e in result.events) and counter.judged == list(counter.judged)
    held = [v for phase, v in seen if phase == "hold"]
    assert held and max(held) == pytest.approx(max(r.duration for r in truth.rep_times), abs=HOLD_TOLERANCE_S)
    spec = get_exercise("wall-sit")
    assert spec.reading(12.4, MIN_HOLD_S) == "held 12 s (a hold counts from 2 s)"


def test_holds_log_the_compendium_code_that_names_the_plank() -> None:
    fact = get_exercise("plank").met("moderate", "2024")
    assert (fact.code, fact.met) == ("02024", 2.8)
    assert get_exercise("wall sit") is get_exercise("wall-sit")
    assert isinstance(get_exercise("plank").counter(), HoldCounter)


def test_a_posture_passed_through_while_moving_is_not_held():
    from pathlib import Path

    from fitcli.exercises.keypoint_cache import load_track

    # push-ups pass a plank's posture on their way up and down; real lunges filmed at an angle pass a
    # wall sit's for 2 s at a time (recorded MoveNet keypoints of ../shared/data/videos)
    for s in range(3):
        pushups = sweep_track(SweepCase("push-up", "standard", 90.0, 0.0, s)).track
        assert count_track(pushups, "plank").reps == 0
    # a lunge's rear shin lies back toward the floor: never a wall sit
    fixture = (
        Path(__file__).parents[1] / "fixtures/keypoints/real/vengaza_lunges_oblique.movenet-lightning.npz"
    )
    lunges = load_track(fixture)
    assert count_track(lunges, "lunge").reps == 5 and count_track(lunges, "wall-sit").reps == 0

"""What a count says when it cannot count: the body parts that were never seen, or a posture that was
never the exercise's (recorded real keypoints, no model)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fitcli.exercises.keypoint_cache import load_track
from fitcli.exercises.recorded import count_track
from fitcli.pose import KP, PoseTrack

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "keypoints" / "real"


def _track(clip: str) -> PoseTrack:
    return load_track(REAL / f"{clip}.movenet-lightning.npz")


def test_a_lunge_with_the_legs_out_of_frame_gives_0_and_names_the_missing_parts():
    track = _track("vengaza_lunges_oblique")
    kp = track.keypoints.copy()
    kp[:, [KP["left_knee"], KP["right_knee"], KP["left_ankle"], KP["right_ankle"]], 2] = 0.05
    result = count_track(PoseTrack(kp, track.times, track.frames, track.meta), "lunge")
    assert result.reps == 0
    (warning,) = result.warnings
    assert "knees and ankles were out of view" in warning
    assert "film with the shoulders, hips, knees and ankles in the frame" in warning


def test_a_clip_of_another_exercise_says_the_posture_was_never_seen():
    result = count_track(_track("vengaza_lunges_oblique"), "push-up")
    assert result.reps == 0
    assert any("push-up posture in only 0%" in w and "is this a push-up clip?" in w for w in result.warnings)


def test_a_clip_of_its_own_exercise_carries_no_warning():
    for clip, exercise in (("vengaza_lunges_oblique", "lunge"), ("pushup_side_tayyab4", "push-up")):
        result = count_track(_track(clip), exercise)
        assert result.reps > 0 and result.warnings == (), (clip, result.warnings)


def test_no_person_at_all_warns_once_about_the_person():
    track = _track("vengaza_lunges_oblique")
    empty = PoseTrack(np.zeros_like(track.keypoints), track.times, track.frames, track.meta)
    result = count_track(empty, "lunge")
    assert result.reps == 0
    assert result.warnings == ("a person was found in only 0% of 529 frames",)


def test_the_count_says_which_way_the_camera_saw_the_body():
    sample = REAL.parent / "sample"
    front = count_track(load_track(sample / "squat_front.movenet-lightning.npz"), "squat")
    side = count_track(load_track(sample / "pushup_side.movenet-lightning.npz"), "push-up")
    assert (front.view, side.view) == ("front", "side")
    assert count_track(_track("reverse_lunge_oblique_rnhrn"), "lunge").view == "oblique"
    assert front.as_dict()["view"] == "front"


def test_a_zero_count_always_says_why_and_what_posture_was_seen():
    # a push-up clip counted as squats: the squat's rest (standing) is never seen
    never = count_track(_track("pushup_side_tayyab4"), "squat")
    assert never.reps == 0
    assert any("holding a push-up position in 100% of the frames" in w for w in never.warnings)
    # jumping jacks counted as pull-ups: the arms go up (a hang), but they never fold
    (warning,) = count_track(_track("jj_front_thchen"), "pull-up").warnings
    assert warning.startswith(
        "no pull-up was counted: no movement from the starting position went far enough"
    )
    assert "the person was standing in 100% of the frames" in warning and "is this a pull-up clip?" in warning

"""Counting with the wrong exercise gives 0: each counter counts only in its exercise's posture.

Recorded keypoints of the generated and real clips (tests/fixtures/keypoints) are counted with an
exercise other than their own. The cells below are the ones a posture check decides (a standing
person never does push-ups or sit-ups, a pull-up needs the hands on a bar overhead, a curl keeps the
upper arm along the torso, a jack is done standing, a clap is seen from the front); physically similar
pairs (a squat counted as a lunge, a clap whose arms swing like a jack) are left out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from fitcli.exercises.definitions.push_up import push_up_posture
from fitcli.exercises.definitions.sit_up import lying_back
from fitcli.exercises.keypoint_cache import load_track
from fitcli.exercises.postures import standing, upright_person
from fitcli.exercises.recorded import count_track
from fitcli.exercises.signals import head_rise, height_above, knee_drop, torso_tilt, wrist_rises
from fitcli.pose import KP, PoseTrack

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "keypoints"
MODEL = "movenet-lightning"

SAMPLE_ZERO = [
    ("squat_front", ("push-up", "sit-up", "pull-up", "jumping-jack", "clap")),
    ("jumping_jack_front", ("push-up", "sit-up", "pull-up", "bicep-curl", "squat", "lunge", "clap")),
    ("clap_front", ("push-up", "sit-up", "pull-up", "bicep-curl", "squat", "lunge")),
    ("pushup_side", ("pull-up", "bicep-curl", "jumping-jack", "sit-up", "squat", "lunge", "clap")),
]
REAL_ZERO = [
    ("squat_side_yuyoujiang", ("push-up", "sit-up", "pull-up", "bicep-curl", "jumping-jack")),
    ("sumo_squat_front_kratika", ("push-up", "sit-up", "pull-up", "jumping-jack")),
    ("squat_landmine_side_joelo", ("push-up", "sit-up", "bicep-curl", "jumping-jack")),
    ("vengaza_lunges_oblique", ("push-up", "sit-up", "pull-up", "bicep-curl", "jumping-jack")),
    ("jj_front_thchen", ("push-up", "sit-up", "bicep-curl", "squat", "lunge", "clap")),
    ("jj_front_afrl", ("push-up", "sit-up", "pull-up", "bicep-curl")),
    ("clap_overhead_malik", ("push-up", "sit-up", "pull-up", "bicep-curl")),
    ("curl_front_swsumo", ("push-up", "sit-up", "pull-up", "jumping-jack")),
    ("pullup_front_night_joelo", ("push-up", "sit-up", "bicep-curl", "jumping-jack")),
    ("pullup_back_divyansh_rack", ("push-up", "bicep-curl", "jumping-jack", "clap")),
    ("pushup_side_tayyab4", ("pull-up", "bicep-curl", "jumping-jack", "sit-up", "squat", "lunge")),
    ("pushup_side_divyansh_tv2", ("pull-up", "bicep-curl", "jumping-jack", "sit-up")),
    ("pushup_oblique_omartarek2", ("pull-up", "bicep-curl", "jumping-jack", "sit-up")),
    ("pushup_front_divyansh_coach", ("squat", "lunge", "sit-up", "pull-up", "jumping-jack", "bicep-curl")),
    ("incline_pushup_side_joelo", ("clap", "pull-up", "bicep-curl", "jumping-jack")),
    ("crunch_oblique_thchen", ("push-up", "pull-up", "jumping-jack", "bicep-curl")),
    ("decline_situp_tanchoonmeng", ("squat", "lunge", "push-up", "pull-up", "bicep-curl")),
]


@cache
def _track(kind: str, clip: str) -> PoseTrack:
    path = FIXTURES / kind / f"{clip}.{MODEL}.npz"
    if not path.is_file():
        pytest.skip(f"keypoint fixture {path} is absent")
    return load_track(path)


@pytest.mark.parametrize(
    ("kind", "clip", "exercise"),
    [("sample", clip, ex) for clip, exs in SAMPLE_ZERO for ex in exs]
    + [("real", clip, ex) for clip, exs in REAL_ZERO for ex in exs],
)
def test_wrong_exercise_counts_nothing(kind, clip, exercise):
    assert count_track(_track(kind, clip), exercise).reps == 0


@pytest.mark.parametrize(
    ("clip", "exercise", "reps"),
    [("squat_front", "squat", 5), ("pushup_side", "push-up", 5), ("jumping_jack_front", "jumping-jack", 6)],
)
def test_the_right_exercise_still_counts_on_the_same_clip(clip, exercise, reps):
    assert count_track(_track("sample", clip), exercise).reps == reps


def _standing_pose() -> np.ndarray:
    """A person facing the camera, arms hanging: torso 100 px (= one body size), nose 40 px above."""
    kp = np.full((17, 3), np.nan)
    points = {
        "nose": (100, 60), "left_shoulder": (120, 100), "right_shoulder": (80, 100),
        "left_elbow": (125, 150), "right_elbow": (75, 150), "left_wrist": (128, 200),
        "right_wrist": (72, 200), "left_hip": (115, 200), "right_hip": (85, 200),
        "left_knee": (115, 290), "right_knee": (85, 290), "left_ankle": (115, 380), "right_ankle": (85, 380),
    }  # fmt: skip
    for name, (x, y) in points.items():
        kp[KP[name]] = (x, y, 0.9)
    return kp


def _rotated(kp: np.ndarray, degrees: float) -> np.ndarray:
    out = kp.copy()
    t = np.radians(degrees)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    out[:, :2] = (kp[:, :2] - (100, 200)) @ rot.T + (300, 300)
    return out


def test_posture_measures_of_a_standing_pose():
    kp = _standing_pose()
    assert torso_tilt(kp) == pytest.approx(0.0)
    assert head_rise(kp) == pytest.approx(0.4)
    assert knee_drop(kp) == pytest.approx(0.9)
    assert wrist_rises(kp) == pytest.approx([-1.0, -1.0])
    assert height_above(kp, (KP["nose"],), (KP["left_ankle"],)) == pytest.approx(3.2)
    assert standing(kp) and upright_person(kp)
    assert not push_up_posture(kp) and not lying_back(kp)


def test_posture_measures_of_a_pose_lying_down():
    kp = _rotated(_standing_pose(), 90.0)  # the same body lying along the floor
    assert torso_tilt(kp) == pytest.approx(90.0)
    assert not standing(kp) and not upright_person(kp)
    kp[KP["nose"], 2] = np.nan
    kp[KP["nose"], :2] = np.nan  # head out of view
    assert head_rise(kp) is None


def test_missing_keypoints_give_no_posture():
    kp = np.full((17, 3), np.nan)
    assert torso_tilt(kp) is None and head_rise(kp) is None and knee_drop(kp) is None
    assert wrist_rises(kp) == []
    assert not standing(kp) and not upright_person(kp) and not lying_back(kp)

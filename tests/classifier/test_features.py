"""Pose features: invariant to where and how big the person is, mirror-consistent, angles exact."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.classifier.features import (
    ANGLES,
    feature_names,
    features,
    joint_angles,
    mirror,
    normalised_coordinates,
    trunk_tilt,
)
from fitcli.errors import DataError
from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip
from fitcli.pose import KP


def pose(exercise: str = "squat", view: str = "front", t: float = 3.0) -> np.ndarray:
    clip = SyntheticClip(ClipSpec(exercise, view, reps=2, seed=1))
    xy = clip.keypoints(int(t * clip.spec.fps))
    return np.concatenate([xy, np.full((17, 1), 0.9, np.float32)], axis=1)


def test_features_do_not_change_when_the_person_moves_or_is_filmed_larger() -> None:
    kp = pose()
    moved = kp.copy()
    moved[:, :2] = kp[:, :2] * 1.7 + np.array([120.0, -40.0])
    np.testing.assert_allclose(features(moved), features(kp), atol=1e-5)


def test_coordinates_are_centred_on_the_hips_and_fit_in_the_unit_circle() -> None:
    xy = normalised_coordinates(pose())
    hips = (xy[KP["left_hip"]] + xy[KP["right_hip"]]) / 2
    np.testing.assert_allclose(hips, 0, atol=1e-9)
    assert np.linalg.norm(xy, axis=1).max() <= 1 + 1e-9


def test_angles_of_a_straight_and_a_right_angled_limb() -> None:
    kp = np.zeros((17, 3), np.float32)
    kp[KP["left_shoulder"], :2] = (0, 0)
    kp[KP["left_elbow"], :2] = (0, 10)
    kp[KP["left_wrist"], :2] = (0, 20)  # straight arm
    kp[KP["right_shoulder"], :2] = (0, 0)
    kp[KP["right_elbow"], :2] = (0, 10)
    kp[KP["right_wrist"], :2] = (10, 10)  # elbow at 90 degrees
    names = [a[0] for a in ANGLES]
    angles = joint_angles(kp)
    assert angles[names.index("left_elbow")] == pytest.approx(1.0)
    assert angles[names.index("right_elbow")] == pytest.approx(0.5)


def test_an_upright_trunk_has_no_tilt_and_a_lying_one_half() -> None:
    kp = np.zeros((17, 3), np.float32)
    for side in ("left", "right"):
        kp[KP[f"{side}_hip"], :2] = (0, 100)
        kp[KP[f"{side}_shoulder"], :2] = (0, 40)
    assert trunk_tilt(kp) == pytest.approx(0.0)
    for side in ("left", "right"):
        kp[KP[f"{side}_shoulder"], :2] = (60, 100)
    assert trunk_tilt(kp) == pytest.approx(0.5)


def test_mirror_swaps_sides_and_twice_is_the_identity() -> None:
    kp = pose("sit", "side")
    m = mirror(kp)
    assert m[KP["left_wrist"], 0] == -kp[KP["right_wrist"], 0]
    np.testing.assert_array_equal(mirror(m), kp)
    names = [a[0] for a in ANGLES]
    a, b = joint_angles(kp), joint_angles(m)
    assert b[names.index("left_knee")] == pytest.approx(a[names.index("right_knee")])


def test_batch_and_single_pose_agree_and_names_match_the_width() -> None:
    batch = np.stack([pose(t=1.0), pose(t=3.0)])
    f = features(batch)
    assert f.shape == (2, len(feature_names())) and f.dtype == np.float32
    np.testing.assert_allclose(features(batch[1]), f[1])


def test_missing_keypoints_give_finite_features() -> None:
    kp = pose()
    kp[KP["nose"]] = np.nan
    assert np.isfinite(features(kp)).all()


def test_wrong_shape_is_a_data_error() -> None:
    with pytest.raises(DataError, match=r"\(\.\.\., 17, 3\)"):
        features(np.zeros((33, 3)))

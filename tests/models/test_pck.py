"""PCK scoring (fitcli.models.pck) on small hand-made arrays with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.errors import DataError
from fitcli.models.pck import (
    AUC_THRESHOLDS,
    LSP_JOINT_NAMES,
    PART_NAMES,
    auc,
    normalized_errors,
    part_scores,
    pck_per_joint,
    score,
    torso_sizes,
)


def make_truth(n: int = 1) -> np.ndarray:
    """N poses whose torso (left shoulder 9 -> right hip 2) is a 30-40-50 triangle: 50 px."""
    truth = np.zeros((n, 14, 3))
    truth[:, :, 0] = np.arange(14) * 10.0 + 100.0
    truth[:, :, 1] = 200.0
    truth[:, 9, :2] = (0.0, 0.0)
    truth[:, 2, :2] = (30.0, 40.0)
    return truth


def test_torso_is_left_shoulder_to_right_hip() -> None:
    assert torso_sizes(make_truth(3)) == pytest.approx([50.0, 50.0, 50.0])


def test_joint_at_exactly_02_torso_is_correct_and_just_beyond_is_wrong() -> None:
    truth = make_truth(2)
    pred = truth[:, :, :2].copy()
    pred[0, 0, 0] += 10.0  # 0.2 x 50: correct
    pred[1, 0, 0] += 10.5  # beyond: wrong
    pred[:, 5, 1] -= 6.0  # 0.12 x torso in both: correct
    per_joint = pck_per_joint(normalized_errors(pred, truth))
    assert per_joint[0] == pytest.approx(50.0)
    assert per_joint[5] == pytest.approx(100.0)
    assert per_joint.shape == (14,)


def test_nan_prediction_is_wrong_at_every_threshold() -> None:
    truth = make_truth(1)
    pred = truth[:, :, :2].copy()
    pred[0, 13] = np.nan
    errors = normalized_errors(pred, truth)
    assert np.isinf(errors[0, 13])
    assert pck_per_joint(errors, 1e9)[13] == 0.0


def test_parts_average_left_and_right_and_head_is_neck_and_top() -> None:
    per_joint = np.arange(14, dtype=float) * 10.0  # joint i scores 10 i
    parts = part_scores(per_joint)
    assert list(parts) == list(PART_NAMES) == ["Head", "Sho", "Elb", "Wri", "Hip", "Knee", "Ank"]
    assert parts["Head"] == pytest.approx((120 + 130) / 2)  # neck 12, head top 13
    assert parts["Sho"] == pytest.approx((80 + 90) / 2)  # right 8, left 9
    assert parts["Ank"] == pytest.approx((0 + 50) / 2)  # right 0, left 5


def test_auc_of_errors_all_005_counts_thresholds_from_005() -> None:
    errors = np.full((4, 14), 0.05)
    # thresholds 0, 0.01, ..., 0.20: the joint is correct from 0.05 on, i.e. at 16 of the 21
    assert len(AUC_THRESHOLDS) == 21
    assert auc(errors) == pytest.approx(100.0 * 16 / 21)


def test_perfect_prediction_scores_100_everywhere() -> None:
    truth = make_truth(5)
    result = score(truth[:, :, :2], truth)
    assert result.mean == result.mean_joints == result.auc == 100.0
    assert set(result.per_joint) == set(LSP_JOINT_NAMES)
    assert result.n_images == 5


def test_score_means_are_over_parts_and_without_head() -> None:
    truth = make_truth(2)
    pred = truth[:, :, :2].copy()
    pred[:, 12:14] += 100.0  # neck and head top wrong in both images
    pred[0, 6] += 100.0  # right wrist wrong in one image
    result = score(pred, truth)
    assert result.parts["Head"] == 0.0
    assert result.parts["Wri"] == pytest.approx(75.0)
    assert result.mean == pytest.approx((0 + 100 * 4 + 75 + 100) / 7)
    assert result.mean == pytest.approx(result.mean_joints)  # two joints per part
    assert result.mean_without_head == pytest.approx((100 * 5 + 75) / 6)


@pytest.mark.parametrize(
    ("pred_shape", "truth_shape", "match"),
    [
        ((2, 13, 2), (2, 14, 3), "predictions must have shape"),
        ((2, 14, 2), (2, 14), "truth must have shape"),
        ((3, 14, 2), (2, 14, 3), "cover 3 images"),
    ],
)
def test_wrong_shapes_name_the_array_and_shape(pred_shape: tuple, truth_shape: tuple, match: str) -> None:
    with pytest.raises(DataError, match=match):
        normalized_errors(np.zeros(pred_shape), np.ones(truth_shape))


def test_zero_torso_is_a_data_error() -> None:
    truth = make_truth(1)
    truth[0, 2, :2] = truth[0, 9, :2]
    with pytest.raises(DataError, match="torso size is zero"):
        normalized_errors(truth[:, :, :2], truth)

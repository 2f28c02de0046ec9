"""The known image that every converted model is checked on before it is installed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fitcli.errors import ModelStoreError
from fitcli.models.verify import BODY_JOINTS, verification_image, verify_keypoints, write_verification_image
from fitcli.pose import KP


def test_shipped_image_is_what_the_generator_renders(tmp_path):
    write_verification_image(tmp_path)
    shipped_rgb, shipped_truth, height = verification_image()
    fresh = json.loads((tmp_path / "figure.json").read_text())
    assert fresh["joints"] == shipped_truth and fresh["figure_height_px"] == height
    import cv2

    fresh_rgb = cv2.imread(str(tmp_path / "figure.png"))[:, :, ::-1]
    assert np.array_equal(fresh_rgb, shipped_rgb)


def test_verify_accepts_truth_and_rejects_a_broken_model():
    _, truth, height = verification_image()
    kp = np.zeros((17, 3), np.float32)
    for name, (x, y) in truth.items():
        kp[KP[name]] = (x, y, 0.9)
    assert verify_keypoints(kp, truth, height) < 0.01  # float32 rounding only
    swapped = kp.copy()
    swapped[:, [0, 1]] = kp[:, [1, 0]]  # x/y swapped: what a broken postprocess looks like
    with pytest.raises(ModelStoreError, match=f"of {len(BODY_JOINTS)} body joints"):
        verify_keypoints(swapped, truth, height)

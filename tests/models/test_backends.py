"""Real models on real images: every backend finds the person in LSP images with sane output."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.errors import ModelNotInstalledError, UnknownNameError
from fitcli.models import load_backend
from fitcli.models.registry import MODELS
from fitcli.pose import KP


def _rgb(path):
    import cv2

    return cv2.imread(str(path))[:, :, ::-1].copy()


def _lsp_truth(lsp_dir, i):
    import scipy.io

    joints = scipy.io.loadmat(str(lsp_dir / "joints.mat"))["joints"]  # 3 x 14 x N, 1-based
    return joints[:2, :, i].T - 1.0


# LSP joint index for some COCO keypoints (person-centric left/right in both).
LSP_OF = {"right_ankle": 0, "right_knee": 1, "right_hip": 2, "left_hip": 3, "left_knee": 4, "left_ankle": 5,
          "right_wrist": 6, "right_elbow": 7, "right_shoulder": 8, "left_shoulder": 9, "left_elbow": 10,
          "left_wrist": 11}  # fmt: skip


@pytest.mark.models
@pytest.mark.parametrize("name", list(MODELS))
def test_backend_finds_joints_on_lsp_images(name, lsp_dir, require_model):
    # 30 images, a joint within half a torso: PCK@0.5 of a working model is far above the floor
    require_model(name)
    backend = load_backend(name, threads=1)
    hits, total = 0, 0
    for i in range(30):
        rgb = _rgb(lsp_dir / "images" / f"im{i + 1:04d}.jpg")
        kp = backend(rgb)
        assert kp.shape == (17, 3) and kp.dtype == np.float32
        truth = _lsp_truth(lsp_dir, i)
        torso = np.hypot(*(truth[9] - truth[2]))
        for coco, lsp in LSP_OF.items():
            total += 1
            hits += bool(np.hypot(*(kp[KP[coco], :2] - truth[lsp])) <= 0.5 * torso)
    # Loose floor: a broken pre/postprocess (swapped x/y, wrong scale) lands near 0-30%.
    assert hits / total >= 0.6, f"{name}: only {hits}/{total} joints near the truth"


def test_unknown_model_lists_valid_names():
    with pytest.raises(UnknownNameError, match="movenet-lightning"):
        load_backend("openpose")


def test_model_not_pulled_says_how(tmp_path, monkeypatch):
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path))
    with pytest.raises(ModelNotInstalledError, match="fitcli models pull movenet-thunder"):
        load_backend("movenet-thunder")


def test_default_falls_back_to_blazepose_when_nothing_pulled(tmp_path, monkeypatch):
    from fitcli.models.registry import default_model_name

    monkeypatch.setenv("FITCLI_HOME", str(tmp_path))
    assert default_model_name() == "blazepose"


@pytest.mark.models
def test_multipose_finds_every_person_of_a_generated_frame(require_model):
    # two figures side by side: each true body gets its own pose, best first, shapes (N, 17, 3)
    from fitcli.pipelines.crowd import SCENES, Scene

    require_model("movenet-multipose")
    backend = load_backend("movenet-multipose", threads=1)
    assert backend.max_people == 6
    scene = Scene(SCENES["pair_crossing"])
    frame = 60
    people = backend.people(scene.frame(frame)[:, :, ::-1].copy())
    assert people.shape == (2, 17, 3) and people.dtype == np.float32
    assert people[0, :, 2].mean() >= people[1, :, 2].mean()
    for truth in scene.keypoints(frame):
        error = np.hypot(*(people[:, :, :2] - truth).transpose(2, 0, 1)).mean(axis=1)
        assert error.min() < 0.05 * scene.spec.scale, f"no pose near a figure (errors {error})"
    single = backend(scene.frame(frame)[:, :, ::-1].copy())
    np.testing.assert_array_equal(single, people[0])


@pytest.mark.parametrize("name", [n for n, s in MODELS.items() if s.max_people == 1 and s.needs_pull])
def test_single_person_models_see_one_person(name, require_model):
    require_model(name)
    backend = load_backend(name, threads=1)
    rgb = np.zeros((240, 320, 3), np.uint8)
    assert backend.people(rgb).shape == (1, 17, 3)
    backend.close()

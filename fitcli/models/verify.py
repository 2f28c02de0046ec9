"""Check a freshly converted model on a known image before it is installed.

The image is a rendered figure (fitcli's own sample-clip renderer) whose true joint positions are
stored beside it in ``verify_data/figure.json``. A converted model must put the body joints
(shoulders, elbows, wrists, hips, knees, ankles) close to the truth; a broken conversion (wrong
channel order, wrong scaling, garbage weights) fails loudly here instead of at a user's workout.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.errors import ModelStoreError
from fitcli.pose import KP

BODY_JOINTS = (
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
# A joint counts as found within this share of the figure's height; most joints must be found.
TOLERANCE = 0.10
MIN_FOUND = 10


def verification_image() -> tuple[np.ndarray, dict[str, list[float]], float]:
    """(RGB image, true joint positions by name, figure height in pixels)."""
    import cv2

    folder = resources.files("fitcli.models") / "verify_data"
    truth = json.loads((folder / "figure.json").read_text())
    bgr = cv2.imdecode(np.frombuffer((folder / "figure.png").read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    return bgr[:, :, ::-1].copy(), truth["joints"], float(truth["figure_height_px"])


def verify_keypoints(kp: np.ndarray, truth: dict[str, list[float]], height: float) -> float:
    """Mean error in pixels over the body joints; raises if too few are within tolerance."""
    errors = np.array([np.hypot(*(kp[KP[j], :2] - np.asarray(truth[j]))) for j in BODY_JOINTS])
    errors = np.nan_to_num(errors, nan=np.inf)
    found = int(np.sum(errors <= TOLERANCE * height))
    if found < MIN_FOUND:
        raise ModelStoreError(
            f"verification failed: only {found} of {len(BODY_JOINTS)} body joints found on the known image",
            "the conversion is broken; report it with `fitcli models pull --force -v` output",
        )
    return float(np.mean(errors[np.isfinite(errors)]))


def verify_model(spec: Any, onnx_path: Path) -> float:
    """Run the backend of ``spec`` on ``onnx_path`` over the known image; return the mean error."""
    import importlib

    module_name, cls_name = spec.backend.split(":")
    backend_cls = getattr(importlib.import_module(f"fitcli.models.{module_name}"), cls_name)
    backend = backend_cls(spec, threads=1, model_path=str(onnx_path))
    rgb, truth, height = verification_image()
    return verify_keypoints(backend(rgb), truth, height)


# The known image: frame 75 of the generator's jumping-jack clip (seed 0), arms and legs part-way
# out, so every limb is apart from the body. `write_verification_image` makes it again.
VERIFY_CLIP = {"exercise": "jumping-jack", "view": "front", "reps": 3, "seed": 0}
VERIFY_FRAME = 75


def write_verification_image(folder: Path) -> None:
    """Render the known image and its true joints into ``folder`` (figure.png, figure.json)."""
    import cv2

    from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip
    from fitcli.pose import KEYPOINT_NAMES

    clip = SyntheticClip(ClipSpec(**VERIFY_CLIP))  # type: ignore[arg-type]
    kp = clip.keypoints(VERIFY_FRAME)
    joints = {name: [round(float(v), 2) for v in kp[i]] for i, name in enumerate(KEYPOINT_NAMES)}
    folder.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(folder / "figure.png"), clip.frame(VERIFY_FRAME), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    meta = {
        "clip": VERIFY_CLIP,
        "frame": VERIFY_FRAME,
        "figure_height_px": clip.figure_height_px,
        "joints": joints,
    }
    (folder / "figure.json").write_text(json.dumps(meta, indent=1))

"""MoveNet SinglePose (Lightning 192 px, Thunder 256 px) on onnxruntime.

Input: int32 RGB [1, S, S, 3]; output [1, 1, 17, 3] as (y, x, score), normalised to the input.

On video (``video=True``) it follows the person the way MoveNet's authors recommend: the next
frame is cropped around the body found in this one (``crop_around``), so a small person far from
the camera fills the model's input. Without a confident torso it falls back to the whole frame.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.models.letterbox import letterbox
from fitcli.models.onnx_session import open_session

# Crop rule constants from MoveNet's published cropping algorithm (TensorFlow Hub tutorial).
MIN_CROP_SCORE = 0.2
TORSO_EXPANSION = 1.9
BODY_EXPANSION = 1.2
_TORSO = (5, 6, 11, 12)


def crop_around(kp: np.ndarray, width: int, height: int) -> tuple[float, float, float] | None:
    """Square crop (x0, y0, side) in pixels around the body in ``kp``; None for the whole frame."""
    if not (kp[[11, 12], 2] > MIN_CROP_SCORE).all() and not (kp[[5, 6], 2] > MIN_CROP_SCORE).all():
        return None
    hips = kp[[11, 12], :2]
    shoulders = kp[[5, 6], :2]
    use = hips if (kp[[11, 12], 2] > MIN_CROP_SCORE).all() else shoulders
    cx, cy = use.mean(axis=0)
    torso = kp[list(_TORSO)]
    torso = torso[torso[:, 2] > MIN_CROP_SCORE]
    body = kp[kp[:, 2] > MIN_CROP_SCORE]
    torso_range = np.abs(torso[:, :2] - (cx, cy)).max()
    body_range = np.abs(body[:, :2] - (cx, cy)).max()
    half = max(torso_range * TORSO_EXPANSION, body_range * BODY_EXPANSION)
    # never larger than needed to hold the whole frame around the centre
    half = min(half, max(cx, width - cx, cy, height - cy))
    if not np.isfinite(half) or half < 8:
        return None
    return float(cx - half), float(cy - half), float(2 * half)


class MoveNet:
    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        self.name = spec.name
        self.size = spec.input_size
        self.video = video
        self.session = open_session(model_path or spec.path(), threads)
        self.input_name = self.session.get_inputs()[0].name
        self._crop: tuple[float, float, float] | None = None

    def reset(self) -> None:
        """Forget the person followed so far (a new clip starts)."""
        self._crop = None

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        if not self.video or self._crop is None:
            kp = self._whole(rgb)
        else:
            kp = self._cropped(rgb, self._crop)
        if self.video:
            self._crop = crop_around(kp, rgb.shape[1], rgb.shape[0])
        return kp

    def _infer(self, square: np.ndarray) -> np.ndarray:
        (raw,) = self.session.run(None, {self.input_name: square[None].astype(np.int32)})
        return raw.reshape(17, 3)

    def _whole(self, rgb: np.ndarray) -> np.ndarray:
        square, box = letterbox(rgb, self.size)
        yxs = self._infer(square)
        x, y = box.to_image(yxs[:, 1] * self.size, yxs[:, 0] * self.size)
        return np.stack([x, y, yxs[:, 2]], axis=1).astype(np.float32)

    def _cropped(self, rgb: np.ndarray, crop: tuple[float, float, float]) -> np.ndarray:
        import cv2

        x0, y0, side = crop
        scale = self.size / side
        affine = np.array([[scale, 0, -x0 * scale], [0, scale, -y0 * scale]], np.float32)
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        square = cv2.warpAffine(rgb, affine, (self.size, self.size), flags=interp, borderValue=(0, 0, 0))
        yxs = self._infer(square)
        x = x0 + yxs[:, 1] * side
        y = y0 + yxs[:, 0] * side
        return np.stack([x, y, yxs[:, 2]], axis=1).astype(np.float32)

"""MoveNet SinglePose (Lightning 192 px, Thunder 256 px) on onnxruntime.

Input: int32 RGB [1, S, S, 3]; output [1, 1, 17, 3] as (y, x, score), normalised to the input.

On video (``video=True``) it follows the person the way MoveNet's authors recommend: the next
frame is cropped around the body found in this one (``crop_around``), so a small person far from
the camera fills the model's input. Without a confident torso it falls back to the whole frame.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.models.base import OnnxPoseModel
from fitcli.models.letterbox import Letterbox, letterbox

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


class MoveNet(OnnxPoseModel):
    """One person: the whole frame letterboxed, or (on video) the crop around last frame's body."""

    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        super().__init__(spec, threads, model_path, video)
        self._crop: tuple[float, float, float] | None = None

    def reset(self) -> None:
        """Forget the person followed so far (a new clip starts)."""
        self._crop = None

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        kp = super().__call__(rgb)
        if self.video:
            self._crop = crop_around(kp, rgb.shape[1], rgb.shape[0])
        return kp

    def preprocess(self, rgb: np.ndarray) -> tuple[np.ndarray, Letterbox | tuple[float, float, float]]:
        """The model's square input and how it maps back: a ``Letterbox`` or a crop (x0, y0, side)."""
        if not self.video or self._crop is None:
            square, box = letterbox(rgb, self.size)
            return square[None].astype(np.int32), box
        import cv2

        x0, y0, side = self._crop
        scale = self.size / side
        affine = np.array([[scale, 0, -x0 * scale], [0, scale, -y0 * scale]], np.float32)
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        square = cv2.warpAffine(rgb, affine, (self.size, self.size), flags=interp, borderValue=(0, 0, 0))
        return square[None].astype(np.int32), self._crop

    def postprocess(self, raw: Any, context: Letterbox | tuple[float, float, float]) -> np.ndarray:
        yxs = raw[0].reshape(17, 3)
        if isinstance(context, Letterbox):
            x, y = context.to_image(yxs[:, 1] * self.size, yxs[:, 0] * self.size)
        else:
            x0, y0, side = context
            x = x0 + yxs[:, 1] * side
            y = y0 + yxs[:, 0] * side
        return np.stack([x, y, yxs[:, 2]], axis=1).astype(np.float32)

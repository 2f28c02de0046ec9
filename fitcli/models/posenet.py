"""PoseNet MobileNetV1 0.75, output stride 16, 385 px input: the study's model, on onnxruntime.

Single-pose decoding as the study describes it: sigmoid of the 17 heatmaps, the argmax cell of
each keypoint, position = cell index x stride + offset (offsets: 17 y channels, then 17 x), and
the keypoint score is the heatmap's sigmoid at that cell. Displacement outputs (multi-pose) are
not used.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.models.base import OnnxPoseModel
from fitcli.models.letterbox import Letterbox, letterbox

OUTPUT_STRIDE = 16


def decode_single_pose(heatmap_logits: np.ndarray, offsets: np.ndarray, stride: int) -> np.ndarray:
    """(H, W, 17) heatmap logits and (H, W, 34) offsets -> (17, 3) x, y, score in input pixels."""
    h, w, k = heatmap_logits.shape
    flat = heatmap_logits.reshape(h * w, k)
    best = np.argmax(flat, axis=0)
    ys, xs = np.divmod(best, w)
    idx = np.arange(k)
    off_y = offsets[ys, xs, idx]
    off_x = offsets[ys, xs, idx + k]
    scores = 1.0 / (1.0 + np.exp(-flat[best, idx]))
    return np.stack([xs * stride + off_x, ys * stride + off_y, scores], axis=1).astype(np.float32)


class PoseNet(OnnxPoseModel):
    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        super().__init__(spec, threads, model_path, video)
        names = [o.name for o in self.session.get_outputs()]
        self.heatmap_name = next(n for n in names if "heatmap" in n)
        self.offset_name = next(n for n in names if "offset" in n)

    def preprocess(self, rgb: np.ndarray) -> tuple[np.ndarray, Letterbox]:
        square, box = letterbox(rgb, self.size)
        return square[None].astype(np.float32) / 127.5 - 1.0, box

    def inference(self, inputs: np.ndarray) -> Any:
        return self.session.run([self.heatmap_name, self.offset_name], {self.input_name: inputs})

    def postprocess(self, raw: Any, context: Letterbox) -> np.ndarray:
        heat, off = raw
        kp = decode_single_pose(heat[0], off[0], OUTPUT_STRIDE)
        kp[:, 0], kp[:, 1] = context.to_image(kp[:, 0], kp[:, 1])
        return kp

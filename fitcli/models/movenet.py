"""MoveNet SinglePose (Lightning 192 px, Thunder 256 px) on onnxruntime.

Input: int32 RGB [1, S, S, 3]; output [1, 1, 17, 3] as (y, x, score), normalised to the input.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.models.letterbox import letterbox
from fitcli.models.onnx_session import open_session


class MoveNet:
    def __init__(self, spec: Any, threads: int | None = None, model_path: str | None = None) -> None:
        self.name = spec.name
        self.size = spec.input_size
        self.session = open_session(model_path or spec.path(), threads)
        self.input_name = self.session.get_inputs()[0].name

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        square, box = letterbox(rgb, self.size)
        (raw,) = self.session.run(None, {self.input_name: square[None].astype(np.int32)})
        yxs = raw.reshape(17, 3)
        x, y = box.to_image(yxs[:, 1] * self.size, yxs[:, 0] * self.size)
        return np.stack([x, y, yxs[:, 2]], axis=1).astype(np.float32)

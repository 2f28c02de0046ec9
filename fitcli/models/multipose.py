"""MoveNet MultiPose Lightning on onnxruntime: up to 6 people per image.

Input: int32 RGB [1, H, W, 3], each side a multiple of 32. As its model card recommends, the
image is resized so its longer side is 256 and the other is padded up to a multiple of 32 (640 x
480 -> 256 x 192: a quarter fewer pixels than a 256 x 256 square, the same people found). Output [1, 6, 56]: per candidate 17 x (y, x, score) normalised to the input,
then its box (ymin, xmin, ymax, xmax) and the person's score. A candidate is a person when its
score reaches ``MIN_PERSON_SCORE``.

``people(rgb)`` gives everyone found, best first; ``backend(rgb)`` the best-scored person, so the
model also serves where one person is counted. Following people across frames is not the model's
job: ``fitcli.pipelines.tracking`` does it over ``people()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from fitcli.models.base import OnnxPoseModel
from fitcli.models.letterbox import Letterbox

# MoveNet's own demo (TensorFlow Hub "movenet multipose" tutorial) draws people scored above 0.2;
# fitcli keeps a little more margin, so a shadow or a half-seen body at the edge is not a person.
MIN_PERSON_SCORE = 0.25
MAX_PEOPLE = 6


@dataclass(frozen=True)
class PaddedBox(Letterbox):
    input_hw: tuple[int, int] = (0, 0)  # the model input's height and width


def fit_multiple_of_32(rgb: np.ndarray, longer: int) -> tuple[np.ndarray, PaddedBox]:
    """Resize so the longer side is ``longer``; pad the shorter (black, centred) to a multiple of 32."""
    import cv2

    h, w = rgb.shape[:2]
    scale = longer / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    iw, ih = -(-nw // 32) * 32, -(-nh // 32) * 32
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    out = np.zeros((ih, iw, 3), dtype=rgb.dtype)
    px, py = (iw - nw) // 2, (ih - nh) // 2
    out[py : py + nh, px : px + nw] = cv2.resize(rgb, (nw, nh), interpolation=interp)
    return out, PaddedBox(max(iw, ih), (nw / w + nh / h) / 2, float(px), float(py), (ih, iw))


class MultiPose(OnnxPoseModel):
    max_people: ClassVar[int] = MAX_PEOPLE

    def preprocess(self, rgb: np.ndarray) -> tuple[np.ndarray, PaddedBox]:
        padded, box = fit_multiple_of_32(rgb, self.size)
        return padded[None].astype(np.int32), box

    def postprocess(self, raw: Any, context: PaddedBox) -> np.ndarray:
        """(N, 17, 3) keypoints of the candidates scored >= ``MIN_PERSON_SCORE``, best first."""
        out = raw[0].reshape(-1, 56)
        out = out[out[:, 55] >= MIN_PERSON_SCORE]
        out = out[np.argsort(-out[:, 55], kind="stable")]
        yxs = out[:, :51].reshape(-1, 17, 3)
        h, w = context.input_hw
        x, y = context.to_image(yxs[..., 1] * w, yxs[..., 0] * h)
        return np.stack([x, y, yxs[..., 2]], axis=-1).astype(np.float32)

    def people(self, rgb: np.ndarray) -> np.ndarray:
        inputs, context = self.preprocess(rgb)
        return self.postprocess(self.inference(inputs), context)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        """The best-scored person (all scores 0, NaN coordinates when nobody is found)."""
        found = self.people(rgb)
        if len(found):
            return found[0]  # type: ignore[no-any-return]
        kp = np.full((17, 3), np.nan, np.float32)
        kp[:, 2] = 0.0
        return kp

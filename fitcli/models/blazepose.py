"""MediaPipe BlazePose full (model complexity 1) from the mediapipe wheel: nothing to pull.

Its 33 landmarks are mapped to the 17 COCO keypoints; the score is MediaPipe's visibility. When
no person is found, every score is 0 and every coordinate NaN. ``last_landmarks`` keeps the raw
33 (x, y, z, visibility) of the last call for callers that want them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.models.base import PoseModel
from fitcli.models.native_quiet import native_stderr_silenced

# BlazePose landmark index for each COCO-17 keypoint, in COCO order.
BLAZEPOSE_TO_COCO = (0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28)


class BlazePose(PoseModel):
    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        from fitcli.models.mediapipe_import import import_mediapipe

        mp = import_mediapipe()
        super().__init__(spec, threads, model_path, video)
        # static_image_mode runs the person detector on every image (right for photo sets);
        # video mode tracks from the previous frame, which is faster and steadier on clips.
        with native_stderr_silenced():
            self._pose = mp.solutions.pose.Pose(
                static_image_mode=not video, model_complexity=1, min_detection_confidence=0.5
            )
        self.last_landmarks: np.ndarray | None = None
        self._calls = 0

    def preprocess(self, rgb: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
        h, w = rgb.shape[:2]
        return np.ascontiguousarray(rgb), (w, h)

    def inference(self, inputs: np.ndarray) -> Any:
        self._calls += 1
        if self._calls <= 2:  # its first frames log from native threads
            with native_stderr_silenced():
                return self._pose.process(inputs)
        return self._pose.process(inputs)

    def postprocess(self, raw: Any, context: tuple[int, int]) -> np.ndarray:
        w, h = context
        if raw.pose_landmarks is None:
            self.last_landmarks = None
            out = np.full((17, 3), np.nan, dtype=np.float32)
            out[:, 2] = 0.0
            return out
        lm = np.array([(p.x, p.y, p.z, p.visibility) for p in raw.pose_landmarks.landmark], np.float32)
        self.last_landmarks = lm
        sel = lm[list(BLAZEPOSE_TO_COCO)]
        return np.stack([sel[:, 0] * w, sel[:, 1] * h, sel[:, 3]], axis=1).astype(np.float32)

    def reset(self) -> None:
        """Forget the person tracked so far (a new clip starts)."""
        self._pose.reset()

    def close(self) -> None:
        self._pose.close()

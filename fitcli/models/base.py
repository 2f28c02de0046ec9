"""The one shape every pose backend has: ``preprocess -> inference -> postprocess``, ``reset``, ``close``.

A backend is built from its registry ``ModelSpec`` (``Backend(spec, threads=, model_path=, video=)``)
and called on an H x W x 3 uint8 RGB image. ``backend(rgb)`` returns the (17, 3) float32 keypoints
(x px, y px, score, COCO order) of the one person it follows; ``backend.people(rgb)`` returns
(N, 17, 3) for every person it sees. Single-person models see one (``max_people == 1``); a
multi-person model (``max_people > 1``) returns up to that many, best first, and its ``__call__``
follows one of them, so either kind fits wherever the other does.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from fitcli.models.onnx_session import open_session


class PoseModel:
    """Base class of the pose backends. Subclasses write ``preprocess``, ``inference`` and
    ``postprocess``; ``__call__`` chains them. ``context`` is whatever ``postprocess`` needs to map
    the model's output back to the image (a letterbox, a crop)."""

    max_people: ClassVar[int] = 1

    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        self.name: str = spec.name
        self.size: int = spec.input_size
        self.video = video

    def preprocess(self, rgb: np.ndarray) -> tuple[Any, Any]:
        """(model input, context for ``postprocess``)."""
        raise NotImplementedError

    def inference(self, inputs: Any) -> Any:
        raise NotImplementedError

    def postprocess(self, raw: Any, context: Any) -> np.ndarray:
        """The model's raw output -> (17, 3) keypoints in image pixels (N x 17 x 3 for several)."""
        raise NotImplementedError

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        inputs, context = self.preprocess(rgb)
        return self.postprocess(self.inference(inputs), context)  # type: ignore[no-any-return]

    def people(self, rgb: np.ndarray) -> np.ndarray:
        """(N, 17, 3) keypoints of everyone found; a single-person model gives its one person."""
        return self(rgb)[None]

    def reset(self) -> None:
        """Forget what was followed so far (a new clip starts)."""

    def close(self) -> None:
        """Free the model's native resources."""


class OnnxPoseModel(PoseModel):
    """A backend on one onnxruntime session with one input."""

    def __init__(
        self, spec: Any, threads: int | None = None, model_path: str | None = None, video: bool = False
    ) -> None:
        super().__init__(spec, threads, model_path, video)
        self.session = open_session(model_path or spec.path(), threads)
        self.input_name = self.session.get_inputs()[0].name

    def inference(self, inputs: Any) -> Any:
        return self.session.run(None, {self.input_name: inputs})

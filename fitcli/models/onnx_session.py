"""One place that opens an ONNX model with onnxruntime on the CPU."""

from __future__ import annotations

import os
from typing import Any

from fitcli.errors import ModelStoreError


def open_session(path: str, threads: int | None = None) -> Any:
    """An onnxruntime InferenceSession on the CPU with ``threads`` intra-op threads (default: all cores)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads or (os.cpu_count() or 1)
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    # Idle threads must not spin: on 2 cores a spinning pool starves the video decoder
    # (measured: 84-148 frames/s with spinning, 180-187 without, movenet-lightning on 640x480).
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors for a bad file
        raise ModelStoreError(
            f"cannot load model file {path}: {exc}", "run `fitcli models pull --force` to convert it again"
        ) from exc

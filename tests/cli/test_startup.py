"""`fitcli --help` and light commands must not load TensorFlow, MediaPipe or onnxruntime."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("tensorflow", "mediapipe", "onnxruntime", "tf2onnx")


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(proc.stdout.split())


def test_help_loads_no_heavy_module():
    code = (
        "from typer.testing import CliRunner\nfrom fitcli.cli.main import app\n"
        "r = CliRunner().invoke(app, ['--help'])\nassert r.exit_code == 0, r.output"
    )
    assert _loaded_after(code) == set()


def test_blazepose_does_not_pull_in_tensorflow():
    code = "from fitcli.models.mediapipe_import import import_mediapipe\nimport_mediapipe()"
    assert _loaded_after(code) == {"mediapipe"}

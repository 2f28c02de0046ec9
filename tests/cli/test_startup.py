"""`fitcli --help` and light commands must not load TensorFlow, MediaPipe or onnxruntime."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "tensorflow",
    "mediapipe",
    "onnxruntime",
    "tf2onnx",
    "cv2",
    "duckdb",
    "pandas",
    "matplotlib",
    "pyarrow",
    "ray",
)


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(proc.stdout.split())


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["analyze", "--help"],
        ["live", "--help"],
        ["report", "weekly", "--help"],
        ["train", "--help"],
        ["eval", "lsp", "--help"],
        ["exercises"],
    ],
)
def test_help_and_light_commands_load_no_heavy_module(args):
    code = (
        "from typer.testing import CliRunner\nfrom fitcli.cli.main import app\n"
        f"r = CliRunner().invoke(app, {args!r})\nassert r.exit_code == 0, r.output"
    )
    assert _loaded_after(code) == set()


def test_blazepose_does_not_pull_in_tensorflow():
    code = "from fitcli.models.mediapipe_import import import_mediapipe\nimport_mediapipe()"
    loaded = _loaded_after(code)
    assert "mediapipe" in loaded and "tensorflow" not in loaded


@pytest.mark.models
def test_analyze_and_export_without_ray_address_never_import_ray(tmp_path, require_model):
    require_model("movenet-lightning")
    video = str(Path(__file__).resolve().parents[2] / "sample_videos" / "squat_front.mp4")
    for args in (
        ["analyze", video, "-e", "squat", "--no-save", "-j", "1", "--no-cache"],
        ["export", video, "--out", str(tmp_path), "--no-cache"],
    ):
        code = (
            "from typer.testing import CliRunner\nfrom fitcli.cli.main import app\n"
            f"r = CliRunner().invoke(app, {args!r})\nassert r.exit_code == 0, r.output\n"
            "print('ray' in sys.modules)"
        )
        probe = f"import sys\n{code}"
        proc = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
        )
        assert proc.stdout.split()[-1] == "False", proc.stdout

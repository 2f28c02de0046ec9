"""`fitcli bench` measures a real model on a real clip and reports medians (no timing assertions)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app

runner = CliRunner()


@pytest.mark.models
def test_bench_reports_model_and_end_to_end_speed(require_model):
    require_model("movenet-lightning")
    result = runner.invoke(
        app, ["bench", "-m", "movenet-lightning", "--frames", "10", "--repeats", "1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["model"] == "movenet-lightning" and row["frames"] == 10
    assert (row["width"], row["height"]) == (640, 480)
    for key in ("model_ms", "e2e_ms", "e2e_fps", "decode_fps"):
        assert row[key] > 0
    assert row["e2e_ms"] >= row["model_ms"] * 0.5  # end to end includes the model


def test_bench_bad_video_is_one_line(tmp_path):
    result = runner.invoke(app, ["bench", "--video", str(tmp_path / "missing.mp4")])
    assert result.exit_code == 2
    assert "missing.mp4" in result.stderr and "Traceback" not in result.output

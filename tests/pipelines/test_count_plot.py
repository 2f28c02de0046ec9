"""`fitcli analyze --plot DIR`: a PNG per video of what the counter saw, with every rep (and which
were partial) drawn, on the sample clips with the real model; bad --plot input is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from fitcli.cli.main import app

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
runner = CliRunner()


@pytest.mark.models
def test_analyze_plots_the_signal_with_a_marker_per_rep(tmp_path, require_model):
    require_model("movenet-lightning")
    plots = tmp_path / "plots"
    clips = [str(SAMPLES / "squat_front.mp4"), str(SAMPLES / "jumping_jack_front.mp4")]
    result = runner.invoke(
        app, ["analyze", clips[0], "-e", "squat", "--plot", str(plots), "--no-save", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    with Image.open(plots / "squat_front.plot.png") as png:
        assert png.format == "PNG" and png.size == (1000, 600)
        assert png.text["fitcli:exercise"] == "squat"
        assert int(png.text["fitcli:reps"]) == row["reps"] == 5
        assert int(png.text["fitcli:partial"]) == row["partial"]
        assert len(png.convert("RGB").getcolors(maxcolors=100_000) or ()) > 50  # drawn, not blank
    result = runner.invoke(
        app, ["analyze", clips[1], "-e", "jumping-jack", "--plot", str(plots), "--no-save"]
    )
    assert result.exit_code == 0, result.output
    with Image.open(plots / "jumping_jack_front.plot.png") as png:
        assert png.text["fitcli:reps"] == "6" and png.text["fitcli:partial"] == "0"


def test_bad_plot_input_is_one_line_and_exit_2(tmp_path):
    clip = str(SAMPLES / "squat_front.mp4")
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    result = runner.invoke(app, ["analyze", clip, "-e", "squat", "--plot", str(a_file), "--no-save"])
    assert result.exit_code == 2 and "taken" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["analyze", clip, "-e", "squat", "--people", "all", "--plot", str(tmp_path)])
    assert result.exit_code == 2 and "--plot draws one person's count" in result.output

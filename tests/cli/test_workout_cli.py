"""`fitcli analyze` and `fitcli live` through the CLI: real model, real journal file, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"


def _truth(name: str) -> dict:
    return json.loads((SAMPLES / name).with_suffix(".json").read_text())


@pytest.mark.models
def test_analyze_counts_saves_sessions_and_prints_json(tmp_path, require_model):
    require_model("movenet-lightning")
    db = tmp_path / "journal.duckdb"
    runner.invoke(app, ["profile", "set", "--name", "kim", "--weight", "60", "--db", str(db)])
    result = runner.invoke(
        app,
        ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", "squat", "-j", "1", "--format", "json",
         "--db", str(db), "--user", "kim"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["reps"] == _truth("squat_front.mp4")["reps"] and row["kcal"] > 0
    (session,) = Journal(db).list_sessions("kim")
    assert session.reps == row["reps"] and session.exercise == "squat" and session.met_code == "02052"
    assert session.kcal == pytest.approx(row["kcal"], abs=0.01)
    assert len(Journal(db).get_session(session.id).rep_records) == row["reps"]


@pytest.mark.models
def test_analyze_with_nobody_in_view_gives_zero_reps_and_a_warning(tmp_path, require_model):
    import cv2
    import numpy as np

    require_model("movenet-lightning")
    empty = tmp_path / "empty_room.mp4"
    writer = cv2.VideoWriter(str(empty), cv2.VideoWriter.fourcc(*"mp4v"), 30.0, (320, 240))
    for _ in range(60):
        writer.write(np.full((240, 320, 3), 200, np.uint8))
    writer.release()
    result = runner.invoke(app, ["analyze", str(empty), "-e", "squat", "--db", str(tmp_path / "j.duckdb")])
    assert result.exit_code == 0, result.output
    assert "a person was found in only 0% of 60 frames" in result.stderr
    assert not (tmp_path / "j.duckdb").exists() or not Journal(tmp_path / "j.duckdb").list_sessions()


def test_analyze_unknown_exercise_lists_the_valid_ones(tmp_path):
    result = runner.invoke(app, ["analyze", str(SAMPLES / "clap_front.mp4"), "-e", "burpee"])
    assert result.exit_code == 2
    assert "unknown exercise 'burpee'" in result.stderr and "squat" in result.stderr
    assert "Traceback" not in result.output


def test_analyze_unwritable_annotate_folder_fails_before_work(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    result = runner.invoke(
        app, ["analyze", str(SAMPLES / "clap_front.mp4"), "-e", "clap", "--annotate", str(blocker / "out")]
    )
    assert result.exit_code == 2 and "cannot write to folder" in result.stderr


@pytest.mark.models
def test_analyze_reports_a_broken_video_and_exits_1(tmp_path, require_model):
    require_model("movenet-lightning")
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00" * 100)
    result = runner.invoke(
        app, ["analyze", str(SAMPLES / "clap_front.mp4"), str(bad), "-e", "clap", "-j", "1", "--no-save"]
    )
    assert result.exit_code == 1
    assert "failed:" in result.stderr and "broken.mp4" in result.stderr
    assert "clap_front.mp4" in result.stderr  # the good one is in the table


@pytest.mark.models
def test_live_from_a_video_saves_the_session(tmp_path, require_model):
    require_model("movenet-lightning")
    db = tmp_path / "j.duckdb"
    clip = SAMPLES / "squat_front.mp4"
    reps = _truth(clip.name)["rep_times"]
    # real-time pace: stop between the end of the second squat and the bottom of the third
    stop = (reps[1]["end_s"] + reps[2]["turn_s"]) / 2
    args = ["live", "-e", "squat", "--source", str(clip), "--no-window", "--duration", f"{stop:.2f}"]
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "squat: 2 reps" in result.stdout and "(duration)" in result.stdout
    (session,) = Journal(db).list_sessions()
    assert session.reps == 2 and session.met_code == "02052"
    assert "squat: " in result.stderr  # the one-line live status


@pytest.mark.models
def test_live_records_the_annotated_session(tmp_path, require_model):
    import cv2

    require_model("movenet-lightning")
    video = tmp_path / "session.mp4"
    args = ["live", "-e", "squat", "-s", str(SAMPLES / "squat_front.mp4"), "--no-window", "--no-save"]
    result = runner.invoke(app, [*args, "--duration", "3", "--record", str(video)])
    assert result.exit_code == 0, result.output
    assert f"s to {video}" in result.stdout and "recorded " in result.stdout
    cap = cv2.VideoCapture(str(video))
    frames, fps, width = cap.get(cv2.CAP_PROP_FRAME_COUNT), cap.get(cv2.CAP_PROP_FPS), cap.get(3)
    cap.release()
    assert width == 640 and abs(frames / fps - 3.0) <= 0.2  # the session's 3 s (a late last frame is dropped)


def test_live_camera_that_cannot_open(tmp_path):
    result = runner.invoke(
        app, ["live", "-e", "clap", "--camera", "/dev/video9", "--db", str(tmp_path / "j.duckdb")]
    )
    assert result.exit_code == 2 and "cannot open camera /dev/video9" in result.stderr


@pytest.fixture
def virtual_screen(monkeypatch):
    """An Xvfb screen for the OpenCV window (Debian's xvfb; .ci/run installs it)."""
    import shutil
    import subprocess
    import time

    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb); the window path needs a screen")
    display = ":87"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1024x768x24"], stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    monkeypatch.setenv("DISPLAY", display)
    yield display
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.models
def test_live_shows_a_window_when_there_is_a_screen(tmp_path, require_model, virtual_screen):
    require_model("movenet-lightning")
    clip = SAMPLES / "squat_front.mp4"
    reps = _truth(clip.name)["rep_times"]
    stop = (reps[0]["end_s"] + reps[1]["turn_s"]) / 2
    args = [
        "live",
        "-e",
        "squat",
        "--source",
        str(clip),
        "--duration",
        f"{stop:.2f}",
        "--db",
        str(tmp_path / "j.db"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "squat: 1 rep in" in result.stdout
    assert "reps  00:" not in result.stderr  # the window, not the terminal status line, showed progress


def test_analyze_bad_format_fails_before_any_work(tmp_path):
    db = tmp_path / "j.duckdb"
    result = runner.invoke(
        app, ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", "squat", "-f", "xml", "--db", str(db)]
    )
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    assert not db.exists()


def test_analyze_with_a_model_not_pulled_is_one_line_even_in_parallel(tmp_path, monkeypatch):
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path / "empty-home"))
    videos = [str(SAMPLES / "squat_front.mp4"), str(SAMPLES / "clap_front.mp4")]
    result = runner.invoke(app, ["analyze", *videos, "-e", "squat", "-m", "movenet-thunder", "-j", "2"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: model 'movenet-thunder' is not pulled yet - run `fitcli models pull movenet-thunder` "
        "(or use --model blazepose)"
    )


@pytest.mark.models
def test_analyzing_the_same_video_twice_stores_it_once(tmp_path, require_model):
    require_model("movenet-lightning")
    db = tmp_path / "j.duckdb"
    args = ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", "squat", "-j", "1", "--db", str(db)]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "already in the journal" in again.stderr
    assert len(Journal(db).list_sessions()) == 1


def test_names_with_brackets_are_printed_as_they_are(tmp_path):
    db = str(tmp_path / "j.duckdb")
    added = runner.invoke(app, ["meal", "add", "--kcal", "500", "--name", "[/x] soup[1]", "--db", db])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["meal", "list", "--db", db])
    assert listed.exit_code == 0 and "[/x] soup[1]" in listed.stderr + listed.stdout

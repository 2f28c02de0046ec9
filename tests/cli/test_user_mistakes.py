"""Mistakes a new user makes, answered with one line that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.pipelines.batch import expand_inputs
from fitcli.pipelines.sources import expand_video_folders

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"


@pytest.mark.parametrize(
    ("typed", "meant"), [("sqauts", "squat"), ("pushp", "push-up"), ("jumpin jacks", "jumping-jack")]
)
def test_a_misspelt_exercise_gets_a_suggestion(typed, meant):
    result = runner.invoke(app, ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", typed])
    assert result.exit_code == 2 and f"did you mean {meant}?" in result.stderr


def test_a_folder_given_as_manifest_points_at_the_manifest_inside():
    result = runner.invoke(app, ["eval", "reps", str(SAMPLES)])
    assert result.exit_code == 2 and f"did you mean {SAMPLES / 'manifest.csv'}?" in result.stderr


def test_pull_from_a_missing_file_is_refused_even_when_installed(tmp_path):
    result = runner.invoke(app, ["models", "pull", "blazepose", "--tarball", str(tmp_path / "gone.tgz")])
    assert result.exit_code == 2 and "--tarball file not found" in result.stderr


def test_typer_validation_errors_read_plainly():
    result = runner.invoke(app, ["export", str(SAMPLES / "clap_front.mp4"), "--format", "xls"])
    assert result.exit_code == 2
    assert "Value error" not in result.stderr and "'xls' is not one of" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_folders_of_videos_expand_to_their_videos_also_in_subfolders(tmp_path):
    nested = tmp_path / "week1" / "monday"
    nested.mkdir(parents=True)
    for name in ("b.mp4", "a10.mp4", "a2.mov"):
        (nested / name).write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    assert [Path(v).name for v in expand_inputs([str(tmp_path)])] == ["a2.mov", "a10.mp4", "b.mp4"]
    assert [Path(v).name for v in expand_video_folders([str(tmp_path)])] == ["a2.mov", "a10.mp4", "b.mp4"]
    images = tmp_path / "frames"
    images.mkdir()
    (images / "f1.jpg").write_bytes(b"")
    assert expand_video_folders([str(images)]) == [str(images)]  # an image folder stays one input


def test_synthetic_check_on_a_folder_without_clips_says_what_to_do(tmp_path, capsys):
    from fitcli.pipelines.synthetic import main

    with pytest.raises(SystemExit) as stop:
        main(["--out", str(tmp_path / "none"), "--check"])
    assert stop.value.code == 2
    assert "make the clips first" in capsys.readouterr().err

"""`fitcli export`: files written, paths on stdout, progress and summary on stderr, bad input in one line."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.pose import PoseTrack

runner = CliRunner()


def write_video(path: Path, n: int = 6) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25.0, (64, 48))
    for i in range(n):
        writer.write(np.full((48, 64, 3), 20 * i, np.uint8))
    writer.release()
    return path


def assert_one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    for word in words:
        assert word in lines[0]
    assert result.stdout == ""


@pytest.mark.models
def test_export_writes_files_and_prints_only_their_paths(tmp_path, shared_data, require_model):
    require_model("movenet-lightning")
    clip = shared_data / "videos" / "jumping-jack" / "jj_front_afrl.mp4"
    own = write_video(tmp_path / "own.mp4")
    out = tmp_path / "keypoints"
    args = ["export", str(clip), str(own), "--format", "json", "--model", "movenet-lightning"]
    result = runner.invoke(app, [*args, "--out", str(out), "--fps", "10"])
    assert result.exit_code == 0, result.output
    written = [out / "jj_front_afrl.json", out / "own.json"]
    assert result.stdout.splitlines() == [str(p) for p in written]
    assert "Exported keypoints (movenet-lightning)" in result.stderr and "frames/s" in result.stderr
    track = PoseTrack.load(written[0])
    assert len(track) == 42 and track.meta["model"] == "movenet-lightning"
    assert np.median(track.keypoints[:, :, 2]) > 0.3  # the person is found
    assert np.all(np.diff(track.times) > 0.09)


@pytest.mark.models
def test_export_csv_to_the_current_folder_by_default(tmp_path, monkeypatch, require_model):
    require_model("movenet-lightning")
    monkeypatch.chdir(tmp_path)
    write_video(tmp_path / "clip.mp4", n=5)
    result = runner.invoke(app, ["export", "clip.mp4", "--model", "movenet-lightning", "--every", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "clip.csv")
    track = PoseTrack.load(tmp_path / "clip.csv")
    assert track.frames.tolist() == [0, 2, 4]


def _text(path: Path) -> Path:
    path.write_text("not a video")
    return path


def _truncated(path: Path) -> Path:
    whole = path.with_name("whole.avi")
    writer = cv2.VideoWriter(str(whole), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (64, 48))
    rng = np.random.default_rng(0)
    for _ in range(30):
        writer.write(rng.integers(0, 255, (48, 64, 3), dtype=np.uint8))
    writer.release()
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "extra", "code", "words"),
    [
        (lambda p: p / "missing.mp4", [], 2, ["video not found", "missing.mp4", "check the path"]),
        (lambda p: _text(p / "notes.mp4"), [], 2, ["notes.mp4 is not a video OpenCV can read"]),
        (lambda p: write_video(p / "v.mp4"), ["--every", "0"], 2, ["--every must be 1 or more"]),
        (lambda p: write_video(p / "v.mp4"), ["--every", "2", "--fps", "5"], 2, ["--every and --fps"]),
        (lambda p: write_video(p / "v.mp4"), ["--model", "nosuch"], 2, ["unknown model 'nosuch'", "movenet"]),
        (lambda p: Path("96"), [], 2, ["cannot open camera 96"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make, extra, code, words):
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(make(tmp_path)), "--out", str(out), *extra])
    assert_one_line_error(result, code, *words)
    assert not out.exists()


@pytest.mark.models
def test_truncated_video_leaves_no_file(tmp_path, require_model):
    require_model("movenet-lightning")
    out = tmp_path / "out"
    bad = _truncated(tmp_path / "cut.avi")
    result = runner.invoke(app, ["export", str(bad), "--out", str(out), "--model", "movenet-lightning"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "error: " in result.stderr and "cut.avi is truncated: read" in result.stderr
    assert result.stdout == ""
    assert not out.exists() or list(out.iterdir()) == []


def test_unknown_format_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["export", str(write_video(tmp_path / "v.mp4")), "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr and result.stdout == ""


def test_help_documents_formats_and_an_example():
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    for word in ("--format", "--model", "--out", "--every", "--fps", "Example:"):
        assert word in result.stdout

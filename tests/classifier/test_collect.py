"""Collecting rows: the interval and score rules, time ranges, segments files, the command."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fitcli.classifier.collect import Segment, read_segments, select_rows, source_name
from fitcli.classifier.dataset import read_dataset
from fitcli.cli.main import app
from fitcli.errors import DataError, InputFileError, UsageError
from fitcli.pose import KP, PoseFrame


def frames(n: int, fps: float = 10.0, low: dict[int, str] | None = None) -> list[PoseFrame]:
    """``n`` poses at ``fps`` with every score 0.9, except the named keypoint at 0.2 in frame i."""
    out = []
    for i in range(n):
        kp = np.full((17, 3), 0.9, np.float32)
        if low and i in low:
            kp[KP[low[i]], 2] = 0.2
        out.append(PoseFrame(i, i / fps, kp, (640, 480)))
    return out


def test_one_row_per_interval() -> None:
    kept, report = select_rows(frames(20), Segment("a.mp4", "standing"), interval_s=0.4, min_score=0.7)
    assert [round(p.time_s, 1) for p in kept] == [0.0, 0.4, 0.8, 1.2, 1.6]
    assert (report.frames, report.kept, report.skipped_interval, report.skipped_low_score) == (20, 5, 15, 0)


def test_a_low_keypoint_skips_the_frame_and_the_next_good_one_is_kept() -> None:
    poses = frames(10, low={0: "left_ankle", 1: "left_ankle", 4: "nose"})
    kept, report = select_rows(poses, Segment("a.mp4", "sitting"), interval_s=0.4, min_score=0.7)
    assert [p.index for p in kept] == [2, 6]
    assert report.skipped_low_score == 2 and report.weakest == {"left_ankle": 2}
    assert report.why_low() == "left_ankle 2"
    kept, _ = select_rows(poses, Segment("a.mp4", "sitting"), interval_s=0.4, min_score=0.1)
    assert [p.index for p in kept] == [0, 4, 8]


def test_only_frames_inside_the_time_range_count() -> None:
    kept, report = select_rows(frames(30), Segment("a.mp4", "squat", 1.0, 2.0), interval_s=0.0, min_score=0.7)
    assert report.frames == 11 and [p.index for p in kept] == list(range(10, 21))


@pytest.mark.parametrize(
    ("seg", "needle"),
    [(("a.mp4", " ", 0.0, None), "empty label"), (("a.mp4", "x", 3.0, 2.0), "bad time range")],
)
def test_bad_segments_are_usage_errors(seg: tuple, needle: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(UsageError, match=needle):
        Segment(*seg)


def test_segments_file_rows_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "v.mp4").write_bytes(b"")
    path = tmp_path / "s.csv"
    path.write_text("video,start,end,label\nv.mp4,1,2.5,squat\nv.mp4,3,,standing\n")
    segs = read_segments(path)
    assert segs == [
        Segment(str(tmp_path / "v.mp4"), "squat", 1.0, 2.5),
        Segment(str(tmp_path / "v.mp4"), "standing", 3.0),
    ]


@pytest.mark.parametrize(
    ("text", "error", "needle"),
    [
        (None, InputFileError, "not found"),
        ("video,start,label\nv.mp4,1,squat\n", DataError, "missing columns end"),
        ("video,start,end,label\n", DataError, "no segments"),
        ("video,start,end,label\nv.mp4,abc,2,squat\n", DataError, "line 2"),
        ("video,start,end,label\nv.mp4,3,2,squat\n", DataError, "line 2.*bad time range"),
    ],
    ids=["missing", "no-end-column", "empty", "not-a-number", "backwards"],
)
def test_bad_segments_files(tmp_path: Path, text: str | None, error: type, needle: str) -> None:
    path = tmp_path / "s.csv"
    if text is not None:
        path.write_text(text)
    with pytest.raises(error, match=needle):
        read_segments(path)


def test_a_camera_session_is_its_own_source() -> None:
    assert source_name("clip.mp4") == "clip.mp4"
    assert source_name("0").startswith("camera:0@")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--out", "d.csv", "--label", "x"], "exactly one of --source, --camera or --segments"),
        (["--out", "d.csv", "--source", "a.mp4"], "--label is required"),
        (["--out", "d.csv", "--source", "a.mp4", "--camera", "0", "--label", "x"], "exactly one"),
        (["--out", "d.csv", "--segments", "nope.csv"], "segments file not found"),
    ],
)
def test_collect_command_bad_input_is_one_line_and_exit_2(
    args: list[str], needle: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["collect", *args])
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


@pytest.mark.models
def test_collect_command_on_a_generated_clip(tmp_path: Path, require_model) -> None:  # type: ignore[no-untyped-def]
    from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip, write_clip

    require_model("movenet-lightning")
    video = tmp_path / "sit.mp4"
    write_clip(SyntheticClip(ClipSpec("sit", "side", reps=1, seed=1, rest_s=0.5)), video)
    out = tmp_path / "d.csv"
    args = ["collect", "--label", "sitting", "--source", str(video), "--min-score", "0.2", "--out", str(out)]
    args += ["--model", "movenet-lightning", "--start-at", "0.5"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    ds = read_dataset(out)
    assert 3 <= len(ds) and set(ds.labels) == {"sitting"} and set(ds.models) == {"movenet-lightning"}
    assert ds.times.min() >= 0.5 and np.diff(ds.times).min() >= 0.4 - 1e-6
    assert (ds.keypoints[:, :, 2].min(axis=1) >= 0.2).all()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and len(read_dataset(out)) == 2 * len(ds)  # appended

"""TRC (keypoints) and MOT (joint angles) export: the OpenSim layouts, read back by a plain parser,
with angles known by construction, and `fitcli export --format trc|mot` on a real clip."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.pipelines.opensim import TRC_NAMES, joint_angles, write_mot, write_trc
from fitcli.pose import KP, PoseTrack

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
runner = CliRunner()


def standing(knee_deg: float = 0.0) -> np.ndarray:
    """A front-on person, right leg bent by ``knee_deg`` at the knee (shin rotated back), arms down."""
    kp = np.zeros((17, 3), np.float32)
    kp[:, 2] = 0.9
    for side, x in (("left", 120.0), ("right", 80.0)):
        kp[KP[f"{side}_shoulder"], :2] = (x, 100)
        kp[KP[f"{side}_elbow"], :2] = (x, 150)
        kp[KP[f"{side}_wrist"], :2] = (x, 200)
        kp[KP[f"{side}_hip"], :2] = (x, 200)
        kp[KP[f"{side}_knee"], :2] = (x, 300)
        kp[KP[f"{side}_ankle"], :2] = (x, 400)
    a = math.radians(knee_deg)
    kp[KP["right_ankle"], :2] = (80 + 100 * math.sin(a), 300 + 100 * math.cos(a))
    kp[[KP["nose"], KP["left_eye"], KP["right_eye"], KP["left_ear"], KP["right_ear"]], :2] = (100, 60)
    return kp


def track_of(*poses: np.ndarray) -> PoseTrack:
    times = np.arange(len(poses)) / 30.0
    return PoseTrack(np.stack(poses), times, np.arange(len(poses)), {"width": 200, "height": 420})


def read_trc(path: Path) -> tuple[list[str], pd.DataFrame]:
    lines = path.read_text().splitlines()
    body = pd.read_csv(io.StringIO("\n".join(lines[6:])), sep="\t", header=None)
    return lines, body


def test_trc_has_the_opensim_header_and_one_row_per_frame(tmp_path):
    poses = [standing(), standing(45.0), standing(90.0)]
    poses[1][KP["left_wrist"], 2] = 0.1  # unseen: a missing marker
    track = track_of(*poses)
    lines, body = read_trc(write_trc(track, tmp_path / "clip.trc"))
    assert lines[0] == "PathFileType\t4\t(X/Y/Z)\tclip.trc"
    assert lines[1].split("\t") == ["DataRate", "CameraRate", "NumFrames", "NumMarkers", "Units",
                                    "OrigDataRate", "OrigDataStartFrame", "OrigNumFrames"]  # fmt: skip
    assert lines[2].split("\t") == ["30", "30", "3", "17", "px", "30", "1", "3"]
    names = [n for n in lines[3].split("\t")[2:] if n]
    assert names == list(TRC_NAMES) and lines[4].split("\t")[2:5] == ["X1", "Y1", "Z1"] and lines[5] == ""
    assert body.shape == (3, 2 + 3 * 17)
    assert body[0].tolist() == [1, 2, 3] and body[1].tolist() == pytest.approx([0, 1 / 30, 2 / 30], abs=1e-6)
    knee = 2 + 3 * TRC_NAMES.index("RAnkle")
    assert body.iloc[2, knee : knee + 3].tolist() == pytest.approx([180.0, 300.0, 0.0], abs=1e-3)
    wrist = 2 + 3 * TRC_NAMES.index("LWrist")
    assert body.iloc[1, wrist : wrist + 3].isna().all() and not body.iloc[0, wrist : wrist + 3].isna().any()


def test_angles_are_known_by_construction():
    angles = joint_angles(track_of(standing(), standing(45.0), standing(90.0)))
    assert angles["right_knee_flexion"] == pytest.approx([0.0, 45.0, 90.0], abs=1e-3)
    assert angles["left_knee_flexion"] == pytest.approx([0.0, 0.0, 0.0], abs=1e-3)
    assert angles["right_hip_flexion"] == pytest.approx([0.0] * 3, abs=1e-3)
    assert angles["right_shoulder_flexion"] == pytest.approx([0.0] * 3, abs=1e-3)  # arms down
    assert angles["trunk_lean"] == pytest.approx([0.0] * 3, abs=1e-3)


def test_mot_has_the_opensim_header_and_nan_where_a_joint_was_not_seen(tmp_path):
    pose = standing(90.0)
    pose[KP["right_ankle"], 2] = 0.05
    path = write_mot(track_of(standing(30.0), pose), tmp_path / "clip.mot")
    lines = path.read_text().splitlines()
    header = lines[: lines.index("endheader")]
    assert header[0] == "clip" and "version=1" in header and "inDegrees=yes" in header
    assert "nRows=2" in header and "nColumns=10" in header
    table = pd.read_csv(io.StringIO("\n".join(lines[lines.index("endheader") + 1 :])), sep="\t")
    assert table.columns[0] == "time" and len(table.columns) == 10 and len(table) == 2
    assert table["right_knee_flexion"].iloc[0] == pytest.approx(30.0, abs=1e-3)
    assert math.isnan(table["right_knee_flexion"].iloc[1]) and table["left_knee_flexion"].notna().all()


@pytest.mark.models
@pytest.mark.parametrize("fmt", ["trc", "mot"])
def test_export_writes_trc_and_mot_from_a_clip(tmp_path, require_model, fmt):
    require_model("movenet-lightning")
    clip = SAMPLES / "squat_front.mp4"
    result = runner.invoke(app, ["export", str(clip), "-f", fmt, "-o", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"squat_front.{fmt}"
    assert result.stdout.strip() == str(path)
    text = path.read_text().splitlines()
    frames = len(PoseTrack.load(_csv_export(clip, tmp_path)))
    if fmt == "trc":
        assert text[2].split("\t")[2] == str(frames)
    else:
        assert f"nRows={frames}" in text
        angles = pd.read_csv(io.StringIO("\n".join(text[text.index("endheader") + 1 :])), sep="\t")
        knee = angles[["left_knee_flexion", "right_knee_flexion"]].max(axis=1)
        assert knee.min() < 30 and knee.max() > 60  # the squats bend the knees and straighten them


def _csv_export(clip: Path, folder: Path) -> Path:
    result = runner.invoke(app, ["export", str(clip), "-f", "csv", "-o", str(folder / "csv"), "--no-cache"])
    assert result.exit_code == 0, result.output
    return folder / "csv" / f"{clip.stem}.csv"

"""The frame loop (estimate_poses, track_from_source) and keypoint export to CSV / JSON / Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from fitcli.errors import InputFileError, UnknownNameError, UsageError, VideoError
from fitcli.pipelines.export import export_keypoints
from fitcli.pipelines.run import estimate_poses, prefetch, track_from_source
from fitcli.pipelines.sources import Frame, SourceInfo, open_source
from fitcli.pose import KEYPOINT_NAMES, PoseTrack

W, H = 80, 60


def write_video(
    path: Path, n: int = 12, fps: float = 29.97, fourcc: str = "mp4v", noise: bool = False
) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (W, H))
    rng = np.random.default_rng(1)
    for i in range(n):
        frame = (
            rng.integers(0, 255, (H, W, 3), dtype=np.uint8) if noise else np.full((H, W, 3), 8 * i, np.uint8)
        )
        writer.write(frame)
    writer.release()
    return path


def truncated_avi(path: Path, n: int = 30) -> Path:
    data = write_video(path.with_name("whole.avi"), n=n, fourcc="MJPG", noise=True).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


class FakeBackend:
    """Keypoints that depend on the image (mean level), with fractional values and one NaN point."""

    name = "fake-model"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        self.calls += 1
        level = float(rgb.mean())
        kp = np.zeros((17, 3), np.float32)
        kp[:, 0] = np.arange(17) * 1.1 + level / 7
        kp[:, 1] = np.arange(17) * 0.3 + level / 3
        kp[:, 2] = np.linspace(0.05, 0.95, 17)
        kp[16] = (np.nan, np.nan, 0.0)
        return kp


# ---- the frame loop -------------------------------------------------------------------------------
def test_estimate_poses_yields_one_pose_per_frame_with_time_size_and_progress(tmp_path):
    src = open_source(write_video(tmp_path / "clip.mp4", n=9), every=2)
    seen = []
    poses = list(
        estimate_poses(src, FakeBackend(), on_progress=lambda done, total: seen.append((done, total)))
    )
    assert [p.index for p in poses] == [0, 2, 4, 6, 8]
    assert [p.time_s for p in poses] == pytest.approx([i / 29.97 for i in (0, 2, 4, 6, 8)], abs=1e-3)
    assert all(p.image_size == (W, H) for p in poses)
    assert seen == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_track_from_source_carries_metadata(tmp_path):
    path = write_video(tmp_path / "clip.mp4", n=6)
    track = track_from_source(open_source(path), FakeBackend())
    assert len(track) == 6 and track.keypoints.shape == (6, 17, 3)
    meta = track.meta
    assert meta["model"] == "fake-model" and meta["source"] == str(path)
    assert meta["fps"] == pytest.approx(29.97) and (meta["width"], meta["height"]) == (W, H)
    assert meta["keypoint_names"] == list(KEYPOINT_NAMES)
    json.dumps(meta)  # JSON-friendly


@pytest.mark.parametrize("depth", [0, 3])
def test_prefetch_keeps_order_and_raises_source_errors_here(depth):
    def frames():
        for i in range(5):
            yield Frame(i, i / 10, np.zeros((2, 2, 3), np.uint8))
        raise VideoError("clip.mp4 is truncated")

    got = []
    with pytest.raises(VideoError, match="truncated"):
        for frame in prefetch(frames(), depth):
            got.append(frame.index)
    assert got == [0, 1, 2, 3, 4]


def test_prefetch_stopped_early_closes_the_source():
    closed = []

    def frames():
        try:
            for i in range(1000):
                yield Frame(i, 0.0, np.zeros((2, 2, 3), np.uint8))
        finally:
            closed.append(True)

    for frame in prefetch(frames(), 2):
        if frame.index == 3:
            break
    assert closed == [True]


class InterruptedSource:
    """Three frames, then Ctrl-C, as from a camera the user stops (or a video they abandon)."""

    def __init__(self, kind: str) -> None:
        self.info = SourceInfo(kind, "0", None, None, 4, 2, None)

    def __iter__(self):
        for i in range(3):
            yield Frame(i, i / 30, np.zeros((2, 4, 3), np.uint8))
        raise KeyboardInterrupt


@pytest.mark.parametrize("depth", [0, 2])
def test_ctrl_c_ends_a_camera_recording_but_aborts_a_file(depth):
    track = track_from_source(InterruptedSource("camera"), FakeBackend(), prefetch_depth=depth)
    assert track.frames.tolist() == [0, 1, 2] and track.meta["source_kind"] == "camera"
    with pytest.raises(KeyboardInterrupt):
        track_from_source(InterruptedSource("video"), FakeBackend(), prefetch_depth=depth)


# ---- export ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_export_round_trips_exactly(tmp_path, fmt):
    video = write_video(tmp_path / "clip.mp4", n=7)
    expected = track_from_source(open_source(video), FakeBackend())
    (result,) = export_keypoints([str(video)], fmt, tmp_path / "out", backend=FakeBackend())
    assert result.path == tmp_path / "out" / f"clip.{fmt}"
    assert (result.frames, result.model) == (7, "fake-model")
    assert result.video_seconds == pytest.approx(7 / 29.97, abs=1e-3)
    loaded = PoseTrack.load(result.path)
    np.testing.assert_array_equal(loaded.keypoints, expected.keypoints)
    np.testing.assert_array_equal(loaded.times, expected.times)
    np.testing.assert_array_equal(loaded.frames, expected.frames)
    if fmt != "csv":
        assert loaded.meta["model"] == "fake-model" and loaded.meta["width"] == W
        assert loaded.meta["fps"] == pytest.approx(29.97)


def test_csv_has_one_row_per_frame_with_named_columns(tmp_path):
    video = write_video(tmp_path / "clip.mp4", n=5)
    (result,) = export_keypoints([str(video)], "csv", tmp_path, backend=FakeBackend())
    lines = result.path.read_text().splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["frame", "time_s", "nose_x", "nose_y", "nose_score"]
    assert len(header) == 2 + 17 * 3 and len(lines) == 1 + 5


def test_export_many_inputs_names_files_by_stem_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_video(tmp_path / "a.mp4", n=3)
    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(4):
        cv2.imwrite(str(folder / f"f{i}.png"), np.full((H, W, 3), 30 * i, np.uint8))
    progress = []
    results = export_keypoints(
        ["a.mp4", "frames/f[12].png", "frames/f3.png"],
        "json",
        out_dir=None,
        backend=FakeBackend(),
        on_progress=lambda spec, pos, done, total: progress.append((spec, pos, done, total)),
    )
    names = ["a.json", "frames.json", "f3.json"]
    assert [r.path for r in results] == [tmp_path / n for n in names]
    assert [r.frames for r in results] == [3, 2, 1]
    assert ("a.mp4", 0, 3, 3) in progress and ("frames/f[12].png", 1, 2, 2) in progress


def test_two_inputs_that_would_write_one_file_fail_before_any_work(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        write_video(tmp_path / sub / "clip.mp4", n=2)
    backend = FakeBackend()
    with pytest.raises(UsageError, match="would both be written to"):
        export_keypoints(
            [str(tmp_path / "x" / "clip.mp4"), str(tmp_path / "y" / "clip.mp4")],
            "csv",
            tmp_path,
            backend=backend,
        )
    assert backend.calls == 0 and not list(tmp_path.glob("*.csv"))


@pytest.mark.parametrize(
    ("inputs", "fmt", "error"),
    [
        (["clip.mp4", "missing.mp4"], "csv", InputFileError),
        (["clip.mp4"], "xml", UnknownNameError),
        ([], "csv", UsageError),
    ],
)
def test_bad_input_fails_before_anything_is_written(tmp_path, inputs, fmt, error):
    write_video(tmp_path / "clip.mp4", n=2)
    backend = FakeBackend()
    with pytest.raises(error):
        export_keypoints([str(tmp_path / i) for i in inputs], fmt, tmp_path / "out", backend=backend)
    assert backend.calls == 0 and not (tmp_path / "out").exists()


def test_truncated_input_leaves_no_file_but_earlier_outputs_stay_whole(tmp_path):
    good = write_video(tmp_path / "good.mp4", n=4)
    bad = truncated_avi(tmp_path / "bad.avi")
    out = tmp_path / "out"
    with pytest.raises(VideoError, match=r"bad.avi is truncated: read \d+ of the 30 frames"):
        export_keypoints([str(good), str(bad)], "csv", out, backend=FakeBackend())
    assert sorted(p.name for p in out.iterdir()) == ["good.csv"]  # no bad.csv, no temporary file
    assert len(PoseTrack.load(out / "good.csv")) == 4


@pytest.mark.models
def test_export_with_a_real_model_finds_a_person(tmp_path, shared_data, require_model):
    require_model("movenet-lightning")
    clip = shared_data / "videos" / "jumping-jack" / "jj_front_afrl.mp4"
    (result,) = export_keypoints([str(clip)], "json", tmp_path, model="movenet-lightning", every=10)
    track = PoseTrack.load(result.path)
    assert len(track) == 13 and track.meta["model"] == "movenet-lightning"
    assert track.meta["width"] == 568 and track.meta["height"] == 640
    # a whole person in view: most keypoints found, all inside the image
    scores = track.keypoints[:, :, 2]
    assert np.median(scores) > 0.3
    xy = track.keypoints[:, :, :2]
    assert np.all((xy[..., 0] >= -5) & (xy[..., 0] <= 573) & (xy[..., 1] >= -5) & (xy[..., 1] <= 645))

"""Frame sources: video files, image folders and globs, cameras; subsampling; bad input."""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from fitcli.errors import CameraError, InputFileError, UsageError, VideoError
from fitcli.pipelines.sources import (
    CameraSource,
    ImageSource,
    SourceInfo,
    VideoSource,
    _VideoClock,
    natural_key,
    open_source,
)

W, H = 64, 48
BGR_RED = (0, 0, 255)


# ---- builders -------------------------------------------------------------------------------------
def write_video(
    path: Path, n: int = 30, fps: float = 30.0, size=(W, H), fourcc: str = "mp4v", noise=False
) -> Path:
    """A small clip: frame i is grey level 4*i with a red top-left quadrant (or random noise)."""
    w, h = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    assert writer.isOpened()
    rng = np.random.default_rng(0)
    for i in range(n):
        if noise:
            frame = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        else:
            frame = np.full((h, w, 3), 4 * i, np.uint8)
            frame[: h // 2, : w // 2] = BGR_RED
        writer.write(frame)
    writer.release()
    return path


def _boxes(data: bytes) -> list[tuple[bytes, bytes]]:
    out, i = [], 0
    while i < len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        out.append((kind, data[i : i + size]))
        i += size
    return out


def _rewrite(box: bytes, kind: bytes, new_payload: bytes) -> bytes:
    """Replace the payload of the first ``kind`` box inside the container ``box``, fixing sizes."""
    containers = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}
    head, body = box[:8], box[8:]
    parts = []
    for child_kind, child in _boxes(body):
        if child_kind == kind:
            child = struct.pack(">I4s", 8 + len(new_payload), kind) + new_payload
        elif child_kind in containers:
            child = _rewrite(child, kind, new_payload)
        parts.append(child)
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + head[4:] + payload


def faststart(data: bytes) -> bytes:
    """Move the moov box before mdat (as phones do) so a cut file still opens; shift chunk offsets."""
    boxes = _boxes(data)
    moov = bytearray(dict(boxes)[b"moov"])
    at = moov.find(b"stco")
    for k in range(struct.unpack(">I", moov[at + 8 : at + 12])[0]):
        p = at + 12 + 4 * k
        moov[p : p + 4] = struct.pack(">I", struct.unpack(">I", moov[p : p + 4])[0] + len(moov))
    out = b""
    for kind, box in boxes:
        if kind == b"mdat":
            out += bytes(moov)
        if kind != b"moov":
            out += box
    return out


def with_rotation(data: bytes, degrees: int = 90) -> bytes:
    """Set the track header's display matrix to a 90 degree turn, as a phone held upright writes."""
    assert degrees == 90
    out = bytearray(data)
    at = out.find(b"tkhd")
    assert out[at + 4] == 0  # version 0 layout
    matrix = at + 4 + 4 + 20 + 8 + 8  # flags, times/ids/duration, reserved, layer..volume
    out[matrix : matrix + 36] = struct.pack(">9i", 0, 65536, 0, -65536, 0, 0, 0, 0, 0x40000000)
    return bytes(out)


def with_frame_durations(data: bytes, durations: list[tuple[int, int]]) -> bytes:
    """Rewrite the stts table (sample count, duration in timescale units) to make a VFR video."""
    boxes = _boxes(data)
    payload = struct.pack(">II", 0, len(durations)) + b"".join(struct.pack(">II", n, d) for n, d in durations)
    return b"".join(_rewrite(box, b"stts", payload) if kind == b"moov" else box for kind, box in boxes)


def _timescale(data: bytes) -> int:
    at = data.find(b"mdhd")
    return struct.unpack(">I", data[at + 16 : at + 20])[0]


# ---- video files ----------------------------------------------------------------------------------
def test_video_metadata_keeps_float_fps_and_frames_are_rgb(tmp_path):
    src = open_source(write_video(tmp_path / "clip.mp4", n=20, fps=29.97))
    assert isinstance(src, VideoSource)
    info = src.info
    assert (info.kind, info.width, info.height, info.frame_count, info.rotation) == ("video", W, H, 20, 0)
    assert info.fps == pytest.approx(29.97)
    assert info.duration_s == pytest.approx(20 / 29.97)
    frames = list(src)
    assert [f.index for f in frames] == list(range(20))
    assert frames[0].rgb.shape == (H, W, 3) and frames[0].rgb.dtype == np.uint8
    r, g, b = frames[0].rgb[5, 5]
    assert r > 200 and g < 50 and b < 50  # red in RGB order
    times = np.array([f.time_s for f in frames])
    np.testing.assert_allclose(times, np.arange(20) / 29.97, atol=1e-3)


def test_variable_frame_rate_times_come_from_the_container(tmp_path):
    data = write_video(tmp_path / "cfr.mp4", n=20, fps=30.0).read_bytes()
    scale = _timescale(data)
    # 10 frames of 1/60 s, then 10 frames of 1/20 s: the same total length, so the edit list still fits
    vfr = tmp_path / "vfr.mp4"
    vfr.write_bytes(with_frame_durations(data, [(10, scale // 60), (10, scale // 20)]))
    times = np.array([f.time_s for f in open_source(vfr)])
    expected = np.concatenate([np.arange(10) / 60, 10 / 60 + np.arange(10) / 20])
    np.testing.assert_allclose(times, expected, atol=2e-3)


def test_rotation_metadata_turns_frames_and_reported_size(tmp_path):
    plain = write_video(tmp_path / "plain.mp4", n=5)
    turned = tmp_path / "turned.mp4"
    turned.write_bytes(with_rotation(plain.read_bytes()))
    src = open_source(turned)
    assert (src.info.width, src.info.height, src.info.rotation) == (H, W, 90)
    first = next(iter(src)).rgb
    assert first.shape == (W, H, 3)
    # red was top-left; a quarter turn clockwise puts it top-right
    assert first[3, -3, 0] > 200 and first[3, 3, 0] < 60


@pytest.mark.parametrize(
    ("every", "fps", "expected"),
    [
        (None, None, list(range(30))),
        (1, None, list(range(30))),
        (4, None, [0, 4, 8, 12, 16, 20, 24, 28]),
        (None, 10.0, list(range(0, 30, 3))),
        (None, 7.5, list(range(0, 30, 4))),
        (None, 60.0, list(range(30))),
    ],
)
def test_subsampling_keeps_the_right_frames(tmp_path, every, fps, expected):
    src = open_source(write_video(tmp_path / "clip.mp4", n=30, fps=29.97), every=every, fps=fps)
    assert [f.index for f in src] == expected
    assert src.info.expected_frames == pytest.approx(len(expected), abs=1)


def test_subsampled_frames_are_the_decoded_originals(tmp_path):
    path = write_video(tmp_path / "clip.mp4", n=12)
    every = {f.index: f for f in open_source(path)}
    for f in open_source(path, every=5):
        np.testing.assert_array_equal(f.rgb, every[f.index].rgb)
        assert f.time_s == every[f.index].time_s


def test_clock_falls_back_to_index_over_float_fps_from_the_last_good_time():
    clock = _VideoClock(29.97, "clip")
    assert clock.time(0, 0.0) == 0.0
    assert clock.time(1, 1000 / 29.97) == pytest.approx(1 / 29.97)
    # the container stops giving increasing times: continue from frame 1 at 29.97 fps
    assert clock.time(2, 0.0) == pytest.approx(2 / 29.97)
    assert clock.time(3, 5000.0) == pytest.approx(3 / 29.97)


def test_clock_without_any_timestamps_uses_index_over_fps():
    clock = _VideoClock(25.0, "clip")
    assert [clock.time(i, 0.0) for i in range(4)] == pytest.approx([0, 0.04, 0.08, 0.12])


def test_stopping_early_releases_and_the_source_can_be_read_again(tmp_path):
    src = open_source(write_video(tmp_path / "clip.mp4", n=10))
    it = iter(src)
    next(it)
    it.close()
    assert len(list(src)) == 10


def test_real_clip_matches_its_manifest(shared_data):
    src = open_source(shared_data / "videos" / "jumping-jack" / "jj_front_afrl.mp4", fps=10)
    assert (src.info.width, src.info.height, src.info.frame_count) == (568, 640, 126)
    times = [f.time_s for f in src]
    assert len(times) == 42 and np.all(np.diff(times) == pytest.approx(0.1, abs=0.02))


# ---- bad input ------------------------------------------------------------------------------------
def _text_file(p: Path) -> Path:
    p.write_text("this is not a video\n")
    return p


def _empty(p: Path) -> Path:
    p.write_bytes(b"")
    return p


def _half_mp4(p: Path) -> Path:  # moov at the end: the cut file has no index at all
    data = write_video(p.with_name("whole.mp4"), noise=True).read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (lambda p: p / "missing.mp4", InputFileError, ["missing.mp4", "check the path"]),
        (lambda p: _text_file(p / "notes.mp4"), VideoError, ["notes.mp4 is not a video OpenCV can read"]),
        (lambda p: _empty(p / "empty.mp4"), VideoError, ["empty.mp4 is not a video OpenCV can read"]),
        (lambda p: _half_mp4(p / "half.mp4"), VideoError, ["half.mp4 is not a video OpenCV can read"]),
    ],
)
def test_files_that_are_not_videos_fail_on_open(tmp_path, make, error, words):
    with pytest.raises(error) as caught:
        open_source(make(tmp_path))
    assert all(w in str(caught.value) for w in words), str(caught.value)


def test_video_with_no_frames(tmp_path):
    path = tmp_path / "zero.avi"
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (W, H)).release()
    src = open_source(path)
    with pytest.raises(VideoError, match="zero.avi has no frames"):
        list(src)


@pytest.mark.parametrize("kind", ["mp4", "avi"])
def test_truncated_video_yields_what_it_read_then_raises(tmp_path, kind):
    whole = write_video(
        tmp_path / f"whole.{kind}", n=30, noise=True, fourcc="mp4v" if kind == "mp4" else "MJPG"
    )
    data = whole.read_bytes()
    data = faststart(data) if kind == "mp4" else data
    cut = tmp_path / f"cut.{kind}"
    cut.write_bytes(data[: len(data) // 2])
    src = open_source(cut)
    assert src.info.frame_count == 30
    got = []
    with pytest.raises(VideoError) as caught:
        for frame in src:
            got.append(frame)
    assert 0 < len(got) < 25
    assert f"cut.{kind} is truncated: read {len(got)} of the 30 frames" in str(caught.value)


def test_truncated_video_can_be_kept_when_not_strict(tmp_path):
    data = write_video(tmp_path / "whole.avi", n=30, noise=True, fourcc="MJPG").read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[: len(data) // 2])
    src = VideoSource(cut, strict=False)
    assert 0 < len(list(src)) < 25


@pytest.mark.parametrize("device", ["97", "/dev/video97"])
def test_camera_that_cannot_be_opened(device):
    with pytest.raises(CameraError, match=f"cannot open camera {device}"):
        open_source(device)


@pytest.mark.parametrize(
    ("every", "fps", "words"),
    [(0, None, "--every must be 1 or more"), (None, -2.0, "--fps must be a positive"), (2, 10.0, "both")],
)
def test_bad_subsampling_is_a_usage_error(tmp_path, every, fps, words):
    with pytest.raises(UsageError, match=words):
        open_source(write_video(tmp_path / "clip.mp4", n=2), every=every, fps=fps)


# ---- image folders and globs ----------------------------------------------------------------------
def _images(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        img = np.full((H, W, 3), 10 * i, np.uint8)
        cv2.imwrite(str(folder / name), img)
    return folder


def test_image_folder_in_natural_order_at_30_fps(tmp_path):
    folder = _images(tmp_path / "shots", ["im10.png", "im2.png", "im1.jpg", "IM3.png"])
    (folder / "notes.txt").write_text("ignored")
    src = open_source(folder)
    assert isinstance(src, ImageSource)
    assert [p.name for p in src.paths] == ["im1.jpg", "im2.png", "IM3.png", "im10.png"]
    frames = list(src)
    assert [f.time_s for f in frames] == pytest.approx([0, 1 / 30, 2 / 30, 3 / 30])
    assert (src.info.kind, src.info.width, src.info.height, src.info.fps, src.info.stem) == (
        "images", W, H, 30.0, "shots",
    )  # fmt: skip


def test_image_glob_single_file_and_image_fps(tmp_path):
    folder = _images(tmp_path / "seq", [f"f{i}.png" for i in range(12)])
    src = open_source(str(folder / "f1*.png"), image_fps=10.0)
    assert [p.name for p in src.paths] == ["f1.png", "f10.png", "f11.png"]
    assert [f.time_s for f in src] == pytest.approx([0.0, 0.1, 0.2])
    assert src.info.stem == "seq"
    one = open_source(folder / "f3.png")
    assert len(list(one)) == 1 and one.info.stem == "f3"
    assert [f.index for f in open_source(folder, every=5)] == [0, 5, 10]


@pytest.mark.parametrize(("name", "stem"), [("0", "camera0"), ("/dev/video2", "video2")])
def test_camera_output_stem(name, stem):
    assert SourceInfo("camera", name, None, None, 640, 480, None).stem == stem


def test_natural_key_orders_numbers_by_value():
    names = ["a10", "a9", "b1", "a100"]
    assert sorted(names, key=lambda n: natural_key(Path(n))) == ["a9", "a10", "a100", "b1"]


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("missing_dir", "image folder not found"),
        ("empty_dir", "no images in the folder"),
        ("empty_dir/*.png", "no images in the pattern"),
    ],
)
def test_image_folders_without_images(tmp_path, spec, words):
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(InputFileError, match=words):
        ImageSource(str(tmp_path / spec))


def test_unreadable_image_names_the_file(tmp_path):
    folder = _images(tmp_path / "seq", ["a1.png"])
    (folder / "a2.png").write_text("not an image")
    with pytest.raises(InputFileError, match="a2.png is not an image OpenCV can read"):
        list(open_source(folder))


def test_open_source_dispatch(tmp_path, monkeypatch):
    assert isinstance(open_source(write_video(tmp_path / "v.mp4", n=2)), VideoSource)
    assert isinstance(open_source(_images(tmp_path / "d", ["1.png"])), ImageSource)
    assert isinstance(open_source(str(tmp_path / "d" / "*.png")), ImageSource)
    with pytest.raises(CameraError):
        CameraSource(98)
    monkeypatch.chdir(tmp_path)
    write_video(tmp_path / "7.mp4", n=2).rename(tmp_path / "7")  # a file named like a camera is a file
    assert isinstance(open_source("7"), VideoSource)

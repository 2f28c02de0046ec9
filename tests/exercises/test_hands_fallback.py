"""The claps' hands fallback in ``ClipCounter``: palms from the frames analyze and live already decoded.

MediaPipe Hands is replaced by a fake that plays back a scripted palm sequence, so these tests check
when the hands model starts, stops and closes, and where ``finish`` takes the palms from. The last
tests run the real models on the real hands-only clip.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import fitcli.exercises.hands as hands_module
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.hands import HandTrack, count_claps_from_hands, hands_cache_path
from fitcli.pose import KP, PoseFrame

W, H, FPS = 640, 360, 30.0
IMAGE = np.zeros((H, W, 3), np.uint8)
HANDS_NOTE = "counted from hand landmarks"


def clap_palms(n: int, period: int = 10, size: float = 40.0) -> list[np.ndarray]:
    """Two palms meeting once every ``period`` frames (one hand seen at contact): n // period claps."""
    out = []
    for i in range(n):
        d = 1.25 * (1 + np.cos(2 * np.pi * i / period))  # palm sizes apart: 2.5 .. 0
        palms = np.full((2, 3), np.nan)
        if d < 0.4:
            palms[0] = (W / 2, H / 2, size)
        else:
            palms[0] = (W / 2 - d * size / 2, H / 2, size)
            palms[1] = (W / 2 + d * size / 2, H / 2, size)
        out.append(palms)
    return out


def pose(i: int, shoulders: bool) -> PoseFrame:
    kp = np.zeros((17, 3), np.float32)
    if shoulders:
        kp[[KP["left_shoulder"], KP["right_shoulder"]]] = (W / 2, H / 2, 0.9)
    return PoseFrame(i, i / FPS, kp, (W, H))


def track_of(palms: list[np.ndarray]) -> HandTrack:
    n = len(palms)
    return HandTrack(np.array(palms), np.arange(n) / FPS, np.arange(n), {"width": W, "height": H})


class FakeHands:
    """Stands in for ``HandLandmarks``: the scripted palms, one set per call, in order."""

    script: list[np.ndarray] = []
    made: list[FakeHands] = []

    def __init__(self) -> None:
        self.calls, self.closed = 0, False
        FakeHands.made.append(self)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        assert not self.closed
        self.calls += 1
        return FakeHands.script[self.calls - 1]

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def fake_hands(monkeypatch):
    """Fake MediaPipe Hands; reading palms from a file fails unless a test allows it."""
    FakeHands.script, FakeHands.made = clap_palms(300), []
    monkeypatch.setattr(hands_module, "HandLandmarks", FakeHands)

    def no_second_decode(video, cache_dir):
        raise AssertionError(f"{video} decoded a second time")

    monkeypatch.setattr(hands_module, "cached_hands", no_second_decode)
    return FakeHands


def feed(clip: ClipCounter, shoulders: list[bool], images: bool = True) -> None:
    for i, seen in enumerate(shoulders):
        clip.update(pose(i, seen), IMAGE if images else None)


def test_hands_only_frames_are_counted_from_their_own_palms(fake_hands):
    clip = ClipCounter("clap")
    feed(clip, [False] * 90)
    assert len(fake_hands.made) == 1 and fake_hands.made[0].calls == 90
    result = clip.finish()  # no video: nothing to decode, the palms came with the frames
    assert result.reps == 9 == count_claps_from_hands(track_of(clap_palms(90))).reps
    assert HANDS_NOTE in result.warnings[0]
    assert fake_hands.made[0].closed


def test_frames_with_shoulders_get_their_palms_while_the_fallback_is_possible(fake_hands):
    """The palms must be complete (and in order, for MediaPipe's tracking) to count as the file does."""
    clip = ClipCounter("clap")
    feed(clip, [i % 10 == 5 for i in range(90)])  # a few false shoulder detections
    assert fake_hands.made[0].calls == 90
    assert clip.finish().reps == 9


@pytest.mark.parametrize(
    ("exercise", "shoulders"),
    [("clap", True), ("squat", False), ("jumping-jack", False)],
)
def test_no_hands_model_when_the_fallback_cannot_apply(fake_hands, exercise, shoulders):
    clip = ClipCounter(exercise)
    feed(clip, [shoulders] * 60)
    clip.finish()
    assert fake_hands.made == []


def test_hands_stop_at_half_shoulders_and_the_file_is_read_if_the_fallback_applies_after_all(
    fake_hands, monkeypatch, tmp_path
):
    read = []
    monkeypatch.setattr(
        hands_module, "cached_hands", lambda v, c: read.append((v, c)) or track_of(clap_palms(90))
    )
    clip = ClipCounter("clap")
    feed(clip, [False] * 10 + [True] * 30 + [False] * 100)  # 30 of 140 frames: the fallback applies
    (hands,) = fake_hands.made
    assert hands.calls == 19 and hands.closed  # frame 19 made it 10 of 20: stopped there
    video = tmp_path / "clip.mp4"
    assert clip.finish(video, tmp_path).reps == 9
    assert read == [(video, tmp_path)]


def test_without_a_video_or_complete_palms_the_body_count_stands(fake_hands):
    clip = ClipCounter("clap")
    feed(clip, [False] * 10 + [True] * 30 + [False] * 100)
    assert HANDS_NOTE not in " ".join(clip.finish().warnings)


def test_frames_without_images_read_the_palms_from_the_file_as_eval_does(fake_hands, monkeypatch):
    read = []
    monkeypatch.setattr(hands_module, "cached_hands", lambda v, c: read.append(v) or track_of(clap_palms(90)))
    clip = ClipCounter("clap")
    feed(clip, [False] * 90, images=False)
    assert clip.finish(Path("clip.mp4")).reps == 9
    assert fake_hands.made == [] and read == [Path("clip.mp4")]


def test_recorded_palms_go_to_the_hands_cache_for_eval(fake_hands, monkeypatch, tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"not decoded here")
    clip = ClipCounter("clap")
    feed(clip, [False] * 90)
    assert clip.finish(video, tmp_path).reps == 9
    cached = HandTrack.load(hands_cache_path(tmp_path, video))
    np.testing.assert_array_equal(cached.palms, np.array(clap_palms(90)))
    assert cached.meta["video_bytes"] == video.stat().st_size

    monkeypatch.undo()  # the real cached_hands; extracting would fail on this file, so the cache is used
    again = ClipCounter("clap")
    feed(again, [False] * 90, images=False)
    assert again.finish(video, tmp_path).reps == 9


def test_reset_closes_the_hands_model_and_starts_over(fake_hands):
    clip = ClipCounter("clap")
    feed(clip, [False] * 20)
    clip.reset()
    assert fake_hands.made[0].closed
    FakeHands.script = clap_palms(90)
    feed(clip, [False] * 90)
    assert len(fake_hands.made) == 2 and clip.finish().reps == 9
    assert fake_hands.made[1].closed


def test_close_frees_the_hands_model_of_a_clip_stopped_half_way(fake_hands):
    clip = ClipCounter("clap")
    feed(clip, [False] * 20)
    clip.close()
    assert fake_hands.made[0].closed


# ---- the real models on the real hands-only clip ------------------------------------------------
HANDS_ONLY = "videos/clap/clap_hands_only_greenscreen_grindly.mp4"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "keypoints" / "real"


@pytest.fixture
def decode_passes(monkeypatch):
    """How many times each video file is decoded (iterations of a ``VideoSource``)."""
    from fitcli.pipelines.sources import VideoSource

    passes: list[str] = []
    iterate = VideoSource.__iter__

    def spy(self):
        passes.append(Path(self.path).name)
        return iterate(self)

    monkeypatch.setattr(VideoSource, "__iter__", spy)
    return passes


def _manifest_count(shared_data: Path, clip: str) -> int:
    import csv

    with (shared_data / "videos" / "manifest.csv").open(newline="") as fh:
        return next(int(row["reps"]) for row in csv.DictReader(fh) if row["file"] == clip)


@pytest.mark.models
@pytest.mark.slow
def test_analyze_decodes_a_hands_only_clip_once_and_counts_its_claps(
    shared_data, require_model, decode_passes, monkeypatch
):
    from fitcli.models import load_backend
    from fitcli.pipelines.workout import analyze_video

    tracks: list[HandTrack] = []
    count = hands_module.count_claps_from_hands
    monkeypatch.setattr(hands_module, "count_claps_from_hands", lambda t: tracks.append(t) or count(t))
    video = shared_data / HANDS_ONLY
    backend = load_backend(require_model("movenet-lightning"), video=True)
    analysis = analyze_video(str(video), "clap", backend)
    assert decode_passes == [video.name]
    assert analysis.reps == _manifest_count(shared_data, "clap/" + video.name) == 29
    assert HANDS_NOTE in analysis.result.warnings[0]
    # the palms are those the separate pass over the file made (the eval fixture), to the pixel
    extracted = HandTrack.load(FIXTURE / f"{video.stem}.hands.npz")
    np.testing.assert_array_equal(tracks[0].palms, extracted.palms)
    np.testing.assert_array_equal(tracks[0].times, extracted.times)


@pytest.mark.slow
def test_live_counts_a_hands_only_clip_from_its_frames(shared_data, decode_passes):
    from fitcli.exercises.catalog import get_exercise
    from fitcli.pipelines.journaling import Body
    from fitcli.pipelines.live import LiveSession
    from fitcli.pipelines.live_display import StatusLineDisplay
    from fitcli.pipelines.sources import open_source

    def no_person(rgb: np.ndarray) -> np.ndarray:  # what a body model finds in hands-only footage
        return np.zeros((17, 3), np.float32)

    display = StatusLineDisplay(lambda line: None)
    session = LiveSession(
        get_exercise("clap"), no_person, Body("t", 60.0, True), display, realtime=False, camera=False
    )
    video = shared_data / HANDS_ONLY
    live = session.run(open_source(video))
    assert decode_passes == [video.name]
    assert live.result.reps == 29 and HANDS_NOTE in live.result.warnings[0]

"""The keypoint cache keyed by a video's content and the model: a re-run, a copy under another name
or a re-count with another exercise reads the poses instead of running the model again."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from fitcli.exercises.keypoint_cache import KeypointCache, video_digest
from fitcli.pipelines.workout import analyze_video
from fitcli.pose import PoseTrack

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
SQUAT = SAMPLES / "squat_front.mp4"


class CountingBackend:
    """A stand-in pose model: a fixed standing pose, and a count of the frames it was run on."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def reset(self) -> None:
        pass

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        self.calls += 1
        kp = np.zeros((17, 3), np.float32)
        kp[:, 0] = np.linspace(200, 440, 17)
        kp[:, 1] = np.linspace(60, 440, 17)
        kp[:, 2] = 0.9
        return kp


def _cache(tmp_path: Path) -> KeypointCache:
    return KeypointCache.for_model(tmp_path / "cache", "counting", "ab" * 32)


def test_the_key_is_the_content_not_the_name(tmp_path):
    cache = _cache(tmp_path)
    copy = tmp_path / "renamed.mp4"
    shutil.copy(SQUAT, copy)
    assert cache.path_for(copy) == cache.path_for(SQUAT)
    assert video_digest(copy) == video_digest(SQUAT)
    edited = tmp_path / "squat_front.mp4"
    edited.write_bytes(SQUAT.read_bytes() + b"\0")
    assert cache.path_for(edited) != cache.path_for(SQUAT)
    assert cache.path_for(SQUAT, every=2) != cache.path_for(SQUAT)
    assert cache.path_for(SQUAT, fps=10) != cache.path_for(SQUAT)
    other_weights = KeypointCache.for_model(tmp_path / "cache", "counting", "cd" * 32)
    assert other_weights.path_for(SQUAT) != cache.path_for(SQUAT)


def test_a_second_analysis_reads_the_poses_instead_of_running_the_model(tmp_path):
    cache = _cache(tmp_path)
    first_model = CountingBackend()
    first = analyze_video(str(SQUAT), "squat", first_model, keypoints=cache)
    assert first_model.calls > 0 and len(list((tmp_path / "cache").iterdir())) == 1
    # a copy under another name, counted as another exercise: no frame goes through the model
    copy = tmp_path / "monday.mp4"
    shutil.copy(SQUAT, copy)
    again = CountingBackend()
    recount = analyze_video(str(copy), "jumping-jack", again, keypoints=cache)
    assert again.calls == 0 and recount.result.frames == first.result.frames
    same = analyze_video(str(SQUAT), "squat", again, keypoints=cache)
    assert again.calls == 0
    assert [e.as_dict() for e in same.result.events] == [e.as_dict() for e in first.result.events]
    assert same.result.as_dict() == first.result.as_dict()


def test_an_annotated_video_from_cached_poses_has_every_frame(tmp_path):
    import cv2

    cache = _cache(tmp_path)
    analyze_video(str(SQUAT), "squat", CountingBackend(), keypoints=cache)
    again = CountingBackend()
    a = analyze_video(str(SQUAT), "squat", again, keypoints=cache, annotate_dir=tmp_path / "ann")
    cap = cv2.VideoCapture(a.annotated_path)
    assert again.calls == 0 and int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == a.result.frames
    cap.release()


def test_an_unreadable_cache_file_is_made_again(tmp_path):
    cache = _cache(tmp_path)
    path = cache.path_for(SQUAT)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not an npz")
    model = CountingBackend()
    analyze_video(str(SQUAT), "squat", model, keypoints=cache)
    assert model.calls > 0
    assert isinstance(cache.load(path), PoseTrack)


@pytest.mark.models
def test_export_reuses_the_keypoints_analyze_cached(tmp_path, require_model, monkeypatch):
    from fitcli.models import load_backend
    from fitcli.models.weights import weights_digest
    from fitcli.pipelines import export as export_mod
    from fitcli.pipelines.export import export_keypoints

    require_model("movenet-lightning")
    folder = tmp_path / "cache"
    cache = KeypointCache.for_model(folder, "movenet-lightning", weights_digest("movenet-lightning"))
    analyzed = analyze_video(
        str(SQUAT), "squat", load_backend("movenet-lightning", video=True), keypoints=cache
    )
    fresh = export_keypoints([str(SQUAT)], "json", tmp_path / "fresh", "movenet-lightning", threads=1)

    def no_model(*args, **kwargs):
        raise AssertionError("the pose model ran although the keypoints were cached")

    monkeypatch.setattr(export_mod, "track_from_source", no_model)
    (cached,) = export_keypoints(
        [str(SQUAT)], "json", tmp_path / "cached", "movenet-lightning", keypoint_cache=folder
    )
    a, b = PoseTrack.load(fresh[0].path), PoseTrack.load(cached.path)
    assert len(b) == analyzed.result.frames
    np.testing.assert_allclose(a.keypoints, b.keypoints, atol=1e-5)
    assert a.meta == b.meta

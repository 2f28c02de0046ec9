"""The sample-clip generator: rep times agree with the motion, clips are reproducible, and the
default pose model finds the figure's joints in the committed clips."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fitcli.errors import UsageError
from fitcli.pipelines.synthetic import (
    CHECKED_JOINTS,
    EXERCISES,
    SAMPLE_CLIPS,
    ClipSpec,
    SyntheticClip,
    detection_check,
    load_sidecar,
    read_frames,
    write_clip,
)
from fitcli.pose import KP

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_videos"
ALL_VIEWS = [(name, view) for name, ex in EXERCISES.items() for view in ex.views]


def motion_signal(clip: SyntheticClip) -> np.ndarray:
    """A 1-D signal from the true 2-D keypoints that rises toward each rep's far position."""
    kp = clip.keypoints_all()
    if clip.spec.exercise == "clap":  # wrists come together
        return -np.linalg.norm(kp[:, KP["left_wrist"]] - kp[:, KP["right_wrist"]], axis=1)
    if clip.spec.exercise in ("squat", "lunge"):  # hips go down (image y grows)
        return kp[:, [KP["left_hip"], KP["right_hip"]], 1].mean(axis=1)
    if clip.spec.exercise in ("jumping-jack", "bicep-curl"):  # wrists go up
        return -kp[:, [KP["left_wrist"], KP["right_wrist"]], 1].mean(axis=1)
    if clip.spec.exercise in ("sit-up", "pull-up"):  # shoulders go up
        return -kp[:, [KP["left_shoulder"], KP["right_shoulder"]], 1].mean(axis=1)
    return kp[:, [KP["left_shoulder"], KP["right_shoulder"]], 1].mean(axis=1)  # push-up: chest down


def excursions(signal: np.ndarray, high: float = 0.6, low: float = 0.2) -> list[tuple[int, int]]:
    """(first frame above ``high``, frame of the peak) of each excursion, with hysteresis."""
    x = (signal - signal[0]) / (signal.max() - signal[0])
    out, start, armed = [], 0, True
    for i, v in enumerate(x):
        if armed and v > high:
            start, armed = i, False
        elif not armed and v < low:
            out.append((start, start + int(np.argmax(x[start:i]))))
            armed = True
    return out


HOLD_VIEWS = [(e, v) for e, v in ALL_VIEWS if EXERCISES[e].hold]


@pytest.mark.parametrize(("exercise", "view"), HOLD_VIEWS)
def test_a_hold_is_held_from_its_start_to_its_end_and_rests_between(exercise: str, view: str) -> None:
    from fitcli.pipelines.synthetic import HOLD_RAMP_S

    clip = SyntheticClip(ClipSpec(exercise, view, reps=3, seed=11))
    holds = clip.sidecar("clip.mp4")["rep_times"]
    assert len(holds) == 3 and holds[0]["start_s"] >= 2.0
    for h, nxt in zip(holds, holds[1:] + [None], strict=True):
        inside = np.arange(h["start_s"] + HOLD_RAMP_S / 2, h["end_s"] - HOLD_RAMP_S / 2, 0.1)
        assert all(clip.amount(t) == 1.0 for t in inside)
        assert clip.amount(h["start_s"]) == pytest.approx(0.5) and clip.amount(h["end_s"]) == pytest.approx(
            0.5
        )
        if nxt is not None:
            assert (
                nxt["start_s"] - h["end_s"] >= 2.0 and clip.amount((h["end_s"] + nxt["start_s"]) / 2) == 0.0
            )


@pytest.mark.parametrize(("exercise", "view"), [ev for ev in ALL_VIEWS if ev not in HOLD_VIEWS])
def test_sidecar_rep_times_agree_with_the_motion(exercise: str, view: str) -> None:
    clip = SyntheticClip(ClipSpec(exercise, view, reps=4, seed=11))
    side = clip.sidecar("clip.mp4")
    assert side["reps"] == len(side["rep_times"]) == 4
    assert side["frames"] == clip.n_frames and side["duration_s"] == pytest.approx(
        clip.n_frames / side["fps"]
    )
    reps = side["rep_times"]
    assert [r["index"] for r in reps] == [1, 2, 3, 4]
    assert reps[0]["start_s"] >= 2.0 and reps[-1]["end_s"] <= side["duration_s"] - 2.0  # rest at both ends
    for r, nxt in zip(reps, reps[1:] + [None], strict=True):
        assert r["start_s"] < r["turn_s"] < r["end_s"]
        assert nxt is None or r["end_s"] <= nxt["start_s"]
    found = excursions(motion_signal(clip))
    assert len(found) == 4
    for r, (first, peak) in zip(reps, found, strict=True):
        assert r["start_s"] < clip.time(first) < r["end_s"]
        assert clip.time(peak) == pytest.approx(r["turn_s"], abs=1.5 / side["fps"])


def test_tempo_varies_between_reps() -> None:
    clip = SyntheticClip(ClipSpec("squat", "front", reps=6, seed=3))
    durations = [r.end_s - r.start_s for r in clip.reps]
    assert max(durations) - min(durations) > 0.1 * np.mean(durations)


def test_the_figure_sways_while_resting() -> None:
    clip = SyntheticClip(ClipSpec("clap", "front", reps=1, seed=0))
    rest = clip.keypoints_all()[: int(clip.reps[0].start_s * clip.spec.fps)]
    assert clip.amount(0.0) == 0.0
    assert np.ptp(rest[:, KP["nose"], 0]) > 1.0  # pixels


def test_same_seed_gives_the_same_clip_and_another_seed_does_not() -> None:
    a, b = (SyntheticClip(ClipSpec("jumping-jack", "front", reps=3, seed=9)) for _ in range(2))
    assert a.sidecar("x.mp4") == b.sidecar("x.mp4")
    i = int(a.reps[1].turn_s * a.spec.fps)
    np.testing.assert_array_equal(a.frame(i), b.frame(i))
    np.testing.assert_array_equal(a.keypoints(i), b.keypoints(i))
    c = SyntheticClip(ClipSpec("jumping-jack", "front", reps=3, seed=10))
    assert c.sidecar("x.mp4")["rep_times"] != a.sidecar("x.mp4")["rep_times"]


def test_write_clip_writes_a_readable_video_and_its_sidecar_reproducibly(tmp_path: Path) -> None:
    spec = ClipSpec("clap", "front", reps=1, seed=2, rest_s=0.2)
    paths = []
    for folder in ("a", "b"):
        video = tmp_path / folder / "clap.mp4"
        sidecar = write_clip(SyntheticClip(spec), video)
        assert sorted(p.name for p in video.parent.iterdir()) == ["clap.json", "clap.mp4"]  # no temp files
        paths.append((video, sidecar))
    (va, sa), (vb, sb) = paths
    assert va.read_bytes() == vb.read_bytes() and sa.read_bytes() == sb.read_bytes()
    side = json.loads(sa.read_text())
    assert side["video"] == "clap.mp4" and side["exercise"] == "clap" and side["seed"] == 2
    frames = list(read_frames(va))
    assert len(frames) == side["frames"]
    assert frames[0][1].shape == (side["height"], side["width"], 3)


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        (ClipSpec("burpee", "front", 3), "clap"),
        (ClipSpec("push-up", "front", 3), "side"),
        (ClipSpec("clap", "front", 0), "reps >= 1"),
        (ClipSpec("clap", "front", 3, fps=0), "fps > 0"),
    ],
)
def test_bad_spec_raises_a_usage_error_that_says_what_is_valid(spec: ClipSpec, needle: str) -> None:
    with pytest.raises(UsageError, match=needle):
        SyntheticClip(spec)


@pytest.mark.parametrize("name", sorted(SAMPLE_CLIPS))
def test_committed_clip_is_small_and_up_to_date(name: str) -> None:
    video = SAMPLE_DIR / f"{name}.mp4"
    assert video.stat().st_size < 2_000_000
    expected = SyntheticClip(SAMPLE_CLIPS[name]).sidecar(video.name)
    assert load_sidecar(video) == expected, (
        "regenerate: python -m fitcli.pipelines.synthetic --out sample_videos"
    )
    assert 8 <= expected["duration_s"] <= 20 and 5 <= expected["reps"] <= 10


def test_committed_clips_together_stay_small() -> None:
    assert sum((SAMPLE_DIR / f"{name}.mp4").stat().st_size for name in SAMPLE_CLIPS) < 7_000_000


@pytest.fixture(scope="module")
def default_backend():  # type: ignore[no-untyped-def]
    from fitcli.models import MODELS, load_backend

    if not MODELS["movenet-lightning"].installed():
        pytest.skip(
            "movenet-lightning is not pulled (run `make models` or `fitcli models pull movenet-lightning`)"
        )
    return load_backend(None)


@pytest.mark.models
@pytest.mark.parametrize("name", sorted(SAMPLE_CLIPS))
def test_default_model_finds_wrists_hips_and_knees(name: str, default_backend) -> None:  # type: ignore[no-untyped-def]
    result = detection_check(SAMPLE_DIR / f"{name}.mp4", default_backend, every=5)
    assert result["frames"] >= 40
    # A joint counts when its score is >= 0.3 and it lies within 0.1 x the figure's height of the truth.
    assert result["joint_rate"] >= 0.95, result
    for joint in CHECKED_JOINTS:
        assert result["per_joint"][joint] >= 0.85, result

"""Counters on recorded keypoint tracks of real and generated clips, against benchmarks/reps_baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fitcli.exercises.keypoint_cache import load_track
from fitcli.exercises.recorded import count_track
from fitcli.exercises.video import count_video

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "keypoints"
BASELINE = json.loads((REPO / "benchmarks" / "reps_baseline.json").read_text())
MODEL = BASELINE["model"]


def _count(kind: str, video: str, exercise: str) -> int:
    # the same path as `fitcli eval reps` (hands fallback for claps); the videos themselves are not
    # needed: their keypoints are in the fixtures folder (not rewritten: the cache is complete)
    return count_video(Path(video), exercise, MODEL, FIXTURES / kind).reps


@pytest.mark.parametrize("video", sorted(BASELINE["real"]["videos"]))
def test_real_clip_count_is_no_worse_than_the_baseline(video):
    row = BASELINE["real"]["videos"][video]
    predicted = _count("real", video, row["exercise"])
    assert abs(predicted - row["true"]) <= abs(row["predicted"] - row["true"]), (video, predicted, row)


def test_real_clips_meet_the_issue_targets_and_the_baseline():
    maes, obos = [], []
    for video, row in BASELINE["real"]["videos"].items():
        error = abs(_count("real", video, row["exercise"]) - row["true"])
        maes.append(error / row["true"])
        obos.append(error <= 1)
    mae, obo = sum(maes) / len(maes), sum(obos) / len(obos)
    assert mae <= min(0.10, BASELINE["real"]["mae"] + 1e-4)
    assert obo >= max(0.90, BASELINE["real"]["obo"] - 1e-4)


@pytest.mark.parametrize("video", sorted(BASELINE["sample"]["videos"]))
def test_generated_clips_count_exactly(video):
    row = BASELINE["sample"]["videos"][video]
    assert _count("sample", video, row["exercise"]) == row["true"]


def test_rep_events_fall_on_the_true_rep_times_of_a_generated_clip():
    sidecar = json.loads((REPO / "sample_videos" / "squat_front.json").read_text())
    result = count_track(load_track(FIXTURES / "sample" / f"squat_front.{MODEL}.npz"), "squat")
    for event, true in zip(result.events, sidecar["rep_times"], strict=True):
        assert true["start_s"] - 0.3 <= event.turn_s <= true["end_s"]
        assert event.start_s <= event.turn_s <= event.end_s
    assert result.person_share == 1.0
    assert result.active_s > 0

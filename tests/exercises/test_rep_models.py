"""The whole path with the real default model on the generated sample clips: exact counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fitcli.exercises.keypoint_cache import extract_track
from fitcli.exercises.recorded import count_track

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_videos"
CLIPS = sorted(p.stem for p in SAMPLE_DIR.glob("*.mp4"))


@pytest.mark.models
@pytest.mark.parametrize("name", CLIPS)
def test_sample_clip_counts_exactly_with_the_default_model(name, require_model):
    model = require_model("movenet-lightning")
    sidecar = json.loads((SAMPLE_DIR / f"{name}.json").read_text())
    result = count_track(extract_track(SAMPLE_DIR / f"{name}.mp4", model), sidecar["exercise"])
    assert result.reps == sidecar["reps"]
    assert result.person_share > 0.95

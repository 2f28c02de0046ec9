"""Counting with a trained pose classifier: the "down" class entered and left once per rep."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from fitcli.classifier.infer import PoseClassifier
from fitcli.cli.main import app
from fitcli.errors import UnknownNameError
from fitcli.exercises.classified import ClassifiedRepCounter
from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip
from fitcli.pose import PoseFrame


def _frames(clip: SyntheticClip):
    for i in range(clip.n_frames):
        kp = np.concatenate([clip.keypoints(i), np.full((17, 1), 0.9, np.float32)], axis=1)
        yield PoseFrame(i, clip.time(i), kp, (640, 480))


@pytest.mark.parametrize("seed", [11, 12])  # clips the classifier was not trained on
def test_classifier_counts_each_squat_once(trained, seed):
    clip = SyntheticClip(ClipSpec("squat", "front", reps=4, seed=seed))
    counter = ClassifiedRepCounter("squat", PoseClassifier.load(trained.model_dir))
    for frame in _frames(clip):
        counter.update(frame)
    result = counter.finish()
    assert result.reps == 4
    for event, rep in zip(result.events, clip.reps, strict=True):
        assert rep.start_s - 0.5 <= event.turn_s <= rep.end_s + 0.5
    assert "pose classifier" in result.warnings[0]


def test_a_label_the_classifier_lacks_is_named(trained):
    with pytest.raises(UnknownNameError, match="knows: sitting, squat, standing"):
        ClassifiedRepCounter("clap", PoseClassifier.load(trained.model_dir))


def test_analyze_with_a_classifier_that_lacks_the_exercise_fails_before_work(trained):
    from pathlib import Path

    clip = Path(__file__).resolve().parents[2] / "sample_videos" / "squat_front.mp4"
    result = CliRunner().invoke(
        app, ["analyze", str(clip), "-e", "push-up", "--classifier", str(trained.model_dir)]
    )
    assert result.exit_code == 2 and "unknown label 'push-up'" in result.stderr

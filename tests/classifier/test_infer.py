"""Smoothing over time and segments (pure), and the trained classifier used without TensorFlow."""

from __future__ import annotations

import numpy as np
import pytest

from fitcli.classifier.counter import ClassRepCounter
from fitcli.classifier.infer import PoseClassifier, classify_poses, segments, smooth_probabilities
from fitcli.errors import UnknownNameError, UsageError
from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip
from fitcli.pose import PoseFrame


def test_smoothing_depends_on_time_not_on_the_frame_rate() -> None:
    step = np.array([[1.0, 0.0]] * 5 + [[0.0, 1.0]] * 30)
    fast_t = np.arange(35) / 30
    slow_idx = np.arange(0, 35, 3)
    fast = smooth_probabilities(step, fast_t, tau_s=0.3)
    slow = smooth_probabilities(step[slow_idx], fast_t[slow_idx], tau_s=0.3)
    # 0.2 s after the step both have moved the same way (within the discretisation).
    assert fast[11, 1] == pytest.approx(slow[4, 1], abs=0.1)
    assert fast[5, 1] < 0.2 < fast[-1, 1]
    np.testing.assert_array_equal(smooth_probabilities(step, fast_t, 0.0), step)
    with pytest.raises(UsageError):
        smooth_probabilities(step, fast_t, -1.0)


def test_segments_are_runs_of_one_label() -> None:
    labels = ["a", "a", "b", "b", "b", "a"]
    times = np.arange(6) * 0.5
    segs = segments(labels, times, np.linspace(0.5, 1.0, 6))
    assert [(s.label, s.start_s, s.end_s, s.frames) for s in segs] == [
        ("a", 0.0, 1.0, 2),
        ("b", 1.0, 2.5, 3),
        ("a", 2.5, 2.5, 1),
    ]
    assert segments([], np.zeros(0), np.zeros(0)) == []


@pytest.fixture(scope="module")
def classifier(trained) -> PoseClassifier:  # type: ignore[no-untyped-def]
    return PoseClassifier.load(trained.model_dir)


def test_loaded_classifier_gives_probabilities_over_its_labels(classifier, make_rows) -> None:  # type: ignore[no-untyped-def]
    rows = make_rows("sit", "side", 4)
    probs = classifier.predict(rows.keypoints)
    assert probs.shape == (len(rows), 3) and classifier.labels == ["sitting", "squat", "standing"]
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(classifier(rows.keypoints[0]), probs[0], atol=1e-6)
    assert classifier.index("squat") == 1
    with pytest.raises(UnknownNameError, match="knows: sitting, squat, standing"):
        classifier.index("lying")


def test_onnx_copy_agrees_with_the_keras_model(trained, classifier, make_rows) -> None:  # type: ignore[no-untyped-def]
    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    from fitcli.classifier.features import features

    kp = make_rows("squat", "side", 8).keypoints
    model = keras.saving.load_model(trained.model_dir / "model.keras")
    np.testing.assert_allclose(
        classifier.predict(kp), model(classifier.standardise(features(kp)), training=False), atol=1e-5
    )


def test_classifier_drives_a_rep_counter_on_an_unseen_squat_clip(classifier) -> None:  # type: ignore[no-untyped-def]
    clip = SyntheticClip(ClipSpec("squat", "front", reps=4, seed=21))
    poses = []
    for i in range(clip.n_frames):
        kp = np.concatenate([clip.keypoints(i), np.ones((17, 1), np.float32)], axis=1)
        poses.append(PoseFrame(i, clip.time(i), kp, (640, 480)))
    result = classify_poses(poses, classifier, "squat.mp4")
    assert len(result.labels) == clip.n_frames
    assert result.segments[0].label == "standing" and result.segments[-1].label == "standing"
    counter = ClassRepCounter(classifier.labels, "squat")
    for t, p in zip(result.times, result.probabilities, strict=True):
        counter.update(t, p)
    assert counter.count == 4
    for rep, truth in zip(counter.reps, clip.reps, strict=True):
        assert truth.start_s < rep.start_s < truth.turn_s < rep.end_s < truth.end_s + 0.5

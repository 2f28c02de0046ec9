"""Builders for the classifier tests: small labelled datasets from the sample-clip generator's true
keypoints (exact, no pose model needed) and one classifier trained on them, shared by the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fitcli.classifier.dataset import Dataset, append_rows
from fitcli.classifier.train import TrainSettings, train_classifier
from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip

# (exercise, view, seed): three clips per label group, so whole clips can be held out.
CLIPS = (
    [("stand", v, s) for v, s in (("front", 1), ("side", 2), ("front", 3))]
    + [("sit", v, s) for v, s in (("side", 4), ("front", 5), ("oblique", 6))]
    + [("squat", v, s) for v, s in (("front", 7), ("side", 8), ("front", 9))]
)


def clip_rows(exercise: str, view: str, seed: int) -> Dataset:
    """Rows of one generated clip: holds keep their label; a squat clip gives 'squat' near the
    bottom of each rep (motion amount >= 0.75) and 'standing' at rest, and nothing in between."""
    clip = SyntheticClip(ClipSpec(exercise, view, reps=3, seed=seed))
    every = 2 if exercise == "squat" else 5  # squat bottoms are short
    kps, labels, times = [], [], []
    for i in range(0, clip.n_frames, every):
        t = clip.time(i)
        if exercise == "squat":
            m = clip.amount(t)
            label = "squat" if m >= 0.75 else "standing" if m == 0 else None
        else:
            label = "standing" if exercise == "stand" else "sitting"
        if label is None:
            continue
        xy = clip.keypoints(i)
        kps.append(np.concatenate([xy, np.ones((17, 1), np.float32)], axis=1))
        labels.append(label)
        times.append(t)
    n = len(kps)
    name = np.array([f"{exercise}_{view}_{seed}.mp4"] * n, dtype=object)
    return Dataset(
        np.stack(kps),
        np.array(labels, dtype=object),
        name,
        np.array(times),
        np.arange(n),
        np.array(["truth"] * n),
    )


@pytest.fixture(scope="session")
def make_rows():  # type: ignore[no-untyped-def]
    """``make_rows(exercise, view, seed) -> Dataset`` (see ``clip_rows``)."""
    return clip_rows


def small_dataset() -> Dataset:
    return Dataset.concat([clip_rows(*c) for c in CLIPS])


@pytest.fixture(scope="session")
def dataset_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "poses.csv"
    append_rows(path, small_dataset())
    return path


FAST = TrainSettings(epochs=15, seed=3, val_split=0.34)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("models") / "poses"
    return train_classifier(small_dataset(), FAST, out)


@pytest.fixture(scope="session")
def train_small():  # type: ignore[no-untyped-def]
    """``train_small(out) -> TrainResult``: the same training as ``trained``, into another folder."""
    return lambda out: train_classifier(small_dataset(), FAST, out)

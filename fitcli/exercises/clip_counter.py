"""The one counting path that `fitcli analyze`, `fitcli eval reps` and `fitcli live` all run.

``ClipCounter`` takes a clip's (or a live session's) ``PoseFrame`` one at a time, whatever produced
them (the pose model frame by frame, or a cached keypoint track of the same model), and counts with
the exercise's rule counter or with a trained pose classifier. At the end, for claps, it falls back to
MediaPipe hand landmarks when the body model hardly saw shoulders (hands-only footage), which needs
the video file. Eval measures exactly what analyze and live count.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.exercises.counter import CounterState
from fitcli.exercises.events import CountResult
from fitcli.pose import KP, PoseFrame

log = logging.getLogger(__name__)

# Claps fall back to hand landmarks when the body model sees both shoulders (score >= 0.3) in less
# than this share of frames: hands-only footage such as ../shared/data/videos/clap/
# clap_hands_only_greenscreen_grindly.mp4 (whole-body models find no person there).
HANDS_FALLBACK_SHARE = 0.5
SHOULDER_SCORE = 0.3
_SHOULDERS = [KP["left_shoulder"], KP["right_shoulder"]]


def make_counter(exercise: str, classifier: str | Path | None = None) -> Any:
    """The exercise's rule-based streaming counter, or one driven by a trained pose classifier."""
    from fitcli.exercises.catalog import get_exercise

    if classifier is None:
        return get_exercise(exercise).counter()
    from fitcli.classifier.infer import PoseClassifier
    from fitcli.exercises.classified import ClassifiedRepCounter

    return ClassifiedRepCounter(exercise, PoseClassifier.load(classifier))


class ClipCounter:
    """``update(frame) -> CounterState`` for every frame, then ``finish(video) -> CountResult``."""

    def __init__(self, exercise: str, classifier: str | Path | None = None, counter: Any = None) -> None:
        from fitcli.exercises.catalog import get_exercise

        self.exercise = get_exercise(exercise).name
        self.classified = classifier is not None
        self.counter = counter if counter is not None else make_counter(self.exercise, classifier)
        self.reset()

    def reset(self) -> None:
        self.counter.reset()
        self.shoulder_frames = 0

    @property
    def reps(self) -> int:
        return int(self.counter.reps)

    @property
    def frames(self) -> int:
        return int(self.counter.frames)

    @property
    def last_time(self) -> float:
        return float(self.counter.last_time)

    def update(self, frame: PoseFrame) -> CounterState:
        scores = np.nan_to_num(frame.keypoints[_SHOULDERS, 2])
        self.shoulder_frames += bool(np.all(scores >= SHOULDER_SCORE))
        state: CounterState = self.counter.update(frame)
        return state

    @property
    def shoulder_share(self) -> float:
        """Share of frames in which both shoulders scored at least ``SHOULDER_SCORE``."""
        return self.shoulder_frames / self.frames if self.frames else 0.0

    def finish(self, video: Path | None = None, cache_dir: Path | None = None) -> CountResult:
        """What was counted; for claps in ``video`` that the body model hardly saw, the count from hand
        landmarks instead (the result then carries a warning saying so)."""
        result: CountResult = self.counter.finish()
        share = self.shoulder_share
        if self.classified or self.exercise != "clap" or video is None or share >= HANDS_FALLBACK_SHARE:
            return result
        from fitcli.exercises.hands import cached_hands, count_claps_from_hands

        log.info("%s: shoulders seen in %.0f%% of frames; counting claps from hands", video, 100 * share)
        return count_claps_from_hands(cached_hands(Path(video), cache_dir))

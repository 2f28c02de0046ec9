"""Counting driven by a trained pose classifier (issue 5), behind the same interface as
``RepCounter``: ``update(frame) -> CounterState``, ``reps``, ``reset()``, ``finish() -> CountResult``.

Each frame's class probabilities (``fitcli.classifier.PoseClassifier``) are smoothed over time
with the same exponential moving average `fitcli classify` uses, then MediaPipe's
enter/exit-threshold counter (``fitcli.classifier.counter.ClassRepCounter``) counts a rep each
time the "down" class is left. Frames without a person are skipped.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcli.classifier.infer import ema_weight
from fitcli.exercises.counter import LOW_PERSON_SHARE, CounterState, has_person
from fitcli.exercises.events import CountResult, active_seconds
from fitcli.pose import PoseFrame
from fitcli.rep import Rep


class ClassifiedRepCounter:
    def __init__(
        self, exercise: str, classifier: Any, down: str | None = None, tau_s: float | None = None
    ) -> None:
        from fitcli.classifier.counter import ClassRepCounter
        from fitcli.classifier.infer import DEFAULT_SMOOTH_S
        from fitcli.errors import UsageError

        self.exercise = exercise
        self.classifier = classifier
        self.down = down or exercise
        classifier.index(self.down)  # an unknown label fails here, listing the classifier's labels
        self.tau_s = DEFAULT_SMOOTH_S if tau_s is None else tau_s
        if self.tau_s < 0:
            raise UsageError(f"the smoothing time must be >= 0 s, got {self.tau_s}")
        self._counter = ClassRepCounter(classifier.labels, self.down)
        self.reset()

    def reset(self) -> None:
        self._counter.reset()
        self._smooth: np.ndarray | None = None
        self._last_t: float | None = None
        self.events: list[Rep] = []
        self.frames = 0
        self.person_frames = 0
        self.last_time = 0.0

    @property
    def reps(self) -> int:
        return len(self.events)

    def update(self, frame: PoseFrame) -> CounterState:
        self.frames += 1
        self.last_time = frame.time_s
        if not has_person(frame.keypoints):
            return CounterState(self.reps, "no person", None, None, False)
        self.person_frames += 1
        probs = np.asarray(self.classifier(frame.keypoints), dtype=np.float64)
        if self._smooth is None or self._last_t is None:
            self._smooth = probs
        else:
            a = ema_weight(frame.time_s - self._last_t, self.tau_s)
            self._smooth = self._smooth + a * (probs - self._smooth)
        self._last_t = frame.time_s
        before = self._counter.count
        state = self._counter.update(frame.time_s, self._smooth)
        event = None
        if self._counter.count > before:
            event = self._counter.reps[-1]
            self.events.append(event)
        return CounterState(self.reps, "rep" if state.in_pose else "rest", state.probability, event, True)

    def finish(self) -> CountResult:
        events = tuple(self.events)
        share = self.person_frames / self.frames if self.frames else 0.0
        warnings = [f"counted by the pose classifier's '{self.down}' class"]
        if share < LOW_PERSON_SHARE:
            warnings.append(f"a person was found in only {share:.0%} of {self.frames} frames")
        return CountResult(self.exercise, events, active_seconds(events), self.frames, share, tuple(warnings))

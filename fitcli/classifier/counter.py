"""Count reps from a pose classifier: one rep each time the "down" class is entered and left.

MediaPipe's pose-classification ``RepetitionCounter`` enters the pose when its confidence rises
above ``enter_threshold`` and counts a rep when it falls below ``exit_threshold`` (6 and 4 of 10
k-NN votes there, i.e. 0.6 and 0.4 as probabilities): the gap between them is the hysteresis that
keeps a flickering probability near one threshold from counting twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fitcli.errors import UnknownNameError, UsageError
from fitcli.rep import Rep

ENTER_THRESHOLD = 0.6  # MediaPipe RepetitionCounter: enter_threshold=6 of 10 neighbours
EXIT_THRESHOLD = 0.4  # MediaPipe RepetitionCounter: exit_threshold=4 of 10 neighbours


@dataclass(frozen=True)
class CounterState:
    count: int
    in_pose: bool
    probability: float


class ClassRepCounter:
    """Streaming counter: ``update(time_s, probabilities) -> CounterState``; ``reset()`` starts over."""

    def __init__(
        self,
        labels: Sequence[str],
        down: str,
        enter_threshold: float = ENTER_THRESHOLD,
        exit_threshold: float = EXIT_THRESHOLD,
    ) -> None:
        if down not in labels:
            raise UnknownNameError(f"unknown label '{down}'", f"the classifier knows: {', '.join(labels)}")
        if not 0 <= exit_threshold < enter_threshold <= 1:
            raise UsageError(
                f"need 0 <= exit threshold < enter threshold <= 1, got {exit_threshold} and {enter_threshold}"
            )
        self.labels = list(labels)
        self.down = down
        self._k = self.labels.index(down)
        self.enter_threshold = enter_threshold
        self.exit_threshold = exit_threshold
        self.reset()

    def reset(self) -> None:
        # one Rep per visit: start = the down class entered, turn = its most probable frame, end = left
        # (the rep is counted then); confidence = that peak probability, no range of motion.
        self.reps: list[Rep] = []
        self._in_pose = False
        self._enter_s = 0.0
        self._peak = 0.0
        self._peak_s = 0.0

    @property
    def count(self) -> int:
        return len(self.reps)

    def update(self, time_s: float, probabilities: np.ndarray) -> CounterState:
        """Feed one frame's class probabilities (in ``labels`` order)."""
        probs = np.asarray(probabilities, dtype=np.float64).reshape(-1)
        if len(probs) != len(self.labels):
            raise UsageError(f"expected {len(self.labels)} probabilities, got {len(probs)}")
        p = float(probs[self._k])
        if not self._in_pose:
            if p > self.enter_threshold:
                self._in_pose, self._enter_s, self._peak, self._peak_s = True, float(time_s), p, float(time_s)
        else:
            if p > self._peak:
                self._peak, self._peak_s = p, float(time_s)
            if p < self.exit_threshold:
                rep = Rep(self.count + 1, self._enter_s, self._peak_s, float(time_s), None, self._peak)
                self.reps.append(rep)
                self._in_pose = False
        return CounterState(self.count, self._in_pose, p)

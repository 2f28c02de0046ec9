"""A body length as the clip itself shows it, so a counter's thresholds need no camera calibration.

A length seen in the image is never longer than the real one (apart from keypoint noise), and each
exercise's rest position shows its reference length unforeshortened from any camera azimuth: a
standing thigh, a hanging forearm, straight arms on a bar, the arms of a push-up's top. So a high
quantile of that length over the last few seconds is the person's own length as this camera sees
it, whatever their proportions, their distance or the angle they are filmed from. The window lets
it follow a camera that zooms or a person who steps closer, within ``window_s``.

(Dividing each sample by the body's size in the same frame would follow a zoom at once, but the size
estimate jitters by 10-30% as arms and shoulders move, and that jitter went straight into the
signal: on the recorded real clips it made spurious 0.3-range "reps" of exercises nobody did.)
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from fitcli.errors import UsageError


class SelfReference:
    """``update(t, length) -> reference length`` in the same units (None until enough samples)."""

    def __init__(self, window_s: float = 8.0, quantile: float = 0.9, min_samples: int = 3) -> None:
        if not (window_s > 0 and math.isfinite(window_s)):
            raise UsageError(f"window_s must be a positive number of seconds, got {window_s}")
        if not 0 < quantile <= 1:
            raise UsageError(f"quantile must be in (0, 1], got {quantile}")
        if min_samples < 1:
            raise UsageError(f"min_samples must be 1 or more, got {min_samples}")
        self.window_s = window_s
        self.quantile = quantile
        self.min_samples = min_samples
        self.reset()

    def reset(self) -> None:
        self._samples: deque[tuple[float, float]] = deque()

    def update(self, t: float, length: float) -> float | None:
        if not (math.isfinite(length) and length >= 0):
            return None
        self._samples.append((t, length))
        while self._samples[0][0] < t - self.window_s:
            self._samples.popleft()
        if len(self._samples) < self.min_samples:
            return None
        ref = float(np.quantile([v for _, v in self._samples], self.quantile))
        return ref if ref > 0 else None

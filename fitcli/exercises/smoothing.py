"""Keypoint smoothing with short gaps bridged: a One Euro filter driven by real timestamps.

One Euro filter: Casiez, Roussel and Vogel, "1 Euro Filter: A Simple Speed-based Low-pass Filter for
Noisy Input in Interactive Systems", CHI 2012. Its cutoff rises with speed, so slow jitter is
smoothed hard while fast moves (a clap) keep little lag. The time step is each frame's real ``dt``.
"""

from __future__ import annotations

import math

import numpy as np

from fitcli.errors import UsageError
from fitcli.pose import NUM_KEYPOINTS, PoseFrame


def _alpha(cutoff_hz: np.ndarray | float, dt: float) -> np.ndarray:
    tau = 1.0 / (2.0 * math.pi * np.asarray(cutoff_hz, dtype=np.float64))
    return np.asarray(1.0 / (1.0 + tau / dt))


class OneEuroFilter:
    """Vectorised One Euro filter over an array of values (here (17, 2) pixel coordinates).

    ``min_cutoff`` (Hz) sets smoothing at rest; ``beta`` (1/px) how fast the cutoff rises with speed
    (px/s); ``d_cutoff`` (Hz) smooths the speed estimate. NaN entries are left NaN and restart.
    """

    def __init__(self, min_cutoff: float = 1.5, beta: float = 0.02, d_cutoff: float = 1.0) -> None:
        for name, value in (("min_cutoff", min_cutoff), ("d_cutoff", d_cutoff)):
            if not (value > 0 and math.isfinite(value)):
                raise UsageError(f"{name} must be a positive number of Hz, got {value}")
        if not (beta >= 0 and math.isfinite(beta)):
            raise UsageError(f"beta must be 0 or more, got {beta}")
        self.min_cutoff = min_cutoff
        self.beta = beta
        self.d_cutoff = d_cutoff
        self.reset()

    def reset(self) -> None:
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t: float | None = None

    def update(self, t: float, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if self._x is None or self._dx is None or self._t is None or t <= self._t:
            first = self._x is None or self._t is None or t < self._t
            if first or self._x is None:
                self._x, self._dx, self._t = x.copy(), np.zeros_like(x), t
                return x.copy()
            return self._x.copy()  # a repeated timestamp: no new information
        dt = t - self._t
        restart = np.isnan(self._x) & ~np.isnan(x)
        prev = np.where(restart, x, self._x)
        dx = (x - prev) / dt
        dx_hat = self._dx + _alpha(self.d_cutoff, dt) * (np.nan_to_num(dx) - self._dx)
        cutoff = self.min_cutoff + self.beta * np.abs(dx_hat)
        out = prev + _alpha(cutoff, dt) * (x - prev)
        self._x, self._dx, self._t = out, np.where(np.isnan(out), 0.0, dx_hat), t
        return out.copy()


class KeypointSmoother:
    """Smooths a pose stream and bridges short gaps of low-score keypoints.

    ``update(frame)`` returns a (17, 3) float64 array of (x, y, score): keypoints scoring at least
    ``min_score`` are filtered; a keypoint that drops below it keeps its last position (with its last
    score) for up to ``max_gap_s`` seconds, after which it is missing (NaN x, y and score 0).
    """

    def __init__(
        self, min_score: float = 0.2, max_gap_s: float = 0.4, min_cutoff: float = 1.5, beta: float = 0.02
    ) -> None:
        if not 0.0 <= min_score < 1.0:
            raise UsageError(f"min_score must be in [0, 1), got {min_score}")
        if not (max_gap_s >= 0 and math.isfinite(max_gap_s)):
            raise UsageError(f"max_gap_s must be 0 or more seconds, got {max_gap_s}")
        self.min_score = min_score
        self.max_gap_s = max_gap_s
        self.filter = OneEuroFilter(min_cutoff, beta)
        self.reset()

    def reset(self) -> None:
        self.filter.reset()
        self._last = np.full((NUM_KEYPOINTS, 3), np.nan)
        self._last_seen = np.full(NUM_KEYPOINTS, -np.inf)

    def update(self, frame: PoseFrame) -> np.ndarray:
        return self.update_array(frame.time_s, frame.keypoints)

    def update_array(self, t: float, keypoints: np.ndarray | None) -> np.ndarray:
        """Like ``update`` for a bare (17, 3) array; ``None`` means no usable pose in this frame."""
        raw = np.full((NUM_KEYPOINTS, 3), np.nan) if keypoints is None else np.asarray(keypoints, np.float64)
        good = (raw[:, 2] >= self.min_score) & np.isfinite(raw[:, 0]) & np.isfinite(raw[:, 1])
        bridged = ~good & (t - self._last_seen <= self.max_gap_s)
        xy = np.where(good[:, None], raw[:, :2], np.nan)
        xy = np.where(bridged[:, None], self._last[:, :2], xy)
        smooth = self.filter.update(t, xy)
        out = np.empty((NUM_KEYPOINTS, 3))
        out[:, :2] = smooth
        out[:, 2] = np.where(good, raw[:, 2], np.where(bridged, self._last[:, 2], 0.0))
        missing = ~(good | bridged)
        out[missing, :2] = np.nan
        self._last = np.where(good[:, None], out, self._last)
        self._last_seen = np.where(good, t, self._last_seen)
        return out

"""Follow one person: a pose that jumps to someone else is treated as missing.

Single-pose models return one pose per frame, and with two people in view that pose can switch to
the other person between frames. A real body moves continuously: its centre moves at most a few body
sizes per second and its size changes slowly. ``PersonGate.update`` rejects a pose whose centre or
scale jumped beyond that. It locks on the first clearly seen body (shoulders and hips scoring at least
``lock_score``); a model's guess in the first frames does not lock it. If the new place persists for ``relock_s`` (the camera really moved, or the
first person left), the gate follows it again and reports a relock so the counter starts over.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from fitcli.errors import UsageError
from fitcli.exercises.signals import body_centre_scale
from fitcli.pose import KP

_TORSO = [KP["left_shoulder"], KP["right_shoulder"], KP["left_hip"], KP["right_hip"]]
# The followed body's size is the median over this many seconds of accepted poses (``_follow``).
SIZE_WINDOW_S = 0.5


def torso_score(keypoints: np.ndarray) -> float:
    """Mean score of the shoulders and hips (0 for missing ones)."""
    return float(np.mean(np.nan_to_num(np.asarray(keypoints)[_TORSO, 2])))


@dataclass(frozen=True)
class GateState:
    accepted: bool  # the pose is the followed person's
    relocked: bool  # the gate has just switched to a new place (the counter should start over)


class PersonGate:
    """Accepts poses that move like one body; ``update(t, keypoints) -> GateState``.

    ``max_speed``: body sizes per second the centre may move (a jumping jack moves the hips about 1
    body size/s, a fast walk about 2); ``max_scale_rate``: how fast the size may change (log units per
    second, a zoom or walking to the camera); ``slack``: allowance for keypoint noise (body sizes).
    It locks on a body whose shoulders and hips score ``lock_score`` on average, or on one seen less
    clearly (``weak_score``: dim light, a torso hidden behind the knees) that stays one body for
    ``settle_s`` seconds: a model's guess in the first frames does neither.
    """

    def __init__(
        self,
        max_speed: float = 4.0,
        max_scale_rate: float = 1.5,
        slack: float = 0.35,
        relock_s: float = 2.0,
        lock_score: float = 0.5,
        settle_s: float = 1.0,
        weak_score: float = 0.25,
    ) -> None:
        for name, value in (("max_speed", max_speed), ("max_scale_rate", max_scale_rate), ("slack", slack)):
            if not (value > 0 and math.isfinite(value)):
                raise UsageError(f"{name} must be a positive number, got {value}")
        if not relock_s >= 0:
            raise UsageError(f"relock_s must be 0 or more seconds, got {relock_s}")
        if not 0 <= lock_score < 1:
            raise UsageError(f"lock_score must be in [0, 1), got {lock_score}")
        if not (settle_s >= 0 and 0 <= weak_score <= lock_score):
            raise UsageError(
                f"need settle_s >= 0 and 0 <= weak_score <= lock_score, got {settle_s}, {weak_score}"
            )
        self.lock_score = lock_score
        self.settle_s = settle_s
        self.weak_score = weak_score
        self.max_speed = max_speed
        self.max_scale_rate = max_scale_rate
        self.slack = slack
        self.relock_s = relock_s
        self.reset()

    def reset(self) -> None:
        self._sizes: deque[tuple[float, float]] = deque()
        self._centre: np.ndarray | None = None
        self._scale = 0.0
        self._t = 0.0
        self._rejected_since: float | None = None
        self._candidate: tuple[np.ndarray, float, float] | None = None
        self._unclear: tuple[float, tuple[float, np.ndarray]] | None = None  # since when, last pose

    @property
    def locked(self) -> bool:
        """The gate follows a body (it has locked on one)."""
        return self._centre is not None

    def same_body(self, earlier: tuple[float, np.ndarray], later: tuple[float, np.ndarray]) -> bool:
        """Whether the pose ``earlier`` (time, keypoints) could be the body seen in ``later``: it moved
        and changed size between them no more than one body does. For poses seen before the lock."""
        a, b = body_centre_scale(earlier[1]), body_centre_scale(later[1])
        if a is None or b is None:
            return False
        return self._fits(a[0], a[1], (b[0], b[1], earlier[0]), later[0])

    def _settled(self, t: float, keypoints: np.ndarray) -> bool:
        """A body never seen clearly (dim light, hidden torso) that has stayed in one place, moving as
        one body, for ``settle_s``: it is no first-frame guess, so the gate may lock on it."""
        if torso_score(keypoints) < self.weak_score:
            self._unclear = None
            return False
        if self._unclear is None or not self.same_body(self._unclear[1], (t, keypoints)):
            self._unclear = (t, (t, keypoints))
            return False
        self._unclear = (self._unclear[0], (t, keypoints))
        return t - self._unclear[0] >= self.settle_s

    def _fits(self, centre: np.ndarray, scale: float, ref: tuple[np.ndarray, float, float], t: float) -> bool:
        ref_centre, ref_scale, ref_t = ref
        dt = max(t - ref_t, 0.0)
        moved = float(np.linalg.norm(centre - ref_centre)) / ref_scale
        grown = abs(math.log(scale / ref_scale))
        return moved <= self.max_speed * dt + self.slack and grown <= self.max_scale_rate * dt + self.slack

    def update(self, t: float, keypoints: np.ndarray) -> GateState:
        found = body_centre_scale(keypoints)
        if found is None:
            return GateState(False, False)
        centre, scale = found
        if (
            self._centre is None
            and torso_score(keypoints) < self.lock_score
            and not self._settled(t, keypoints)
        ):
            return GateState(False, False)  # lock on a clearly seen body only, not a first-frame guess
        if self._centre is None or self._fits(centre, scale, (self._centre, self._scale, self._t), t):
            self._follow(t, centre, scale)
            return GateState(True, False)
        # Someone (or something) else. The followed body is still assumed where it was: its allowance
        # does not grow while another pose is in view (only while nobody is). Follow the other pose
        # only if it stays, moving like one body, for relock_s.
        self._t = t
        if self._candidate is None or not self._fits(centre, scale, self._candidate, t):
            self._rejected_since = t
        self._candidate = (centre, scale, t)
        settled = self._rejected_since is not None and t - self._rejected_since >= self.relock_s
        if settled and torso_score(keypoints) >= self.lock_score:
            self._sizes.clear()
            self._follow(t, centre, scale)
            return GateState(True, True)
        return GateState(False, False)

    def _follow(self, t: float, centre: np.ndarray, scale: float) -> None:
        """Take this pose as the followed body's place; its size is the median of the sizes accepted in
        the last SIZE_WINDOW_S, so one frame whose half-hidden joints shrink the size estimate by half
        does not become the yardstick that then rejects every later frame."""
        self._sizes.append((t, scale))
        while self._sizes[0][0] < t - SIZE_WINDOW_S:
            self._sizes.popleft()
        self._centre, self._t = centre, t
        self._scale = float(np.median([v for _, v in self._sizes]))
        self._rejected_since, self._candidate = None, None

"""Which posture a person held, for the warning when a clip was counted with the wrong exercise.

"The body was in a push-up posture in 0% of the frames" says what was not seen; the user also wants
to know what was: "the person was standing in most frames". The counter keeps a sample of the
followed person's smoothed poses and this module names the posture most of them show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from fitcli.exercises.definitions.push_up import push_up_posture
from fitcli.exercises.definitions.sit_up import lying_back
from fitcli.exercises.postures import hanging, standing

# What each exercise's rest posture looks like, in words; checked in this order (a hang is upright).
POSTURES: tuple[tuple[str, Callable[[np.ndarray], bool]], ...] = (
    ("hanging from a bar", hanging),
    ("standing", standing),
    ("lying on the back", lying_back),
    ("holding a push-up position", push_up_posture),
)
# A posture is named only when it is seen in at least this share of the sampled poses.
MOST = 0.5


def posture_seen(poses: Sequence[np.ndarray]) -> tuple[str, float] | None:
    """The posture (in words) seen in most of ``poses`` and its share, or None when none dominates."""
    if not poses:
        return None
    best: tuple[str, float] | None = None
    for name, check in POSTURES:
        share = sum(check(kp) for kp in poses) / len(poses)
        if share >= MOST and (best is None or share > best[1]):
            best = (name, share)
    return best

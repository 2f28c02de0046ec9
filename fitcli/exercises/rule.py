"""What a counting rule is made of: a signal, a rest-posture check and detector settings.

Shared by the exercise definitions (``fitcli.exercises.definitions``) and the counters that run them
(``fitcli.exercises.counter``), so neither imports the other's module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from fitcli.exercises.detector import DetectorConfig

# Once reps have been counted, a rep must also reach this share of the person's own median range
# (``DetectorConfig.rel_rom``): a half rep or a twitch does not count, however deep this person goes.
REL_ROM = 0.5

# The body parts a rule can need (``CounterRule.parts``), named in the warning when they are never seen.
PARTS = {
    "shoulders": ("left_shoulder", "right_shoulder"),
    "elbows": ("left_elbow", "right_elbow"),
    "wrists": ("left_wrist", "right_wrist"),
    "hips": ("left_hip", "right_hip"),
    "knees": ("left_knee", "right_knee"),
    "ankles": ("left_ankle", "right_ankle"),
}


class Reading(NamedTuple):
    """What an exercise's signal measures in one frame.

    ``value`` is oriented so that larger = farther from the rest position. Without ``length`` it is
    already in camera-independent units (degrees, body sizes). With ``length`` (pixels), ``value`` is in
    pixels too and the counter divides it by the clip's own reference for that length: a body length
    measured in the frames themselves (``SelfReference``), so the signal does not depend on the camera's
    distance, angle or the person's proportions.

    ``sine``: ``value / length`` is the sine of an angle (a height over the length that rises): the
    counter counts the angle itself, in radians. A sine flattens near 90 degrees, so the last 30
    degrees of a sit-up add as much as its first 8; counted as a sine, a partial rep reaches more
    than half a full one's range in views that also tilt the rest position.
    """

    value: float
    score: float
    length: float | None = None
    sine: bool = False


# signal(smoothed keypoints) -> Reading (or a plain (value, score) pair) or None when not measurable
Signal = Callable[[np.ndarray], "Reading | tuple[float, float] | None"]
Ready = Callable[[np.ndarray], bool]


def always_ready(kp: np.ndarray) -> bool:
    return True


@dataclass(frozen=True)
class CounterRule:
    """How one exercise is counted: its signal, its rest-posture check and its detector settings."""

    signal: Signal
    detector: DetectorConfig
    ready: Ready = always_ready
    min_cutoff: float = 1.5  # One Euro settings for this exercise's speed (Hz, 1/px)
    beta: float = 0.02
    median_s: float = 0.25  # running median of the signal over this window: one jittery frame never moves it
    confirm: Signal | None = None  # a second signal that must move by detector.confirm_rom during a rep
    parts: tuple[str, ...] = ()  # body parts the signal needs (keys of PARTS), named when never seen
    # Count each of these sides (``signals.LEFT``/``RIGHT``) on its own, the signal and ready check
    # called with ``only=side`` (``fitcli.exercises.per_side``): alternating curls.
    per_side: tuple[dict[str, int], ...] = ()

    def __post_init__(self) -> None:
        from fitcli.errors import UsageError

        unknown = [p for p in self.parts if p not in PARTS]
        if unknown:
            raise UsageError(f"unknown body part(s) {', '.join(unknown)}", f"use {', '.join(PARTS)}")
        if (self.confirm is None) != (self.detector.confirm_rom is None):
            raise UsageError("a confirming signal and detector.confirm_rom go together")

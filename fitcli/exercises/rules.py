"""One counting rule per exercise: which signal, which rest posture, which thresholds.

Every signal is oriented so that larger = farther from the rest position, and is measured in units
that do not depend on the camera distance: joint angles in degrees (flexion = 180 - angle, 0 when
straight) or distances in body sizes (``signals.body_size``). Each rule picks the better-seen side
by keypoint scores, or averages both sides when they are seen equally (front views).
Thresholds are set from what a complete rep is (../shared/data/videos/README.md) and checked on the
real clips' recorded keypoints (benchmarks/reps_baseline.json); they are the same for every clip.
"""

from __future__ import annotations

import math

import numpy as np

from fitcli.exercises.counter import CounterRule
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.signals import (
    LEFT,
    RIGHT,
    SHOULDER_TO_TORSO,
    angle,
    best_side_angle,
    body_size,
    midpoint,
    present,
    side_score,
)
from fitcli.pose import KP


def flexion(kp: np.ndarray, a: str, b: str, c: str) -> tuple[float, float] | None:
    """180 - the angle at ``b`` (0 = straight), from the better-seen side or both."""
    found = best_side_angle(kp, a, b, c)
    return None if found is None else (180.0 - found[0], found[1])


def max_flexion(kp: np.ndarray, a: str, b: str, c: str) -> tuple[float, float] | None:
    """The larger flexion of the two sides (one arm curling, or the front leg of a lunge)."""
    best: tuple[float, float] | None = None
    for side in (LEFT, RIGHT):
        value = angle(kp, side[a], side[b], side[c])
        if value is None or side_score(kp, side, (a, b, c)) < 0.25:
            continue
        if best is None or 180.0 - value > best[0]:
            best = (180.0 - value, side_score(kp, side, (a, b, c)))
    return best


# Wrists scoring below this, or above the top edge of the image, are not "in view" for a clap.
CLAP_WRIST_SCORE = 0.3
# Both upper arms raised at least this far from the torso (180 = straight up) means the hands are
# together above the head: an overhead clap whose hands leave the top of the frame at contact
# (../shared/data/videos/clap/clap_overhead_malik.mp4 reaches 160-173 at each contact, 80-90 at T).
OVERHEAD_ARM_DEG = 155.0


def clap_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Minus the wrist distance in shoulder widths (the study's measure; 0 = wrists together).

    When the wrists are out of view but both arms point straight up, the hands are together overhead
    (distance 0)."""
    lw, rw = KP["left_wrist"], KP["right_wrist"]
    size = body_size(kp)
    if size is None:
        return None
    in_view = present(kp, lw, rw) and min(kp[lw, 2], kp[rw, 2]) >= CLAP_WRIST_SCORE
    if in_view and min(kp[lw, 1], kp[rw, 1]) >= 0:
        d = float(np.linalg.norm(kp[lw, :2] - kp[rw, :2])) / (size * SHOULDER_TO_TORSO)
        return -d, float((kp[lw, 2] + kp[rw, 2]) / 2)
    raised = [angle(kp, side["hip"], side["shoulder"], side["elbow"]) for side in (LEFT, RIGHT)]
    if all(a is not None and a >= OVERHEAD_ARM_DEG for a in raised):
        return 0.0, float(np.mean([kp[side["elbow"], 2] for side in (LEFT, RIGHT)]))
    return None


def arm_raise(kp: np.ndarray) -> tuple[float, float] | None:
    """Mean angle of the upper arms from the torso's downward line (0 = arms down, 180 = overhead)."""
    values = []
    for side in (LEFT, RIGHT):
        value = angle(kp, side["hip"], side["shoulder"], side["elbow"])
        if value is not None:
            values.append((value, side_score(kp, side, ("hip", "shoulder", "elbow"))))
    if not values:
        return None
    return float(np.mean([v for v, _ in values])), float(np.mean([s for _, s in values]))


def pull_height(kp: np.ndarray) -> tuple[float, float] | None:
    """Elbow flexion of both arms (hanging = straight arms = 0)."""
    return flexion(kp, "shoulder", "elbow", "wrist")


def sit_up_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Hip flexion: lying = small, sitting up = large."""
    return flexion(kp, "shoulder", "hip", "knee")


# A squat keeps the torso within about 40 degrees of vertical at the bottom (the side-view squat clips
# in ../shared/data/videos: 30-40); bending over to pick up or put down a bar (a hip hinge) tilts it
# 60-80 degrees. Above this lean the squat signal is "not a squat" (missing), so a hinge never counts.
SQUAT_MAX_LEAN_DEG = 55.0


def torso_lean(kp: np.ndarray) -> float | None:
    """Angle of the hip->shoulder line from vertical, in degrees."""
    s = midpoint(kp, KP["left_shoulder"], KP["right_shoulder"])
    h = midpoint(kp, KP["left_hip"], KP["right_hip"])
    if s is None or h is None:
        return None
    return math.degrees(math.atan2(abs(float(s[0] - h[0])), float(h[1] - s[1])))


def squat_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Knee flexion, while the torso is upright enough to be a squat."""
    lean = torso_lean(kp)
    if lean is not None and lean > SQUAT_MAX_LEAN_DEG:
        return None
    return flexion(kp, "hip", "knee", "ankle")


def lunge_signal(kp: np.ndarray) -> tuple[float, float] | None:
    return flexion(kp, "hip", "knee", "ankle")


def push_up_signal(kp: np.ndarray) -> tuple[float, float] | None:
    return flexion(kp, "shoulder", "elbow", "wrist")


def curl_signal(kp: np.ndarray) -> tuple[float, float] | None:
    return max_flexion(kp, "shoulder", "elbow", "wrist")


def hands_apart(kp: np.ndarray) -> bool:
    found = clap_signal(kp)
    return found is not None and -found[0] > 1.0


# Thresholds (signal units above the rest level; see fitcli.exercises.detector):
# - clap: the study's switch - contact below 0.6 shoulder widths between the wrists (the sample
#   figure's wrists touch at 0.5-0.6), re-armed beyond 1.0; 0.15 s between claps (fastest real claps:
#   one every 0.3 s, green-screen clip). Counted at contact.
# - angles: a rep must bend the joint by min_rom degrees and starts at `enter`; the shallowest complete
#   reps in the real clips bend about 45 (front-view squats of the sample figure), 60 (push-ups, curls)
#   and 16-25 (crunches, an orbiting camera's sit-ups). A rep ends when the signal is back
#   `return_frac` of the way (a nearly complete last rep counts, a half one does not: manifest notes).
# - median_s: push-ups in dark clothes jitter by 50+ degrees frame to frame; reps take >= 1 s, so a
#   0.4 s running median keeps every rep and removes the jitter.
RULES: dict[str, CounterRule] = {
    "clap": CounterRule(
        clap_signal,
        DetectorConfig(enter=0.3, min_rom=0.3, enter_abs=-0.6, exit_abs=-1.0, count_at="turn",
                       min_interval_s=0.15, min_duration_s=0.0, min_far_frames=1, return_frac=0.3),
        ready=hands_apart, min_cutoff=3.0, beta=0.05, median_s=0.0,
    ),
    "squat": CounterRule(squat_signal, DetectorConfig(enter=20.0, min_rom=30.0, min_duration_s=0.5, return_frac=0.75)),
    "push-up": CounterRule(push_up_signal, DetectorConfig(enter=30.0, min_rom=40.0, min_duration_s=0.5), median_s=0.4),
    "jumping-jack": CounterRule(arm_raise, DetectorConfig(enter=35.0, min_rom=50.0, min_duration_s=0.3)),
    "lunge": CounterRule(lunge_signal, DetectorConfig(enter=30.0, min_rom=40.0, min_duration_s=0.5)),
    "bicep-curl": CounterRule(curl_signal, DetectorConfig(enter=40.0, min_rom=60.0, min_duration_s=0.5)),
    "sit-up": CounterRule(sit_up_signal, DetectorConfig(enter=10.0, min_rom=15.0, min_duration_s=0.4, return_frac=0.5)),
    "pull-up": CounterRule(pull_height, DetectorConfig(enter=35.0, min_rom=50.0, min_duration_s=0.5)),
}  # fmt: skip

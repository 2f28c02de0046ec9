"""One counting rule per exercise: which signal, which posture, which thresholds.

A counter counts only while the body is in its exercise's posture (see "Posture checks" below), so
counting a clip with the wrong exercise gives 0 reps rather than a confident number.

Every signal is oriented so that larger = farther from the rest position, and is measured in units
that do not depend on the camera distance: joint angles in degrees (flexion = 180 - angle, 0 when
straight) or distances in body sizes (``signals.body_size``). Each rule picks the better-seen side
by keypoint scores, or averages both sides when they are seen equally (front views).
Thresholds are set from what a complete rep is (../shared/data/videos/README.md) and checked on the
real clips' recorded keypoints (benchmarks/reps_baseline.json); they are the same for every clip.
"""

from __future__ import annotations

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
    head_rise,
    height_above,
    knee_drop,
    present,
    shoulder_width,
    side_score,
    torso_length,
    torso_tilt,
    upper_arm_raise,
    wrist_rises,
)
from fitcli.pose import KP


def flexion(kp: np.ndarray, a: str, b: str, c: str) -> tuple[float, float] | None:
    """180 - the angle at ``b`` (0 = straight), from the better-seen side or both."""
    found = best_side_angle(kp, a, b, c)
    return None if found is None else (180.0 - found[0], found[1])


def max_flexion(
    kp: np.ndarray, a: str, b: str, c: str, sides: list[dict[str, int]] | None = None
) -> tuple[float, float] | None:
    """The larger flexion of the two sides, or of ``sides`` (one arm curling)."""
    best: tuple[float, float] | None = None
    for side in (LEFT, RIGHT) if sides is None else sides:
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
# A clap is watched from the front: the shoulders look at least this share of the torso length wide
# (front views 0.6-0.9 in the clap, jack and curl clips; side views 0.0-0.4). From the side both
# wrists overlap in the image whatever the hands do (hands on a bar, on the floor), so no clap is seen.
CLAP_MIN_FACING = 0.45


def facing_camera(kp: np.ndarray) -> bool:
    """The shoulders are seen wide enough for a front view (True when the hips are not seen)."""
    width, torso = shoulder_width(kp), torso_length(kp)
    return width is None or torso is None or torso < 1.0 or width / torso >= CLAP_MIN_FACING


def clap_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Minus the wrist distance in shoulder widths (the study's measure; 0 = wrists together).

    When the wrists are out of view but both arms point straight up, the hands are together overhead
    (distance 0)."""
    lw, rw = KP["left_wrist"], KP["right_wrist"]
    size = body_size(kp)
    if size is None or not facing_camera(kp):
        return None
    in_view = present(kp, lw, rw) and min(kp[lw, 2], kp[rw, 2]) >= CLAP_WRIST_SCORE
    if in_view and min(kp[lw, 1], kp[rw, 1]) >= 0:
        d = float(np.linalg.norm(kp[lw, :2] - kp[rw, :2])) / (size * SHOULDER_TO_TORSO)
        return -d, float((kp[lw, 2] + kp[rw, 2]) / 2)
    raised = [angle(kp, side["hip"], side["shoulder"], side["elbow"]) for side in (LEFT, RIGHT)]
    if all(a is not None and a >= OVERHEAD_ARM_DEG for a in raised):
        return 0.0, float(np.mean([kp[side["elbow"], 2] for side in (LEFT, RIGHT)]))
    return None


# --- Posture checks -------------------------------------------------------------------------------
# A counter's signal says how far a rep has gone; these say whether the body is in the posture the
# exercise needs at all, so counting with the wrong exercise gives 0 rather than a confident number.
# Two kinds: a *gate* inside the signal (None = "not this exercise now"; a gap longer than the
# detector's max_missing_s ends readiness and drops a rep in progress) for what holds during the whole
# rep, and the rule's *ready* check for the rest position, needed ready_s in a row before the first
# rep and again after every loss of the signal. All on the smoothed keypoints, heights in body sizes
# (signals.body_size), values measured on the recorded real and sample clips (tests/fixtures/keypoints).

# Torso within this many degrees of vertical is "upright": standing clips lean 0-10 (a curl or jack)
# and a squat's bottom 30-40; a push-up from the side is 65-90 and an incline push-up 24-41.
UPRIGHT_MAX_DEG = 20.0
# Knees at least this far below the hips (body sizes) are "under the hips": standing 0.6-1.0 in every
# standing clip (5th percentile 0.59); lying, sitting on a bench, a squat's bottom or legs hidden
# behind a push-up: 0.45 or less.
KNEES_UNDER_HIPS = 0.55
# Nose at least this far above the shoulders: the face looks up or ahead over the body (standing and
# lying on the back: 0.2-0.5). In a push-up the head is in line with the body, level with or below the
# shoulders (-0.4 to 0.18, a head-on view included), so "upright" asks a little more (HEAD_HELD_UP):
# standing clips whose legs are out of view still show 0.25 or more.
HEAD_UP = 0.2
HEAD_HELD_UP = 0.25


def knees_under_hips(kp: np.ndarray) -> bool:
    drop = knee_drop(kp)
    return drop is not None and drop >= KNEES_UNDER_HIPS


def standing(kp: np.ndarray) -> bool:
    """Upright torso over legs that stand under it (the rest posture of squats, lunges, jacks)."""
    lean = torso_lean(kp)
    return lean is not None and lean <= UPRIGHT_MAX_DEG and knees_under_hips(kp)


def upright_person(kp: np.ndarray) -> bool:
    """An upright torso with the head held above it or the legs under it: standing or sitting up,
    never a push-up (seen head-on, a push-up's torso also looks vertical, but the head is low)."""
    lean = torso_lean(kp)
    if lean is None or lean > UPRIGHT_MAX_DEG:
        return False
    head = head_rise(kp)
    return (head is not None and head >= HEAD_HELD_UP) or knees_under_hips(kp)


# Push-up: the hands bear the weight, so they are the lowest part of each arm: no wrist more than 0.1
# body sizes above its shoulder (push-up clips keep both at least 0.03 below, 95th percentile, an
# incline push-up to a bar included; a hang or a crunch has them 0.1-1.5 above) nor more than 0.2
# above its elbow (push-ups: 0.2-0.5 below; an incline push-up to a bar at chest height reaches +0.07;
# a curl's top, a clap or a hang: +0.3 to +0.7).
PUSH_UP_MAX_WRIST_RISE = 0.1
PUSH_UP_MAX_WRIST_OVER_ELBOW = 0.2


def push_up_posture(kp: np.ndarray) -> bool:
    """Body held on the hands: not upright, and the hands below the shoulders and the elbows."""
    if upright_person(kp) or any(r > PUSH_UP_MAX_WRIST_RISE for r in wrist_rises(kp)):
        return False
    for side in (LEFT, RIGHT):
        over = height_above(kp, (side["wrist"],), (side["elbow"],))
        if over is not None and over > PUSH_UP_MAX_WRIST_OVER_ELBOW:
            return False
    return True


# Pull-up: hanging from a bar, the wrists are 0.5-1.5 body sizes above the shoulders (above the head,
# whose nose is 0.2-0.45 above them); at the top of a pull-up the shoulders reach the hands (wrists
# -0.25 to +0.2; a chest-to-bar pull-up lifts them higher). Below -0.5 the hands are off the bar
# (hanging arms, push-ups, squats: -0.5 to -1.1).
# A set often starts after a hang of only 0.15-0.3 s, so one frame of hanging is enough (ready_s=0).
PULL_UP_MIN_WRIST_RISE = -0.5
PULL_UP_HANG_WRIST_RISE = 0.45


def _wrists_rise_at_least(kp: np.ndarray, level: float) -> bool:
    rises = wrist_rises(kp)
    return bool(rises) and min(rises) >= level


def hanging(kp: np.ndarray) -> bool:
    """Rest posture of a pull-up: both hands well above the head (a crunch's hands behind the head
    reach 0.1-0.4)."""
    return _wrists_rise_at_least(kp, PULL_UP_HANG_WRIST_RISE)


# Sit-up: the torso lies back at rest. Lying clips rest at 50-55 (a crunch seen from the feet) and
# 60-85 degrees (a decline bench); a standing person or a squat's bottom leans at most 40. Lying on the
# back, the face looks up and the nose is above the shoulders (0.29-0.45 body sizes at rest in the
# sit-up clips, as HEAD_UP); lying face down in a push-up the head hangs level or below (-0.4 to 0.15).
# A head out of view is given the benefit of the doubt.
SIT_UP_REST_MIN_DEG = 45.0


def lying_back(kp: np.ndarray) -> bool:
    """Rest posture of a sit-up: lying on the back (torso far from vertical, face up), legs not standing."""
    lean, head = torso_lean(kp), head_rise(kp)
    if lean is None or (head is not None and head < HEAD_UP):
        return False
    return lean >= SIT_UP_REST_MIN_DEG and not knees_under_hips(kp)


# Jumping jack rest: standing with the arms down: the upper arms on average within this angle of the
# torso (the jack clips rest at 12-35 degrees and start at up to 41; a clap's hands-apart position
# holds them out at 80) and
# both wrists at least this far below the shoulders (-0.9 to -1.1 at rest; at the top of a pull-up
# they are level with the shoulders, -0.2 to +0.2). Jacks are fast (one a second) and rest with the
# arms down for only 0.1-0.3 s, and a clip may start a moment before the arms rise, so one frame of
# this posture is enough (ready_s=0).
JACK_REST_MAX_ARM_DEG = 55.0
JACK_REST_MAX_WRIST_RISE = -0.25
# During the jack the legs spread and the knees rise towards the hips' level (0.62-0.65 body sizes
# below them at the open position in the jack clips, 0.75-0.9 at rest); anything from this drop down
# (sitting, lying, a push-up: 0.45 or less) is not a jack.
JACK_MIN_KNEE_DROP = 0.4


def arms_down_standing(kp: np.ndarray) -> bool:
    """Rest posture of a jumping jack: standing with both arms down."""
    arms, rises = arm_raise(kp), wrist_rises(kp)
    if arms is None or arms[0] > JACK_REST_MAX_ARM_DEG or not rises or not standing(kp):
        return False
    return max(rises) <= JACK_REST_MAX_WRIST_RISE


def arm_raise(kp: np.ndarray) -> tuple[float, float] | None:
    """Mean angle of the upper arms from the torso's downward line (0 = arms down, 180 = overhead),
    while on the feet: torso upright, knees below the hips (a jack is done standing)."""
    lean, drop = torso_lean(kp), knee_drop(kp)
    if lean is None or lean > UPRIGHT_MAX_DEG or drop is None or drop < JACK_MIN_KNEE_DROP:
        return None
    values = []
    for side in (LEFT, RIGHT):
        value = upper_arm_raise(kp, side)
        if value is not None:
            values.append((value, side_score(kp, side, ("hip", "shoulder", "elbow"))))
    if not values:
        return None
    return float(np.mean([v for v, _ in values])), float(np.mean([s for _, s in values]))


def pull_height(kp: np.ndarray) -> tuple[float, float] | None:
    """Elbow flexion of both arms (hanging = straight arms = 0), while the hands are up on the bar."""
    if not _wrists_rise_at_least(kp, PULL_UP_MIN_WRIST_RISE):
        return None
    return flexion(kp, "shoulder", "elbow", "wrist")


def sit_up_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Hip flexion: lying = small, sitting up = large; never while the knees stand under the hips."""
    if knees_under_hips(kp):
        return None
    return flexion(kp, "shoulder", "hip", "knee")


# A squat keeps the torso within about 40 degrees of vertical at the bottom (the side-view squat clips
# in ../shared/data/videos: 30-40); bending over to pick up or put down a bar (a hip hinge) tilts it
# 60-80 degrees. Above this lean the squat signal is "not a squat" (missing), so a hinge never counts.
SQUAT_MAX_LEAN_DEG = 55.0


def torso_lean(kp: np.ndarray) -> float | None:
    """Angle of the hip->shoulder line from vertical, in degrees."""
    return torso_tilt(kp)


def squat_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Knee flexion, while the torso is upright enough to be a squat."""
    lean = torso_lean(kp)
    if lean is not None and lean > SQUAT_MAX_LEAN_DEG:
        return None
    return flexion(kp, "hip", "knee", "ankle")


def lunge_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Knee flexion (the front knee), while the torso is upright: a lunge keeps it within 10 degrees of
    vertical (the lunge clips), so a hip hinge over SQUAT_MAX_LEAN_DEG is not a lunge either."""
    lean = torso_lean(kp)
    if lean is not None and lean > SQUAT_MAX_LEAN_DEG:
        return None
    return flexion(kp, "hip", "knee", "ankle")


def push_up_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Elbow flexion, while the body is held on the hands (``push_up_posture``)."""
    if not push_up_posture(kp):
        return None
    return flexion(kp, "shoulder", "elbow", "wrist")


# Curl: the upper arm hangs along the torso the whole time (curl clips: 5-20 degrees, a close-up
# oblique view up to 45); a jack or a lateral raise lifts it sideways, a clap or front raise forwards
# (60-90), a pull-up or push-up overhead or out (50-160). The torso is upright (curls lean 0-10).
CURL_MAX_ARM_DEG = 50.0
CURL_MAX_LEAN_DEG = 30.0
# Hanging along the torso, the upper arm also shows its full length: the elbow is 0.5-0.68 body sizes
# below the shoulder in the curl clips (a hand-held close-up dips to 0.26 in a few frames). An arm
# raised forward, toward a front camera, is foreshortened and keeps a small angle from the torso in the
# image (the sample squat figure's balancing arms: 0.2-0.47).
CURL_MIN_ELBOW_DROP = 0.4


def _curling_sides(kp: np.ndarray) -> list[dict[str, int]]:
    lean = torso_lean(kp)
    if lean is None or lean > CURL_MAX_LEAN_DEG:
        return []
    sides = []
    for side in (LEFT, RIGHT):
        raise_deg = upper_arm_raise(kp, side)
        drop = height_above(kp, (side["shoulder"],), (side["elbow"],))
        if raise_deg is None or drop is None:
            continue
        if raise_deg <= CURL_MAX_ARM_DEG and drop >= CURL_MIN_ELBOW_DROP:
            sides.append(side)
    return sides


def curl_signal(kp: np.ndarray) -> tuple[float, float] | None:
    """Elbow flexion of the more bent arm among those hanging along an upright torso."""
    return max_flexion(kp, "shoulder", "elbow", "wrist", _curling_sides(kp))


def arm_hanging(kp: np.ndarray) -> bool:
    """Rest posture of a curl: an arm along the torso with the hand below the elbow."""
    for side in _curling_sides(kp):
        if present(kp, side["wrist"], side["elbow"]) and kp[side["wrist"], 1] > kp[side["elbow"], 1]:
            return True
    return False


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
    "squat": CounterRule(squat_signal, DetectorConfig(enter=20.0, min_rom=30.0, min_duration_s=0.5, return_frac=0.75),
                         ready=standing),
    "push-up": CounterRule(push_up_signal, DetectorConfig(enter=30.0, min_rom=40.0, min_duration_s=0.5), median_s=0.4),
    "jumping-jack": CounterRule(arm_raise, DetectorConfig(enter=35.0, min_rom=50.0, min_duration_s=0.3, ready_s=0.0),
                                ready=arms_down_standing),
    "lunge": CounterRule(lunge_signal, DetectorConfig(enter=30.0, min_rom=40.0, min_duration_s=0.5), ready=standing),
    "bicep-curl": CounterRule(curl_signal, DetectorConfig(enter=40.0, min_rom=60.0, min_duration_s=0.5),
                              ready=arm_hanging),
    "sit-up": CounterRule(sit_up_signal, DetectorConfig(enter=10.0, min_rom=15.0, min_duration_s=0.4, return_frac=0.5),
                          ready=lying_back),
    "pull-up": CounterRule(pull_height, DetectorConfig(enter=35.0, min_rom=50.0, min_duration_s=0.5, ready_s=0.0),
                           ready=hanging),
}  # fmt: skip

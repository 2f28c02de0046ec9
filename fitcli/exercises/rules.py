"""One counting rule per exercise: which signal, which posture, which thresholds.

A counter counts only while the body is in its exercise's posture (see "Posture checks" below), so
counting a clip with the wrong exercise gives 0 reps rather than a confident number.

Every signal is oriented so that larger = farther from the rest position. The rep signals are
vertical offsets between body parts in units of a body length the clip itself shows (see "Camera-
independent signals" below), so they read the same from the front, the side, an angle or behind, at
any distance and for any build. Thresholds are set from what a complete rep is
(../shared/data/videos/README.md) and from body geometry, the same for every clip; the recorded real
clips (benchmarks/reps_baseline.json) and the view sweep check them.
"""

from __future__ import annotations

import numpy as np

from fitcli.exercises.counter import CounterRule, Reading
from fitcli.exercises.detector import DetectorConfig
from fitcli.exercises.signals import (
    LEFT,
    RIGHT,
    SHOULDER_TO_TORSO,
    angle,
    body_size,
    distance,
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
# A hanging body is upright (it swings 10-20 degrees); lying back with the hands behind the head (a
# sit-up) is not a hang.
PULL_UP_MAX_LEAN_DEG = 35.0


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
# A head out of view is given the benefit of the doubt. Filmed from the feet or the head, a lying torso
# points at the camera: its image is shorter than the shoulders are wide (standing: 1.4 times as long;
# lying end-on: 0-0.6 times), and its lean in the image is noise, so that view counts as lying too.
SIT_UP_REST_MIN_DEG = 45.0
END_ON_TORSO_PER_SHOULDERS = 0.7


def torso_end_on(kp: np.ndarray) -> bool:
    """The torso points at (or away from) the camera: seen shorter than END_ON x the shoulder width."""
    length, width = torso_length(kp), shoulder_width(kp)
    return length is not None and width is not None and length < END_ON_TORSO_PER_SHOULDERS * width


def lying_back(kp: np.ndarray) -> bool:
    """Rest posture of a sit-up: lying on the back (torso far from vertical, face up), legs not standing."""
    lean, head = torso_lean(kp), head_rise(kp)
    if lean is None or (head is not None and head < HEAD_UP) or knees_under_hips(kp):
        return False
    return lean >= SIT_UP_REST_MIN_DEG or torso_end_on(kp)


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


# A squat keeps the torso within about 40 degrees of vertical at the bottom (the side-view squat clips
# in ../shared/data/videos: 30-40); bending over to pick up or put down a bar (a hip hinge) tilts it
# 60-80 degrees. Above this lean the squat signal is "not a squat" (missing), so a hinge never counts.
SQUAT_MAX_LEAN_DEG = 55.0


def torso_lean(kp: np.ndarray) -> float | None:
    """Angle of the hip->shoulder line from vertical, in degrees."""
    return torso_tilt(kp)


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


def _curling_sides(kp: np.ndarray, only: dict[str, int] | None = None) -> list[dict[str, int]]:
    lean = torso_lean(kp)
    if lean is None or lean > CURL_MAX_LEAN_DEG:
        return []
    sides = []
    for side in (LEFT, RIGHT) if only is None else (only,):
        raise_deg = upper_arm_raise(kp, side)
        drop = height_above(kp, (side["shoulder"],), (side["elbow"],))
        if raise_deg is None or drop is None:
            continue
        if raise_deg <= CURL_MAX_ARM_DEG and drop >= CURL_MIN_ELBOW_DROP:
            sides.append(side)
    return sides


def arm_hanging(kp: np.ndarray, only: dict[str, int] | None = None) -> bool:
    """Rest posture of a curl: an arm (or the arm ``only``) along the torso, the hand below the elbow."""
    for side in _curling_sides(kp, only):
        if present(kp, side["wrist"], side["elbow"]) and kp[side["wrist"], 1] > kp[side["elbow"], 1]:
            return True
    return False


def hands_apart(kp: np.ndarray) -> bool:
    found = clap_signal(kp)
    return found is not None and -found[0] > 1.0


# --- Camera-independent signals ---------------------------------------------------------------------
# Each of these measures a vertical offset between two body parts, in pixels, and names the body length
# it is to be divided by (``Reading.length``): the counter divides by that length as the clip itself
# shows it at rest (``fitcli.exercises.reference``). A vertical offset does not change when the camera
# turns around the person (front, oblique, side, rear all see the same height), and a ratio of two
# lengths of the same body does not change with the camera's distance or the person's size, so one
# threshold holds for every view and every person. Joint angles do not: a lunge's knee flexion seen from
# the front is foreshortened to a few degrees.


def _y(kp: np.ndarray, indices: tuple[int, ...]) -> float | None:
    """Mean image row of the present ``indices``."""
    ys = [float(kp[i, 1]) for i in indices if present(kp, i)]
    if not ys:
        return None
    return float(np.mean(ys))


def _score(kp: np.ndarray, indices: tuple[int, ...]) -> float:
    return float(np.mean([kp[i, 2] if present(kp, i) else 0.0 for i in indices]))


_HIPS = (KP["left_hip"], KP["right_hip"])
_SHOULDERS = (KP["left_shoulder"], KP["right_shoulder"])
_WRISTS = (KP["left_wrist"], KP["right_wrist"])
_ANKLES = (KP["left_ankle"], KP["right_ankle"])


def _gap_closing(kp: np.ndarray, upper: tuple[int, ...], lower: tuple[int, ...]) -> Reading | None:
    """How far the vertical gap from ``upper`` down to ``lower`` has closed: minus the gap, in units of
    that gap at rest (the counter's self-reference; rest = -1, level with each other = 0)."""
    top, bottom = _y(kp, upper), _y(kp, lower)
    if top is None or bottom is None:
        return None
    gap = bottom - top
    return Reading(-gap, _score(kp, upper + lower), max(gap, 0.0))


# On the feet, a shank points down: its ankle is 0.85 body sizes below the knee standing (shank 0.246 H,
# torso 0.288 H) and still 0.6 or more at the bottom of a squat or in a lunge's front leg (the shank
# tilts 30-45 degrees). Hanging from a bar with the knees bent, or with no feet in view, it is not.
SHANK_MIN_DROP = 0.4


def feet_under_knees(kp: np.ndarray) -> bool:
    """Some leg stands on its foot: an ankle is seen at least SHANK_MIN_DROP body sizes below its knee."""
    for side in (LEFT, RIGHT):
        drop = height_above(kp, (side["knee"],), (side["ankle"],))
        if drop is not None and drop >= SHANK_MIN_DROP:
            return True
    return False


def body_lowering(kp: np.ndarray) -> Reading | None:
    """Squat and lunge: how far the shoulders have come down toward the feet, as a share of their
    standing height above the ankles; while on the feet with the torso upright enough (a hip hinge is
    not a squat). A squatter keeps the shoulders over the feet to balance, so the drop is seen alike
    from any side and from above or below (a thigh swinging toward a camera above the person looks as
    long as a standing one); a jumping jack's legs or a sway lower the shoulders by 0.03 or less.
    Hands held high above the head are a hang (legs folding under a bar), not a squat's rest."""
    lean = torso_lean(kp)
    if lean is None or lean > SQUAT_MAX_LEAN_DEG or not feet_under_knees(kp) or hanging(kp):
        return None
    return _gap_closing(kp, _SHOULDERS, _ANKLES)


def shoulder_descent(kp: np.ndarray) -> Reading | None:
    """The second opinion for squats and lunges: how far the shoulders went down in the image, in
    standing heights (shoulders over ankles). A squat lowers the shoulders over planted feet; legs that
    fold while hanging from a bar close the same gap by lifting the feet, with the shoulders going up."""
    shoulders, feet = _y(kp, _SHOULDERS), _y(kp, _ANKLES)
    if shoulders is None or feet is None:
        return None
    return Reading(shoulders, _score(kp, _SHOULDERS), max(feet - shoulders, 0.0))


def shoulder_lowering(kp: np.ndarray) -> Reading | None:
    """Push-up: the shoulders' height above the hands, as a share of that height at the top."""
    if not push_up_posture(kp):
        return None
    return _gap_closing(kp, _SHOULDERS, _WRISTS)


def arm_fold(kp: np.ndarray) -> Reading | None:
    """Pull-up: how far the arms have folded, as the closing of the shoulder-to-hand distance in units of
    the straight arm of the hang (rest = -1); while the hands are up. The body rises by bending the
    elbows, so the arm shortens; arms raised straight (a jumping jack, an overhead clap) do not."""
    lean = torso_lean(kp)
    if lean is None or lean > PULL_UP_MAX_LEAN_DEG or not _wrists_rise_at_least(kp, PULL_UP_MIN_WRIST_RISE):
        return None
    lengths, scores = [], []
    for side in (LEFT, RIGHT):
        length = distance(kp, side["shoulder"], side["wrist"])
        if length is not None:
            lengths.append(length)
            scores.append(side_score(kp, side, ("shoulder", "elbow", "wrist")))
    if not lengths:
        return None
    length = float(np.mean(lengths))
    return Reading(-length, float(np.mean(scores)), length)


def forearm_rise(kp: np.ndarray, only: dict[str, int] | None = None) -> Reading | None:
    """Curl: the hand's height above its elbow in forearm lengths (hanging = -1, forearm level = 0,
    fully curled about +0.8), the higher of the arms (or the arm ``only``) hanging along an upright
    torso."""
    best: Reading | None = None
    for side in _curling_sides(kp, only):
        wrist, elbow = side["wrist"], side["elbow"]
        length = distance(kp, wrist, elbow)
        if length is None or length < 1.0 or side_score(kp, side, ("elbow", "wrist")) < 0.25:
            continue
        rise = float(kp[elbow, 1] - kp[wrist, 1])
        if best is None or best.length is None or rise / length > best.value / best.length:
            best = Reading(rise, side_score(kp, side, ("shoulder", "elbow", "wrist")), length)
    return best


def arm_lift(kp: np.ndarray) -> Reading | None:
    """Jumping jack: the elbows' height above the shoulders in upper-arm lengths (arms down = -1, level
    = 0, overhead = +1), averaged over the arms seen; while on the feet. Elbows, not hands: a curl lifts
    the hands to the shoulders but keeps the elbows down."""
    lean, drop = torso_lean(kp), knee_drop(kp)
    if lean is None or lean > UPRIGHT_MAX_DEG or drop is None or drop < JACK_MIN_KNEE_DROP:
        return None
    rises, lengths, scores = [], [], []
    for side in (LEFT, RIGHT):
        length = distance(kp, side["shoulder"], side["elbow"])
        if length is None or length < 1.0:
            continue
        rises.append(float(kp[side["shoulder"], 1] - kp[side["elbow"], 1]))
        lengths.append(length)
        scores.append(side_score(kp, side, ("shoulder", "elbow")))
    if not rises:
        return None
    return Reading(float(np.mean(rises)), float(np.mean(scores)), float(np.mean(lengths)))


def torso_rise(kp: np.ndarray) -> Reading | None:
    """Sit-up: the shoulders' height above the hips in torso lengths (lying = 0 or below on a decline,
    sitting up = about 1); never while the knees stand under the hips. The length is the body size
    (``signals.body_size``: the torso, or the shoulder width in torso units), so a torso lying end-on
    to the camera, filmed from the feet, is still measured by what it is and not by its short image."""
    if knees_under_hips(kp):
        return None
    top, bottom = _y(kp, _SHOULDERS), _y(kp, _HIPS)
    size = body_size(kp)
    if top is None or bottom is None or size is None:
        return None
    return Reading(bottom - top, _score(kp, _SHOULDERS + _HIPS), size)


# Thresholds, in the units of each signal above its rest level (see fitcli.exercises.detector). They
# are set from what one complete rep is (../shared/data/videos/README.md) and from body geometry, not
# fitted to clips; `benchmarks/loo_reps.py` measures them leave-one-clip-out and `benchmarks/view_sweep.py`
# from every side. `min_rom` is the floor of a complete rep; `rel_rom` = 0.5: once reps have been
# counted, a rep must also reach half the person's own median range (a half rep or a twitch does not
# count, however deep this person goes); `enter` starts a rep (well above keypoint jitter).
# - clap: the study's switch - contact below 0.6 shoulder widths between the wrists (the sample
#   figure's wrists touch at 0.5-0.6), re-armed beyond 1.0; 0.15 s between claps (fastest real claps:
#   one every 0.3 s, green-screen clip). Counted at contact.
# - squat, lunge (share of the shoulders' standing height above the ankles, 0.78 H): knees bent about
#   70 degrees (thighs 46 degrees from vertical, shanks 25) with the torso leaning 20 degrees lower the
#   shoulders by about 0.12 H (0.15); a parallel squat by 0.26-0.4 H (0.33-0.5), a 90-degree lunge by
#   the hips' 0.22 H (0.28). Floor 0.14, enter 0.07; a jack's legs or a sway stay below 0.04.
#   Second opinion: the shoulders themselves must go down in the image by at least 0.05 of that height
#   (SHOULDER_DESCENT): the feet stay planted and the body lowers, where legs folding under a bar lift
#   the feet. Only 0.05: a forward lunge filmed from behind and above travels away from the camera,
#   which looks like rising, and shows only 0.07-0.1 of descent.
# - push-up (share of the shoulders' height over the hands at the top): elbows bent 90 degrees bring
#   the shoulders down to about forearm height, 0.55 of the top; 0.2 is a 45-degree bend.
# - pull-up (shoulder-to-hand distance, in straight-arm lengths): elbows bent 90 degrees shorten it by
#   0.29 (upper arm 0.186 H, forearm 0.146 H: sqrt(0.186^2 + 0.146^2) = 0.236 of 0.332), chin at the
#   bar by 0.5-0.9; the floor 0.35 is elbows bent about 100 degrees (the chin cannot reach the bar
#   with less); arms held overhead with soft elbows (an overhead clap) shorten by 0.25 or less.
# - curl (forearm lengths): hanging is -1; a 60-degree curl is -0.5 (range 0.5), a full curl +0.8.
# - jumping jack (arm lengths): arms down -1; arms at shoulder height 0; overhead +1. A jack raises
#   the hands to about shoulder height or above: the floor 0.8 is arms 80 degrees from hanging (a squat's
#   arms raised forward for balance, or a half-raised jack, stay below it). A jack closes: it ends only
#   once the elbows are back down at least halfway (-0.5, 60 degrees from hanging), so arms moving
#   between a T and overhead (overhead claps) are not jacks.
# - sit-up (torso lengths): lying flat 0; a crunch lifting the shoulders 12 degrees 0.2; sitting up 0.9.
# A rep ends when the signal is back `return_frac` of the way (a nearly complete last rep counts, a half
# one does not: manifest notes). median_s: push-ups in dark clothes jitter frame to frame; reps take
# >= 1 s, so a 0.4 s running median keeps every rep and removes the jitter.
REL_ROM = 0.5
SHOULDER_DESCENT = 0.05
_LEGS = ("shoulders", "hips", "knees", "ankles")
_ARMS = ("shoulders", "elbows", "wrists", "hips")
RULES: dict[str, CounterRule] = {
    "clap": CounterRule(
        clap_signal,
        DetectorConfig(enter=0.3, min_rom=0.3, enter_abs=-0.6, exit_abs=-1.0, count_at="turn",
                       min_interval_s=0.15, min_duration_s=0.0, min_far_frames=1, return_frac=0.3),
        ready=hands_apart, min_cutoff=3.0, beta=0.05, median_s=0.0, parts=("wrists", "shoulders", "elbows"),
    ),
    "squat": CounterRule(
        body_lowering,
        DetectorConfig(enter=0.07, min_rom=0.14, min_duration_s=0.5, return_frac=0.75, rel_rom=REL_ROM,
                       confirm_rom=SHOULDER_DESCENT),
        ready=standing, confirm=shoulder_descent, parts=_LEGS,
    ),
    "push-up": CounterRule(
        shoulder_lowering, DetectorConfig(enter=0.1, min_rom=0.2, min_duration_s=0.5, rel_rom=REL_ROM),
        median_s=0.4, parts=_ARMS,
    ),
    "jumping-jack": CounterRule(
        arm_lift,
        DetectorConfig(enter=0.25, min_rom=0.8, min_duration_s=0.3, ready_s=0.0, exit_abs=-0.5, rel_rom=REL_ROM),
        ready=arms_down_standing, parts=("shoulders", "elbows", "hips", "knees"),
    ),
    "lunge": CounterRule(
        body_lowering,
        DetectorConfig(enter=0.07, min_rom=0.14, min_duration_s=0.5, rel_rom=REL_ROM, confirm_rom=SHOULDER_DESCENT),
        ready=standing, confirm=shoulder_descent, parts=_LEGS,
    ),
    "bicep-curl": CounterRule(
        forearm_rise, DetectorConfig(enter=0.3, min_rom=0.5, min_duration_s=0.5, rel_rom=REL_ROM),
        ready=arm_hanging, parts=_ARMS, per_side=(LEFT, RIGHT),
    ),
    "sit-up": CounterRule(
        torso_rise, DetectorConfig(enter=0.1, min_rom=0.2, min_duration_s=0.4, return_frac=0.5, rel_rom=REL_ROM),
        ready=lying_back, parts=("shoulders", "hips", "knees"),
    ),
    "pull-up": CounterRule(
        arm_fold, DetectorConfig(enter=0.15, min_rom=0.35, min_duration_s=0.5, ready_s=0.0, rel_rom=REL_ROM),
        ready=hanging, parts=_ARMS,
    ),
}  # fmt: skip

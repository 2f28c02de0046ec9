"""More exercises for the figure: lunges, biceps curls, sit-ups and crunches, pull-ups, and two holds.

Like the motions in ``fitcli.pipelines.synthetic``, each is a function from the motion amount ``m``
(0 = rest position, 1 = far position) to a pose of ``fitcli.pipelines.figure``. Standing exercises
face +Z; lying ones lie along Z with the feet toward +Z, so a camera at yaw 0 looks from the feet
(and sees the front of the person once they sit up) and yaw 90 sees their right side. The pull-up
figure hangs facing +Z under a bar along X (``PULL_UP_BAR``).

Ranges (for a figure of height H = 1):
- Lunge: front knee to about 90 degrees of flexion and the rear knee close to the floor with the torso
  upright (Escamilla et al. 2008, "Patellofemoral joint force and stress during the forward and side
  lunges", JOSPT 38(11): 681-690: lunges measured to 90 degrees of knee flexion); a step of about
  0.55 H, 0.95 m for a 1.75 m person.
- Biceps curl: elbow flexion from about 10 to about 140 degrees with the upper arm along the torso
  (active elbow flexion reaches about 140-150 degrees: Soucie et al. 2011, Haemophilia 17(3): 500-507).
- Sit-up: trunk from lying to about 80 degrees above the floor (the "upright" position of the U.S.
  Army sit-up: base of the neck above the base of the spine); crunch: about 30-35 degrees, the
  shoulder blades off the floor and the lower back down (Escamilla et al. 2006, "Electromyographic
  analysis of traditional and nontraditional abdominal exercises", Phys Ther 86(5): 656-671).
  Knees bent about 90 degrees with the feet flat ("hook lying").
- Pull-up: from a dead hang with straight arms up to the chin at the bar; a bar at 1.25 H
  (2.2 m for a 1.75 m person) keeps bent-knee feet off the floor.
- Holds (m = 1 is the held posture, m = 0 the rest between holds): a forearm plank along +Z, face
  down (the head toward +Z, as the push-up), resting on the knees; a wall sit facing +Z with the back
  at -Z, thighs level and shins vertical, resting standing.
"""

from __future__ import annotations

import math

import numpy as np

from fitcli.pipelines import figure as fg
from fitcli.pipelines.figure import Limbs, Pose, vec

LEFT_X = vec(1, 0, 0)
UP = vec(0, 1, 0)
FWD = vec(0, 0, 1)


def _smooth(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3 - 2 * x)


def _relaxed_arms(pelvis: np.ndarray, swing: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Wrists of arms hanging at the sides of an upright trunk, a little forward and apart."""
    wrists = []
    for sign in (1.0, -1.0):
        shoulder = pelvis + UP * fg.TRUNK + sign * fg.SHOULDER_HALF * LEFT_X
        a = math.radians(6 + swing)
        wrists.append(shoulder + vec(sign * 0.07, -math.cos(a), math.sin(a)) * 0.326)
    return wrists[0], wrists[1]


# ---------------------------------------------------------------- lunge

LUNGE_STEP = 0.55  # ankle to ankle at the bottom
LUNGE_HIP_Y = 0.30  # hip height at the bottom: front thigh near horizontal
LUNGE_FEET_HALF = 0.09
LUNGE_PELVIS_SHARE = 0.555  # the pelvis sits this share of the step ahead of the rear foot
LUNGE_STEP_PART = 0.8  # the step is complete at this m; a shallow lunge is a shorter step too
LUNGE_LIFT = 0.03  # the stepping foot clears the floor by this much
LUNGE_DIP = 0.163  # below the highest hips at the full step, to LUNGE_HIP_Y
LUNGE_DIP_POWER = 3.0  # the dip comes late, so a shallow lunge bends the knees little


def lunge(m: float, lead: float = 1.0, reverse: bool = False) -> Pose:
    """Forward (or ``reverse``) lunge: one foot steps, the hips drop until the front knee is near 90
    degrees and the rear knee near the floor, torso upright. ``lead`` +1 = the left leg is in front."""
    step = _smooth(m / LUNGE_STEP_PART)  # the moving foot travels in the first part of the rep
    lift = LUNGE_LIFT * math.sin(math.pi * min(m / LUNGE_STEP_PART, 1.0))
    moving = vec(0, fg.ANKLE_Y + lift, 0)
    moving[2] = -LUNGE_STEP * step if reverse else LUNGE_STEP * step
    planted = vec(0, fg.ANKLE_Y, 0)
    front, rear = (planted, moving) if reverse else (moving, planted)
    rear = rear + vec(0, 0.05 * _smooth(m), 0)  # the rear heel rises onto the toes
    front[0], rear[0] = lead * LUNGE_FEET_HALF, -lead * LUNGE_FEET_HALF
    # The hips stay as high as the legs allow while the feet spread, then dip into the lunge.
    pelvis = vec(0, 0, rear[2] + LUNGE_PELVIS_SHARE * (front[2] - rear[2]))
    pelvis[1] = min(fg.HIP_Y, _highest_hip(pelvis, (front, rear))) - LUNGE_DIP * m**LUNGE_DIP_POWER
    left_ankle, right_ankle = (front, rear) if lead > 0 else (rear, front)
    limbs = Limbs(
        _relaxed_arms(pelvis, swing=4 * m),
        (left_ankle, right_ankle),
        elbow_bend=(0.3, 0.0, 1.0),
        knee_bend=(0.1, 0.0, 1.0),
    )
    return fg.assemble(pelvis, UP, FWD, limbs, vec(0, -0.05 * m, 1))


def reverse_lunge(m: float, lead: float = 1.0) -> Pose:
    """A lunge stepping back: the front foot stays, the other steps back and its knee drops."""
    return lunge(m, lead, reverse=True)


def _highest_hip(pelvis: np.ndarray, ankles: tuple[np.ndarray, np.ndarray]) -> float:
    """The highest pelvis (at its x, z) from which both legs still reach their ankles."""
    best = math.inf
    for ankle in ankles:
        hip_x = math.copysign(fg.HIP_HALF, ankle[0]) + pelvis[0]
        flat = math.hypot(ankle[0] - hip_x, ankle[2] - pelvis[2])
        reach = fg.LEG * 0.998
        best = min(best, ankle[1] + math.sqrt(max(reach * reach - flat * flat, 0.0)))
    return best


# ---------------------------------------------------------------- biceps curl

CURL_REST_DEG, CURL_TOP_DEG = 10.0, 140.0


def _curl_wrist(shoulder: np.ndarray, sign: float, flexion_deg: float) -> np.ndarray:
    """Upper arm along the torso (slightly out and forward), forearm flexed in the sagittal plane."""
    upper = fg.unit(vec(sign * 0.08, -1.0, 0.06))
    elbow = shoulder + upper * fg.UPPER_ARM
    f = math.radians(flexion_deg)
    ahead = fg.unit(FWD - np.dot(FWD, upper) * upper)
    forearm = upper * math.cos(f) + ahead * math.sin(f)
    return elbow + forearm * fg.FOREARM


def _curl_pose(left_deg: float, right_deg: float) -> Pose:
    pelvis = vec(0, fg.HIP_Y, 0)
    wrists = []
    for sign, deg in ((1.0, left_deg), (-1.0, right_deg)):
        shoulder = pelvis + UP * fg.TRUNK + sign * fg.SHOULDER_HALF * LEFT_X
        wrists.append(_curl_wrist(shoulder, sign, deg))
    limbs = Limbs(
        (wrists[0], wrists[1]),
        (vec(0.1, fg.ANKLE_Y, 0), vec(-0.1, fg.ANKLE_Y, 0)),
        elbow_bend=(0.15, 0.0, -1.0),
    )
    return fg.assemble(pelvis, UP, FWD, limbs, vec(0, -0.08, 1))


def _curl_deg(m: float) -> float:
    return CURL_REST_DEG + (CURL_TOP_DEG - CURL_REST_DEG) * m


def bicep_curl(m: float) -> Pose:
    """Both arms curl together: elbows flex from about 10 to about 140 degrees, upper arms still."""
    return _curl_pose(_curl_deg(m), _curl_deg(m))


def curl_left(m: float) -> Pose:
    """One curl of the left arm; the right arm hangs (alternating curls take turns: one rep each)."""
    return _curl_pose(_curl_deg(m), CURL_REST_DEG)


def curl_right(m: float) -> Pose:
    """One curl of the right arm; the left arm hangs."""
    return _curl_pose(CURL_REST_DEG, _curl_deg(m))


# ---------------------------------------------------------------- sit-up and crunch

LYING_HIP_Y = 0.07  # hip joints above the floor when lying on the back
SIT_UP_REST_DEG, SIT_UP_TOP_DEG, CRUNCH_TOP_DEG = 3.0, 80.0, 33.0
NECK_FLEX_DEG = 18.0  # the head is held a little off the floor, chin toward the chest


def _sit_up_pose(trunk_deg: float, hands: str) -> Pose:
    """Lying on the back, knees up and feet flat; the trunk ``trunk_deg`` above the floor."""
    a = math.radians(trunk_deg)
    up, chest = vec(0, math.sin(a), -math.cos(a)), vec(0, math.cos(a), math.sin(a))
    pelvis = vec(0, LYING_HIP_Y, 0)
    mid = pelvis + up * fg.TRUNK
    if hands == "head":  # fingers laced behind the head, elbows out
        back = mid + up * (fg.HEAD_ABOVE_SHOULDERS + 0.01) - chest * 0.07
        wrists = (back + LEFT_X * 0.045, back - LEFT_X * 0.045)
        elbow_bend = (1.0, 0.4, 0.3)
    else:  # arms crossed on the chest, each hand on the other shoulder
        wrists = (
            mid + chest * 0.09 - up * 0.05 - LEFT_X * 0.07,
            mid + chest * 0.1 - up * 0.04 + LEFT_X * 0.07,
        )
        elbow_bend = (0.2, -1.0, 0.6)
    # Hook lying: hip to ankle about 0.35 H, so the knee bends about 90 degrees.
    ankles = (vec(0.1, fg.ANKLE_Y, 0.345), vec(-0.1, fg.ANKLE_Y, 0.345))
    limbs = Limbs(wrists, ankles, elbow_bend=elbow_bend, knee_bend=(0.1, math.sin(a), math.cos(a)))
    n = math.radians(NECK_FLEX_DEG)
    face = chest * math.cos(n) - up * math.sin(n)  # chin tucked: the face turns toward the knees
    pose = fg.assemble(pelvis, up, chest, limbs, face)
    neck = fg.unit(up * math.cos(n) + chest * math.sin(n))  # the head tips toward the chest
    pose["head"] = mid + neck * fg.HEAD_ABOVE_SHOULDERS + face * 0.008
    return pose


def sit_up(m: float) -> Pose:
    """Full sit-up, hands behind the head: the trunk rises from the floor to about 80 degrees."""
    return _sit_up_pose(SIT_UP_REST_DEG + (SIT_UP_TOP_DEG - SIT_UP_REST_DEG) * m, "head")


def crunch(m: float) -> Pose:
    """Crunch, arms crossed on the chest: the trunk rises only about 30 degrees."""
    return _sit_up_pose(SIT_UP_REST_DEG + (CRUNCH_TOP_DEG - SIT_UP_REST_DEG) * m, "chest")


# ---------------------------------------------------------------- pull-up

BAR_Y = 1.25
GRIP_HALF = 0.20  # hands a little wider than the shoulders (pronated grip)
PULL_UP_BAR = fg.Box((-0.45, BAR_Y - 0.012, -0.012), (0.45, BAR_Y + 0.012, 0.012), colour=(90, 90, 95))
_HANG_DROP = math.sqrt((fg.ARM * 0.995) ** 2 - (GRIP_HALF - fg.SHOULDER_HALF) ** 2)
_TOP_DROP = 0.06  # shoulders this far below the bar at the top: the chin is at the bar


def pull_up(m: float) -> Pose:
    """Hanging from the bar (straight arms) to the chin at the bar; knees a little bent, legs hang."""
    drop = _HANG_DROP + (_TOP_DROP - _HANG_DROP) * m
    lean = math.radians(8 * m)  # the body leans back a little as it rises
    up, fwd = vec(0, math.cos(lean), -math.sin(lean)), vec(0, math.sin(lean), math.cos(lean))
    mid = vec(0, BAR_Y - drop, -0.02 - 0.04 * m)
    pelvis = mid - up * fg.TRUNK
    wrists = (vec(GRIP_HALF, BAR_Y, 0.0), vec(-GRIP_HALF, BAR_Y, 0.0))
    knee = math.radians(35 + 10 * m)  # knees bent, the feet behind
    ankles = []
    for sign in (1.0, -1.0):
        hip = pelvis + sign * fg.HIP_HALF * LEFT_X
        thigh = vec(sign * 0.01, -math.cos(0.15), math.sin(0.15)) * fg.THIGH
        shank = vec(0, -math.cos(knee - 0.15), -math.sin(knee - 0.15)) * fg.SHANK
        ankles.append(hip + thigh + shank)
    toes = (ankles[0] + vec(0, -0.07, 0.09), ankles[1] + vec(0, -0.07, 0.09))  # feet hang pointed
    limbs = Limbs(wrists, (ankles[0], ankles[1]), (1.0, -0.4, 0.5), (0.1, 0.0, 1.0), toes)
    return fg.assemble(pelvis, up, fwd, limbs, vec(0, 0.1, 1))


# ---------------------------------------------------------------- holds: plank, wall sit

PLANK_ELBOW_Y = 0.03  # forearms on the floor
PLANK_SHOULDER_Y = PLANK_ELBOW_Y + 0.97 * fg.UPPER_ARM  # elbows under the shoulders
PLANK_ANKLE_Y, PLANK_ANKLE_Z = 0.075, 0.05  # on the toes
PLANK_KNEEL_HIP_Y = 0.26  # resting on the knees: thighs near vertical under the hips


def plank(m: float) -> Pose:
    """Forearm plank at m = 1: forearms and toes on the floor, the body straight from the shoulders to
    the ankles; at m = 0 resting with the knees on the floor, the forearms where they were."""
    body = fg.TRUNK + fg.LEG
    reach = math.sqrt(body**2 - (PLANK_SHOULDER_Y - PLANK_ANKLE_Y) ** 2)
    shoulder = vec(0, PLANK_SHOULDER_Y, PLANK_ANKLE_Z + reach)
    toes_at = vec(0, PLANK_ANKLE_Y, PLANK_ANKLE_Z)
    held_pelvis = shoulder - fg.unit(shoulder - toes_at) * fg.TRUNK
    kneel_z = shoulder[2] - math.sqrt(fg.TRUNK**2 - (PLANK_KNEEL_HIP_Y - PLANK_SHOULDER_Y) ** 2)
    kneel_pelvis = vec(0, PLANK_KNEEL_HIP_Y, kneel_z)
    knee_z = kneel_z - math.sqrt(fg.THIGH**2 - (PLANK_KNEEL_HIP_Y - 0.045) ** 2)
    k = _smooth(m)
    pelvis = kneel_pelvis + (held_pelvis - kneel_pelvis) * k
    along = fg.unit(shoulder - pelvis)  # hips -> head
    chest = fg.unit(np.cross(LEFT_X, along))  # toward the floor
    wrists = tuple(vec(sign * 0.09, PLANK_ELBOW_Y, shoulder[2] + 0.95 * fg.FOREARM) for sign in (1.0, -1.0))
    ankles, toes = [], []
    for sign in (1.0, -1.0):
        kneel_ankle = vec(sign * 0.07, 0.06, knee_z - 0.95 * fg.SHANK)  # shins on the floor
        held_ankle = vec(sign * 0.07, PLANK_ANKLE_Y, PLANK_ANKLE_Z)
        ankles.append(kneel_ankle + (held_ankle - kneel_ankle) * k)
        toes.append(ankles[-1] + vec(0, -0.06 * k, -0.035))
    limbs = Limbs(
        (wrists[0], wrists[1]), (ankles[0], ankles[1]), (0.2, -0.3, 1.0), (0.0, 0.0, 1.0), (toes[0], toes[1])
    )
    return fg.assemble(pelvis, along, chest, limbs, fg.unit(chest + along * 0.6))


def wall_sit(m: float) -> Pose:
    """Wall sit at m = 1: the back upright (against a wall behind, at -Z), thighs level and shins
    vertical, hands on the thighs; at m = 0 standing, arms at the sides."""
    bend = math.radians(90 * _smooth(m))  # thighs from vertical
    ankles = (vec(0.11, fg.ANKLE_Y, 0.0), vec(-0.11, fg.ANKLE_Y, 0.0))
    pelvis = vec(0, fg.KNEE_Y + fg.THIGH * math.cos(bend), -fg.THIGH * math.sin(bend))
    k = _smooth(m)
    hanging = _relaxed_arms(pelvis)
    wrists = []
    for sign, hang in zip((1.0, -1.0), hanging, strict=True):
        on_thigh = (
            pelvis + vec(sign * 0.1, 0.05, 0.0) + vec(0, -math.cos(bend), math.sin(bend)) * 0.6 * fg.THIGH
        )
        wrists.append(hang + (on_thigh - hang) * k)
    limbs = Limbs((wrists[0], wrists[1]), ankles, elbow_bend=(0.6, 0.0, -1.0), knee_bend=(0.1, 0.0, 1.0))
    return fg.assemble(pelvis, UP, FWD, limbs, FWD)

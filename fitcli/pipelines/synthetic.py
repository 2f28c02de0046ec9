"""Sample clips with exact rep counts: a rendered figure doing claps, squats, jumping jacks, push-ups.

Each exercise is a function from the motion amount ``m`` (0 = rest position, 1 = far position) to a
pose of the figure in ``fitcli.pipelines.figure``. A ``SyntheticClip`` plans the reps (rest at the
start and end, a varied tempo and depth, deterministic for a seed), adds a little sway, and renders
640x480 frames; ``write_clip`` writes the mp4 and a JSON sidecar with the true rep times. One rep
leaves the rest position at ``start_s``, reaches the far position at ``turn_s`` (palms touching,
bottom of the squat or push-up, jack fully open) and is back at rest at ``end_s``; ``index``
counts from 1. The true keypoints of every frame come from ``SyntheticClip.keypoints``.

Regenerate the committed clips with ``python -m fitcli.pipelines.synthetic --out sample_videos``;
``--check`` runs the default pose model on them and prints how often it finds the true joints.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import UnknownNameError, UsageError, VideoError
from fitcli.pipelines import figure as fg
from fitcli.pipelines.figure import Limbs, Pose, View, vec
from fitcli.pipelines.motions import PULL_UP_BAR, bicep_curl, lunge, plank, pull_up, sit_up, wall_sit
from fitcli.pose import KP as KEYPOINT_INDEX
from fitcli.rep import Rep

log = logging.getLogger(__name__)

GENERATOR_VERSION = 1
# The left arm leads the right by this much: people are not symmetric, and in a side view it lets
# the far hand show (MoveNet finds the far wrist in ~90% instead of ~70% of squat frames).
ARM_LEAD_DEG = 14.0

# ---------------------------------------------------------------- motions: amount m -> pose


def clap(m: float) -> Pose:
    """Front: arms from wide apart at chest height (m=0) to palms touching in front of the chest."""
    wrists = []
    for sign in (1.0, -1.0):
        shoulder = vec(sign * fg.SHOULDER_HALF, fg.SHOULDER_Y, 0.0)
        apart = vec(sign * 0.40, 0.74, 0.10) - shoulder
        together = vec(sign * 0.022, 0.70, 0.26) - shoulder
        wrists.append(shoulder + _slerp(apart, together, m))
    return fg.assemble(
        vec(0, fg.HIP_Y, 0),
        vec(0, 1, 0),
        vec(0, 0, 1),
        Limbs((wrists[0], wrists[1]), _feet(0.09)),
        vec(0, 0, 1),
    )


def squat(m: float) -> Pose:
    """Hips back and down to thighs near parallel, trunk leaning, arms raised forward for balance."""
    lean = math.radians(38 * m)
    up, fwd = vec(0, math.cos(lean), math.sin(lean)), vec(0, -math.sin(lean), math.cos(lean))
    pelvis = vec(0, fg.HIP_Y - 0.215 * m, -0.15 * m)
    wrists = []
    for sign in (1.0, -1.0):
        lead = ARM_LEAD_DEG if sign > 0 else 0.0
        raise_ = math.radians(8 + 80 * m + lead)  # shoulder flexion in the world frame
        shoulder = pelvis + up * fg.TRUNK + sign * fg.SHOULDER_HALF * vec(1, 0, 0)
        wrists.append(shoulder + vec(sign * 0.03, -math.cos(raise_), math.sin(raise_)) * 0.315)
    limbs = Limbs((wrists[0], wrists[1]), _feet(0.11), elbow_bend=(0.4, -1.0, 0.0), knee_bend=(0.3, 0.0, 1.0))
    return fg.assemble(pelvis, up, fwd, limbs, vec(0, -0.15 * m, 1))


def jumping_jack(m: float) -> Pose:
    """Front: arms from the sides to overhead and feet from together to wide, with a small hop."""
    arm = math.radians(14 + 152 * m)
    leg = math.radians(3 + 14 * m)
    hop = 0.03 * math.sin(math.pi * m)
    pelvis = vec(0, fg.HIP_Y - fg.LEG * (1 - math.cos(leg)) + hop, 0)
    wrists, ankles = [], []
    for sign in (1.0, -1.0):
        shoulder = pelvis + vec(sign * fg.SHOULDER_HALF, fg.TRUNK, 0)
        wrists.append(shoulder + vec(sign * math.sin(arm), -math.cos(arm), 0.06) * 0.32)
        hip = pelvis + vec(sign * fg.HIP_HALF, 0, 0)
        ankles.append(hip + vec(sign * math.sin(leg), -math.cos(leg), 0.01) * (fg.LEG - 0.004))
    limbs = Limbs((wrists[0], wrists[1]), (ankles[0], ankles[1]), elbow_bend=(0.0, -0.3, -1.0))
    return fg.assemble(pelvis, vec(0, 1, 0), vec(0, 0, 1), limbs, vec(0, 0, 1))


def push_up(m: float) -> Pose:
    """Plank on hands and toes (body along +Z, face down); elbows bend to bring the chest down."""
    ankle_y, ankle_z = 0.075, 0.05
    body = fg.TRUNK + fg.LEG

    def shoulder_mid(height: float) -> np.ndarray:
        return vec(0, height, ankle_z + math.sqrt(body**2 - (height - ankle_y) ** 2))

    top, now = shoulder_mid(0.335), shoulder_mid(0.335 - 0.185 * m)
    along = fg.unit(now - vec(0, ankle_y, ankle_z))  # feet -> head
    chest = np.cross(vec(1, 0, 0), along)  # points at the floor
    pelvis = now - along * fg.TRUNK
    wrists = (vec(0.16, 0.03, top[2] + 0.02), vec(-0.16, 0.03, top[2] + 0.02))
    ankles = (vec(0.07, ankle_y, ankle_z), vec(-0.07, ankle_y, ankle_z))
    toes = (vec(0.07, 0.01, ankle_z - 0.035), vec(-0.07, 0.01, ankle_z - 0.035))
    limbs = Limbs(wrists, ankles, elbow_bend=(0.5, -0.6, -1.0), knee_bend=(0.0, 0.0, -1.0), toes=toes)
    return fg.assemble(pelvis, along, chest, limbs, fg.unit(chest + along * 0.6))


def goblet_squat(m: float) -> Pose:
    """A squat with the hands together at the chest, a wider stance and less lean than ``squat``."""
    return _squat_variant(m, lean_deg=24, drop=0.23, feet_half=0.13, hands="chest")


def sumo_squat(m: float) -> Pose:
    """A wide-stance squat, knees out, trunk nearly upright, hands clasped in front of the hips."""
    return _squat_variant(m, lean_deg=10, drop=0.18, feet_half=0.21, hands="low")


def _squat_variant(m: float, lean_deg: float, drop: float, feet_half: float, hands: str) -> Pose:
    lean = math.radians(lean_deg * m)
    up, fwd = vec(0, math.cos(lean), math.sin(lean)), vec(0, -math.sin(lean), math.cos(lean))
    pelvis = vec(0, fg.HIP_Y - drop * m, -0.12 * m * lean_deg / 38)
    left = vec(1, 0, 0)
    shoulder_mid = pelvis + up * fg.TRUNK
    if hands == "chest":
        centre = shoulder_mid - up * 0.1 + fwd * 0.13
    else:
        centre = pelvis + up * 0.02 + fwd * 0.14
    wrists = (centre + left * 0.035, centre - left * 0.035)
    spread = 0.2 + 0.8 * (feet_half - 0.1) / 0.11  # wider feet, knees further out
    limbs = Limbs(wrists, _feet(feet_half), elbow_bend=(1.0, -1.0, 0.0), knee_bend=(spread, 0.0, 1.0))
    return fg.assemble(pelvis, up, fwd, limbs, vec(0, -0.1 * m, 1))


def stand(m: float) -> Pose:
    """A standing hold: arms relaxed at the sides; each "rep" is a small lean forward with soft knees."""
    lean = math.radians(12 * m)
    up, fwd = vec(0, math.cos(lean), math.sin(lean)), vec(0, -math.sin(lean), math.cos(lean))
    pelvis = vec(0, fg.HIP_Y - 0.008 * m, -0.02 * m)
    wrists = []
    for sign in (1.0, -1.0):
        swing = math.radians(4 + 14 * m + (ARM_LEAD_DEG * 0.5 if sign > 0 else 0.0))
        shoulder = pelvis + up * fg.TRUNK + sign * fg.SHOULDER_HALF * vec(1, 0, 0)
        wrists.append(shoulder + vec(sign * 0.06, -math.cos(swing), math.sin(swing)) * 0.325)
    limbs = Limbs((wrists[0], wrists[1]), _feet(0.1), elbow_bend=(0.3, 0.0, 1.0), knee_bend=(0.2, 0.0, 1.0))
    return fg.assemble(pelvis, up, fwd, limbs, vec(0, -0.1 * m, 1))


# A seat 0.25 H high (a 45 cm chair for a 1.75 m person), deep enough for the thighs to rest on.
SEAT_HEIGHT = 0.25
SEAT_BOX = fg.Box((-0.17, 0.0, -0.14), (0.17, SEAT_HEIGHT, 0.14))


def sit(m: float) -> Pose:
    """Sitting on a box, hands on the thighs; each "rep" is a lean forward from the hips."""
    lean = math.radians(4 + 22 * m)
    up, fwd = vec(0, math.cos(lean), math.sin(lean)), vec(0, -math.sin(lean), math.cos(lean))
    pelvis = vec(0, SEAT_HEIGHT + 0.05, 0.0)  # hip joints sit about 0.05 H above the seat
    wrists, ankles = [], []
    for sign in (1.0, -1.0):
        wrists.append(vec(sign * 0.11, SEAT_HEIGHT + 0.1, 0.16 + 0.09 * m + (0.02 if sign > 0 else 0.0)))
        ankles.append(vec(sign * 0.1, fg.ANKLE_Y, 0.27))
    limbs = Limbs(
        (wrists[0], wrists[1]), (ankles[0], ankles[1]), elbow_bend=(0.6, 0.0, -1.0), knee_bend=(0.1, 1.0, 1.0)
    )
    return fg.assemble(pelvis, up, fwd, limbs, vec(0, -0.15 * m, 1))


def _feet(half_width: float) -> tuple[np.ndarray, np.ndarray]:
    return vec(half_width, fg.ANKLE_Y, 0.0), vec(-half_width, fg.ANKLE_Y, 0.0)


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Rotate from ``a`` to ``b`` along the arc between them, lengths blended linearly."""
    ua, ub = fg.unit(a), fg.unit(b)
    theta = math.acos(float(np.clip(np.dot(ua, ub), -1.0, 1.0)))
    if theta < 1e-6:
        direction = ua
    else:
        direction = (math.sin((1 - t) * theta) * ua + math.sin(t * theta) * ub) / math.sin(theta)
    return direction * ((1 - t) * np.linalg.norm(a) + t * np.linalg.norm(b))


@dataclass(frozen=True)
class Exercise:
    name: str
    pose: Callable[[float], Pose]
    rep_s: float  # typical seconds per rep
    full_range: bool  # every rep reaches m = 1 (palms must touch to clap)
    views: dict[str, View] = field(default_factory=dict)
    sway: float = 1.0  # scale of the slow body sway
    boxes: tuple[fg.Box, ...] = ()  # props drawn behind the figure (a seat)
    hold: bool = False  # a timed hold: each "rep" is a hold of about rep_s seconds (``hold_amount``)


# A hold's planned times are the posture held (start_s to end_s); getting into it and out of it takes
# HOLD_RAMP_S, centred on each of those times.
HOLD_RAMP_S = 0.6


def hold_amount(start_s: float, end_s: float, t: float, depth: float = 1.0) -> float:
    """Motion amount of a hold at ``t``: 0 at rest, ``depth`` held from ``start_s`` to ``end_s``,
    with a smooth ramp of HOLD_RAMP_S centred on each (0 outside the ramps)."""
    half = HOLD_RAMP_S / 2
    if t <= start_s - half or t >= end_s + half:
        return 0.0
    x = min((t - start_s + half) / HOLD_RAMP_S, (end_s + half - t) / HOLD_RAMP_S, 1.0)
    return depth * (1 - math.cos(math.pi * x)) / 2


_STANDING = View(0, 420, floor_v=460)  # a standing figure 420 px tall: MoveNet does worse below ~380
_SIDE = View(90, 420, floor_v=460, centre=-0.05)
_THREE_VIEWS = {"front": _STANDING, "side": _SIDE, "oblique": View(40, 420, floor_v=460)}
# Seated, the figure is about 0.75 of its standing height: a larger scale keeps it near 390 px tall.
_SEATED = {
    "front": View(0, 520, floor_v=470),
    "side": View(90, 520, floor_v=470, centre=0.08),
    "oblique": View(40, 520, floor_v=470, centre=0.05),
}
# A lunge moves the hips about 0.3 H forward; lying (sit-up) is long and low; hanging (pull-up) is
# tall: a portrait frame holds the bar and the feet.
_LUNGE_VIEWS = {
    "front": _STANDING,
    "side": View(90, 400, floor_v=460, centre=0.2),
    "oblique": View(40, 400, floor_v=460, centre=0.15),
}
_LYING = {
    "front": View(0, 520, floor_v=420),
    "side": View(90, 520, floor_v=420, centre=0.0),
    "oblique": View(40, 520, floor_v=420, centre=0.0),
}
# A plank lies long and low like the push-up; a wall sit is about 0.75 of the standing height.
_PLANK_VIEWS = {
    "side": View(90, 520, floor_v=430, centre=0.4),
    "oblique": View(50, 480, floor_v=430, centre=0.35),
}
_WALL_SIT_VIEWS = {"side": View(90, 420, floor_v=460, centre=0.1), "oblique": View(45, 420, floor_v=460)}
_HANGING = {
    "front": View(0, 380, width=480, height=640, floor_v=620),
    "side": View(90, 380, width=480, height=640, floor_v=620),
    "oblique": View(40, 380, width=480, height=640, floor_v=620),
}
EXERCISES: dict[str, Exercise] = {
    e.name: e
    for e in (
        Exercise("clap", clap, rep_s=0.9, full_range=True, views={"front": _STANDING}),
        Exercise(
            "squat",
            squat,
            rep_s=1.9,
            full_range=False,
            views={"front": _STANDING, "side": View(90, 420, floor_v=460, centre=-0.05)},
        ),
        Exercise("jumping-jack", jumping_jack, rep_s=1.15, full_range=False, views={"front": View(0, 350)}),
        Exercise(
            "push-up",
            push_up,
            rep_s=1.8,
            full_range=False,
            views={"side": View(90, 540, floor_v=430, centre=0.45)},
            sway=0.35,  # hands and toes stay planted
        ),
        # Pose holds (for the pose classifier): the figure stays in one pose, a slow lean is the "rep".
        Exercise("stand", stand, rep_s=2.4, full_range=False, views={"front": _STANDING, "side": _SIDE}),
        Exercise("sit", sit, rep_s=2.4, full_range=False, views=_SEATED, boxes=(SEAT_BOX,)),
        # Squat variants (for the pose classifier: arms, stance and lean differ from ``squat``).
        Exercise("goblet-squat", goblet_squat, rep_s=2.0, full_range=False, views=_THREE_VIEWS),
        Exercise("sumo-squat", sumo_squat, rep_s=2.0, full_range=False, views=_THREE_VIEWS),
        # More exercises (fitcli.pipelines.motions; their variants are in fitcli.pipelines.view_sweep).
        Exercise("lunge", lunge, rep_s=2.2, full_range=False, views=_LUNGE_VIEWS),
        Exercise("bicep-curl", bicep_curl, rep_s=2.0, full_range=False, views=_THREE_VIEWS),
        Exercise("sit-up", sit_up, rep_s=2.4, full_range=False, views=_LYING, sway=0.35),
        Exercise(
            "pull-up", pull_up, rep_s=2.4, full_range=False, views=_HANGING, sway=0.5, boxes=(PULL_UP_BAR,)
        ),
        # Timed holds: each planned "rep" is a hold of about rep_s seconds.
        Exercise("plank", plank, rep_s=8.0, full_range=True, views=_PLANK_VIEWS, sway=0.3, hold=True),
        Exercise(
            "wall-sit", wall_sit, rep_s=8.0, full_range=True, views=_WALL_SIT_VIEWS, sway=0.4, hold=True
        ),
    )
}


# ---------------------------------------------------------------- clips: rep plan, sway, frames
_REP_TIMES = ("index", "start_s", "turn_s", "end_s")  # a planned rep in a sidecar: its times only


@dataclass(frozen=True)
class ClipSpec:
    """Everything that determines a clip: the same spec always gives the same frames."""

    exercise: str
    view: str
    reps: int
    seed: int = 0
    fps: float = 30.0
    rest_s: float = 2.0


class SyntheticClip:
    """A planned clip: rep times, motion amount over time, true keypoints and rendered frames."""

    def __init__(self, spec: ClipSpec) -> None:
        if spec.exercise not in EXERCISES:
            raise UnknownNameError(
                f"unknown exercise '{spec.exercise}'", f"choose one of: {', '.join(EXERCISES)}"
            )
        self.exercise = EXERCISES[spec.exercise]
        if spec.view not in self.exercise.views:
            views = ", ".join(self.exercise.views)
            raise UnknownNameError(f"no '{spec.view}' view of {spec.exercise}", f"choose one of: {views}")
        if spec.reps < 1 or spec.fps <= 0 or spec.rest_s < 0:
            raise UsageError(f"need reps >= 1, fps > 0 and rest_s >= 0, got {spec}")
        self.spec = spec
        self.view = self.exercise.views[spec.view]
        rng = np.random.default_rng(spec.seed)
        self.reps, self._amplitudes = _plan_reps(self.exercise, spec.reps, spec.rest_s, rng)
        self.n_frames = math.ceil((self.reps[-1].end_s + spec.rest_s) * spec.fps)
        # Sway: per axis (roll, pitch, yaw, shift) an amplitude, a slow frequency (Hz) and a phase.
        self._sway_amp = np.array([0.8, 0.5, 2.0, 0.006]) * self.exercise.sway
        self._sway_freq = rng.uniform(0.12, 0.3, size=4)
        self._sway_phase = rng.uniform(0, 2 * np.pi, size=4)

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.spec.fps

    @property
    def figure_height_px(self) -> float:
        """The figure's standing height in pixels: the unit for keypoint errors."""
        return self.view.scale

    def time(self, index: int) -> float:
        return index / self.spec.fps

    def amount(self, t: float) -> float:
        """Motion amount at ``t`` seconds: 0 at rest, the rep's depth (<= 1) at its turn."""
        for rep, amp in zip(self.reps, self._amplitudes, strict=True):
            if self.exercise.hold:
                found = hold_amount(rep.start_s, rep.end_s, t, amp)
                if found > 0:
                    return found
                continue
            if rep.start_s <= t < rep.end_s:
                if t < rep.turn_s:
                    x = (t - rep.start_s) / (rep.turn_s - rep.start_s)
                else:
                    x = (rep.end_s - t) / (rep.end_s - rep.turn_s)
                return amp * (1 - math.cos(math.pi * x)) / 2
        return 0.0

    def pose(self, index: int) -> Pose:
        """The 3-D pose at frame ``index``, sway included."""
        t = self.time(index)
        wave = self._sway_amp * np.sin(2 * np.pi * self._sway_freq * t + self._sway_phase)
        rot = fg.rotation(*np.radians(wave[:3]))
        return fg.transform(self.exercise.pose(self.amount(t)), rot, vec(wave[3], 0, wave[3] * 0.5))

    def keypoints(self, index: int) -> np.ndarray:
        """(17, 2) float32 true pixel positions at frame ``index`` (COCO order)."""
        return fg.keypoints_2d(self.pose(index), self.view)

    def keypoints_all(self) -> np.ndarray:
        """(frames, 17, 2) true pixel positions of every frame."""
        return np.stack([self.keypoints(i) for i in range(self.n_frames)])

    def frame(self, index: int) -> np.ndarray:
        """The rendered BGR frame ``index`` (480 x 640 x 3 uint8)."""
        return fg.render(self.pose(index), self.view, boxes=self.exercise.boxes)

    def frames(self) -> Iterator[np.ndarray]:
        for i in range(self.n_frames):
            yield self.frame(i)

    def sidecar(self, video_name: str) -> dict[str, Any]:
        """The JSON sidecar: what the clip shows and when each rep happens."""
        return {
            "generator": "fitcli.pipelines.synthetic",
            "generator_version": GENERATOR_VERSION,
            "video": video_name,
            "exercise": self.spec.exercise,
            "view": self.spec.view,
            "reps": len(self.reps),
            "rep_times": [{k: getattr(rep, k) for k in _REP_TIMES} for rep in self.reps],
            "fps": self.spec.fps,
            "width": self.view.width,
            "height": self.view.height,
            "frames": self.n_frames,
            "duration_s": round(self.duration_s, 6),
            "figure_height_px": float(self.figure_height_px),
            "seed": self.spec.seed,
            "rest_s": self.spec.rest_s,
        }


def _plan_reps(
    exercise: Exercise, reps: int, rest_s: float, rng: np.random.Generator
) -> tuple[list[Rep], list[float]]:
    """Rep times (ms resolution) with varied tempo, turn point, pauses and depth; for a hold, the
    times each hold is held, with 2-3.5 s of rest between holds."""
    if exercise.hold:
        return _plan_holds(exercise, reps, rest_s, rng)
    out, amplitudes = [], []
    t = rest_s + rng.uniform(0.0, 0.5)
    for i in range(reps):
        duration = exercise.rep_s * rng.uniform(0.8, 1.25)
        turn = t + duration * rng.uniform(0.42, 0.58)
        out.append(Rep(i + 1, round(t, 3), round(turn, 3), round(t + duration, 3)))
        amplitudes.append(1.0 if exercise.full_range else float(rng.uniform(0.82, 1.0)))
        pause = exercise.rep_s * rng.uniform(0.05, 0.4) if rng.random() < 0.4 else 0.0
        t = out[-1].end_s + pause
    return out, amplitudes


def _plan_holds(
    exercise: Exercise, holds: int, rest_s: float, rng: np.random.Generator
) -> tuple[list[Rep], list[float]]:
    out = []
    t = rest_s + rng.uniform(0.0, 0.5)
    for i in range(holds):
        duration = exercise.rep_s * rng.uniform(0.8, 1.25)
        out.append(Rep(i + 1, round(t, 3), round(t + duration / 2, 3), round(t + duration, 3)))
        t = out[-1].end_s + rng.uniform(2.0, 3.5)
    return out, [1.0] * holds


def clip_from_sidecar(data: dict[str, Any]) -> SyntheticClip:
    """Rebuild the clip a sidecar describes (to get its true keypoints)."""
    return SyntheticClip(
        ClipSpec(data["exercise"], data["view"], data["reps"], data["seed"], data["fps"], data["rest_s"])
    )


def write_clip(clip: SyntheticClip, video_path: str | Path) -> Path:
    """Write the clip as mp4 (``mp4v``) and its sidecar ``<name>.json``, each atomically."""
    import cv2

    video_path = Path(video_path)
    with atomic_path(video_path) as tmp:
        size = (clip.view.width, clip.view.height)
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter.fourcc(*"mp4v"), clip.spec.fps, size)
        if not writer.isOpened():
            raise VideoError(f"cannot write video {video_path}", "check that OpenCV has an mp4v encoder")
        try:
            for frame in clip.frames():
                writer.write(frame)
        finally:
            writer.release()
    sidecar_path = video_path.with_suffix(".json")
    with atomic_path(sidecar_path) as tmp:
        tmp.write_text(json.dumps(clip.sidecar(video_path.name), indent=2) + "\n")
    log.info("wrote %s (%d frames, %d reps)", video_path, clip.n_frames, len(clip.reps))
    return sidecar_path


# The clips committed in sample_videos/ (file stem -> spec), each about 1.1-1.7 MB.
SAMPLE_CLIPS: dict[str, ClipSpec] = {
    "clap_front": ClipSpec("clap", "front", reps=6, seed=1),
    "squat_front": ClipSpec("squat", "front", reps=5, seed=2),
    "jumping_jack_front": ClipSpec("jumping-jack", "front", reps=6, seed=4),
    "pushup_side": ClipSpec("push-up", "side", reps=5, seed=5),
}
# Made only on request (--only NAME), to keep the repository small.
EXTRA_CLIPS: dict[str, ClipSpec] = {
    "squat_side": ClipSpec("squat", "side", reps=5, seed=3),
    "stand_front": ClipSpec("stand", "front", reps=3, seed=6),
    "sit_side": ClipSpec("sit", "side", reps=3, seed=7),
    "plank_side": ClipSpec("plank", "side", reps=2, seed=8),
    "wall_sit_oblique": ClipSpec("wall-sit", "oblique", reps=2, seed=9),
}


# ---------------------------------------------------------------- checking a pose model on a clip

CHECKED_JOINTS = ("left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee")


def load_sidecar(video_path: str | Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(video_path).with_suffix(".json").read_text())
    return data


def read_frames(video_path: str | Path, every: int = 1) -> Iterator[tuple[int, np.ndarray]]:
    """(index, BGR frame) for every ``every``-th frame of a video."""
    import cv2

    cap = cv2.VideoCapture(str(video_path))
    if not cap.isOpened():
        raise VideoError(f"cannot open video {video_path}", "check the file exists and is a video")
    try:
        index = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            if index % every == 0:
                yield index, frame
            index += 1
    finally:
        cap.release()


def detection_check(
    video_path: str | Path,
    backend: Callable[[np.ndarray], np.ndarray],
    every: int = 3,
    min_score: float = 0.3,
    max_error: float = 0.1,
) -> dict[str, Any]:
    """How well ``backend`` finds the wrists, hips and knees of a generated clip.

    A joint is found when its score is >= ``min_score`` and it lies within ``max_error`` x the
    figure's standing height of the true position. Returns the share of joints found, the share of
    frames with all six found, per-joint shares and the mean error (in figure heights).
    """
    clip = clip_from_sidecar(load_sidecar(video_path))
    idx = [KEYPOINT_INDEX[name] for name in CHECKED_JOINTS]
    errors, scores = [], []
    for i, bgr in read_frames(video_path, every):
        found = backend(np.ascontiguousarray(bgr[:, :, ::-1]))[idx]
        truth = clip.keypoints(i)[idx]
        errors.append(np.linalg.norm(found[:, :2] - truth, axis=1) / clip.figure_height_px)
        scores.append(found[:, 2])
    err, score = np.array(errors), np.array(scores)
    ok = (score >= min_score) & (err <= max_error)
    return {
        "video": Path(video_path).name,
        "frames": len(err),
        "joint_rate": float(ok.mean()),
        "frame_rate": float(ok.all(axis=1).mean()),
        "per_joint": {name: float(ok[:, k].mean()) for k, name in enumerate(CHECKED_JOINTS)},
        "mean_error": float(np.nanmean(err)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m fitcli.pipelines.synthetic --out sample_videos [--only NAME] [--check]``."""
    parser = argparse.ArgumentParser(
        prog="python -m fitcli.pipelines.synthetic", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, default=Path("sample_videos"), help="folder for the clips")
    known = {**SAMPLE_CLIPS, **EXTRA_CLIPS}
    parser.add_argument("--only", action="append", choices=sorted(known), help="just this clip (repeatable)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="measure how well the pose model finds the joints in the clips already in --out; write nothing",
    )
    parser.add_argument("--model", default=None, help="pose model for --check (default: fitcli's default)")
    args = parser.parse_args(argv)
    names = args.only or list(SAMPLE_CLIPS)
    if args.check:
        from fitcli.models import load_backend

        missing = [args.out / f"{n}.mp4" for n in names if not (args.out / f"{n}.mp4").is_file()]
        if missing:
            parser.exit(2, f"error: {missing[0]} not found - make the clips first (without --check)\n")
        backend = load_backend(args.model)
        for name in names:
            r = detection_check(args.out / f"{name}.mp4", backend)
            per_joint = " ".join(f"{k}={v:.2f}" for k, v in r["per_joint"].items())
            print(
                f"{r['video']}: {r['frames']} frames, joints found {r['joint_rate']:.3f}, "
                f"frames with all six {r['frame_rate']:.3f}, mean error {r['mean_error']:.3f} H; {per_joint}"
            )
        return 0
    for name in names:
        write_clip(SyntheticClip(known[name]), args.out / f"{name}.mp4")
        print(f"wrote {args.out / name}.mp4 and .json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

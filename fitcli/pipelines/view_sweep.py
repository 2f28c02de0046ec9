"""The 3-D view sweep: keypoint tracks of the figure doing every exercise, seen from many angles.

A ``SweepCase`` names an exercise, a variant, a camera azimuth and elevation and a seed; everything
else follows from the seed, the same for every view of one (exercise, variant, seed), so a table of
views compares the same set: body proportions (+-10% per segment group), tempo (rep durations
0.6-1.6 x typical), the depth of each full rep (0.75-1.0 of the far position), 0-2 partial reps
(depth 0.2-0.35, never counted), sometimes a pause of 1.5-4 s mid-set, and a rest of 1.5-2.5 s at the
start and end. ``sweep_track(case)`` projects the figure with a camera fitted to the motion
(30 fps, 640x480, or 480x640 for tall views; the figure 300-420 px tall) and adds a model's kind of
noise (``fitcli.pipelines.keypoint_noise``). It returns the track, the true count and the true rep
times (full reps only).

A timed hold (plank, wall sit) plans 2-3 holds of 0.5-1.3 x its typical hold, 0-1 holds too short
to count (1.0-1.5 s, under ``fitcli.exercises.hold.MIN_HOLD_S``) and 2-3.5 s of rest between them;
its true result is the number of holds and the seconds held.

Azimuth is ``View.yaw_deg``: 0 = the camera sees the person's front, 90 their right side, 180
their back. A lying or plank figure lies along Z with its head toward -Z (sit-up) or +Z (push-up).
Elevation is ``View.pitch_deg``: > 0 looks down, < 0 looks up (a phone on the floor).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from typing import NamedTuple

import numpy as np

from fitcli.pipelines import figure as fg
from fitcli.pipelines import motions as mo
from fitcli.pipelines import synthetic as sy
from fitcli.pipelines.figure import Pose, Proportions, View
from fitcli.pipelines.keypoint_noise import NoiseSpec, model_like
from fitcli.pose import PoseTrack
from fitcli.rep import Rep

FPS = 30.0
FEET = ("left_ankle", "right_ankle")
HANDS = ("left_wrist", "right_wrist")
HIPS = ("left_hip", "right_hip")


@dataclass(frozen=True)
class Variant:
    """One way of doing an exercise: the motions reps take in turn (alternating sides), the typical
    seconds per rep, and what stays planted when proportions change (``figure.rescale``)."""

    motions: tuple[Callable[[float], Pose], ...]
    rep_s: float
    contacts: tuple[str, ...] = FEET
    pivot: tuple[str, ...] = ()
    full_range: bool = False  # every full rep reaches m = 1 (palms must touch to clap)
    sway: float = 1.0
    sway_pivot_y: float = 0.0  # the body sways about this height (the bar for a hang)
    boxes: tuple[fg.Box, ...] = ()
    hold: bool = False  # a timed hold: each planned rep is a hold (``synthetic.hold_amount``)


VARIANTS: dict[str, dict[str, Variant]] = {
    "clap": {"standard": Variant((sy.clap,), 0.9, full_range=True)},
    "squat": {"standard": Variant((sy.squat,), 1.9)},
    "push-up": {"standard": Variant((sy.push_up,), 1.8, FEET, HANDS, sway=0.35)},
    "jumping-jack": {"standard": Variant((sy.jumping_jack,), 1.15)},
    "lunge": {
        "forward": Variant((partial(mo.lunge, lead=1.0), partial(mo.lunge, lead=-1.0)), 2.2),
        "reverse": Variant((partial(mo.reverse_lunge, lead=1.0), partial(mo.reverse_lunge, lead=-1.0)), 2.2),
    },
    "bicep-curl": {
        "both": Variant((mo.bicep_curl,), 2.0),
        "alternating": Variant((mo.curl_left, mo.curl_right), 1.7),
    },
    "sit-up": {
        "full": Variant((mo.sit_up,), 2.4, HIPS, FEET, sway=0.35),
        "crunch": Variant((mo.crunch,), 1.8, HIPS, FEET, sway=0.35),
    },
    "pull-up": {
        "standard": Variant(
            (mo.pull_up,), 2.4, HANDS, sway=0.6, sway_pivot_y=mo.BAR_Y, boxes=(mo.PULL_UP_BAR,)
        )
    },
    "plank": {
        "forearm": Variant((mo.plank,), 8.0, FEET, ("left_elbow", "right_elbow"), True, 0.3, hold=True)
    },
    "wall-sit": {"standard": Variant((mo.wall_sit,), 8.0, full_range=True, sway=0.4, hold=True)},
}
AZIMUTHS = tuple(float(a) for a in range(0, 360, 45))
CLAP_AZIMUTHS = (315.0, 337.5, 0.0, 22.5, 45.0)  # within 45 degrees of the front
ELEVATIONS = (-10.0, 0.0, 25.0)
FLOOR_EXERCISES = ("push-up", "sit-up", "plank")
# Holds are judged from the side and at an angle (their definitions' ``views``): head-on or from
# behind, the line of a plank or a wall sit's thighs point at the camera.
SIDE_ONLY = ("plank", "wall-sit")
SIDE_ONLY_MIN_DEG = 30.0  # azimuths at least this far from the front and the back


def exclusion(exercise: str, azimuth_deg: float, elevation_deg: float) -> str | None:
    """Why this view of this exercise is not in the sweep, or None when it is."""
    if exercise == "clap" and abs((azimuth_deg + 180) % 360 - 180) > 45:
        return "a person claps toward the camera: only views within 45 degrees of the front"
    if exercise in SIDE_ONLY:
        off = abs((azimuth_deg + 180) % 360 - 180)  # 0 = front, 180 = back
        if min(off, 180 - off) < SIDE_ONLY_MIN_DEG:
            return "a hold is judged from the side: head-on or from behind its line points at the camera"
    if exercise in FLOOR_EXERCISES and elevation_deg < 0:
        return "the body is on the floor: a camera looking up at it would be below the floor"
    return None


# ---------------------------------------------------------------- cases and their plans


@dataclass(frozen=True)
class PlannedRep:
    """One excursion from rest: full reps are counted (``index`` from 1), partial ones (index 0) not."""

    index: int
    start_s: float
    turn_s: float
    end_s: float
    depth: float
    motion: int  # which of the variant's motions (alternating sides)

    @property
    def partial(self) -> bool:
        return self.index == 0


@dataclass(frozen=True)
class SweepPlan:
    reps: tuple[PlannedRep, ...]
    duration_s: float
    proportions: Proportions
    tempo: float
    pause: tuple[float, float] | None  # (start, seconds) of the mid-set pause
    noise: NoiseSpec
    height_px: float  # the figure's standing height in pixels (before fitting the frame)


@dataclass(frozen=True)
class SweepCase:
    """One exercise, variant, view and seed; the rest (``plan``) is derived from the seed."""

    exercise: str
    variant: str
    azimuth_deg: float
    elevation_deg: float
    seed: int

    @property
    def spec(self) -> Variant:
        return VARIANTS[self.exercise][self.variant]

    @cached_property
    def plan(self) -> SweepPlan:
        return plan_case(self.exercise, self.variant, self.seed)

    @property
    def proportions(self) -> Proportions:
        return self.plan.proportions

    @property
    def tempo(self) -> float:
        return self.plan.tempo

    @property
    def depths(self) -> tuple[float, ...]:
        return tuple(r.depth for r in self.plan.reps if not r.partial)

    @property
    def partial_reps(self) -> int:
        return sum(r.partial for r in self.plan.reps)

    @property
    def pause(self) -> tuple[float, float] | None:
        return self.plan.pause

    @property
    def noise(self) -> NoiseSpec:
        return self.plan.noise

    @property
    def view_name(self) -> str:
        return f"az{self.azimuth_deg:g}/el{self.elevation_deg:g}"


def _rng(*parts: object) -> np.random.Generator:
    return np.random.default_rng([zlib.crc32(str(p).encode()) for p in parts])


@lru_cache(maxsize=64)
def plan_case(exercise: str, variant: str, seed: int) -> SweepPlan:
    """The person and the set for (exercise, variant, seed): the same for every view."""
    spec = VARIANTS[exercise][variant]
    rng = _rng("person", exercise, variant, seed)
    props = Proportions(*(float(x) for x in rng.uniform(0.9, 1.1, size=5)))
    if spec.hold:
        return _plan_holds(spec, rng, props)
    tempo = float(rng.uniform(0.6, 1.6))
    n_full, n_partial = int(rng.integers(4, 8)), int(rng.integers(0, 3))
    kinds = [True] * n_full
    for _ in range(n_partial):
        kinds.insert(int(rng.integers(0, len(kinds) + 1)), False)
    pause_after = int(rng.integers(1, len(kinds) - 1)) if rng.random() < 0.45 else -1
    t, reps, pause, count = float(rng.uniform(1.5, 2.5)), [], None, 0
    for i, full in enumerate(kinds):
        duration = spec.rep_s * tempo * rng.uniform(0.9, 1.1) * (1.0 if full else rng.uniform(0.5, 0.8))
        turn = t + duration * rng.uniform(0.42, 0.58)
        depth = (1.0 if spec.full_range else rng.uniform(0.75, 1.0)) if full else rng.uniform(0.2, 0.35)
        count += full
        reps.append(
            PlannedRep(
                count if full else 0, round(t, 3), round(turn, 3), round(t + duration, 3), float(depth), i
            )
        )
        t = reps[-1].end_s + spec.rep_s * tempo * rng.uniform(0.0, 0.25)
        if i == pause_after:
            pause = (round(t, 3), float(rng.uniform(1.5, 4.0)))
            t += pause[1]
    duration_s = reps[-1].end_s + float(rng.uniform(1.5, 2.5))
    noise = NoiseSpec(jitter=float(rng.uniform(0.005, 0.01)))
    return SweepPlan(tuple(reps), duration_s, props, tempo, pause, noise, float(rng.uniform(300, 420)))


def _plan_holds(spec: Variant, rng: np.random.Generator, props: Proportions) -> SweepPlan:
    """2-3 holds (0.5-1.3 x the typical hold) and 0-1 too short to count, 2-3.5 s of rest between."""
    tempo = float(rng.uniform(0.5, 1.3))
    kinds = [True] * int(rng.integers(2, 4))
    if rng.random() < 0.5:
        kinds.insert(int(rng.integers(0, len(kinds) + 1)), False)
    t, holds, count = float(rng.uniform(1.5, 2.5)), [], 0
    for i, full in enumerate(kinds):
        seconds = spec.rep_s * tempo * rng.uniform(0.8, 1.2) if full else rng.uniform(1.0, 1.5)
        count += full
        holds.append(
            PlannedRep(
                count if full else 0, round(t, 3), round(t + seconds / 2, 3), round(t + seconds, 3), 1.0, i
            )
        )
        t = holds[-1].end_s + float(rng.uniform(2.0, 3.5))
    duration_s = holds[-1].end_s + float(rng.uniform(1.5, 2.5))
    noise = NoiseSpec(jitter=float(rng.uniform(0.005, 0.01)))
    return SweepPlan(tuple(holds), duration_s, props, tempo, None, noise, float(rng.uniform(300, 420)))


def sweep_cases(
    exercises: Iterable[str] | None = None,
    azimuths: Sequence[float] | None = None,
    elevations: Sequence[float] = ELEVATIONS,
    seeds: Iterable[int] = (0, 1),
) -> list[SweepCase]:
    """Every (exercise, variant, azimuth, elevation, seed) not excluded (see ``exclusion``).

    ``azimuths`` None = 8 around the circle, or 5 within 45 degrees of the front for claps.
    """
    cases = []
    for exercise in exercises or VARIANTS:
        views = azimuths if azimuths is not None else (CLAP_AZIMUTHS if exercise == "clap" else AZIMUTHS)
        for variant in VARIANTS[exercise]:
            for az in views:
                for el in elevations:
                    if exclusion(exercise, az, el) is None:
                        cases += [SweepCase(exercise, variant, float(az), float(el), s) for s in seeds]
    return cases


def sweep_exclusions(
    exercises: Iterable[str] | None = None,
    azimuths: Sequence[float] = AZIMUTHS,
    elevations: Sequence[float] = ELEVATIONS,
) -> list[tuple[str, float, float, str]]:
    """(exercise, azimuth, elevation, reason) of every view left out of the sweep."""
    out = []
    for exercise in exercises or VARIANTS:
        for az in azimuths:
            for el in elevations:
                reason = exclusion(exercise, az, el)
                if reason is not None:
                    out.append((exercise, float(az), float(el), reason))
    return out


# ---------------------------------------------------------------- the scene: poses and camera


@dataclass(frozen=True)
class SweepScene:
    """The 3-D poses of every frame and the camera fitted to them (for tracks or rendering)."""

    case: SweepCase
    poses: tuple[Pose, ...]
    view: View
    boxes: tuple[fg.Box, ...]

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self.poses)) / FPS


def amount(plan: SweepPlan, t: float, hold: bool = False) -> tuple[float, int]:
    """(motion amount, index of the motion) at ``t``: 0 at rest, the rep's depth at its turn (a
    hold's while it is held)."""
    last = 0
    for rep in plan.reps:
        if hold:
            found = sy.hold_amount(rep.start_s, rep.end_s, t, rep.depth)
            if found > 0:
                return found, rep.motion
            continue
        if rep.start_s <= t < rep.end_s:
            x = (
                (t - rep.start_s) / (rep.turn_s - rep.start_s)
                if t < rep.turn_s
                else ((rep.end_s - t) / (rep.end_s - rep.turn_s))
            )
            return rep.depth * (1 - math.cos(math.pi * x)) / 2, rep.motion
        if rep.end_s <= t:
            last = rep.motion
    return 0.0, last


def sweep_scene(case: SweepCase) -> SweepScene:
    """The case's poses (shared by every view of one exercise, variant and seed) and its camera."""
    poses = figure_poses(case.exercise, case.variant, case.seed)
    return SweepScene(case, poses, fit_view(poses, case, case.plan.height_px), case.spec.boxes)


@lru_cache(maxsize=8)
def figure_poses(exercise: str, variant: str, seed: int) -> tuple[Pose, ...]:
    """The 3-D pose of every frame: the planned reps, the case's proportions and a slow sway."""
    spec, plan = VARIANTS[exercise][variant], plan_case(exercise, variant, seed)
    rng = _rng("sway", exercise, variant, seed)
    amp = np.array([0.8, 0.5, 2.0, 0.006]) * spec.sway
    freq, phase = rng.uniform(0.12, 0.3, size=4), rng.uniform(0, 2 * np.pi, size=4)
    pivot = fg.vec(0, spec.sway_pivot_y, 0)
    poses = []
    for t in np.arange(math.ceil(plan.duration_s * FPS)) / FPS:
        m, which = amount(plan, float(t), spec.hold)
        pose = spec.motions[which % len(spec.motions)](m)
        pose = fg.rescale(pose, plan.proportions, spec.contacts, spec.pivot)
        wave = amp * np.sin(2 * np.pi * freq * t + phase)
        rot = fg.rotation(*np.radians(wave[:3]))
        shift = pivot - rot @ pivot + fg.vec(wave[3], 0, wave[3] * 0.5)
        poses.append(fg.transform(pose, rot, shift))
    return tuple(poses)


def fit_view(poses: Sequence[Pose], case: SweepCase, height_px: float) -> View:
    """A camera at the case's azimuth and elevation that keeps every pose inside the frame: landscape
    640x480, or portrait 480x640 when the motion is taller than wide; the figure ``height_px`` tall
    unless that does not fit."""
    unit = View(case.azimuth_deg, 1.0, case.elevation_deg, floor_v=0.0)
    pts = np.concatenate([fg.keypoints_3d(p) for p in poses[:: max(1, len(poses) // 120)]])
    pts = np.concatenate(
        [pts, np.stack([p["head"] for p in poses]), np.stack([p["left_toe"] for p in poses])]
    )
    xy, _ = unit.project(pts)
    lo, hi = xy.min(axis=0) - 0.08, xy.max(axis=0) + 0.08  # the head and hands beyond the keypoints
    span = hi - lo
    width, height = (480, 640) if span[1] > 1.15 * span[0] else (640, 480)
    scale = float(min(height_px, 0.92 * width / span[0], 0.92 * height / span[1]))
    mid_u, mid_v = (lo + hi) / 2  # in the unit view u = width / 2 + p.right and v = -p.up
    return View(
        case.azimuth_deg,
        scale,
        case.elevation_deg,
        width=width,
        height=height,
        floor_v=height / 2 - scale * mid_v,
        centre=mid_u - unit.width / 2,
    )


# ---------------------------------------------------------------- tracks


class SweepResult(NamedTuple):
    track: PoseTrack
    true_reps: int  # reps, or holds for a timed hold
    rep_times: tuple[Rep, ...]

    @property
    def true_held_s(self) -> float:
        """For a timed hold: the seconds held (the holds' durations)."""
        return sum(r.duration for r in self.rep_times)


def true_keypoints(scene: SweepScene) -> tuple[np.ndarray, np.ndarray]:
    """(T, 17, 2) exact pixel positions and (T, 17) depths toward the camera (figure heights)."""
    pts = np.stack([fg.keypoints_3d(p) for p in scene.poses])
    xy, depth = scene.view.project(pts.reshape(-1, 3))
    return xy.reshape(len(pts), 17, 2), depth.reshape(len(pts), 17)


def sweep_track(case: SweepCase, scene: SweepScene | None = None) -> SweepResult:
    """The case as a model-like keypoint track, with its true count and rep times."""
    scene = scene or sweep_scene(case)
    xy, depth = true_keypoints(scene)
    rng = _rng("noise", case.exercise, case.variant, case.seed, case.azimuth_deg, case.elevation_deg)
    kp = model_like(xy, depth, scene.view.scale, FPS, case.noise, rng)
    track = PoseTrack(kp, scene.times, np.arange(len(kp)), track_meta(scene))
    reps = rep_times(case.plan)
    return SweepResult(track, len(reps), reps)


def rep_times(plan: SweepPlan) -> tuple[Rep, ...]:
    return tuple(Rep(r.index, r.start_s, r.turn_s, r.end_s) for r in plan.reps if not r.partial)


def track_meta(scene: SweepScene) -> dict[str, object]:
    c = scene.case
    return {
        "width": scene.view.width,
        "height": scene.view.height,
        "fps": FPS,
        "source": "fitcli.pipelines.view_sweep",
        "exercise": c.exercise,
        "variant": c.variant,
        "azimuth_deg": c.azimuth_deg,
        "elevation_deg": c.elevation_deg,
        "seed": c.seed,
        "figure_height_px": scene.view.scale,
    }

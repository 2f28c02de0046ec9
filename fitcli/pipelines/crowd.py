"""Multi-person sample clips with exact counts: several rendered figures exercising, walking, crossing.

Each ``Actor`` does blocks of reps (each block planned like a ``SyntheticClip``: varied tempo and
depth, deterministic for its seed) and moves between waypoints in between. A figure whose path goes
past the frame's edge leaves the picture; a later waypoint brings it back. Figures nearer the camera
(larger ``depth``) are drawn over the others, so crossing paths occlude one another. ``Scene`` gives
the frames, every actor's true keypoints (NaN while out of the frame) and true reps; ``write_scene``
writes the mp4 and a JSON sidecar. The true counts are exact by construction.

``SCENES`` holds the clips the tests and the benchmark make (never committed: they are generated
into a temporary folder and cached there).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import UsageError, VideoError
from fitcli.pipelines import figure as fg
from fitcli.pipelines.synthetic import EXERCISES, ClipSpec, SyntheticClip
from fitcli.rep import Rep

# Clothes of the first, second, third ... actor (BGR): told apart at a glance in the video.
SHIRTS = ((55, 55, 205), (160, 110, 30), (40, 150, 60), (150, 60, 150))
SHORTS = ((120, 60, 25), (40, 40, 40), (90, 90, 150), (30, 90, 90))


@dataclass(frozen=True)
class Actor:
    """One person of a scene.

    ``blocks``: (start_s, reps) stretches of the exercise; ``path``: (time_s, x) waypoints of the
    figure's position in standing heights from the frame's centre line (linear between them, held
    before the first and after the last); ``depth``: nearer the camera when larger.
    """

    exercise: str
    blocks: tuple[tuple[float, int], ...]
    path: tuple[tuple[float, float], ...]
    depth: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        if self.exercise not in EXERCISES or "front" not in EXERCISES[self.exercise].views:
            raise UsageError(f"a scene actor needs an exercise with a front view, got {self.exercise!r}")
        if not self.path or any(b[1] < 1 for b in self.blocks):
            raise UsageError("an actor needs a path and blocks of at least one rep")


@dataclass(frozen=True)
class SceneSpec:
    actors: tuple[Actor, ...]
    duration_s: float
    fps: float = 30.0
    scale: float = 250.0  # pixels per standing height: three people fit side by side in 640 px
    width: int = 640
    height: int = 480


@dataclass
class _Plan:
    actor: Actor
    clips: list[tuple[float, SyntheticClip]] = field(default_factory=list)  # (start_s, block)


class Scene:
    """A planned multi-person clip: frames, true keypoints and true reps of every actor."""

    def __init__(self, spec: SceneSpec) -> None:
        if spec.duration_s <= 0 or spec.fps <= 0:
            raise UsageError(f"a scene needs a positive duration and fps, got {spec}")
        self.spec = spec
        self.view = fg.View(0, spec.scale, width=spec.width, height=spec.height, floor_v=spec.height - 20)
        self.n_frames = math.ceil(spec.duration_s * spec.fps)
        self._plans = []
        for k, actor in enumerate(spec.actors):
            plan = _Plan(actor)
            for b, (start, reps) in enumerate(actor.blocks):
                block = ClipSpec(
                    actor.exercise, "front", reps, seed=actor.seed * 10 + b, fps=spec.fps, rest_s=0.0
                )
                plan.clips.append((start, SyntheticClip(block)))
            self._plans.append(plan)
            _check_timeline(self, k, spec.duration_s)

    def reps(self, actor: int) -> list[Rep]:
        """The true reps of actor ``actor`` (0-based), on the scene's clock, numbered from 1."""
        out: list[Rep] = []
        for start, clip in self._plans[actor].clips:
            for rep in clip.reps:
                out.append(Rep(len(out) + 1, rep.start_s + start, rep.turn_s + start, rep.end_s + start))
        return out

    def _amount(self, plan: _Plan, t: float) -> float:
        return max((clip.amount(t - start) for start, clip in plan.clips), default=0.0)

    def _x(self, actor: Actor, t: float) -> float:
        times = [p[0] for p in actor.path]
        return float(np.interp(t, times, [p[1] for p in actor.path]))

    def poses(self, index: int) -> list[fg.Pose]:
        t = index / self.spec.fps
        out = []
        for plan in self._plans:
            pose = EXERCISES[plan.actor.exercise].pose(self._amount(plan, t))
            shift = fg.vec(self._x(plan.actor, t), 0.0, plan.actor.depth)
            out.append(fg.transform(pose, np.eye(3), shift))
        return out

    def keypoints(self, index: int) -> np.ndarray:
        """(actors, 17, 2) true pixel positions; NaN for an actor whose body is out of the frame."""
        out = np.stack([fg.keypoints_2d(p, self.view) for p in self.poses(index)])
        for kp in out:
            inside = (kp[:, 0] >= 0) & (kp[:, 0] < self.spec.width)
            if inside.mean() < 0.5:
                kp[:] = np.nan
        return out

    def frame(self, index: int) -> np.ndarray:
        """The rendered BGR frame."""
        figures = []
        for k, pose in enumerate(self.poses(index)):
            style = fg.Style(shirt=SHIRTS[k % len(SHIRTS)], shorts=SHORTS[k % len(SHORTS)])
            figures.append((pose, style))
        return fg.render_scene(figures, self.view)

    def frames(self) -> Iterator[np.ndarray]:
        for i in range(self.n_frames):
            yield self.frame(i)

    def sidecar(self, video_name: str) -> dict[str, Any]:
        return {
            "generator": "fitcli.pipelines.crowd",
            "video": video_name,
            "fps": self.spec.fps,
            "frames": self.n_frames,
            "width": self.spec.width,
            "height": self.spec.height,
            "actors": [
                {
                    "exercise": plan.actor.exercise,
                    "reps": len(self.reps(k)),
                    "rep_times": [[r.start_s, r.turn_s, r.end_s] for r in self.reps(k)],
                }
                for k, plan in enumerate(self._plans)
            ],
        }


def _check_timeline(scene: Scene, k: int, duration_s: float) -> None:
    """Reps of one actor never overlap, never happen while the figure walks, and end in the clip."""
    actor = scene.spec.actors[k]
    walks = [(a[0], b[0]) for a, b in zip(actor.path, actor.path[1:], strict=False) if a[1] != b[1]]
    reps = scene.reps(k)
    for prev, rep in zip(reps, reps[1:], strict=False):
        if rep.start_s < prev.end_s:
            raise UsageError(f"actor {k}: rep {rep.index} starts before rep {prev.index} ends")
    for rep in reps:
        if rep.end_s > duration_s or any(rep.start_s < w1 and rep.end_s > w0 for w0, w1 in walks):
            raise UsageError(
                f"actor {k}: rep {rep.index} ({rep.start_s}-{rep.end_s} s) overlaps a walk or the end"
            )


def write_scene(scene: Scene, video_path: str | Path) -> Path:
    """Write the scene as mp4 (``mp4v``) and its sidecar ``<name>.json``, each atomically."""
    import cv2

    video_path = Path(video_path)
    with atomic_path(video_path) as tmp:
        size = (scene.spec.width, scene.spec.height)
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter.fourcc(*"mp4v"), scene.spec.fps, size)
        if not writer.isOpened():
            raise VideoError(f"cannot write video {video_path}", "check that OpenCV has an mp4v encoder")
        try:
            for frame in scene.frames():
                writer.write(frame)
        finally:
            writer.release()
    sidecar = video_path.with_suffix(".json")
    with atomic_path(sidecar) as tmp:
        tmp.write_text(json.dumps(scene.sidecar(video_path.name), indent=2) + "\n")
    return sidecar


def cached_scene(name: str, folder: str | Path) -> Path:
    """``<folder>/<name>.mp4`` of ``SCENES[name]``, written the first time it is asked for."""
    path = Path(folder) / f"{name}.mp4"
    if not path.is_file() or not path.with_suffix(".json").is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_scene(Scene(SCENES[name]), path)
    return path


# An actor is hidden when a nearer one stands within this many standing heights of them (sideways).
HIDDEN_WITHIN = 0.25
MATCH_WITHIN = 0.15  # a track is an actor's when its seen keypoints are this close on average (x H)


@dataclass(frozen=True)
class IdentityReport:
    """How the ids found follow the actors: switches, and frames an actor in view had no id."""

    switches: int
    visible: int  # actor-frames in view and not hidden behind another actor
    matched: int  # of those, with a track on them
    ids: dict[int, list[int]]  # actor -> the track ids that followed them, in order


def found_in_export(people_csv: str | Path) -> dict[int, dict[int, np.ndarray]]:
    """frame index -> {person id: (17, 3) keypoints} from an exported ``<stem>.people.csv``, for the
    frames each person was seen in (``identity_report``'s ``found``)."""
    import pandas as pd

    df = pd.read_csv(people_csv)
    cols = [c for c in df.columns if c.endswith(("_x", "_y", "_score"))]
    out: dict[int, dict[int, np.ndarray]] = {}
    for row, kp in zip(df.itertuples(), df[cols].to_numpy(np.float32).reshape(-1, 17, 3), strict=True):
        if np.nan_to_num(kp[:, 2]).max() > 0:
            out.setdefault(int(row.frame), {})[int(row.person)] = kp
    return out


def identity_report(scene: Scene, found: dict[int, dict[int, np.ndarray]]) -> IdentityReport:
    """Compare ``found`` (frame index -> {track id: (17, 3) keypoints}) with the scene's truth.

    Per frame, visible actors and tracks are paired by Hungarian assignment on the mean distance of
    the track's seen keypoints to the actor's true ones; a switch is an actor paired with another id
    than the one that followed them last.
    """
    from scipy.optimize import linear_sum_assignment

    switches = visible = matched = 0
    ids: dict[int, list[int]] = {k: [] for k in range(len(scene.spec.actors))}
    depth = [a.depth for a in scene.spec.actors]
    for index in range(scene.n_frames):
        truth = scene.keypoints(index)
        centre = np.array([kp[:, 0].mean() for kp in truth])  # NaN for an actor out of the frame
        shown = [
            k for k in range(len(truth))
            if np.isfinite(centre[k]) and not any(
                depth[j] > depth[k] and abs(centre[j] - centre[k]) < HIDDEN_WITHIN * scene.spec.scale
                for j in range(len(truth)) if j != k and np.isfinite(centre[j])
            )
        ]  # fmt: skip
        visible += len(shown)
        tracks = list(found.get(index, {}).items())
        if not shown or not tracks:
            continue
        cost = np.array([[_distance(kp, truth[k]) / scene.spec.scale for _, kp in tracks] for k in shown])
        for r, c in zip(*linear_sum_assignment(cost), strict=True):
            if cost[r, c] > MATCH_WITHIN:
                continue
            actor, pid = shown[r], tracks[c][0]
            matched += 1
            if ids[actor] and ids[actor][-1] != pid:
                switches += 1
            if not ids[actor] or ids[actor][-1] != pid:
                ids[actor].append(pid)
    return IdentityReport(switches, visible, matched, ids)


def _distance(kp: np.ndarray, truth: np.ndarray) -> float:
    seen = np.nan_to_num(kp[:, 2]) >= 0.2
    if seen.sum() < 3:
        return 1e6  # not this actor (linear_sum_assignment needs finite costs)
    return float(np.mean(np.hypot(*(kp[seen, :2] - truth[seen]).T)))


SCENES: dict[str, SceneSpec] = {
    # Two people exercise side by side, walk across (the jumper passes in front), and go on.
    "pair_crossing": SceneSpec(
        (
            Actor("squat", ((0.5, 3), (10.8, 2)), ((0.0, -0.75), (7.2, -0.75), (10.2, 0.75)), seed=1),
            Actor(
                "jumping-jack", ((0.5, 4), (10.8, 3)), ((0.0, 0.75), (7.2, 0.75), (10.2, -0.75)),
                depth=0.5, seed=2,
            ),
        ),
        duration_s=17.0,
    ),
    # Three people; the clapper in the middle walks out past the right edge (behind the jumper),
    # is away for 3 s and comes back the same way.
    "trio_leave_return": SceneSpec(
        (
            Actor("squat", ((0.5, 7),), ((0.0, -0.85),), seed=3),
            Actor(
                "clap", ((0.5, 5), (14.3, 4)), ((0.0, 0.0), (7.0, 0.0), (9.0, 1.7), (12.0, 1.7), (14.0, 0.0)),
                depth=-0.5, seed=4,
            ),
            Actor("jumping-jack", ((0.5, 4), (9.5, 3)), ((0.0, 0.85),), depth=0.5, seed=5),
        ),
        duration_s=19.0,
    ),
    # Short and at 15 frames a second, for the live tests: two people squat side by side; the one on
    # the right stops after 3 and walks out past the right edge for good (at 6.8-8.3 s).
    "pair_one_leaves": SceneSpec(
        (
            Actor("squat", ((0.5, 4),), ((0.0, -0.6),), seed=6),
            Actor("squat", ((0.5, 3),), ((0.0, 0.6), (6.8, 0.6), (8.3, 2.2)), depth=0.5, seed=7),
        ),
        duration_s=12.0,
        fps=15.0,
    ),
}  # fmt: skip

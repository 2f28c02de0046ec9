"""A plain human figure: a 3-D stick skeleton, its projection to the image, and an OpenCV renderer.

The figure is what the sample-clip generator (``fitcli.pipelines.synthetic``) animates. A pose is a
dict of named 3-D points in units of the figure's standing height, in a world where X is the
person's left when they face +Z, Y is up and the floor is Y = 0. Joints follow the COCO names of
``fitcli.pose.KEYPOINT_NAMES`` (shoulders, elbows, wrists, hips, knees, ankles) plus a few points
the renderer needs (``head``, ``pelvis``, toes) and two unit vectors for the face
(``face_fwd``, ``face_up``) and one for the chest (``trunk_fwd``). Face keypoints (nose, eyes,
ears) are derived from the head. ``View`` projects orthographically, so the true 2-D keypoints of a
rendered frame are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fitcli.pose import KEYPOINT_NAMES

Pose = dict[str, np.ndarray]

# Heights and segment lengths as fractions of standing height H: Drillis & Contini (1966), as drawn
# in Winter, "Biomechanics and Motor Control of Human Movement" (4th ed., 2009), fig. 4.1.
SHOULDER_Y = 0.818
HIP_Y = 0.530
KNEE_Y = 0.285
ANKLE_Y = 0.039
UPPER_ARM = 0.186
FOREARM = 0.146
ARM = UPPER_ARM + FOREARM
THIGH = HIP_Y - KNEE_Y
SHANK = KNEE_Y - ANKLE_Y
LEG = THIGH + SHANK
TRUNK = SHOULDER_Y - HIP_Y
# Joint centres sit inside the breadths of Winter's figure (shoulders 0.259 H, hips 0.191 H).
SHOULDER_HALF = 0.100
HIP_HALF = 0.058
# Head centre between the chin (0.870 H) and the top of the head (1.0 H), above the shoulder line.
HEAD_ABOVE_SHOULDERS = 0.935 - SHOULDER_Y
HEAD_RX, HEAD_RY = 0.050, 0.066

BGR = tuple[int, int, int]
_Draw = Callable[[np.ndarray], None]


def unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-12 else v


def vec(x: float, y: float, z: float) -> np.ndarray:
    return np.array([x, y, z], dtype=np.float64)


def two_bone(root: np.ndarray, tip: np.ndarray, a: float, b: float, pole: np.ndarray) -> np.ndarray:
    """The middle joint (elbow, knee) of a chain of lengths ``a``, ``b`` from ``root`` to ``tip``.

    The chain bends toward ``pole`` (a direction). A tip out of reach gives a straight chain.
    """
    axis = unit(tip - root)
    dist = float(np.clip(np.linalg.norm(tip - root), abs(a - b) + 1e-6, a + b - 1e-9))
    along = (a * a - b * b + dist * dist) / (2 * dist)  # law of cosines
    height = np.sqrt(max(a * a - along * along, 0.0))
    bend = unit(pole - np.dot(pole, axis) * axis)
    return root + axis * along + bend * height


def rotation(roll: float, pitch: float, yaw: float) -> np.ndarray:
    """Rotation matrix (radians) about Z (roll: lean sideways), X (pitch) and Y (yaw)."""
    cr, sr, cp, sp, cy, sy = (
        np.cos(roll),
        np.sin(roll),
        np.cos(pitch),
        np.sin(pitch),
        np.cos(yaw),
        np.sin(yaw),
    )
    rz = np.array([[cr, -sr, 0], [sr, cr, 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    return ry @ rx @ rz


def transform(pose: Pose, rot: np.ndarray, shift: np.ndarray) -> Pose:
    """Rotate every point about the origin (a point on the floor) and shift it; rotate directions."""
    out = {}
    for name, p in pose.items():
        out[name] = rot @ p if name in _DIRECTIONS else rot @ p + shift
    return out


_DIRECTIONS = frozenset({"face_fwd", "face_up", "trunk_fwd"})


@dataclass(frozen=True)
class Limbs:
    """Where the hands and feet go, and which way elbows and knees bend.

    Bend directions are (lateral, up, forward) in the trunk's frame; lateral is mirrored for the
    right side, so (1, 0, 0) bends both elbows outward.
    """

    wrists: tuple[np.ndarray, np.ndarray]  # left, right
    ankles: tuple[np.ndarray, np.ndarray]
    elbow_bend: tuple[float, float, float] = (1.0, -0.5, -0.3)
    knee_bend: tuple[float, float, float] = (0.15, 0.0, 1.0)
    toes: tuple[np.ndarray, np.ndarray] | None = None


def assemble(pelvis: np.ndarray, up: np.ndarray, fwd: np.ndarray, limbs: Limbs, face_fwd: np.ndarray) -> Pose:
    """Build a full pose from the pelvis, the trunk direction (``up``, ``fwd``) and the limbs."""
    up, fwd = unit(up), unit(fwd - np.dot(fwd, up) * up)
    left = np.cross(up, fwd)
    shoulder_mid = pelvis + up * TRUNK
    pose: Pose = {"pelvis": pelvis, "trunk_fwd": fwd}
    for side, sign, k in (("left", 1.0, 0), ("right", -1.0, 1)):
        shoulder = shoulder_mid + sign * SHOULDER_HALF * left
        hip = pelvis + sign * HIP_HALF * left
        eb, kb = limbs.elbow_bend, limbs.knee_bend
        elbow_pole = sign * eb[0] * left + eb[1] * up + eb[2] * fwd
        knee_pole = sign * kb[0] * left + kb[1] * up + kb[2] * fwd
        wrist = _reach(shoulder, limbs.wrists[k], ARM)
        ankle = _reach(hip, limbs.ankles[k], LEG)
        pose[f"{side}_shoulder"] = shoulder
        pose[f"{side}_elbow"] = two_bone(shoulder, wrist, UPPER_ARM, FOREARM, elbow_pole)
        pose[f"{side}_wrist"] = wrist
        pose[f"{side}_hip"] = hip
        pose[f"{side}_knee"] = two_bone(hip, ankle, THIGH, SHANK, knee_pole)
        pose[f"{side}_ankle"] = ankle
        if limbs.toes is not None:
            pose[f"{side}_toe"] = limbs.toes[k]
        else:
            flat = unit(vec(fwd[0], 0.0, fwd[2]) if abs(fwd[1]) < 0.9 else vec(0, 0, 1))
            pose[f"{side}_toe"] = vec(ankle[0], 0.012, ankle[2]) + flat * 0.12 + sign * 0.02 * left
    face_up = unit(up - np.dot(up, unit(face_fwd)) * unit(face_fwd))
    pose["face_fwd"], pose["face_up"] = unit(face_fwd), face_up
    pose["head"] = shoulder_mid + up * HEAD_ABOVE_SHOULDERS + unit(face_fwd) * 0.008
    return pose


def _reach(root: np.ndarray, target: np.ndarray, length: float) -> np.ndarray:
    """``target``, pulled toward ``root`` if a limb of ``length`` cannot reach it."""
    d = target - root
    n = float(np.linalg.norm(d))
    return target if n <= length * 0.999 else root + d * (length * 0.999 / n)


@dataclass(frozen=True)
class Proportions:
    """Scale factors for the figure's segments (1.0 = the Drillis & Contini lengths above).

    Adult segment lengths vary about +-5-10% relative to stature (Winter 2009, table 4.1 is a mean);
    ``rescale`` applies them to a built pose.
    """

    trunk: float = 1.0  # pelvis -> shoulder line
    arms: float = 1.0  # upper arm and forearm together, so a straight arm stays straight
    legs: float = 1.0  # thigh and shank together, so feet level at rest stay level
    shoulders: float = 1.0  # shoulder breadth
    hips: float = 1.0  # hip breadth


def rescale(
    pose: Pose, props: Proportions, contacts: tuple[str, ...] = (), pivot: tuple[str, ...] = ()
) -> Pose:
    """``pose`` with each bone scaled by ``props`` along the kinematic tree from the pelvis.

    Bone directions are kept, so every joint angle is unchanged. Then, rigidly (which keeps the
    angles too), the pose is shifted so the mean height of the ``contacts`` points (feet on the
    floor, hands on a bar) is what it was, and, when ``pivot`` points are given, turned about the
    left-right axis through ``contacts`` so the ``pivot`` points are back at their heights as well
    (hands and feet both on the floor in a push-up).
    """
    if props == Proportions() and not contacts:
        return dict(pose)
    out = dict(pose)
    pelvis = pose["pelvis"]
    mid = (pose["left_shoulder"] + pose["right_shoulder"]) / 2
    new_mid = pelvis + (mid - pelvis) * props.trunk
    out["head"] = new_mid + (pose["head"] - mid)
    for side in ("left", "right"):
        chains = (
            (new_mid, mid, ("shoulder", "elbow", "wrist"), (props.shoulders, props.arms, props.arms)),
            (pelvis, pelvis, ("hip", "knee", "ankle", "toe"), (props.hips, props.legs, props.legs, 1.0)),
        )
        for new_root, old_root, joints, factors in chains:
            new_prev, old_prev = new_root, old_root
            for joint, factor in zip(joints, factors, strict=True):
                name = f"{side}_{joint}"
                out[name] = new_prev + (pose[name] - old_prev) * factor
                new_prev, old_prev = out[name], pose[name]
    if contacts:
        out = _replant(out, pose, contacts, pivot)
    return out


def _height(pose: Pose, names: tuple[str, ...]) -> np.ndarray:
    return np.mean([pose[n] for n in names], axis=0)


def _replant(new: Pose, old: Pose, contacts: tuple[str, ...], pivot: tuple[str, ...]) -> Pose:
    shift = vec(0, _height(old, contacts)[1] - _height(new, contacts)[1], 0)
    new = transform(new, np.eye(3), shift)
    if not pivot:
        return new
    origin = _height(new, contacts)
    arm_new, arm_old = _height(new, pivot) - origin, _height(old, pivot) - _height(old, contacts)
    # Turn about the X axis through ``origin``: the pivot's (y, z) keeps its distance r from the axis,
    # so its height can be put back only within +-r; the turn keeps it on the same side (z sign).
    radius = float(np.hypot(arm_new[1], arm_new[2]))
    if radius < 1e-9:
        return new
    phi = np.arctan2(arm_new[1], arm_new[2])
    reach = np.arcsin(float(np.clip(arm_old[1] / radius, -1.0, 1.0)))
    target = reach if arm_new[2] >= 0 else np.pi - reach
    turn = float((phi - target + np.pi) % (2 * np.pi) - np.pi)
    rot = rotation(0.0, turn, 0.0)  # (y, z) at angle phi from +Z turns to phi - turn
    moved = transform(new, rot, np.zeros(3))
    back = origin - rot @ origin
    return {n: p if n in _DIRECTIONS else p + back for n, p in moved.items()}


def face_points(pose: Pose) -> dict[str, np.ndarray]:
    """Nose, eyes and ears in 3-D, from the head centre and the face direction."""
    head, fwd, up = pose["head"], pose["face_fwd"], pose["face_up"]
    left = np.cross(up, fwd)
    return {
        "nose": head + fwd * 0.052 - up * 0.006,
        "left_eye": head + fwd * 0.040 + up * 0.012 + left * 0.021,
        "right_eye": head + fwd * 0.040 + up * 0.012 - left * 0.021,
        "left_ear": head + left * 0.048 - fwd * 0.004,
        "right_ear": head - left * 0.048 - fwd * 0.004,
    }


@dataclass(frozen=True)
class View:
    """An orthographic camera. ``yaw_deg`` 0 looks at the person's front, 90 at their right side;
    ``pitch_deg`` > 0 looks down from above, so the far side of the body shows a little higher.

    ``scale`` is pixels per standing height; world point (``centre``, 0, 0) along the image's
    horizontal axis lands at column ``width / 2``; the point below it on the floor at row ``floor_v``.
    """

    yaw_deg: float
    scale: float
    pitch_deg: float = 0.0
    width: int = 640
    height: int = 480
    floor_v: float = 455.0
    centre: float = 0.0

    def axes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(image-right, image-up, toward-camera) world directions."""
        a, p = np.radians(self.yaw_deg), np.radians(self.pitch_deg)
        right = vec(np.cos(a), 0.0, np.sin(a))
        level = np.cross(right, vec(0, 1, 0))
        return right, vec(0, np.cos(p), 0) - level * np.sin(p), level * np.cos(p) + vec(0, np.sin(p), 0)

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(N, 3) world points -> ((N, 2) pixel x, y; (N,) depth toward the camera)."""
        right, up, toward = self.axes()
        pts = np.atleast_2d(points)
        u = self.width / 2 + self.scale * (pts @ right - self.centre)
        v = self.floor_v - self.scale * (pts @ up)
        return np.stack([u, v], axis=1), pts @ toward


def keypoints_3d(pose: Pose) -> np.ndarray:
    """(17, 3) world positions in COCO order."""
    face = face_points(pose)
    return np.stack([face[n] if n in face else pose[n] for n in KEYPOINT_NAMES])


def keypoints_2d(pose: Pose, view: View) -> np.ndarray:
    """(17, 2) float32 pixel positions in COCO order: the true keypoints of the rendered frame."""
    xy, _ = view.project(keypoints_3d(pose))
    return xy.astype(np.float32)


@dataclass(frozen=True)
class Style:
    """Colours (BGR) of the flat scene and the figure's clothes."""

    wall: BGR = (214, 222, 226)
    floor: BGR = (100, 110, 120)  # darker than skin, so hands on the floor stand out
    skin: BGR = (125, 165, 220)
    hair: BGR = (30, 40, 70)
    shirt: BGR = (55, 55, 205)
    shorts: BGR = (120, 60, 25)
    shoes: BGR = (40, 40, 40)
    far_shade: float = 0.75  # limbs on the far side are drawn darker
    outline: bool = True  # a thin darker edge around every part


# Limb segments: (first joint, second joint, radius in H, colour attribute of Style).
_SEGMENTS = (
    ("shoulder", "elbow", 0.036, "shirt"),
    ("elbow", "wrist", 0.027, "skin"),
    ("hip", "knee", 0.055, "shorts"),
    ("knee", "ankle", 0.038, "skin"),
    ("ankle", "toe", 0.026, "shoes"),
)


@dataclass(frozen=True)
class Box:
    """A box standing on the floor (a seat), between corners ``lo`` and ``hi`` in world units."""

    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    colour: BGR = (60, 105, 150)  # wood


def render(pose: Pose, view: View, style: Style | None = None, boxes: tuple[Box, ...] = ()) -> np.ndarray:
    """Draw ``pose`` as seen from ``view``: an H x W x 3 uint8 BGR image.

    ``boxes`` (props such as a seat) are drawn behind the figure.
    """
    import cv2

    style = style or Style()
    img = np.empty((view.height, view.width, 3), np.uint8)
    img[:] = style.wall
    floor_top = int(round(view.floor_v - 0.03 * view.scale))
    img[floor_top:] = style.floor
    cv2.line(img, (0, floor_top), (view.width, floor_top), _shade(style.floor, 0.8), 2, cv2.LINE_AA)
    for box in boxes:
        _draw_box(img, box, view)
    parts = _parts(pose, view, style)
    for _, draw in sorted(parts, key=lambda part: part[0]):
        draw(img)
    return img


def render_scene(figures: list[tuple[Pose, Style]], view: View) -> np.ndarray:
    """Several figures in one frame, each in its own clothes: every part of every figure drawn
    far to near, so a figure nearer the camera hides the one behind it."""
    import cv2

    background = Style()
    img = np.empty((view.height, view.width, 3), np.uint8)
    img[:] = background.wall
    floor_top = int(round(view.floor_v - 0.03 * view.scale))
    img[floor_top:] = background.floor
    cv2.line(img, (0, floor_top), (view.width, floor_top), _shade(background.floor, 0.8), 2, cv2.LINE_AA)
    parts = [part for pose, style in figures for part in _parts(pose, view, style)]
    for _, draw in sorted(parts, key=lambda part: part[0]):
        draw(img)
    return img


def _draw_box(img: np.ndarray, box: Box, view: View) -> None:
    """The box's silhouette, with its top face in a lighter shade."""
    import cv2

    (x0, y0, z0), (x1, y1, z1) = box.lo, box.hi
    corners = np.array([[x, y, z] for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)], np.float64)
    xy, _ = view.project(corners)
    top, _ = view.project(corners[corners[:, 1] == max(y0, y1)])
    for pts, colour in ((xy, box.colour), (top, _shade(box.colour, 1.25))):
        hull = cv2.convexHull((pts * 16).round().astype(np.int32))
        cv2.fillConvexPoly(img, hull, tuple(min(c, 255) for c in colour), cv2.LINE_AA, 4)
        cv2.polylines(img, [hull], True, _shade(box.colour, 0.55), 1, cv2.LINE_AA, 4)


def _shade(colour: BGR, factor: float) -> BGR:
    return (int(colour[0] * factor), int(colour[1] * factor), int(colour[2] * factor))


def _ellipse(
    img: np.ndarray, centre: np.ndarray, axes: tuple[float, float], angle: float, colour: BGR, outline: bool
) -> None:
    import cv2

    c = (int(round(centre[0] * 16)), int(round(centre[1] * 16)))
    ax = (max(16, int(round(axes[0] * 16))), max(16, int(round(axes[1] * 16))))
    cv2.ellipse(img, c, ax, angle, 0, 360, colour, -1, cv2.LINE_AA, 4)
    if outline:
        cv2.ellipse(img, c, ax, angle, 0, 360, _shade(colour, 0.55), 1, cv2.LINE_AA, 4)


def _capsule(p: np.ndarray, q: np.ndarray, radius: float, colour: BGR, outline: bool) -> _Draw:
    d = q - p
    half = float(np.hypot(d[0], d[1])) / 2
    angle = float(np.degrees(np.arctan2(d[1], d[0])))
    return lambda img: _ellipse(img, (p + q) / 2, (half + radius * 0.9, radius), angle, colour, outline)


def _parts(pose: Pose, view: View, style: Style) -> list[tuple[float, _Draw]]:
    """Every drawable part with its depth (larger = nearer the camera)."""
    names = list(pose)
    xy_all, depth_all = view.project(np.stack([pose[n] for n in names]))
    xy = dict(zip(names, xy_all, strict=True))
    depth = dict(zip(names, depth_all, strict=True))
    s = view.scale
    centre_depth = (depth["left_shoulder"] + depth["right_shoulder"] + depth["pelvis"] * 2) / 4
    parts = _torso_parts(pose, view, style, centre_depth - 0.03)
    for side in ("left", "right"):
        far = depth[f"{side}_shoulder"] < centre_depth - 0.01
        for a, b, radius, attr in _SEGMENTS:
            colour = getattr(style, attr)
            colour = _shade(colour, style.far_shade) if far else colour
            ja, jb = f"{side}_{a}", f"{side}_{b}"
            parts.append(
                ((depth[ja] + depth[jb]) / 2, _capsule(xy[ja], xy[jb], radius * s, colour, style.outline))
            )
        wrist, elbow = pose[f"{side}_wrist"], pose[f"{side}_elbow"]
        hand3 = wrist + unit(wrist - elbow) * 0.04
        (hand_xy,), (hand_depth,) = view.project(hand3[None])
        skin = _shade(style.skin, style.far_shade) if far else style.skin
        parts.append(
            (hand_depth + 0.001, _capsule(xy[f"{side}_wrist"], hand_xy, 0.03 * s, skin, style.outline))
        )
    parts += _head_parts(pose, view, style)
    return parts


def _torso_parts(pose: Pose, view: View, style: Style, depth: float) -> list[tuple[float, _Draw]]:
    """Shirt (a rounded hull around shoulders and hips), shorts and neck."""
    import cv2

    fwd = pose["trunk_fwd"]
    up = unit((pose["left_shoulder"] + pose["right_shoulder"]) / 2 - pose["pelvis"])

    def blob(centres: list[np.ndarray], radius: float) -> np.ndarray:
        xy, _ = view.project(np.stack(centres))
        ring = np.stack([np.cos(np.linspace(0, 2 * np.pi, 16)), np.sin(np.linspace(0, 2 * np.pi, 16))], 1)
        pts = (xy[:, None, :] + ring[None] * radius * view.scale).reshape(-1, 2)
        return cv2.convexHull((pts * 16).round().astype(np.int32))

    corners = []
    for name, d in (
        ("left_shoulder", 0.05),
        ("right_shoulder", 0.05),
        ("left_hip", 0.06),
        ("right_hip", 0.06),
    ):
        corners += [pose[name] + fwd * d, pose[name] - fwd * d]
    shirt = blob(corners, 0.04)
    hips = [
        pose[n] + fwd * sgn * 0.06 + up * dz
        for n in ("left_hip", "right_hip")
        for sgn in (1, -1)
        for dz in (0, 0.06)
    ]
    shorts = blob(hips, 0.045)
    neck_top = pose["head"] - pose["face_up"] * 0.03
    neck_xy, _ = view.project(np.stack([(pose["left_shoulder"] + pose["right_shoulder"]) / 2, neck_top]))

    def draw(img: np.ndarray) -> None:
        _capsule(neck_xy[0], neck_xy[1], 0.024 * view.scale, style.skin, style.outline)(img)
        for hull, colour in ((shirt, style.shirt), (shorts, style.shorts)):
            cv2.fillConvexPoly(img, hull, colour, cv2.LINE_AA, 4)
            if style.outline:
                cv2.polylines(img, [hull], True, _shade(colour, 0.55), 1, cv2.LINE_AA, 4)

    return [(depth, draw)]


def _head_parts(pose: Pose, view: View, style: Style) -> list[tuple[float, _Draw]]:
    """Hair, face, ears, eyes, nose and mouth; features are drawn only where they face the camera."""
    s = view.scale
    head, fwd, up = pose["head"], pose["face_fwd"], pose["face_up"]
    _, _, toward = view.axes()
    (centre, hair_c, up_xy), (head_depth, _, _) = view.project(
        np.stack([head, head + up * 0.02 - fwd * 0.015, head + up])
    )
    angle = float(np.degrees(np.arctan2(up_xy[1] - centre[1], up_xy[0] - centre[0]))) + 90.0
    face = face_points(pose)
    face["mouth"] = head + fwd * 0.045 - up * 0.032
    feats = {k: view.project(p[None])[0][0] for k, p in face.items()}
    facing = {k: float(np.dot(unit(p - head), toward)) for k, p in face.items()}
    dark = _shade(style.hair, 0.6)

    def ears(img: np.ndarray, near: bool) -> None:
        for ear in ("left_ear", "right_ear"):
            if (facing[ear] > 0.3) == near and facing[ear] > -0.3:
                _ellipse(img, feats[ear], (0.011 * s, 0.019 * s), angle, style.skin, style.outline)

    def draw(img: np.ndarray) -> None:
        ears(img, near=False)
        _ellipse(img, hair_c, (HEAD_RX * 1.05 * s, HEAD_RY * 0.92 * s), angle, style.hair, style.outline)
        _ellipse(img, centre, (HEAD_RX * s, HEAD_RY * s), angle, style.skin, style.outline)
        ears(img, near=True)
        for eye in ("left_eye", "right_eye"):
            if facing[eye] > 0.15:
                _ellipse(img, feats[eye], (0.009 * s, 0.006 * s), angle, dark, False)
        if facing["nose"] > -0.2:
            _ellipse(img, feats["nose"], (0.009 * s, 0.011 * s), angle, _shade(style.skin, 0.85), False)
        if facing["mouth"] > 0.2:
            _ellipse(img, feats["mouth"], (0.016 * s, 0.005 * s), angle, (60, 60, 150), False)

    return [(head_depth + 0.02, draw)]

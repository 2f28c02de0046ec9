"""Keypoints as TRC and joint angles as MOT: the text files OpenSim, Sports2D and Kinovea read.

TRC (OpenSim's marker file, "track row column"), tab-separated::

    PathFileType  4  (X/Y/Z)  <file name>
    DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  OrigNumFrames
    30  30  431  17  px  30  1  431
    Frame#  Time  Nose  (2 empty)  LEye  ...
    (2 empty)  X1  Y1  Z1  X2  Y2  Z2 ...
    (an empty line)
    1  0.000000  x  y  z  ...

The markers are the 17 COCO keypoints under the names Sports2D and Pose2Sim use (Nose, LEye, ...,
RAnkle). Coordinates are pixels of the original frame as in Sports2D's ``*_px.trc``: X to the
right, Y down, Z = 0 (one camera gives no depth); ``Units`` says ``px``. A keypoint scored under
``MIN_SCORE`` is a missing marker: its three cells are empty, as TRC readers expect. ``DataRate`` is
the median frame rate of the timestamps; the ``Time`` column holds the real timestamps.

MOT (OpenSim's storage file of coordinates), tab-separated after a header ending in ``endheader``
(``nRows``, ``nColumns`` with the time column, ``inDegrees=yes``): one row per frame, the time then
each angle of ``ANGLES`` in degrees, measured in the image plane (2-D, so a joint that bends toward
the camera reads smaller than it is). ``nan`` where a keypoint it needs scored under ``MIN_SCORE``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.pose import KEYPOINT_NAMES, KP, PoseTrack

MIN_SCORE = 0.3  # the annotator's threshold: a keypoint under it is not drawn, and not exported
TRC_NAMES = (
    "Nose", "LEye", "REye", "LEar", "REar", "LShoulder", "RShoulder", "LElbow", "RElbow",
    "LWrist", "RWrist", "LHip", "RHip", "LKnee", "RKnee", "LAnkle", "RAnkle",
)  # fmt: skip
assert len(TRC_NAMES) == len(KEYPOINT_NAMES)

# name -> (a, vertex, c, flexion): the angle at the vertex between vertex->a and vertex->c, in
# degrees; for a flexion 180 minus it (0 = straight limb), else as it is (shoulder: 0 = arm along
# the trunk, 180 = overhead).
ANGLES: dict[str, tuple[str, str, str, bool]] = {
    f"{side}_{joint}": (f"{side}_{a}", f"{side}_{v}", f"{side}_{c}", flexion)
    for side in ("right", "left")
    for joint, (a, v, c, flexion) in {
        "knee_flexion": ("hip", "knee", "ankle", True),
        "hip_flexion": ("shoulder", "hip", "knee", True),
        "elbow_flexion": ("shoulder", "elbow", "wrist", True),
        "shoulder_flexion": ("hip", "shoulder", "elbow", False),
    }.items()
}
TRUNK = "trunk_lean"  # hip midpoint -> shoulder midpoint against the image's up direction, 0 = upright


def data_rate(track: PoseTrack) -> float:
    """Frames per second from the median step between timestamps (30 with fewer than 2 frames)."""
    steps = np.diff(track.times)
    steps = steps[steps > 0]
    return round(1.0 / float(np.median(steps)), 3) if len(steps) else 30.0


def write_trc(track: PoseTrack, path: str | Path) -> Path:
    """Write ``track`` as a TRC file (see the module docstring), atomically."""
    path = Path(path)
    n, rate = len(track), data_rate(track)
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{path.name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{rate:g}\t{rate:g}\t{n}\t{len(TRC_NAMES)}\tpx\t{rate:g}\t1\t{n}",
        "Frame#\tTime\t" + "\t\t\t".join(TRC_NAMES) + "\t\t",
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, len(TRC_NAMES) + 1)),
        "",
    ]
    for i in range(n):
        cells = [str(i + 1), f"{track.times[i]:.6f}"]
        for x, y, score in track.keypoints[i].astype(np.float64):
            seen = score >= MIN_SCORE and math.isfinite(x) and math.isfinite(y)
            cells += [f"{x:.3f}", f"{y:.3f}", "0"] if seen else ["", "", ""]
        lines.append("\t".join(cells))
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def joint_angles(track: PoseTrack) -> dict[str, np.ndarray]:
    """Each angle of ``ANGLES`` and the trunk lean per frame, in degrees (nan where not seen)."""
    kp = track.keypoints.astype(np.float64)
    xy = np.where((kp[..., 2:] >= MIN_SCORE) & np.isfinite(kp[..., :2]), kp[..., :2], np.nan)
    out: dict[str, np.ndarray] = {}
    for name, (a, v, c, flexion) in ANGLES.items():
        u, w = xy[:, KP[a]] - xy[:, KP[v]], xy[:, KP[c]] - xy[:, KP[v]]
        norms = np.linalg.norm(u, axis=1) * np.linalg.norm(w, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            cos = np.where(norms > 1e-9, (u * w).sum(axis=1) / norms, np.nan)
        degrees = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
        out[name] = 180.0 - degrees if flexion else degrees
    shoulders = (xy[:, KP["left_shoulder"]] + xy[:, KP["right_shoulder"]]) / 2
    hips = (xy[:, KP["left_hip"]] + xy[:, KP["right_hip"]]) / 2
    d = shoulders - hips
    out[TRUNK] = np.degrees(np.arctan2(np.abs(d[:, 0]), -d[:, 1]))  # image y grows downward
    return out


def write_mot(track: PoseTrack, path: str | Path) -> Path:
    """Write the joint angles of ``track`` as an OpenSim MOT file, atomically."""
    path = Path(path)
    angles = joint_angles(track)
    lines = [
        path.stem,
        "version=1",
        f"nRows={len(track)}",
        f"nColumns={len(angles) + 1}",
        "inDegrees=yes",
        "",
        "Joint angles in degrees, in the image plane (2-D), from fitcli keypoints; nan = not seen.",
        "endheader",
        "time\t" + "\t".join(angles),
    ]
    values = np.column_stack([track.times, *angles.values()]) if len(track) else np.zeros((0, 1))
    for row in values:
        lines.append(
            "\t".join([f"{row[0]:.6f}", *(f"{v:.3f}" if math.isfinite(v) else "nan" for v in row[1:])])
        )
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

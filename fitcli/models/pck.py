"""PCK scoring on the 14 LSP joints: pure functions, no files, no models.

The standard LSP protocol (Johnson & Everingham 2010; as used by the study's Table 4-3):
- torso size = distance between the person's left shoulder (LSP index 9) and right hip (index 2)
  in the ground truth, per image;
- a predicted joint is correct when its distance to the truth is <= 0.2 x torso size (PCK@0.2);
- all 14 joints count, with no visibility mask (occluded joints are scored too);
- parts: Head = mean(neck, head top), then shoulders, elbows, wrists, hips, knees, ankles, each
  the mean of left and right;
- AUC: the mean of the PCK over the thresholds 0, 0.01, ..., 0.20 (21 values), on a 0-100 scale.

"Mean" is the mean of the 7 parts, as in the study's table. Every part holds exactly two joints,
so it is also the mean over the 14 joints; ``PckResult.mean_joints`` computes it that way as a
check. A prediction with NaN coordinates (a joint or a whole person not found) is wrong at every
threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fitcli.errors import DataError

# Joint order of joints.mat in the LSP distribution (its README.txt); left/right are the person's.
LSP_JOINT_NAMES: tuple[str, ...] = (
    "right_ankle", "right_knee", "right_hip", "left_hip", "left_knee", "left_ankle",
    "right_wrist", "right_elbow", "right_shoulder", "left_shoulder", "left_elbow", "left_wrist",
    "neck", "head_top",
)  # fmt: skip
NUM_LSP_JOINTS = len(LSP_JOINT_NAMES)
LEFT_SHOULDER, RIGHT_HIP = 9, 2  # the torso diameter of the standard protocol

# The study's Table 4-3 columns and the LSP joints each one averages.
PARTS: tuple[tuple[str, tuple[int, int]], ...] = (
    ("Head", (12, 13)),
    ("Sho", (8, 9)),
    ("Elb", (7, 10)),
    ("Wri", (6, 11)),
    ("Hip", (2, 3)),
    ("Knee", (1, 4)),
    ("Ank", (0, 5)),
)
PART_NAMES: tuple[str, ...] = tuple(name for name, _ in PARTS)

PCK_THRESHOLD = 0.2  # fraction of the torso size (standard LSP protocol)
# AUC thresholds 0..0.2 in steps of 0.01 (issue 2, DESIGN.md section 4).
AUC_THRESHOLDS: np.ndarray = np.round(np.arange(21) * 0.01, 2)


def _check(arr: np.ndarray, what: str) -> np.ndarray:
    a = np.asarray(arr, dtype=np.float64)
    if a.ndim != 3 or a.shape[1] != NUM_LSP_JOINTS or a.shape[2] < 2:
        raise DataError(f"{what} must have shape (N, 14, 2 or 3), got {a.shape}")
    return a[:, :, :2]


def torso_sizes(truth: np.ndarray) -> np.ndarray:
    """Per-image torso size (N,): distance from the left shoulder (9) to the right hip (2)."""
    t = _check(truth, "truth")
    return np.asarray(np.linalg.norm(t[:, LEFT_SHOULDER] - t[:, RIGHT_HIP], axis=1))


def normalized_errors(pred: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Distance of each predicted joint to the truth divided by the image's torso size, (N, 14).

    NaN predictions give ``inf`` (wrong at every threshold). A non-positive torso is a data error.
    """
    p, t = _check(pred, "predictions"), _check(truth, "truth")
    if p.shape[0] != t.shape[0]:
        raise DataError(f"predictions cover {p.shape[0]} images but the truth has {t.shape[0]}")
    torso = torso_sizes(t)
    bad = np.flatnonzero(~(torso > 0))
    if bad.size:
        raise DataError(f"torso size is zero for image index {int(bad[0])}: the truth must be annotated")
    err = np.linalg.norm(p - t, axis=2) / torso[:, None]
    return np.asarray(np.where(np.isnan(err), np.inf, err))


def pck_per_joint(errors: np.ndarray, threshold: float = PCK_THRESHOLD) -> np.ndarray:
    """Percent of images (0-100) in which each joint is within ``threshold`` x torso, (14,)."""
    e = np.asarray(errors, dtype=np.float64)
    if e.ndim != 2 or e.shape[0] == 0:
        raise DataError(f"errors must have shape (N>0, 14), got {e.shape}")
    return np.asarray(100.0 * np.mean(e <= threshold, axis=0))


def part_scores(per_joint: np.ndarray) -> dict[str, float]:
    """The study's columns from per-joint PCK: each part is the mean of its two joints."""
    pj = np.asarray(per_joint, dtype=np.float64)
    return {name: float(np.mean(pj[list(idx)])) for name, idx in PARTS}


def auc(errors: np.ndarray, thresholds: np.ndarray = AUC_THRESHOLDS) -> float:
    """Area under the PCK curve over ``thresholds``, normalised to 0-100 (mean PCK over them)."""
    return float(np.mean([np.mean(pck_per_joint(errors, float(t))) for t in thresholds]))


@dataclass(frozen=True)
class PckResult:
    """PCK@0.2 of one model on a set of images, in the study's layout."""

    per_joint: dict[str, float]  # LSP joint name -> PCK (0-100)
    parts: dict[str, float]  # Head, Sho, Elb, Wri, Hip, Knee, Ank
    mean: float  # mean of the 7 parts (the study's "Mean")
    mean_joints: float  # mean of the 14 joints (equal to ``mean``: two joints per part)
    mean_without_head: float  # mean of the 6 parts other than Head
    auc: float  # AUC over thresholds 0..0.2, 0-100
    n_images: int

    def as_dict(self) -> dict[str, object]:
        return {
            "parts": self.parts,
            "mean": self.mean,
            "mean_joints": self.mean_joints,
            "mean_without_head": self.mean_without_head,
            "auc": self.auc,
            "per_joint": self.per_joint,
            "n_images": self.n_images,
            "threshold": PCK_THRESHOLD,
        }


def score(pred: np.ndarray, truth: np.ndarray) -> PckResult:
    """Score predictions (N, 14, 2) against the truth (N, 14, 2 or 3) with the standard protocol."""
    errors = normalized_errors(pred, truth)
    per_joint = pck_per_joint(errors)
    parts = part_scores(per_joint)
    return PckResult(
        per_joint={name: float(v) for name, v in zip(LSP_JOINT_NAMES, per_joint, strict=True)},
        parts=parts,
        mean=float(np.mean(list(parts.values()))),
        mean_joints=float(np.mean(per_joint)),
        mean_without_head=float(np.mean([v for k, v in parts.items() if k != "Head"])),
        auc=auc(errors),
        n_images=int(errors.shape[0]),
    )

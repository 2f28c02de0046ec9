"""What a pose model makes of true keypoints: pixel jitter, scores, hidden joints, short dropouts.

Used by the view sweep (``fitcli.pipelines.view_sweep``) to turn the figure's exact projected
keypoints into a track that looks like a model's output, without running a model:

- a keypoint is *hidden* when a body part that does not contain it lies in front of it in the image
  (the torso, a limb, or, for the face points, the head itself), found from the depths that
  ``View.project`` gives;
- visible keypoints score 0.8-0.95 and jitter by ``noise`` x the figure's height (Gaussian);
  hidden ones score 0.2-0.5 and jitter 2.5 times as much, as a model guesses where they are;
- a few dropouts: one or two keypoints for 1-3 frames score 0.05 and jump away.

MoveNet on the rendered figure (``python -m fitcli.pipelines.synthetic --check``) finds joints
within about 1% of the figure's height with scores 0.6-0.95; occluded joints score lower.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fitcli.pose import KP, SKELETON

VISIBLE_SCORE = (0.8, 0.95)
HIDDEN_SCORE = (0.2, 0.5)
DROPOUT_SCORE = 0.05
HIDDEN_JITTER = 2.5  # hidden keypoints jitter this many times more than visible ones
DROPOUTS_PER_S = 0.3
LIMB_RADIUS = 0.045  # of the figure's height: half the thickness of an arm or leg in the image
IN_FRONT = 0.03  # an occluder must be at least this much (figure heights) nearer the camera
_FACE = tuple(KP[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear"))
_LIMBS = tuple((a, b) for a, b in SKELETON if a >= 5 and b >= 5 and {a, b} not in ({5, 6}, {11, 12}))
_TORSO = (KP["left_shoulder"], KP["right_shoulder"], KP["right_hip"], KP["left_hip"])


@dataclass(frozen=True)
class NoiseSpec:
    """How noisy the fake model is: jitter as a share of the figure's height, dropouts per second."""

    jitter: float = 0.0075
    dropouts_per_s: float = DROPOUTS_PER_S


def hidden_mask(xy: np.ndarray, depth: np.ndarray, height_px: float) -> np.ndarray:
    """(T, 17) True where a keypoint is hidden behind another body part.

    ``xy`` (T, 17, 2) pixels, ``depth`` (T, 17) toward the camera in figure heights,
    ``height_px`` the figure's height in pixels.
    """
    hidden = _behind_limbs(xy, depth, height_px) | _behind_torso(xy, depth)
    ears = depth[:, [KP["left_ear"], KP["right_ear"]]].mean(axis=1)
    for k in _FACE:  # a face point on the far half of the head is behind it
        hidden[:, k] |= depth[:, k] < ears - 0.012
    return hidden


def _behind_limbs(xy: np.ndarray, depth: np.ndarray, height_px: float) -> np.ndarray:
    hidden = np.zeros(depth.shape, bool)
    for a, b in _LIMBS:
        p, q = xy[:, a, None, :], xy[:, b, None, :]  # (T, 1, 2)
        d = q - p
        t = np.clip(np.sum((xy - p) * d, axis=2) / np.maximum(np.sum(d * d, axis=2), 1e-9), 0, 1)
        dist = np.linalg.norm(xy - (p + t[..., None] * d), axis=2)
        limb_depth = depth[:, a, None] + t * (depth[:, b, None] - depth[:, a, None])
        cover = (dist < LIMB_RADIUS * height_px) & (limb_depth > depth + IN_FRONT)
        cover[:, [a, b]] = False
        hidden |= cover
    return hidden


def _behind_torso(xy: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """Inside the shoulder-hip quadrilateral and behind its plane (two triangles)."""
    hidden = np.zeros(depth.shape, bool)
    a, b, c, d = _TORSO
    for tri in ((a, b, c), (a, c, d)):
        w = _barycentric(xy, xy[:, tri[0]], xy[:, tri[1]], xy[:, tri[2]])  # (T, 17, 3)
        inside = np.all(w >= -0.02, axis=2)
        plane = np.einsum("tkj,tj->tk", w, depth[:, list(tri)])
        cover = inside & (plane > depth + IN_FRONT)
        cover[:, list(_TORSO)] = False
        hidden |= cover
    return hidden


def _barycentric(p: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Barycentric weights (T, 17, 3) of points ``p`` (T, 17, 2) in triangles (T, 2) x 3."""
    v0, v1 = (b - a)[:, None], (c - a)[:, None]
    v2 = p - a[:, None]
    d00, d01, d11 = (v0 * v0).sum(2), (v0 * v1).sum(2), (v1 * v1).sum(2)
    d20, d21 = (v2 * v0).sum(2), (v2 * v1).sum(2)
    den = d00 * d11 - d01 * d01
    safe = np.where(np.abs(den) < 1e-9, np.inf, den)  # a degenerate triangle covers nothing
    v = (d11 * d20 - d01 * d21) / safe
    w = (d00 * d21 - d01 * d20) / safe
    return np.stack([1 - v - w, v, w], axis=2)


def model_like(
    xy: np.ndarray,
    depth: np.ndarray,
    height_px: float,
    fps: float,
    noise: NoiseSpec,
    rng: np.random.Generator,
) -> np.ndarray:
    """(T, 17, 3) float32 keypoints (x, y, score) a model might give for the true ``xy``."""
    n_frames = len(xy)
    hidden = hidden_mask(xy, depth, height_px)
    sigma = noise.jitter * height_px * np.where(hidden, HIDDEN_JITTER, 1.0)
    out = np.empty((n_frames, 17, 3), np.float64)
    out[..., :2] = xy + rng.normal(0.0, 1.0, size=xy.shape) * sigma[..., None]
    out[..., 2] = np.where(
        hidden,
        rng.uniform(*HIDDEN_SCORE, size=hidden.shape),
        rng.uniform(*VISIBLE_SCORE, size=hidden.shape),
    )
    for _ in range(rng.poisson(noise.dropouts_per_s * n_frames / fps)):
        start, length = int(rng.integers(0, n_frames)), int(rng.integers(1, 4))
        points = rng.choice(17, size=int(rng.integers(1, 3)), replace=False)
        frames = slice(start, min(start + length, n_frames))
        for k in points:
            out[frames, k, 2] = DROPOUT_SCORE
            out[frames, k, :2] += rng.normal(0.0, 0.05 * height_px, size=2)
    return out.astype(np.float32)

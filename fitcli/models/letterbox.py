"""Fit an image into a square model input without distorting it, and map points back."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Letterbox:
    """How an image was scaled and padded into a ``size`` x ``size`` square."""

    size: int
    scale: float  # model pixels per image pixel
    pad_x: float  # padding on the left, model pixels
    pad_y: float  # padding on the top, model pixels

    def to_image(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Model-input pixel coordinates -> original image pixel coordinates."""
        return (x - self.pad_x) / self.scale, (y - self.pad_y) / self.scale


def letterbox(rgb: np.ndarray, size: int) -> tuple[np.ndarray, Letterbox]:
    """Resize ``rgb`` so its longer side is ``size`` and pad it (black, centred) to a square."""
    import cv2

    h, w = rgb.shape[:2]
    scale = size / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    resized = cv2.resize(rgb, (nw, nh), interpolation=interp)
    out = np.zeros((size, size, 3), dtype=rgb.dtype)
    px, py = (size - nw) // 2, (size - nh) // 2
    out[py : py + nh, px : px + nw] = resized
    # exact scale per axis differs by rounding; use the mean of both for the inverse map
    sx, sy = nw / w, nh / h
    return out, Letterbox(size, (sx + sy) / 2, float(px), float(py))

"""The values that flow through fitcli: ``PoseFrame`` (one frame) and ``PoseTrack`` (a sequence).

Keypoints are always 17 COCO points in this order, as (x px, y px, score) in the pixels of the
image the model saw. Left and right are the person's own. A keypoint the model did not find has
score 0 and may have NaN coordinates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import DataError, InputFileError, UnknownNameError

KEYPOINT_NAMES: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
KP = {name: i for i, name in enumerate(KEYPOINT_NAMES)}
NUM_KEYPOINTS = len(KEYPOINT_NAMES)
# Pairs drawn as the skeleton (COCO limbs).
SKELETON: tuple[tuple[int, int], ...] = (
    (0, 1), (0, 2), (1, 3), (2, 4), (5, 6), (5, 7), (7, 9), (6, 8), (8, 10),
    (5, 11), (6, 12), (11, 12), (11, 13), (13, 15), (12, 14), (14, 16),
)  # fmt: skip
# Left/right swap, used for mirroring.
FLIP_INDEX: tuple[int, ...] = (0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15)

FORMATS = ("csv", "json", "parquet")
_JSON_FORMAT_TAG = "fitcli.posetrack"
_JSON_VERSION = 1


def check_keypoints(keypoints: np.ndarray, what: str = "keypoints") -> np.ndarray:
    """Return ``keypoints`` as float32 (17, 3), or raise naming the expected and actual shapes."""
    arr = np.asarray(keypoints, dtype=np.float32)
    if arr.shape != (NUM_KEYPOINTS, 3):
        raise DataError(f"{what} must have shape (17, 3), got {arr.shape}")
    return arr


@dataclass(frozen=True)
class PoseFrame:
    """One frame's pose: where it came from in time and the 17 keypoints found in it."""

    index: int
    time_s: float
    keypoints: np.ndarray
    image_size: tuple[int, int]  # (width, height) of the image the keypoints refer to

    def __post_init__(self) -> None:
        kp = check_keypoints(self.keypoints, f"PoseFrame {self.index} keypoints")
        kp.setflags(write=False)
        object.__setattr__(self, "keypoints", kp)
        object.__setattr__(self, "time_s", float(self.time_s))
        w, h = self.image_size
        if w <= 0 or h <= 0:
            raise DataError(f"PoseFrame {self.index} image_size must be positive, got {self.image_size}")

    @property
    def score(self) -> float:
        """Mean keypoint score: how sure the model is that this is a person."""
        return float(np.mean(self.keypoints[:, 2]))


@dataclass
class PoseTrack:
    """A sequence of poses as one (T, 17, 3) array plus per-frame indices and timestamps."""

    keypoints: np.ndarray
    times: np.ndarray
    frames: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.keypoints = np.asarray(self.keypoints, dtype=np.float32).reshape(-1, NUM_KEYPOINTS, 3)
        self.times = np.asarray(self.times, dtype=np.float64).reshape(-1)
        self.frames = np.asarray(self.frames, dtype=np.int64).reshape(-1)
        n = len(self.keypoints)
        if len(self.times) != n or len(self.frames) != n:
            raise DataError(
                f"PoseTrack arrays disagree: {n} keypoint rows, {len(self.times)} times, "
                f"{len(self.frames)} frame indices"
            )

    def __len__(self) -> int:
        return len(self.keypoints)

    @classmethod
    def from_frames(cls, frames: Iterable[PoseFrame], meta: dict[str, Any] | None = None) -> PoseTrack:
        items = list(frames)
        meta = dict(meta or {})
        if items:
            meta.setdefault("width", items[0].image_size[0])
            meta.setdefault("height", items[0].image_size[1])
        kps = np.stack([f.keypoints for f in items]) if items else np.zeros((0, NUM_KEYPOINTS, 3), np.float32)
        return cls(kps, np.array([f.time_s for f in items]), np.array([f.index for f in items]), meta)

    def iter_frames(self) -> Iterable[PoseFrame]:
        size = (int(self.meta.get("width", 1)), int(self.meta.get("height", 1)))
        for i in range(len(self)):
            yield PoseFrame(int(self.frames[i]), float(self.times[i]), self.keypoints[i], size)

    # ---- tables -------------------------------------------------------------------------------
    @staticmethod
    def columns() -> list[str]:
        cols = ["frame", "time_s"]
        for name in KEYPOINT_NAMES:
            cols += [f"{name}_x", f"{name}_y", f"{name}_score"]
        return cols

    def to_dataframe(self) -> Any:
        import pandas as pd

        flat = self.keypoints.reshape(len(self), -1).astype(np.float64)
        df = pd.DataFrame(flat, columns=self.columns()[2:])
        df.insert(0, "time_s", self.times)
        df.insert(0, "frame", self.frames)
        return df

    @classmethod
    def from_dataframe(cls, df: Any, meta: dict[str, Any] | None = None, source: str = "table") -> PoseTrack:
        missing = [c for c in cls.columns() if c not in df.columns]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            raise DataError(f"{source}: missing keypoint columns {shown}")
        kps = df[cls.columns()[2:]].to_numpy(dtype=np.float64).reshape(-1, NUM_KEYPOINTS, 3)
        return cls(kps, df["time_s"].to_numpy(), df["frame"].to_numpy(), dict(meta or {}))

    # ---- files --------------------------------------------------------------------------------
    def save(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the track as CSV, JSON or Parquet (from ``fmt`` or the file's suffix), atomically."""
        path = Path(path)
        fmt = _format_of(path, fmt)
        with atomic_path(path) as tmp:
            if fmt == "csv":
                self.to_dataframe().to_csv(tmp, index=False)
            elif fmt == "json":
                tmp.write_text(json.dumps(self.to_json_dict()))
            else:
                self._write_parquet(tmp)
        return path

    def to_json_dict(self) -> dict[str, Any]:
        frames = []
        for i in range(len(self)):
            kp = [[_num(v) for v in row] for row in self.keypoints[i].astype(np.float64)]
            frames.append({"frame": int(self.frames[i]), "time_s": float(self.times[i]), "keypoints": kp})
        return {
            "format": _JSON_FORMAT_TAG,
            "version": _JSON_VERSION,
            "meta": self.meta,
            "keypoint_names": list(KEYPOINT_NAMES),
            "frames": frames,
        }

    def _write_parquet(self, tmp: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.to_dataframe(), preserve_index=False)
        table = table.replace_schema_metadata({b"fitcli": json.dumps(self.meta).encode()})
        pq.write_table(table, tmp)

    @classmethod
    def load(cls, path: str | Path, fmt: str | None = None) -> PoseTrack:
        """Read a track written by ``save`` (or by ``fitcli export``)."""
        path = Path(path)
        if not path.is_file():
            raise InputFileError(f"keypoint file not found: {path}", "check the path")
        fmt = _format_of(path, fmt)
        try:
            if fmt == "csv":
                import pandas as pd

                # round_trip: pandas' default float parser is not exact for float64 (times)
                df = pd.read_csv(path, float_precision="round_trip")
                return cls.from_dataframe(df, {"source": str(path)}, str(path))
            if fmt == "json":
                return cls._from_json(json.loads(path.read_text()), path)
            return cls._read_parquet(path)
        except (ValueError, OSError, KeyError, TypeError) as exc:
            raise DataError(f"{path}: not a readable {fmt} keypoint file ({exc})") from exc

    @classmethod
    def _from_json(cls, data: dict[str, Any], path: Path) -> PoseTrack:
        if not isinstance(data, dict) or data.get("format") != _JSON_FORMAT_TAG:
            raise DataError(f"{path}: not a fitcli keypoint JSON file (no 'format': '{_JSON_FORMAT_TAG}')")
        names = data.get("keypoint_names")
        if names != list(KEYPOINT_NAMES):
            raise DataError(f"{path}: keypoint names do not match the 17 COCO keypoints")
        frames = data["frames"]
        kps = np.array(
            [[[np.nan if v is None else v for v in row] for row in f["keypoints"]] for f in frames],
            dtype=np.float64,
        ).reshape(-1, NUM_KEYPOINTS, 3)
        times = np.array([f["time_s"] for f in frames], dtype=np.float64)
        indices = np.array([f["frame"] for f in frames], dtype=np.int64)
        return cls(kps, times, indices, dict(data.get("meta", {})))

    @classmethod
    def _read_parquet(cls, path: Path) -> PoseTrack:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        raw = (table.schema.metadata or {}).get(b"fitcli")
        meta = json.loads(raw) if raw else {"source": str(path)}
        return cls.from_dataframe(table.to_pandas(), meta, str(path))


def _num(v: float) -> float | None:
    return None if np.isnan(v) else float(v)


def _format_of(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UnknownNameError(
            f"unknown keypoint format '{fmt}' for {path}", f"use one of: {', '.join(FORMATS)}"
        )
    return fmt

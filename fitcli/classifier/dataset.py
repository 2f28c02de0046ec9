"""The pose dataset: a CSV with one labelled keypoint row per line.

Columns: ``label``, ``source`` (the video or camera the row came from; the unit of the train/test
split), ``time_s`` (seconds into the source), ``frame``, ``model`` (the pose model), then x, y and
score of the 17 COCO keypoints (``nose_x``, ``nose_y``, ``nose_score``, ...), the same names as
``fitcli export`` writes. Several files can be read as one dataset.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path, check_output_file
from fitcli.errors import DataError, InputFileError
from fitcli.pose import KEYPOINT_NAMES, NUM_KEYPOINTS

log = logging.getLogger(__name__)

META_COLUMNS: tuple[str, ...] = ("label", "source", "time_s", "frame", "model")
KEYPOINT_COLUMNS: tuple[str, ...] = tuple(f"{n}_{c}" for n in KEYPOINT_NAMES for c in ("x", "y", "score"))
COLUMNS: tuple[str, ...] = META_COLUMNS + KEYPOINT_COLUMNS


@dataclass
class Dataset:
    """Labelled keypoint rows as parallel arrays; ``keypoints`` is (N, 17, 3) x px, y px, score."""

    keypoints: np.ndarray
    labels: np.ndarray
    sources: np.ndarray
    times: np.ndarray
    frames: np.ndarray
    models: np.ndarray

    def __post_init__(self) -> None:
        self.keypoints = np.asarray(self.keypoints, dtype=np.float32).reshape(-1, NUM_KEYPOINTS, 3)
        n = len(self.keypoints)
        self.labels = np.asarray(self.labels, dtype=object).reshape(-1)
        self.sources = np.asarray(self.sources, dtype=object).reshape(-1)
        self.times = np.asarray(self.times, dtype=np.float64).reshape(-1)
        self.frames = np.asarray(self.frames, dtype=np.int64).reshape(-1)
        self.models = np.asarray(self.models, dtype=object).reshape(-1)
        sizes = {len(a) for a in (self.labels, self.sources, self.times, self.frames, self.models)}
        if sizes != {n}:
            raise DataError(f"dataset arrays disagree in length: {n} keypoint rows, other columns {sizes}")

    def __len__(self) -> int:
        return len(self.keypoints)

    @property
    def label_names(self) -> list[str]:
        return sorted({str(x) for x in self.labels})

    @property
    def source_names(self) -> list[str]:
        return sorted({str(x) for x in self.sources})

    def subset(self, mask: np.ndarray) -> Dataset:
        return Dataset(
            self.keypoints[mask],
            self.labels[mask],
            self.sources[mask],
            self.times[mask],
            self.frames[mask],
            self.models[mask],
        )

    @classmethod
    def empty(cls) -> Dataset:
        e = np.zeros(0)
        return cls(np.zeros((0, NUM_KEYPOINTS, 3)), e, e, e, e, e)

    @classmethod
    def concat(cls, parts: Sequence[Dataset]) -> Dataset:
        if not parts:
            return cls.empty()
        return cls(
            np.concatenate([p.keypoints for p in parts]),
            np.concatenate([p.labels for p in parts]),
            np.concatenate([p.sources for p in parts]),
            np.concatenate([p.times for p in parts]),
            np.concatenate([p.frames for p in parts]),
            np.concatenate([p.models for p in parts]),
        )

    def to_dataframe(self) -> Any:
        import pandas as pd

        df = pd.DataFrame(self.keypoints.reshape(len(self), -1).astype(np.float64), columns=KEYPOINT_COLUMNS)
        meta = {
            "label": self.labels,
            "source": self.sources,
            "time_s": self.times,
            "frame": self.frames,
            "model": self.models,
        }
        for i, (name, values) in enumerate(meta.items()):
            df.insert(i, name, values)
        return df


def check_columns(columns: Sequence[str], path: str | Path) -> None:
    """Raise a ``DataError`` naming what is wrong when ``columns`` are not a dataset's columns."""
    have = set(columns)
    missing_meta = [c for c in META_COLUMNS if c not in have]
    if missing_meta:
        raise DataError(
            f"{path}: missing columns {', '.join(missing_meta)}",
            f"a pose dataset has {', '.join(META_COLUMNS)} and 51 keypoint columns (make it with fitcli collect)",
        )
    missing_kp = [c for c in KEYPOINT_COLUMNS if c not in have]
    if missing_kp:
        extra = sorted(c for c in have - set(COLUMNS) if c.endswith(("_x", "_y", "_score")))
        found = f"; found {', '.join(extra[:4])}{' ...' if len(extra) > 4 else ''}" if extra else ""
        raise DataError(
            f"{path}: keypoint columns do not match the 17 COCO keypoints "
            f"(missing {', '.join(missing_kp[:3])}{' ...' if len(missing_kp) > 3 else ''}{found})",
            "expected nose_x, nose_y, nose_score, left_eye_x, ... as fitcli collect writes",
        )


def read_dataset(path: str | Path) -> Dataset:
    """Read and validate one dataset CSV (an empty file or one with no rows is an error)."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"dataset not found: {path}", "check the path, or make one with fitcli collect")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the dataset is empty", "add rows with fitcli collect")
    try:
        df = pd.read_csv(path, dtype={"label": str, "source": str, "model": str}, keep_default_na=False)
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from exc
    check_columns([str(c) for c in df.columns], path)
    if len(df) == 0:
        raise DataError(f"{path}: the dataset has a header but no rows", "add rows with fitcli collect")
    bad_label = np.flatnonzero(df["label"].astype(str).str.strip() == "")
    if len(bad_label):
        raise DataError(f"{path}: row {bad_label[0] + 2} has no label")
    try:
        kps = df[list(KEYPOINT_COLUMNS)].apply(pd.to_numeric, errors="raise").to_numpy(np.float64)
        times = pd.to_numeric(df["time_s"], errors="raise").to_numpy(np.float64)
        frames_f = pd.to_numeric(df["frame"], errors="raise").to_numpy(np.float64)
    except (ValueError, TypeError) as exc:
        raise DataError(f"{path}: a keypoint, time_s or frame value is not a number ({exc})") from exc
    _check_complete(path, np.column_stack([kps, times, frames_f]))
    frames = frames_f.astype(np.int64)  # finite now: a cast of NaN would be garbage
    return Dataset(kps, df["label"].str.strip(), df["source"], times, frames, df["model"])


def _check_complete(path: Path, values: np.ndarray) -> None:
    """Refuse rows with empty or non-finite numbers: a short (ragged) row reads as empty cells."""
    bad = ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad.any(axis=1))[0])
        raise DataError(
            f"{path}: row {row + 2} has {int(bad[row].sum())} empty or non-finite values (a short or damaged row?)",
            "every row needs all 51 keypoint values, time_s and frame, as fitcli collect writes",
        )


def check_appendable(path: str | Path) -> bool:
    """Fail now if rows can never be appended to ``path``; return whether it already has rows.

    ``path`` must be writable (not a folder, no file for a parent, not read-only) and, when it
    exists, start with the header fitcli writes.
    """
    path = check_output_file(path, "dataset")
    exists = path.is_file() and path.stat().st_size > 0
    if exists:
        try:
            with path.open(encoding="utf-8", newline="") as f:
                header = f.readline().rstrip("\r\n").split(",")
        except UnicodeDecodeError:
            raise DataError(f"{path} is not UTF-8 text, so not a fitcli dataset", "use a new file") from None
        except OSError as exc:
            raise InputFileError(f"cannot read dataset {path}: {exc.strerror}") from None
        if header != list(COLUMNS):
            check_columns(header, path)
            raise DataError(f"{path}: its columns are in another order than fitcli writes", "use a new file")
    return exists


def read_datasets(paths: Sequence[str | Path]) -> Dataset:
    """Read several dataset files as one."""
    if not paths:
        raise DataError("no dataset file given")
    return Dataset.concat([read_dataset(p) for p in paths])


def append_rows(path: str | Path, rows: Dataset) -> Path:
    """Append ``rows`` to the dataset at ``path`` (created if absent), atomically.

    The existing file is copied to a temporary file beside it, the new rows are added and the
    temporary file replaces the original: an interrupted run leaves the old file as it was.
    """
    path = Path(path)
    exists = check_appendable(path)
    with atomic_path(path) as tmp, tmp.open("w", newline="") as out:
        if exists:
            with path.open(newline="") as src:
                shutil.copyfileobj(src, out)
            if path.read_bytes()[-1:] not in (b"\n", b""):
                out.write("\n")
        rows.to_dataframe().to_csv(
            out, header=not exists, index=False, float_format="%.4f", lineterminator="\n"
        )
    log.info("appended %d rows to %s", len(rows), path)
    return path

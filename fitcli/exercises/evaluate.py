"""Rep-count accuracy on a manifest of videos with true counts: ``fitcli eval reps``.

Measures as in RepNet, TransRAC and PoseRAC: MAE = mean of |predicted - true| / true, OBO = share of
videos with |predicted - true| <= 1. The manifest's exercise is the one counted (no picking the best
exercise after the fact).
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.errors import DataError, InputFileError
from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.video import count_video

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = ("file", "exercise", "reps")


@dataclass(frozen=True)
class ManifestRow:
    video: Path
    exercise: str
    reps: int


@dataclass(frozen=True)
class VideoScore:
    file: str
    exercise: str
    true: int
    predicted: int
    person_share: float
    confidence: float | None = None  # the rhythm's backing of the count (CountResult.confidence)

    @property
    def error(self) -> int:
        return self.predicted - self.true

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "exercise": self.exercise, "true": self.true,
                "predicted": self.predicted, "error": self.error, "person_share": round(self.person_share, 3),
                "confidence": None if self.confidence is None else round(self.confidence, 3)}  # fmt: skip


@dataclass(frozen=True)
class RepEvalReport:
    manifest: str
    model: str
    videos: tuple[VideoScore, ...]

    @property
    def mae(self) -> float:
        return sum(abs(v.error) / v.true for v in self.videos) / len(self.videos) if self.videos else 0.0

    @property
    def obo(self) -> float:
        return sum(abs(v.error) <= 1 for v in self.videos) / len(self.videos) if self.videos else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"manifest": self.manifest, "model": self.model, "mae": round(self.mae, 4),
                "obo": round(self.obo, 4), "videos": [v.as_dict() for v in self.videos]}  # fmt: skip


def read_manifest(path: Path) -> list[ManifestRow]:
    """Rows of a manifest CSV (columns file, exercise, reps; paths relative to its folder)."""
    path = Path(path)
    if path.is_dir():
        inside = path / "manifest.csv"
        hint = f"did you mean {inside}?" if inside.is_file() else "give the manifest CSV file, not a folder"
        raise InputFileError(f"{path} is a folder, not a manifest", hint)
    if not path.is_file():
        raise InputFileError(f"manifest not found: {path}", "give a CSV with columns file, exercise, reps")
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = _manifest_rows(path, csv.DictReader(fh))
    except UnicodeDecodeError:
        raise DataError(f"manifest {path} is not UTF-8 text", "save it as a UTF-8 CSV") from None
    except csv.Error as exc:
        raise DataError(f"manifest {path}: not a readable CSV file ({exc})") from None
    if not rows:
        raise DataError(f"{path}: no videos listed")
    return rows


def _manifest_rows(path: Path, reader: csv.DictReader[str]) -> list[ManifestRow]:
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError(
            f"manifest {path}: missing column(s) {', '.join(missing)}", "columns: file, exercise, reps"
        )
    rows = []
    for line, row in enumerate(reader, start=2):
        if any(row.get(c) is None for c in REQUIRED_COLUMNS):
            raise DataError(
                f"manifest {path} line {line}: fewer cells than the header",
                "every row needs file, exercise, reps",
            )
        try:
            reps = int(row["reps"])
        except ValueError:
            raise DataError(
                f"manifest {path} line {line}: reps {row['reps']!r} is not a whole number"
            ) from None
        if reps < 1:
            raise DataError(f"manifest {path} line {line}: reps must be 1 or more, got {reps}")
        get_exercise(row["exercise"])  # an unknown exercise fails before any model runs
        rows.append(ManifestRow(path.parent / row["file"], row["exercise"], reps))
    return rows


def evaluate_reps(
    manifest: Path,
    model: str | None = None,
    cache_dir: Path | None = None,
    on_video: Callable[[int, int, str], None] | None = None,
) -> RepEvalReport:
    """Count every manifest video with its listed exercise and compare with the true counts.

    Keypoints come from ``cache_dir`` when cached there (``<stem>.<model>.npz``), else the model runs
    and the track is saved there. ``on_video(i, n, file)`` is called before each video.
    """
    from fitcli.models.registry import default_model_name, get_spec

    rows = read_manifest(manifest)
    name = model or default_model_name()
    get_spec(name)
    scores = []
    for i, row in enumerate(rows):
        if on_video:
            on_video(i, len(rows), row.video.name)
        result = count_video(row.video, row.exercise, name, cache_dir)
        scores.append(
            VideoScore(
                row.video.name, row.exercise, row.reps, result.reps, result.person_share, result.confidence
            )
        )
    return RepEvalReport(str(manifest), name, tuple(scores))

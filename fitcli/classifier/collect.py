"""Collect labelled keypoint rows from videos and cameras (the study's rules by default).

A frame is kept when at least ``interval_s`` has passed since the last kept row of the same
segment and every one of the 17 keypoints has a score >= ``min_score`` (the study kept one row
every 0.4 s, only when all keypoints were found with score >= 0.7). Frames outside the segment's
time range are skipped before the pose model runs. A segments file (``video,start,end,label``)
labels many stretches of one or more videos in one go; each video is read once.
"""

from __future__ import annotations

import csv
import itertools
import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.classifier.dataset import Dataset, append_rows
from fitcli.errors import DataError, InputFileError, UsageError
from fitcli.pose import KEYPOINT_NAMES, PoseFrame

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 0.4  # the study: one row every 0.4 s
DEFAULT_MIN_SCORE = 0.7  # the study: every keypoint found with score >= 0.7


@dataclass(frozen=True)
class Segment:
    """A stretch of one source with one label; ``end_s`` None means to the end."""

    source: str
    label: str
    start_s: float = 0.0
    end_s: float | None = None

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise UsageError(
                f"empty label {self.label!r} for {self.source}", "give a label name such as standing"
            )
        finite = math.isfinite(self.start_s) and (self.end_s is None or math.isfinite(self.end_s))
        if not finite or self.start_s < 0 or (self.end_s is not None and self.end_s <= self.start_s):
            raise UsageError(
                f"bad time range {self.start_s:g}-{'end' if self.end_s is None else f'{self.end_s:g}'} s "
                f"for {self.source}",
                "give --start-at and --stop-at as seconds with 0 <= start < stop (leave out --stop-at for the end)",
            )

    def contains(self, t: float) -> bool:
        return t >= self.start_s and (self.end_s is None or t <= self.end_s)


@dataclass
class SegmentReport:
    """What happened to the frames of one segment."""

    segment: Segment
    frames: int = 0  # frames inside the time range that the model saw
    kept: int = 0
    skipped_interval: int = 0  # too soon after the last kept row
    skipped_low_score: int = 0  # some keypoint below min_score
    weakest: Counter[str] = field(default_factory=Counter)  # the lowest keypoint of each low frame

    def why_low(self, top: int = 2) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.weakest.most_common(top))


def select_rows(
    poses: Iterable[PoseFrame], segment: Segment, interval_s: float, min_score: float
) -> tuple[list[PoseFrame], SegmentReport]:
    """The poses of ``segment`` that the rules keep, and the counts of those skipped and why."""
    report = SegmentReport(segment)
    kept: list[PoseFrame] = []
    last = -math.inf
    for pose in poses:
        if not segment.contains(pose.time_s):
            continue
        report.frames += 1
        if pose.time_s - last < interval_s - 1e-9:
            report.skipped_interval += 1
            continue
        scores = np.nan_to_num(pose.keypoints[:, 2], nan=0.0)
        if scores.min() < min_score:
            report.skipped_low_score += 1
            report.weakest[KEYPOINT_NAMES[int(np.argmin(scores))]] += 1
            continue
        kept.append(pose)
        last = pose.time_s
    report.kept = len(kept)
    return kept, report


def read_segments(path: str | Path) -> list[Segment]:
    """Rows ``video,start,end,label`` (a header line is required; ``end`` may be empty)."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"segments file not found: {path}", "check the path")
    try:
        return _read_segments(path)
    except UnicodeDecodeError:
        raise DataError(f"{path} is not UTF-8 text", "save the segments file as UTF-8 CSV") from None
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None


def _read_segments(path: Path) -> list[Segment]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("video", "start", "end", "label") if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(
                f"{path}: missing columns {', '.join(missing)}", "the header is video,start,end,label"
            )
        segments = []
        for line, row in enumerate(reader, start=2):
            try:
                end = float(row["end"]) if row["end"].strip() else None
                video = Path(row["video"].strip())
                if not video.is_absolute() and not video.exists():
                    video = path.parent / video  # relative to the segments file
                segments.append(Segment(str(video), row["label"].strip(), float(row["start"] or 0), end))
            except (ValueError, AttributeError) as exc:
                raise DataError(f"{path}: line {line} is not video,start,end,label ({exc})") from exc
            except UsageError as exc:
                raise DataError(f"{path}: line {line}: {exc}") from exc
    if not segments:
        raise DataError(f"{path}: no segments", "add rows video,start,end,label")
    return segments


Backend = Callable[[np.ndarray], np.ndarray]


def _frames_in_range(source: Any, start_s: float, end_s: float | None) -> Iterator[Any]:
    frames = (f for f in source if f.time_s >= start_s)
    if end_s is None:
        return frames
    return itertools.takewhile(lambda f: f.time_s <= end_s, frames)


def _poses(spec: str, segments: Sequence[Segment], backend: Backend) -> Iterator[PoseFrame]:
    """Poses of the frames of ``spec`` that lie in any of ``segments`` (read once)."""
    from fitcli.pipelines.run import estimate_poses
    from fitcli.pipelines.sources import open_source

    source = open_source(spec)
    start = min(s.start_s for s in segments)
    end = None if any(s.end_s is None for s in segments) else max(s.end_s or 0 for s in segments)
    reset = getattr(backend, "reset", None)
    if reset is not None:
        reset()
    camera = getattr(getattr(source, "info", None), "kind", "") == "camera"
    try:
        yield from estimate_poses(_frames_in_range(source, start, end), backend)
    except KeyboardInterrupt:
        if not camera:
            raise
        log.info("camera %s stopped by the user", spec)


def source_name(spec: str, when: datetime | None = None) -> str:
    """The ``source`` column: the path as given; a camera gets the start time (one camera session
    is one source for the train/test split)."""
    if spec.isdigit() or spec.startswith("/dev/video"):
        stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        return f"camera:{spec}@{stamp}"
    return spec


def check_settings(interval_s: float, min_score: float) -> None:
    """``UsageError`` unless 0 <= interval (finite) and 0 <= min-score <= 1."""
    if not (math.isfinite(interval_s) and interval_s >= 0):
        raise UsageError(f"--interval {interval_s:g} is not a number of seconds >= 0", "e.g. --interval 0.4")
    if not 0 <= min_score <= 1:  # NaN fails this too
        raise UsageError(f"--min-score {min_score:g} is outside 0-1", "e.g. --min-score 0.7")


def collect(
    segments: Sequence[Segment],
    out: str | Path,
    backend: Backend,
    model_name: str,
    interval_s: float = DEFAULT_INTERVAL_S,
    min_score: float = DEFAULT_MIN_SCORE,
) -> list[SegmentReport]:
    """Run ``backend`` over the segments' sources, keep rows by the rules, append them to ``out``.

    Nothing is written until every source has been read, and then in one atomic step.
    """
    check_settings(interval_s, min_score)
    by_source: dict[str, list[Segment]] = {}
    for seg in segments:
        by_source.setdefault(seg.source, []).append(seg)
    parts, reports = [], []
    for spec, segs in by_source.items():
        poses = list(_poses(spec, segs, backend))
        name = source_name(spec)
        for seg in segs:
            kept, report = select_rows(poses, seg, interval_s, min_score)
            reports.append(report)
            parts.append(_rows(kept, seg.label, name, model_name))
    rows = Dataset.concat(parts)
    if len(rows):
        append_rows(out, rows)
    return reports


def _rows(poses: Sequence[PoseFrame], label: str, source: str, model: str) -> Dataset:
    if not poses:
        return Dataset.empty()
    n = len(poses)
    return Dataset(
        np.stack([p.keypoints for p in poses]),
        np.array([label] * n, dtype=object),
        np.array([source] * n, dtype=object),
        np.array([p.time_s for p in poses]),
        np.array([p.index for p in poses]),
        np.array([model] * n, dtype=object),
    )

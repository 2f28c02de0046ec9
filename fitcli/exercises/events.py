"""What a rep counter reports: one ``RepEvent`` per repetition and a ``CountResult`` per clip or session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fitcli.errors import DataError
from fitcli.met.records import RepRecord


@dataclass(frozen=True)
class RepEvent:
    """One complete repetition; times in seconds on the source's clock.

    ``turn_s`` is the far position (bottom of a squat, top of a curl, contact of a clap); ``rom`` is
    the range of motion in the counter's signal units (degrees or body-size-normalised distance);
    ``confidence`` (0-1) is the mean keypoint score of the keypoints the counter relied on.
    """

    index: int
    start_s: float
    turn_s: float
    end_s: float
    rom: float | None  # None when the counter has no range of motion (a classifier's class)
    confidence: float

    def __post_init__(self) -> None:
        if self.index < 1:
            raise DataError(f"rep index must be 1 or more, got {self.index}")
        if not self.start_s <= self.turn_s <= self.end_s:
            raise DataError(
                f"rep {self.index}: times must satisfy start <= turn <= end, "
                f"got {self.start_s}, {self.turn_s}, {self.end_s}"
            )

    @property
    def duration(self) -> float:
        """Seconds from leaving the rest position to being back in it."""
        return self.end_s - self.start_s

    def to_record(self) -> RepRecord:
        """The journal's per-rep record (``fitcli.met.records.RepRecord``)."""
        return RepRecord(self.index, self.start_s, self.turn_s, self.end_s, self.rom, self.confidence)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 3),
            "turn_s": round(self.turn_s, 3),
            "end_s": round(self.end_s, 3),
            "duration": round(self.duration, 3),
            "rom": None if self.rom is None else round(self.rom, 4),
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True)
class CountResult:
    """Everything one counting run found: the reps and how much of the clip it could see."""

    exercise: str
    events: tuple[RepEvent, ...]
    active_s: float  # time spent in reps, pauses longer than PAUSE_S between reps left out
    frames: int
    person_share: float  # share of frames (0-1) in which a person was found
    warnings: tuple[str, ...] = field(default=())
    view: str | None = None  # the camera view the counter saw: front (or rear), oblique or side

    @property
    def reps(self) -> int:
        return len(self.events)

    def records(self) -> tuple[RepRecord, ...]:
        return tuple(e.to_record() for e in self.events)

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "reps": self.reps,
            "active_s": round(self.active_s, 3),
            "frames": self.frames,
            "person_share": round(self.person_share, 4),
            "view": self.view,
            "warnings": list(self.warnings),
            "events": [e.as_dict() for e in self.events],
        }


# A gap between reps longer than this is a pause, not active time (seconds; a judgement call:
# the slowest clean reps in the real clips take about 4 s, see ../shared/data/videos/manifest.csv).
PAUSE_S = 5.0


def active_seconds(events: tuple[RepEvent, ...] | list[RepEvent], pause_s: float = PAUSE_S) -> float:
    """Time in reps plus the short gaps between them; gaps longer than ``pause_s`` are rest."""
    total = 0.0
    prev_end: float | None = None
    for e in events:
        total += e.duration
        if prev_end is not None and 0 < e.start_s - prev_end <= pause_s:
            total += e.start_s - prev_end
        prev_end = e.end_s
    return total

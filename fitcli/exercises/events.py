"""What a counter reports: one ``fitcli.rep.Rep`` per repetition and a ``CountResult`` per clip or session."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fitcli.rep import Rep


@dataclass(frozen=True)
class CountResult:
    """Everything one counting run found: the reps and how much of the clip it could see."""

    exercise: str
    events: tuple[Rep, ...]
    active_s: float  # time spent in reps, pauses longer than PAUSE_S between reps left out
    frames: int
    person_share: float  # share of frames (0-1) in which a person was found
    warnings: tuple[str, ...] = field(default=())
    view: str | None = None  # the camera view the counter saw: front (or rear), oblique or side
    # 0-1: how far the rhythm of the motion backs the count (``fitcli.exercises.periodicity``); a
    # "review this" hint, not a probability. None when not judged (hands-only claps).
    confidence: float | None = None
    rhythm: dict[str, Any] | None = None  # the rhythm report: period_s, strength, flags
    # A timed hold (``fitcli.exercises.hold``): the seconds held in the posture; ``events`` are then
    # the holds, one ``Rep`` each. None for repetitions.
    held_s: float | None = None

    @property
    def is_hold(self) -> bool:
        return self.held_s is not None

    @property
    def reps(self) -> int:
        return len(self.events)

    def as_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "reps": self.reps,
            "active_s": round(self.active_s, 3),
            "frames": self.frames,
            "person_share": round(self.person_share, 4),
            "view": self.view,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "rhythm": self.rhythm,
            **({} if self.held_s is None else {"held_s": round(self.held_s, 3)}),
            "warnings": list(self.warnings),
            "events": [e.as_dict() for e in self.events],
        }


# A gap between reps longer than this is a pause, not active time (seconds; a judgement call:
# the slowest clean reps in the real clips take about 4 s, see ../shared/data/videos/manifest.csv).
PAUSE_S = 5.0


def active_seconds(events: tuple[Rep, ...] | list[Rep], pause_s: float = PAUSE_S) -> float:
    """Time in reps plus the short gaps between them; gaps longer than ``pause_s`` are rest."""
    total = 0.0
    prev_end: float | None = None
    for e in events:
        total += e.duration
        if prev_end is not None and 0 < e.start_s - prev_end <= pause_s:
            total += e.start_s - prev_end
        prev_end = e.end_s
    return total

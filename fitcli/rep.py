"""``Rep``: one repetition, the one type every stage shares, from the counter to the journal.

Counters (rule-based, classifier-driven, hands-only claps) report ``Rep``s, ``CountResult`` carries
them, the journal stores them with each session, and the generator's planned reps are ``Rep``s too.
Times are seconds on the source's clock (from the session start in the journal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fitcli.errors import DataError


@dataclass(frozen=True)
class Rep:
    """One complete repetition.

    ``turn_s`` is the far position (bottom of a squat, top of a curl, contact of a clap); ``rom`` is
    the range of motion in the counter's signal units (body lengths; None when the counter has no
    range, such as a classifier's class); ``confidence`` (0-1) is the mean keypoint score of the
    keypoints the counter relied on (a classifier's peak probability), None when unknown.
    """

    index: int
    start_s: float
    turn_s: float
    end_s: float
    rom: float | None = None
    confidence: float | None = None

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 3),
            "turn_s": round(self.turn_s, 3),
            "end_s": round(self.end_s, 3),
            "duration": round(self.duration, 3),
            "rom": None if self.rom is None else round(self.rom, 4),
            "confidence": None if self.confidence is None else round(self.confidence, 3),
        }

"""``Rep``: one repetition, the one type every stage shares, from the counter to the journal.

Counters (rule-based, classifier-driven, hands-only claps) report ``Rep``s, ``CountResult`` carries
them, the journal stores them with each session, and the generator's planned reps are ``Rep``s too.
Times are seconds on the source's clock (from the session start in the journal).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fitcli.errors import DataError


@dataclass(frozen=True)
class RepForm:
    """How one rep was done (``fitcli.exercises.form``): tempo, measured form facts and their flags.

    ``out_s`` is the time from the rest position to the far one (down in a squat, up in a curl),
    ``back_s`` the way back; ``facts`` maps a check of the exercise's standard (depth, lockout, ...)
    to its value in the check's units (None: not judged, not seen or not judged from this view);
    ``uneven`` the left/right difference of a check where both sides were seen; ``flags`` name what
    was off; ``partial`` those of them that mean the rep did not meet the standard's range of motion.
    """

    out_s: float
    back_s: float
    facts: dict[str, float | None] = field(default_factory=dict)
    uneven: dict[str, float] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()
    view: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "out_s": self.out_s,
            "back_s": self.back_s,
            "facts": dict(self.facts),
            "uneven": dict(self.uneven),
            "flags": list(self.flags),
            "partial": list(self.partial),
            "view": self.view,
        }

    @classmethod
    def parse(cls, value: str | dict[str, Any] | None) -> RepForm | None:
        """A form as stored: None (not judged), ``as_dict``'s dict, or that dict as JSON text (the
        journal's reps table, exports)."""
        if value is None or value == "":
            return None
        data: Any = value
        if isinstance(value, str):
            try:
                data = json.loads(value)
            except json.JSONDecodeError as exc:
                raise DataError(f"a rep's form is not JSON ({exc.msg}): {value[:80]!r}") from None
        if not isinstance(data, dict):
            raise DataError(f"a rep's form is not a record: {data!r:.80}")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RepForm:
        try:
            return cls(
                float(data["out_s"]),
                float(data["back_s"]),
                {str(k): None if v is None else float(v) for k, v in dict(data.get("facts", {})).items()},
                {str(k): float(v) for k, v in dict(data.get("uneven", {})).items()},
                tuple(str(f) for f in data.get("flags", ())),
                tuple(str(f) for f in data.get("partial", ())),
                None if data.get("view") is None else str(data["view"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"a rep's form record is not readable ({exc}): {data!r:.120}") from None


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
    form: RepForm | None = None  # judged by ``fitcli.exercises.form`` (None: not judged)

    def __post_init__(self) -> None:
        if self.index < 1:
            raise DataError(f"rep index must be 1 or more, got {self.index}")
        if not self.start_s <= self.turn_s <= self.end_s:
            raise DataError(
                f"rep {self.index}: times must satisfy start <= turn <= end, "
                f"got {self.start_s}, {self.turn_s}, {self.end_s}"
            )

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Rep:
        """A rep from a dict of its fields (an export's or a recovery file's ``rep_records``); its
        ``form`` as ``RepForm.parse`` reads it, absent from records made before form was judged."""
        fields = dict(data)
        form = RepForm.parse(fields.pop("form", None))
        try:
            return cls(**fields, form=form)
        except TypeError as exc:
            raise DataError(f"a rep record is not readable ({exc}): {data!r:.120}") from None

    @property
    def duration(self) -> float:
        """Seconds from leaving the rest position to being back in it."""
        return self.end_s - self.start_s

    @property
    def partial(self) -> bool:
        """The rep was counted but did not meet the exercise's standard (too shallow, no lockout)."""
        return self.form is not None and bool(self.form.partial)

    def as_dict(self) -> dict[str, Any]:
        """One flat row: the rep's times and range, then its form (tempo, the standard's checks by
        name, ``uneven_<check>``, ``flags`` and ``partial``) when it was judged."""
        row = self._times_dict()
        if self.form is not None:
            f = self.form
            row |= {"out_s": round(f.out_s, 3), "back_s": round(f.back_s, 3)}
            row |= {k: None if v is None else round(v, 3) for k, v in f.facts.items()}
            row |= {f"uneven_{k}": round(v, 3) for k, v in f.uneven.items()}
            row |= {"partial": bool(f.partial), "flags": list(f.flags), "view": f.view}
        return row

    def _times_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": round(self.start_s, 3),
            "turn_s": round(self.turn_s, 3),
            "end_s": round(self.end_s, 3),
            "duration": round(self.duration, 3),
            "rom": None if self.rom is None else round(self.rom, 4),
            "confidence": None if self.confidence is None else round(self.confidence, 3),
        }

"""Plain values stored in the journal: sessions (with per-rep records), meals and profiles.

The exercise engine builds a :class:`SessionRecord` (see :func:`make_session`) and hands it to
``fitcli.met.journal.Journal(path).save_session(record)``.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field

from fitcli.errors import UsageError
from fitcli.met.calories import session_kcal
from fitcli.met.catalog import DEFAULT_EDITION, DEFAULT_EFFORT, MetFact, met_for_exercise
from fitcli.rep import Rep


@dataclass(frozen=True)
class SessionRecord:
    """One exercise session, as the study stored it (user, date, start, end, MET, reps, minutes, kcal)."""

    user: str
    exercise: str
    start: dt.datetime
    end: dt.datetime
    met_code: str
    met_edition: str
    met: float
    minutes: float
    kcal: float
    reps: int | None = None
    source: str | None = None
    model: str | None = None
    effort: str | None = None
    rep_records: tuple[Rep, ...] = ()
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # MET x 3.5 / the user's resting VO2 (Harris-Benedict RMR) when the profile was complete at save
    # time; intensity only, never used for kcal (see fitcli.met.intensity). Filled in by save_session.
    met_corrected: float | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UsageError(f"session end {self.end} is before its start {self.start}")
        if not 0 <= self.minutes <= 24 * 60:
            raise UsageError(f"{self.minutes} minutes is not a plausible session length", hint="use 0-1440")
        if self.reps is not None and self.reps < 0:
            raise UsageError(f"negative rep count {self.reps}")

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def person(self) -> int | None:
        """The person's id in the video when everyone in it was counted (``--people all``)."""
        _, sep, tail = (self.source or "").rpartition(PERSON_MARK)
        return int(tail) if sep and tail.isdigit() else None


# ``--people all`` stores one session per person, their source being the video's path followed by
# this mark and the person's id: the sessions table needs no new column (no schema change).
PERSON_MARK = "#person="


def person_source(video: str, person: int | None) -> str:
    """The journal source of a video's session: the path, and ``#person=ID`` for one of several."""
    return video if person is None else f"{video}{PERSON_MARK}{person}"


def validate_session(record: SessionRecord) -> SessionRecord:
    """Refuse a session ``fitcli log`` could not have made (imports, recovery files): a MET outside
    the plausible range, an unknown edition, negative or non-finite kcal, or kcal that no body
    weight of 20-300 kg gives for that MET and time. Raises ``UsageError``; returns ``record``."""
    from fitcli.met.calories import check_met, check_weight, session_kcal
    from fitcli.met.catalog import EDITIONS

    check_met(record.met)
    if record.met_edition not in EDITIONS:
        raise UsageError(
            f"unknown Compendium edition {record.met_edition!r}", hint=f"use {', '.join(EDITIONS)}"
        )
    if not math.isfinite(record.kcal) or record.kcal < 0:
        raise UsageError(f"session of {record.kcal:g} kcal is not plausible", hint="kcal cannot be negative")
    if record.met_corrected is not None and not 0 < record.met_corrected <= 100:
        raise UsageError(f"corrected MET {record.met_corrected:g} is not plausible")
    per_kg = session_kcal(record.met, 100.0, record.minutes * 60) / 100.0  # kcal per kg of body mass
    if per_kg == 0:
        if record.kcal > 0.01:
            raise UsageError(f"{record.kcal:g} kcal in a session of 0 minutes is not plausible")
        return record
    try:
        check_weight(round(record.kcal / per_kg, 6))
    except UsageError:
        raise UsageError(
            f"{record.kcal:g} kcal for {record.minutes:g} min at {record.met:g} MET is not plausible",
            hint="it needs a body weight outside 20-300 kg",
        ) from None
    return record


@dataclass(frozen=True)
class MealRecord:
    """Energy eaten (intake only; no food recognition)."""

    user: str
    day: dt.date
    kcal: float
    name: str | None = None
    time: dt.time | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __post_init__(self) -> None:
        if not 0 < self.kcal <= 10000:
            raise UsageError(f"meal of {self.kcal} kcal is not plausible", hint="give 1-10000 kcal")


@dataclass(frozen=True)
class Profile:
    """A user's body facts; weight is the latest entry of the weight history."""

    name: str
    weight_kg: float | None = None
    height_cm: float | None = None
    age: float | None = None
    sex: str | None = None


def make_session(
    user: str,
    exercise: str,
    start: dt.datetime,
    end: dt.datetime,
    weight_kg: float,
    *,
    active_seconds: float | None = None,
    reps: int | None = None,
    effort: str = DEFAULT_EFFORT,
    edition: str = DEFAULT_EDITION,
    fact: MetFact | None = None,
    source: str | None = None,
    model: str | None = None,
    rep_records: tuple[Rep, ...] = (),
) -> SessionRecord:
    """Build a session with MET from the built-in table (or ``fact``) and gross kcal over active time.

    ``active_seconds`` defaults to the wall time from ``start`` to ``end``.
    """
    fact = fact or met_for_exercise(exercise, effort=effort, edition=edition)
    seconds = (end - start).total_seconds() if active_seconds is None else active_seconds
    kcal = session_kcal(fact.met, weight_kg, seconds)
    return SessionRecord(
        user=user,
        exercise=exercise,
        start=start,
        end=end,
        met_code=fact.code,
        met_edition=fact.edition,
        met=fact.met,
        minutes=seconds / 60.0,
        kcal=kcal,
        reps=reps,
        source=source,
        model=model,
        effort=effort,
        rep_records=rep_records,
    )

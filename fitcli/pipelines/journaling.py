"""Store counted workouts in the journal: one ``SessionRecord`` per video or live session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fitcli.errors import InputFileError, UnknownNameError
from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.events import CountResult

# REFERENCE_WEIGHT_KG (70 kg, sourced in fitcli.met.calories): the weight used when there is no profile weight
from fitcli.met.calories import REFERENCE_WEIGHT_KG, session_kcal
from fitcli.met.journal import Journal
from fitcli.met.records import SessionRecord, make_session


@dataclass(frozen=True)
class Body:
    user: str
    weight_kg: float
    from_profile: bool


def body_of(journal: Journal, user: str | None) -> Body:
    """The user's name and weight from the profile; the reference weight when there is none."""
    name = journal.resolve_user(user)
    try:
        profile = journal.get_profile(name)
    except (UnknownNameError, InputFileError):  # no such user yet, or no journal file yet
        profile = None
    if profile is not None and profile.weight_kg:
        return Body(name, float(profile.weight_kg), True)
    return Body(name, REFERENCE_WEIGHT_KG, False)


def estimate_kcal(exercise: str, body: Body, active_s: float) -> float:
    """Gross kcal of ``active_s`` seconds of ``exercise`` (MET x 3.5 x kg / 200 per minute)."""
    return session_kcal(get_exercise(exercise).met().met, body.weight_kg, active_s)


def session_from_count(
    result: CountResult,
    body: Body,
    start: dt.datetime,
    end: dt.datetime,
    source: str,
    model: str,
) -> SessionRecord:
    """The journal record of one counted workout: active time, reps and per-rep records."""
    spec = get_exercise(result.exercise)
    return make_session(
        body.user,
        spec.name,
        start,
        end,
        body.weight_kg,
        active_seconds=min(result.active_s, (end - start).total_seconds()),
        reps=result.reps,
        fact=spec.met(),
        source=source,
        model=model,
        rep_records=result.records(),
    )

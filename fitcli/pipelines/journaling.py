"""Store counted workouts in the journal: one ``SessionRecord`` per video or live session."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fitcli.duckdb_import import duckdb
from fitcli.errors import FitcliError, InputFileError, JournalBusyError, SessionKeptError, UnknownNameError
from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.events import CountResult

# REFERENCE_WEIGHT_KG (70 kg, sourced in fitcli.met.calories): the weight used when there is no profile weight
from fitcli.met.calories import REFERENCE_WEIGHT_KG, session_kcal
from fitcli.met.catalog import MetFact
from fitcli.met.journal import Journal
from fitcli.met.records import SessionRecord, make_session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Body:
    user: str
    weight_kg: float
    from_profile: bool
    provisional: bool = False  # the journal was busy: read the profile again before saving


@dataclass
class SaveResult:
    """What became of counted sessions: stored (``ids``), or kept in ``recovery`` with ``error``."""

    ids: list[str] = field(default_factory=list)
    recovery: Path | None = None
    error: FitcliError | None = None


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


def estimate_kcal(exercise: str, body: Body, active_s: float, reps: int | None = None) -> float:
    """Gross kcal of ``active_s`` seconds of ``exercise`` (MET x 3.5 x kg / 200 per minute), at the
    effort of ``reps`` counted in them (``ExerciseSpec.counted_effort``; moderate without)."""
    spec = get_exercise(exercise)
    effort = spec.counted_effort(reps, active_s)[0] if reps is not None else "moderate"
    return session_kcal(spec.met(effort).met, body.weight_kg, active_s)


def met_of_count(result: CountResult) -> tuple[MetFact, str]:
    """The Compendium fact a counted set is logged at, and why that effort."""
    spec = get_exercise(result.exercise)
    effort, why = spec.counted_effort(result.reps, result.active_s)
    return spec.met(effort), why


def session_from_count(
    result: CountResult,
    body: Body,
    start: dt.datetime,
    end: dt.datetime,
    source: str,
    model: str,
) -> SessionRecord:
    """The journal record of one counted workout: active time, reps and per-rep records (for a timed
    hold: the seconds held as its minutes, no reps, and one record per hold)."""
    spec = get_exercise(result.exercise)
    return make_session(
        body.user,
        spec.name,
        start,
        end,
        body.weight_kg,
        active_seconds=min(result.active_s, (end - start).total_seconds()),
        reps=None if result.is_hold else result.reps,  # a hold stores its seconds (minutes) and holds
        fact=met_of_count(result)[0],
        source=source,
        model=model,
        rep_records=result.events,
    )


def body_for_live(journal: Journal, user: str | None, save: bool) -> Body:
    """Before a live session: check that the journal can be written (exit 2 now, not after the
    workout) and read the user's weight. A busy journal never refuses a live session: it starts
    with a provisional body, read again at the save."""
    try:
        if save:
            journal.check_writable()
        return body_of(journal, user)
    except JournalBusyError as exc:
        log.warning("%s; counting anyway, the session is saved (or kept) at the end", exc.message)
        return Body(user or "default", REFERENCE_WEIGHT_KG, False, provisional=True)


def save_or_keep(journal: Journal, records: Sequence[SessionRecord]) -> SaveResult:
    """Store ``records`` in one transaction; if that fails (busy beyond the wait, a broken file,
    an interrupt while waiting), keep them in a recovery file instead. An interrupt is re-raised
    once they are kept."""
    from fitcli.met import recovery

    if not records:
        return SaveResult()
    try:
        return SaveResult(journal.save_sessions(list(records)))
    except (FitcliError, OSError, duckdb.Error, KeyboardInterrupt) as exc:
        reason = exc.message if isinstance(exc, FitcliError) else f"{type(exc).__name__}: {exc}"
        what = f"{len(records)} session(s)"
        try:
            path = recovery.keep(journal.path, records)
        except OSError as lost:
            error = FitcliError(f"{reason}; writing a recovery file failed too ({lost}): {what} lost")
            if isinstance(exc, KeyboardInterrupt):
                raise
            return SaveResult(error=error)
        if isinstance(exc, KeyboardInterrupt):
            log.warning("interrupted while saving: %s kept in %s", what, path)
            raise
        error = SessionKeptError(
            f"not saved: {reason} - {what} kept in {path}",
            hint=f"imported at the next journal write to {journal.path} (or: fitcli journal import {path})",
        )
        return SaveResult(recovery=path, error=error)

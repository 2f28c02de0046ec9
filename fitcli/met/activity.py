"""Log an activity not done on camera: resolve a code or name to a MET fact, compute kcal, save.

Library interface::

    from fitcli.met.activity import log_activity
    record = log_activity(Journal(), "walking", minutes=30, effort="vigorous")
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from fitcli.errors import UnknownNameError, UsageError
from fitcli.met.catalog import DEFAULT_EDITION, DEFAULT_EFFORT, MetFact, met_for_exercise
from fitcli.met.intensity import corrected_met_for
from fitcli.met.journal import Journal
from fitcli.met.records import SessionRecord, make_session


def resolve_activity(
    journal: Journal, activity: str, effort: str = DEFAULT_EFFORT, edition: str = DEFAULT_EDITION
) -> MetFact:
    """A 5-digit code (looked up in the loaded Compendium, else the built-in table) or a built-in name."""
    text = activity.strip()
    if re.fullmatch(r"\d{5}", text):
        from fitcli.met.compendium import show

        rows = [r for r in show(journal, text) if r.edition == str(edition)]
        if not rows:
            other = [r.edition for r in show(journal, text)]
            raise UnknownNameError(
                f"code {text} is not in the {edition} edition",
                hint=f"it is in {', '.join(other)}: use --edition",
            )
        row = rows[0]
        return MetFact(row.code, row.edition, row.met, row.description)
    return met_for_exercise(text, effort=effort, edition=edition)


def log_activity(
    journal: Journal,
    activity: str,
    minutes: float,
    *,
    user: str | None = None,
    day: dt.date | None = None,
    start: dt.time | None = None,
    effort: str = DEFAULT_EFFORT,
    edition: str = DEFAULT_EDITION,
    now: dt.datetime | None = None,
) -> SessionRecord:
    """Save ``minutes`` of ``activity`` for ``user`` (weight from the profile); return the record."""
    if not 0 < minutes <= 16 * 60:
        raise UsageError(f"{minutes:g} minutes is not a plausible activity length", hint="give 1-960 minutes")
    fact = resolve_activity(journal, activity, effort, edition)
    profile = journal.get_profile(user)
    if profile.weight_kg is None:
        raise UsageError(f"no weight for user {profile.name!r}", hint="run fitcli profile set --weight KG")
    now = now or dt.datetime.now().replace(microsecond=0)
    day = day or now.date()
    if start is not None:
        begin = dt.datetime.combine(day, start)
    elif day == now.date():
        begin = now - dt.timedelta(minutes=minutes)
    else:
        begin = dt.datetime.combine(day, dt.time(12, 0))
    end = begin + dt.timedelta(minutes=minutes)
    name = _name(activity, fact)
    record = make_session(
        profile.name, name, begin, end, profile.weight_kg, effort=effort, fact=fact, source="log"
    )
    record = replace(record, met_corrected=corrected_met_for(fact.met, profile))
    journal.save_session(record)
    return record


def _name(activity: str, fact: MetFact) -> str:
    """Code-logged activities are named by their code; names are normalised (``push ups`` -> ``push-up``)."""
    from fitcli.met.catalog import builtin_codes_by_name, normalize_name

    key = normalize_name(activity)
    return key if key in builtin_codes_by_name() else f"code {fact.code}"

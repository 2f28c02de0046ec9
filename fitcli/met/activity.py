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


def default_edition(loaded: list[str]) -> str:
    """The edition to use when none is given: the only one loaded, else :data:`DEFAULT_EDITION`."""
    return loaded[0] if len(loaded) == 1 else DEFAULT_EDITION


def resolve_activity(
    journal: Journal, activity: str, effort: str = DEFAULT_EFFORT, edition: str | None = None
) -> MetFact:
    """A 5-digit code (looked up in the loaded Compendium, else the built-in table) or a built-in name.

    Without ``edition``: the edition loaded in the journal when only one is, else 2011 (for a code,
    whichever loaded edition has it when 2011 does not).
    """
    from fitcli.met.compendium import loaded_editions, show

    loaded = loaded_editions(journal)
    text = activity.strip()
    if not re.fullmatch(r"\d{5}", text):
        return met_for_exercise(text, effort=effort, edition=edition or default_edition(loaded))
    rows = show(journal, text)  # every loaded edition that has it, or the built-in table
    have = [r.edition for r in rows]
    if edition is None:
        edition = default_edition(loaded) if default_edition(loaded) in have else have[0]
    picked = [r for r in rows if r.edition == str(edition)]
    if not picked:
        raise _not_in_edition(text, str(edition), have, loaded)
    row = picked[0]
    return MetFact(row.code, row.edition, row.met, row.description)


def _not_in_edition(code: str, edition: str, have: list[str], loaded: list[str]) -> UnknownNameError:
    found = f"it is in {', '.join(have)}: leave out --edition or use --edition {have[0]}"
    if loaded and edition not in loaded:
        return UnknownNameError(
            f"code {code}: the {edition} edition is not loaded (loaded: {', '.join(loaded)})",
            hint=f"load it with fitcli met load COMPENDIUM_{edition}.csv --edition {edition}, or {found}",
        )
    return UnknownNameError(f"code {code} is not in the {edition} edition", hint=found)


def log_activity(
    journal: Journal,
    activity: str,
    minutes: float,
    *,
    user: str | None = None,
    day: dt.date | None = None,
    start: dt.time | None = None,
    effort: str = DEFAULT_EFFORT,
    edition: str | None = None,
    now: dt.datetime | None = None,
) -> SessionRecord:
    """Save ``minutes`` of ``activity`` for ``user`` (weight from the profile); return the record.

    ``edition`` None: the loaded edition (:func:`resolve_activity`).
    """
    if not 0 < minutes <= 16 * 60:
        raise UsageError(f"{minutes:g} minutes is not a plausible activity length", hint="give 1-960 minutes")
    if day is not None and now is None:
        from fitcli.met.dates import check_not_future

        check_not_future(day, "activity")
    fact = resolve_activity(journal, activity, effort, edition)
    profile = journal.get_profile(user)
    if profile.weight_kg is None:
        raise UsageError(f"no weight for user {profile.name!r}", hint="run fitcli profile set --weight KG")
    from fitcli.met.dates import check_not_future

    now = now or dt.datetime.now().replace(microsecond=0)
    day = check_not_future(day or now.date(), "activity", now.date())
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

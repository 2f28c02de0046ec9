"""Parse the dates, times and ISO weeks users type; every failure is one ``UsageError`` naming the value."""

from __future__ import annotations

import datetime as dt
import re

from fitcli.errors import UsageError

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_date(text: str | None, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday``; ``None`` means today."""
    today = today or dt.date.today()
    if text is None or text.strip().lower() == "today":
        return today
    if text.strip().lower() == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"cannot read date {text!r}", hint="use YYYY-MM-DD, today or yesterday") from None


def parse_time(text: str) -> dt.time:
    """``HH:MM`` or ``HH:MM:SS`` (24 h)."""
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"cannot read time {text!r}", hint="use HH:MM (24 h)") from None


def parse_week(text: str) -> tuple[dt.date, dt.date]:
    """ISO week ``2026-W47`` -> (Monday, Sunday)."""
    match = _WEEK.match(text.strip())
    if not match:
        raise UsageError(f"cannot read week {text!r}", hint="use YYYY-Www, e.g. 2026-W47")
    year, week = int(match[1]), int(match[2])
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise UsageError(f"week {text!r} does not exist", hint=f"{year} has weeks 1-52 or 53") from None
    return monday, monday + dt.timedelta(days=6)


def week_range(
    week: str | None, start: str | None, end: str | None, today: dt.date | None = None
) -> tuple[dt.date, dt.date]:
    """The report period: ``--week`` or ``--from``/``--to``; default the ISO week containing today."""
    given = [v is not None for v in (week, start, end)]
    if given[0] and (given[1] or given[2]):
        raise UsageError("give either --week or --from/--to, not both")
    if week is not None:
        return parse_week(week)
    today = today or dt.date.today()
    if start is None and end is None:
        monday = today - dt.timedelta(days=today.weekday())
        return monday, monday + dt.timedelta(days=6)
    first = parse_date(start) if start is not None else parse_date(end) - dt.timedelta(days=6)
    last = parse_date(end) if end is not None else first + dt.timedelta(days=6)
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    if (last - first).days > 366:
        raise UsageError(f"period {first} to {last} is longer than a year", hint="report at most 366 days")
    return first, last


def check_not_future(day: dt.date, what: str, today: dt.date | None = None) -> dt.date:
    """Refuse a ``day`` after today for something that has happened (a session, a meal)."""
    today = today or dt.date.today()
    if day > today:
        raise UsageError(
            f"{what} date {day} is in the future (today is {today})",
            hint="give the day it happened: YYYY-MM-DD, today or yesterday",
        )
    return day

"""Trend over weeks: one row per ISO week (Monday-Sunday) with its activity and its reps.

Library interface::

    from fitcli.met.trend import weekly_trend
    trend = weekly_trend(Journal(), weeks=8, user="ana")        # the 8 weeks up to this one
    rows = trend_rows(trend)                                    # formatted cells, as the CLI table

Each week is a :func:`fitcli.met.report.weekly_report`, so every number means what it means in the
weekly report (moderate-equivalent minutes and the WHO 2020 status per week, strength days by the
same rule, gross kcal, entries dated after today not counted), and its per-exercise breakdown gives
the reps and the best set per exercise. The chart is in :mod:`fitcli.met.trend_chart`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from fitcli.errors import UnknownNameError, UsageError
from fitcli.met.journal import Journal
from fitcli.met.report import ExerciseRow, weekly_report

MAX_WEEKS = 104  # two years
FORMATS = ("table", "md", "csv", "json")


@dataclass(frozen=True)
class WeekRow:
    label: str  # ISO week, 2026-W47
    start: dt.date
    end: dt.date
    sessions: int
    active_minutes: float
    moderate_equivalent_minutes: float  # moderate + 2 x vigorous (WHO 2020)
    who_aerobic: str  # below | meets | exceeds
    strength_days: int
    met_minutes: float
    kcal_burned: float  # gross
    exercises: tuple[ExerciseRow, ...]
    in_progress: bool  # the week ends after today: its numbers are "so far"

    @property
    def reps(self) -> int:
        return sum(e.reps or 0 for e in self.exercises)

    def exercise(self, name: str) -> ExerciseRow | None:
        return next((e for e in self.exercises if e.exercise == name), None)


@dataclass(frozen=True)
class Trend:
    user: str
    weeks: tuple[WeekRow, ...]
    today: dt.date

    @property
    def rep_exercises(self) -> list[str]:
        """Exercises with reps counted in any of the weeks, by name."""
        return sorted({e.exercise for w in self.weeks for e in w.exercises if e.reps})

    @property
    def label(self) -> str:
        return f"{self.weeks[0].label} to {self.weeks[-1].label}"


def check_weeks(weeks: int) -> int:
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(
            f"--weeks {weeks} is not a number of weeks from 1 to {MAX_WEEKS}", hint="e.g. --weeks 8"
        )
    return weeks


def weekly_trend(
    journal: Journal,
    weeks: int = 8,
    last: dt.date | None = None,
    user: str | None = None,
    today: dt.date | None = None,
) -> Trend:
    """The ``weeks`` ISO weeks ending with the one holding ``last`` (default: today), oldest first."""
    check_weeks(weeks)
    today = today or dt.date.today()
    last = last or today
    monday = last - dt.timedelta(days=last.weekday())
    rows = []
    for back in range(weeks - 1, -1, -1):
        start = monday - dt.timedelta(weeks=back)
        r = weekly_report(journal, start, start + dt.timedelta(days=6), user, today=today)
        g = r.guidelines
        rows.append(
            WeekRow(r.label, r.start, r.end, r.sessions, r.totals.active_minutes,
                    g.moderate_equivalent_minutes, g.who_aerobic, g.strength_days, r.totals.met_minutes,
                    r.totals.kcal_burned, r.exercises, r.in_progress)
        )  # fmt: skip
    return Trend(journal.resolve_user(user), tuple(rows), today)


def columns(trend: Trend) -> list[str]:
    fixed = ["week", "sessions", "min", "WHO min", "WHO", "strength days", "kcal", "reps"]
    return fixed + [f"{name} (best set)" for name in trend.rep_exercises]


def trend_rows(trend: Trend) -> list[list[str]]:
    """Formatted cells, one row per week (an unfinished week is marked "so far")."""
    rows = []
    for w in trend.weeks:
        week = f"{w.label} (so far)" if w.in_progress else w.label
        cells = [week, str(w.sessions), f"{w.active_minutes:.0f}", f"{w.moderate_equivalent_minutes:.0f}",
                 w.who_aerobic, str(w.strength_days), f"{w.kcal_burned:.0f}", str(w.reps)]  # fmt: skip
        for name in trend.rep_exercises:
            e = w.exercise(name)
            cells.append(f"{e.reps} ({e.best_set})" if e is not None and e.reps else "-")
        rows.append(cells)
    return rows


def title(trend: Trend) -> str:
    return f"Trend {trend.label} ({len(trend.weeks)} weeks) - {trend.user}"


def render_md(trend: Trend) -> str:
    head = columns(trend)
    lines = [f"# {title(trend)}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in trend_rows(trend)]
    lines += ["", f"- {explain()}"]
    return "\n".join(lines) + "\n"


def explain() -> str:
    from fitcli.met.report import SET_REST_S

    return (
        "WHO min = moderate + 2 x vigorous minutes (150-300 a week recommended, WHO 2020); strength days "
        f"as in the weekly report; a set ends at a rest of {SET_REST_S:g} s or more; kcal are gross"
    )


def render_csv(trend: Trend) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = trend.rep_exercises
    writer.writerow(
        ["week", "start", "end", "sessions", "active_minutes", "moderate_equivalent_minutes", "who_aerobic",
         "strength_days", "met_minutes", "kcal_burned", "reps", "in_progress"]
        + [f"{n}_{k}" for n in names for k in ("reps", "best_set")]
    )  # fmt: skip
    for w in trend.weeks:
        per = [w.exercise(n) for n in names]
        writer.writerow(
            [w.label, w.start, w.end, w.sessions, _num(w.active_minutes), _num(w.moderate_equivalent_minutes),
             w.who_aerobic, w.strength_days, _num(w.met_minutes), _num(w.kcal_burned), w.reps, w.in_progress]
            + [v for e in per for v in ((e.reps, e.best_set) if e is not None and e.reps else ("", ""))]
        )  # fmt: skip
    return buf.getvalue()


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def render_json(trend: Trend) -> str:
    def week(w: WeekRow) -> dict[str, Any]:
        data = dataclasses.asdict(w)
        data.update(start=w.start.isoformat(), end=w.end.isoformat(), reps=w.reps)
        return data

    data = {"user": trend.user, "today": trend.today.isoformat(), "weeks": [week(w) for w in trend.weeks]}
    return json.dumps(data, indent=2) + "\n"


def render(trend: Trend, fmt: str) -> str:
    """md, csv or json text (``table`` is drawn by the CLI)."""
    renderers = {"md": render_md, "csv": render_csv, "json": render_json}
    if fmt not in renderers:
        raise UnknownNameError(f"unknown trend format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    return renderers[fmt](trend)

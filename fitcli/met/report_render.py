"""Render a :class:`~fitcli.met.report.WeeklyReport` as markdown, CSV, JSON, HTML or a PNG chart.

``render(report, fmt)`` returns text (md, csv, json, html) or PNG bytes (png); matplotlib is
imported only for png and html. Every format but csv (one row per day, for spreadsheets) and png has
the per-exercise table too (sessions, sets, reps, best set).
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import html
import io
import json
from typing import Any

from fitcli.errors import UnknownNameError
from fitcli.met.journal import DEFAULT_USER
from fitcli.met.report import (
    SEDENTARY_PAL,
    STRENGTH_MIN_MINUTES,
    STRENGTH_MIN_REPS,
    STUDY_MET_MINUTES,
    DayRow,
    WeeklyReport,
)

FORMATS = ("table", "md", "csv", "json", "html", "png")
COLUMNS = (
    ("day", "day"),
    ("active_minutes", "min"),
    ("met_minutes", "MET-min"),
    ("kcal_burned", "burned"),
    ("kcal_eaten", "eaten"),
    ("bmr", "BMR"),
    ("spent", "spent"),
    ("balance", "balance"),
    ("strength", "strength"),
)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _cell(report: WeeklyReport, d: DayRow, key: str) -> str:
    if key == "day":
        return d.day.strftime("%a %m-%d")
    if key == "kcal_eaten" and d.kcal_eaten is None and (report.today is None or d.day <= report.today):
        return "not logged"
    return _fmt(getattr(d, key))


EXERCISE_COLUMNS = ("exercise", "sessions", "sets", "reps", "best set", "min", "kcal")


def exercise_table_rows(report: WeeklyReport) -> list[list[str]]:
    """Rows of formatted cells, one per exercise ("-": no rep count, such as a logged walk)."""
    return [
        [e.exercise, str(e.sessions), str(e.sets) if e.reps is not None else "-", _fmt(e.reps),
         _fmt(e.best_set), f"{e.minutes:.1f}", f"{e.kcal:.1f}"]
        for e in report.exercises
    ]  # fmt: skip


def table_rows(report: WeeklyReport) -> list[list[str]]:
    """Rows of formatted cells: one per day, then the total."""
    rows = [[_cell(report, d, key) for key, _ in COLUMNS] for d in report.days]
    total = [_fmt(getattr(report.totals, key)) for key, _ in COLUMNS]
    total[0], total[-1] = "total", str(report.guidelines.strength_days)
    return [*rows, total]


def met_basis_line(report: WeeklyReport) -> str:
    """Which MET the intensity classes and MET-minutes use (kcal always use the Compendium MET)."""
    if report.met_basis == "corrected" and report.resting_vo2 is not None:
        return (
            f"MET basis: corrected MET = Compendium MET x 3.5 / {report.resting_vo2:.2f} mL/kg/min "
            "(resting VO2 from Harris-Benedict RMR) for intensity and MET-min; kcal from Compendium MET"
        )
    return (
        "MET basis: Compendium MET (no age, sex or height in the profile, so no corrected MET); "
        "kcal from Compendium MET"
    )


def energy_basis_line(report: WeeklyReport) -> str:
    """How spent and balance are computed, and over which days."""
    days = f"{report.meal_days} of {report.past_days} day(s) with meals logged"
    return (
        f"Energy: spent = BMR x {SEDENTARY_PAL:g} (sedentary day, FAO/WHO/UNU 2004) + net exercise kcal "
        f"(above rest); balance = eaten - spent, over the {days} (a day without meals is unknown, not 0)"
    )


def _per(report: WeeklyReport) -> str:
    return "per week" if report.n_days == 7 else f"for {report.n_days} days, scaled from per week"


def status_lines(report: WeeklyReport) -> list[str]:
    g = report.guidelines
    low, high = g.aerobic_target
    study_low, study_high = (t * report.n_days / 7 for t in STUDY_MET_MINUTES)
    return [
        f"WHO 2020 aerobic: {g.who_aerobic} ({g.moderate_equivalent_minutes:.0f} moderate-equivalent min; "
        f"{low:.0f}-{high:.0f} recommended {_per(report)})",
        f"WHO 2020 muscle-strengthening: {'met' if g.who_strength else 'not met'} "
        f"({g.strength_days} day(s); {g.strength_days_needed} or more recommended {_per(report)}; a day counts "
        f"with {STRENGTH_MIN_REPS}+ reps of strength exercise, ACSM's one set, or {STRENGTH_MIN_MINUTES:g}+ "
        "min when no reps are counted)",
        f"IPAQ category: {g.ipaq} ({g.ipaq_met_minutes:.0f} MET-min at 3 MET or more)",
        f"Study level: {g.study_level} (MET-min at 3 MET or more: below basic under {study_low:.0f}, basic "
        f"{study_low:.0f}-{study_high:.0f}, health-enhancing {study_high:.0f}+ {_per(report)}; "
        "500-1000 a week is WHO's 150-300 moderate minutes)",
        met_basis_line(report),
        energy_basis_line(report),
    ]


_HOW = {"weight": "--weight KG", "height": "--height CM", "age": "--age YEARS", "sex": "--sex male|female"}


def profile_note(report: WeeklyReport) -> str | None:
    """One line: which profile values are missing, what that changes, and the command that sets them."""
    if not report.missing:
        return None
    if report.has_profile:
        head = f"profile {report.user!r} has no {', '.join(report.missing)}"
    else:
        head = f"no profile for user {report.user!r}"
    effects = []
    if not report.weight_from_profile:
        effects.append(f"weight is the {report.weight_kg:g} kg reference")
    if any(f in report.missing for f in ("height", "age", "sex")):
        effects.append("BMR and balance unknown")
    name = "NAME" if report.user == DEFAULT_USER and not report.has_profile else report.user
    how = " ".join(_HOW[f] for f in report.missing)
    return f"{head}: {', '.join(effects)} (set it: fitcli profile set --name {name} {how})"


def progress_note(report: WeeklyReport) -> str | None:
    """Says when the period has not ended: later days have no BMR or balance and are not in those totals."""
    if not report.in_progress or report.today is None:
        return None
    if report.today < report.start:
        return f"{report.label} has not started: no BMR or balance yet"
    return (
        f"{report.label} is in progress: days after {report.today} have no BMR or balance "
        "and are left out of those totals"
    )


def future_note(report: WeeklyReport) -> str | None:
    if not report.future_entries:
        return None
    return (
        f"{report.future_entries} session(s)/meal(s) dated after today ({report.today}) are not counted; "
        "check their dates (fitcli sessions list, fitcli meal list)"
    )


def meals_note(report: WeeklyReport) -> str | None:
    missing = report.past_days - report.meal_days
    if missing <= 0 or report.totals.bmr is None:
        return None
    return f"{missing} day(s) have no meal logged: their intake and balance are unknown and not in the totals"


def notes(report: WeeklyReport) -> list[str]:
    found = (profile_note(report), progress_note(report), future_note(report), meals_note(report))
    return [n for n in found if n]


def title(report: WeeklyReport) -> str:
    reference = "" if report.weight_from_profile else " (reference)"
    weight = f", {report.weight_kg:g} kg{reference}" if report.weight_kg else ""
    kind = (
        f"Weekly report {report.label}" if report.is_week else f"Report {report.label} ({report.n_days} days)"
    )
    return f"{kind} - {report.user}{weight}, {report.sessions} session(s)"


def render_md(report: WeeklyReport) -> str:
    head = [label for _, label in COLUMNS]
    lines = [f"# {title(report)}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in table_rows(report)]
    if report.exercises:
        lines += ["", "## Per exercise", "", "| " + " | ".join(EXERCISE_COLUMNS) + " |"]
        lines += ["|" + "---|" * len(EXERCISE_COLUMNS)]
        lines += ["| " + " | ".join(row) + " |" for row in exercise_table_rows(report)]
    lines += ["", *[f"- {s}" for s in status_lines(report)], *[f"- Note: {n}" for n in notes(report)]]
    return "\n".join(lines) + "\n"


def render_csv(report: WeeklyReport) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([key for key, _ in COLUMNS] + ["moderate_minutes", "vigorous_minutes", "met_basis"])
    for d in [*report.days, report.totals]:
        day = d.day.isoformat() if d is not report.totals else "total"
        writer.writerow(
            [day]
            + [_csv(getattr(d, key)) for key, _ in COLUMNS[1:]]
            + [_csv(d.moderate_minutes), _csv(d.vigorous_minutes), report.met_basis]
        )
    return buf.getvalue()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _day_dict(d: DayRow) -> dict[str, Any]:
    out = dataclasses.asdict(d)
    out["day"] = d.day.isoformat()
    return out


def render_json(report: WeeklyReport) -> str:
    data = {
        "user": report.user,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "label": report.label,
        "weight_kg": report.weight_kg,
        "sessions": report.sessions,
        "met_basis": report.met_basis,
        "resting_vo2_ml_kg_min": report.resting_vo2,
        "has_profile": report.has_profile,
        "missing_profile_fields": list(report.missing),
        "in_progress": report.in_progress,
        "meal_days": report.meal_days,
        "past_days": report.past_days,
        "future_entries": report.future_entries,
        "energy_basis": energy_basis_line(report),
        "today": None if report.today is None else report.today.isoformat(),
        "notes": notes(report),
        "days": [_day_dict(d) for d in report.days],
        "totals": {k: v for k, v in _day_dict(report.totals).items() if k != "day"},
        "guidelines": dataclasses.asdict(report.guidelines),
        "exercises": [dataclasses.asdict(e) for e in report.exercises],
    }
    return json.dumps(data, indent=2) + "\n"


def render_png(report: WeeklyReport) -> bytes:
    """The chart (see :mod:`fitcli.met.report_chart`; matplotlib is imported only there)."""
    from fitcli.met.report_chart import render_png as chart

    return chart(report)


def render_html(report: WeeklyReport) -> str:
    png = base64.b64encode(render_png(report)).decode("ascii")
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table_rows(report)
    )
    ex_head = "".join(f"<th>{html.escape(label)}</th>" for label in EXERCISE_COLUMNS)
    ex_body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row in exercise_table_rows(report)
    )
    exercises = f"<h2>Per exercise</h2><table><tr>{ex_head}</tr>{ex_body}</table>" if ex_body else ""
    items = "".join(f"<li>{html.escape(s)}</li>" for s in status_lines(report))
    items += "".join(f"<li>Note: {html.escape(n)}</li>" for n in notes(report))
    return (
        "<!doctype html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title(report))}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}img{max-width:100%;height:auto}"
        "</style></head><body>"
        f"<h1>{html.escape(title(report))}</h1><img alt='weekly chart' src='data:image/png;base64,{png}'>"
        f"<table><tr>{head}</tr>{body}</table>{exercises}<ul>{items}</ul></body></html>\n"
    )


def render(report: WeeklyReport, fmt: str) -> str | bytes:
    """Text for md/csv/json/html, PNG bytes for png (``table`` is drawn by the CLI)."""
    if fmt == "png":
        return render_png(report)
    renderers = {"md": render_md, "csv": render_csv, "json": render_json, "html": render_html}
    if fmt not in renderers:
        raise UnknownNameError(f"unknown report format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    return renderers[fmt](report)

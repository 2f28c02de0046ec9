"""``fitcli report weekly`` (per-day activity and energy, totals, guideline status, per-exercise reps)
and ``fitcli report trend`` (one row per week, with a chart)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fitcli.cli.console import err, out
from fitcli.cli.met_cmd import DbOption, UserOption

if TYPE_CHECKING:
    from fitcli.met.report import WeeklyReport
    from fitcli.met.trend import Trend

app = typer.Typer(help="Reports from the journal.", no_args_is_help=True)


@app.command("weekly")
def weekly(
    week: Annotated[str | None, typer.Option(help="ISO week, e.g. 2026-W47 (default: this week).")] = None,
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, md, csv, json, html or png.")] = "table",
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Weekly report: minutes, MET-minutes, kcal burned and eaten, BMR, spent, balance; WHO 2020, IPAQ, study level.

    Intensity and MET-minutes use your corrected MET when the profile has age, sex and height
    (the report says which MET it used); kcal always use the Compendium MET.

    Spent = BMR x 1.4 (a sedentary day, FAO/WHO/UNU 2004) + net exercise kcal (above rest);
    balance = eaten - spent, only on days with a meal logged (a day without is unknown, not 0).
    A --from/--to range other than a Monday-Sunday week is titled by its range and judged by
    thresholds scaled to its length. Entries dated after today are not counted (the report says so).

    Works without a profile: weight is then the 70 kg reference and BMR and balance are unknown.
    Days after today have no BMR or balance and are left out of those totals.

    Per exercise: sessions, sets (a rest of 30 s or more between reps ends a set), reps and the best
    set, in every format but csv (one row per day).

    Example: fitcli report weekly --week 2026-W47 --format html --out week47.html
    """
    from fitcli.atomic import atomic_path, check_output_file
    from fitcli.errors import UsageError
    from fitcli.met.dates import week_range
    from fitcli.met.journal import Journal
    from fitcli.met.report import weekly_report
    from fitcli.met.report_render import FORMATS, render

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if out_file is not None:
        check_output_file(out_file, "--out file")
    first, last = week_range(week, start, end)
    report = weekly_report(Journal(db), first, last, user)
    if fmt == "table" and out_file is None:
        _print_table(report)
        return
    data = render(report, "md" if fmt == "table" else fmt)
    if out_file is None and fmt == "png":
        out_file = Path(f"report-{report.label.replace(' ', '_')}.png")
    if out_file is None:
        out.print(data, end="" if str(data).endswith("\n") else "\n")
        return
    with atomic_path(out_file) as tmp:
        tmp.write_bytes(data) if isinstance(data, bytes) else tmp.write_text(data, encoding="utf-8")
    err.print(f"wrote {out_file}", highlight=False)


def _print_table(report: WeeklyReport) -> None:
    from rich.table import Table

    from fitcli.cli.console import notice
    from fitcli.met.report_render import (
        COLUMNS,
        EXERCISE_COLUMNS,
        exercise_table_rows,
        notes,
        status_lines,
        table_rows,
        title,
    )

    table = Table(title=title(report))
    for _, label in COLUMNS:
        table.add_column(label, justify="left" if label == "day" else "right")
    rows = table_rows(report)
    for i, row in enumerate(rows):
        table.add_row(*row, end_section=i == len(rows) - 2)
    err.print(table)
    if report.exercises:
        from fitcli.met.report import SET_REST_S

        per = Table(title=f"Per exercise (a set ends at a rest of {SET_REST_S:g} s or more)")
        for label in EXERCISE_COLUMNS:
            per.add_column(label, justify="left" if label == "exercise" else "right")
        for row in exercise_table_rows(report):
            per.add_row(*row)
        err.print(per)
    for line in status_lines(report):
        err.print(line, highlight=False)
    for line in notes(report):
        notice(line)


@app.command("trend")
def trend(
    weeks: Annotated[int, typer.Option(help="How many weeks, up to this one (1-104).")] = 8,
    week: Annotated[
        str | None, typer.Option(help="The last week, e.g. 2026-W47 (default: this week).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, md, csv or json.")] = "table",
    plot: Annotated[Path | None, typer.Option(help="Also draw the chart into this PNG file.")] = None,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Trend over weeks: sessions, minutes, WHO aerobic minutes and status, strength days, kcal and
    reps per exercise (with the best set), one row per ISO week; --plot draws it as a PNG.

    Each week is counted as `fitcli report weekly` counts it; the current week is marked "so far".

    Example: fitcli report trend --weeks 8 --plot trend.png
    """
    from fitcli.atomic import atomic_path, check_output_file
    from fitcli.errors import UsageError
    from fitcli.met.dates import parse_week
    from fitcli.met.journal import Journal
    from fitcli.met.trend import FORMATS, check_weeks, render, weekly_trend

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    check_weeks(weeks)
    if plot is not None:
        check_output_file(plot, "--plot file")
    last = parse_week(week)[0] if week is not None else None
    result = weekly_trend(Journal(db), weeks, last, user)
    if fmt == "table":
        _print_trend(result)
    else:
        text = render(result, fmt)
        out.print(text, end="" if text.endswith("\n") else "\n")
    if plot is not None:
        from fitcli.met.trend_chart import render_png

        png = render_png(result)
        with atomic_path(plot) as tmp:
            tmp.write_bytes(png)
        err.print(f"wrote {plot}", highlight=False, soft_wrap=True)


def _print_trend(result: Trend) -> None:
    from rich.table import Table

    from fitcli.met.trend import columns, explain, title, trend_rows

    table = Table(title=title(result))
    for label in columns(result):
        table.add_column(label, justify="left" if label in ("week", "WHO") else "right")
    for row in trend_rows(result):
        table.add_row(*row)
    err.print(table)
    err.print(explain(), highlight=False)

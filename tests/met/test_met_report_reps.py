"""Reps in the reports: the weekly report's per-exercise breakdown (sessions, sets, reps, best set)
and `fitcli report trend --weeks N` (a table per week and a PNG chart), on a real DuckDB journal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.met.report import SET_REST_S, set_sizes, weekly_report
from fitcli.met.report_render import render
from fitcli.met.trend import render as render_trend
from fitcli.met.trend import trend_rows, weekly_trend
from fitcli.rep import Rep

runner = CliRunner()
W46, W47, W48 = dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)  # Mondays
TODAY = dt.date(2026, 11, 25)  # a Wednesday: W48 is in progress


def reps_in_sets(*sets: int, rest_s: float = 60.0, rep_s: float = 2.0) -> tuple[Rep, ...]:
    """Reps of ``rep_s`` seconds, 0.5 s apart inside a set, ``rest_s`` between sets."""
    reps, t = [], 0.0
    for n in sets:
        for _ in range(n):
            reps.append(Rep(len(reps) + 1, t, t + rep_s / 2, t + rep_s))
            t += rep_s + 0.5
        t += rest_s - 0.5
    return tuple(reps)


def counted(journal: Journal, day: dt.date, hour: int, exercise: str, reps: tuple[Rep, ...], **kw) -> None:
    start = dt.datetime.combine(day, dt.time(hour))
    end = start + dt.timedelta(seconds=reps[-1].end_s + 1)
    journal.save_session(
        make_session(
            "ana", exercise, start, end, 60.0, reps=kw.pop("count", len(reps)), rep_records=reps, **kw
        )
    )


def logged(journal: Journal, day: dt.date, exercise: str, minutes: float) -> None:
    start = dt.datetime.combine(day, dt.time(18))
    journal.save_session(make_session("ana", exercise, start, start + dt.timedelta(minutes=minutes), 60.0))


@pytest.fixture
def journal(tmp_path) -> Journal:
    j = Journal(tmp_path / "journal.duckdb")
    j.set_profile(Profile("ana", weight_kg=60.0, height_cm=165.0, age=30, sex="female"))
    # W46: one squat session of 10 reps
    counted(j, W46, 7, "squat", reps_in_sets(10))
    # W47: squats in two sets (12 then 9) in one session, push-ups with a 20 s pause (one set of 8),
    # an imported push-up session with a count and no rep records (one set of 5), a walk without reps
    counted(j, W47, 7, "squat", reps_in_sets(12, 9))
    counted(j, W47 + dt.timedelta(days=2), 7, "push-up", reps_in_sets(5, 3, rest_s=20.0))
    start = dt.datetime.combine(W47 + dt.timedelta(days=3), dt.time(7))
    j.save_session(make_session("ana", "push-up", start, start + dt.timedelta(seconds=20), 60.0, reps=5))
    logged(j, W47 + dt.timedelta(days=5), "walking", 200)  # enough for WHO's 150 minutes
    for d in (0, 1, 3):
        j.add_meal(MealRecord("ana", W47 + dt.timedelta(days=d), 2000.0))
    # W48, in progress: squats on Monday; a session dated Friday (after today) is not counted
    counted(j, W48, 7, "squat", reps_in_sets(15))
    counted(j, W48 + dt.timedelta(days=4), 7, "squat", reps_in_sets(20))
    return j


@pytest.mark.parametrize(
    "reps, count, expected",
    [
        (reps_in_sets(12, 9), 21, [12, 9]),
        (reps_in_sets(5, 3, rest_s=SET_REST_S - 1), 8, [8]),  # a pause under SET_REST_S: one set
        (reps_in_sets(5, 3, rest_s=SET_REST_S), 8, [5, 3]),
        (reps_in_sets(4, 4, 4), 12, [4, 4, 4]),
        ((), 7, [7]),  # a count without rep records: one set
        (reps_in_sets(6), 9, [9]),  # records that do not add up to the count are not trusted
        ((), 0, []),
        ((), None, []),  # a logged activity has no sets
    ],
)
def test_sets_are_runs_of_reps_without_a_long_rest(reps, count, expected):
    start = dt.datetime(2026, 11, 16, 7)
    session = make_session("ana", "squat", start, start + dt.timedelta(minutes=5), 60.0, reps=count)
    assert set_sizes(session, reps) == expected


def test_the_weekly_report_breaks_reps_down_per_exercise(journal):
    report = weekly_report(journal, W47, W47 + dt.timedelta(days=6), "ana", today=TODAY)
    by_name = {e.exercise: e for e in report.exercises}
    assert list(by_name) == ["push-up", "squat", "walking"]
    squat = by_name["squat"]
    assert (squat.sessions, squat.sets, squat.reps, squat.best_set) == (1, 2, 21, 12)
    assert squat.minutes == pytest.approx(21 * 2.0 / 60 + 20 * 0.5 / 60 + 60 / 60, abs=0.05)  # wall time
    push = by_name["push-up"]
    assert (push.sessions, push.sets, push.reps, push.best_set) == (2, 2, 13, 8)
    walk = by_name["walking"]
    assert (walk.sessions, walk.sets, walk.reps, walk.best_set, walk.minutes) == (1, 0, None, None, 200.0)
    assert sum(e.kcal for e in report.exercises) == pytest.approx(report.totals.kcal_burned)


def test_the_breakdown_is_in_every_text_format_and_the_table(journal):
    report = weekly_report(journal, W47, W47 + dt.timedelta(days=6), "ana", today=TODAY)
    md = render(report, "md")
    assert "## Per exercise" in md and "| squat | 1 | 2 | 21 | 12 |" in md
    assert "| walking | 1 | - | - | - | 200.0 |" in md
    data = json.loads(render(report, "json"))
    assert {e["exercise"]: (e["reps"], e["best_set"]) for e in data["exercises"]} == {
        "push-up": (13, 8), "squat": (21, 12), "walking": (None, None),
    }  # fmt: skip
    assert "<h2>Per exercise</h2>" in render(report, "html")
    result = runner.invoke(
        app, ["report", "weekly", "--week", "2026-W47", "--user", "ana", "--db", str(journal.path)]
    )
    assert result.exit_code == 0, result.output
    assert "Per exercise" in result.stderr and "push-up" in result.stderr


def test_the_trend_has_one_row_per_week_as_the_weekly_report_counts_it(journal):
    trend = weekly_trend(journal, weeks=4, last=W48, user="ana", today=TODAY)
    assert [w.label for w in trend.weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert [w.reps for w in trend.weeks] == [0, 10, 34, 15]  # W48: Friday's squats are after today
    assert [w.in_progress for w in trend.weeks] == [False, False, False, True]
    assert [w.who_aerobic for w in trend.weeks] == ["below", "below", "meets", "below"]
    for w in trend.weeks:
        report = weekly_report(journal, w.start, w.end, "ana", today=TODAY)
        assert (w.sessions, w.strength_days) == (report.sessions, report.guidelines.strength_days)
        assert w.kcal_burned == pytest.approx(report.totals.kcal_burned)
    assert trend.rep_exercises == ["push-up", "squat"]
    rows = trend_rows(trend)
    assert rows[0][0] == "2026-W45" and rows[0][-2:] == ["-", "-"]
    assert rows[2][-2:] == ["13 (8)", "21 (12)"] and rows[3][0] == "2026-W48 (so far)"


def test_trend_csv_and_json(journal):
    trend = weekly_trend(journal, weeks=2, last=W47, user="ana", today=TODAY)
    rows = list(csv.DictReader(io.StringIO(render_trend(trend, "csv"))))
    assert [r["week"] for r in rows] == ["2026-W46", "2026-W47"]
    assert (rows[1]["squat_reps"], rows[1]["squat_best_set"], rows[1]["push-up_reps"]) == ("21", "12", "13")
    assert rows[0]["push-up_reps"] == "" and rows[1]["who_aerobic"] == "meets"
    data = json.loads(render_trend(trend, "json"))
    assert [w["reps"] for w in data["weeks"]] == [10, 34] and data["user"] == "ana"


def test_report_trend_prints_the_table_and_draws_the_chart(journal, tmp_path):
    png = tmp_path / "charts" / "trend.png"
    args = ["report", "trend", "--weeks", "3", "--week", "2026-W47", "--plot", str(png)]
    result = runner.invoke(app, [*args, "--user", "ana", "--db", str(journal.path)])
    assert result.exit_code == 0, result.output
    assert "Trend 2026-W45 to 2026-W47 (3 weeks) - ana" in result.stderr and f"wrote {png}" in result.stderr
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG")
    import matplotlib.image

    pixels = matplotlib.image.imread(png)
    assert pixels.shape[0] > 500 and pixels.std() > 0.05  # a drawn chart, not a blank canvas


def test_report_trend_refuses_bad_values_in_one_line(journal, tmp_path):
    for args, says in (
        (["--weeks", "0"], "--weeks 0 is not a number of weeks from 1 to 104"),
        (["--week", "2026-W60"], "week '2026-W60' does not exist"),
        (["--plot", str(tmp_path)], f"--plot file {tmp_path} is a folder"),
        (["--user", "nobody"], "no user 'nobody' in the journal"),
    ):
        result = runner.invoke(app, ["report", "trend", *args, "--db", str(journal.path)])
        assert result.exit_code == 2 and says in result.stderr, result.output
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1

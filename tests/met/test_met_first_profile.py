"""A new user's path: record without a profile, create one, keep seeing everything; reports mid-week."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.body import bmr_harris_benedict
from fitcli.met.calories import REFERENCE_WEIGHT_KG
from fitcli.met.journal import Journal
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.met.report import weekly_report
from fitcli.met.report_render import render

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
MONDAY = dt.date(2026, 11, 16)  # ISO week 2026-W47, in the past


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("FITCLI_DB", str(path))
    return path


def ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in result.output
    return lines[0]


def camera_session(db: Path, user: str, day: dt.date, hour: int = 9) -> None:
    """What `fitcli analyze` stores without a profile: the user's name, the 70 kg reference weight."""
    start = dt.datetime.combine(day, dt.time(hour))
    end = start + dt.timedelta(minutes=10)
    record = make_session(user, "squat", start, end, REFERENCE_WEIGHT_KG, reps=20, source="video")
    Journal(db).save_session(record)


def owners(db: Path, table: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(f"SELECT user_name FROM {table} ORDER BY user_name").fetchall()]


def test_report_without_a_profile_uses_the_reference_weight_and_says_what_is_missing(db):
    for day in (MONDAY, MONDAY + dt.timedelta(days=2)):
        camera_session(db, "default", day)
    ok("meal", "add", "--kcal", "650", "--date", str(MONDAY))
    data = json.loads(ok("report", "weekly", "--week", "2026-W47", "-f", "json"))
    assert (data["user"], data["weight_kg"], data["sessions"], data["has_profile"]) == (
        "default",
        70.0,
        2,
        False,
    )
    assert data["missing_profile_fields"] == ["weight", "height", "age", "sex"]
    assert data["totals"]["kcal_eaten"] == 650.0 and data["totals"]["kcal_burned"] > 0
    assert data["totals"]["bmr"] is None and data["totals"]["balance"] is None
    assert all(d["bmr"] is None and d["balance"] is None for d in data["days"])
    assert data["notes"] == [
        "no profile for user 'default': weight is the 70 kg reference, BMR and balance unknown "
        "(set it: fitcli profile set --name NAME --weight KG --height CM --age YEARS --sex male|female)"
    ]
    table = runner.invoke(app, ["report", "weekly", "--week", "2026-W47"])
    assert table.exit_code == 0, table.output
    assert "default, 70 kg (reference), 2 session(s)" in table.stderr
    assert "note: no profile for user 'default'" in table.stderr
    assert "- Note: no profile for user 'default'" in ok("report", "weekly", "--week", "2026-W47", "-f", "md")


def test_first_profile_adopts_what_was_recorded_before(db):
    for i in range(3):
        camera_session(db, "default", MONDAY + dt.timedelta(days=i))
    ok("meal", "add", "--kcal", "650", "--date", str(MONDAY))
    assert len(json.loads(ok("sessions", "list", "-f", "json"))) == 3
    # an absurd value is refused before anything moves
    assert "outside 20-300 kg" in fails("profile", "set", "--name", "me", "--weight", "5")
    assert owners(db, "sessions") == ["default"] * 3

    stdout = ok(
        "profile", "set", "--name", "me", "--weight", "60", "--height", "165", "--age", "25", "--sex", "f"
    )
    assert stdout.splitlines() == [
        "profile me: 60.0 kg, 165.0 cm, 25.0 years, female",
        "adopted 3 sessions and 1 meal recorded before the profile existed",
        "their kcal recomputed at 60 kg (they used the 70 kg reference weight)",
    ]
    assert owners(db, "sessions") == ["me"] * 3 and owners(db, "meals") == ["me"]
    sessions = json.loads(ok("sessions", "list", "-f", "json"))
    # recomputed at the profile's weight: squat 5.0 MET x 3.5 x 60 kg / 200 x 10 min = 52.5 (was 61.25 at 70 kg)
    assert [s["kcal"] for s in sessions] == [pytest.approx(52.5, abs=0.06)] * 3
    assert all(s["met_corrected"] is not None for s in sessions)  # the profile is complete
    data = json.loads(ok("report", "weekly", "--week", "2026-W47", "-f", "json"))
    assert (data["user"], data["weight_kg"], data["sessions"], data["has_profile"]) == ("me", 60.0, 3, True)
    bmr = bmr_harris_benedict("female", 60.0, 165.0, 25.0)
    assert data["totals"]["bmr"] == pytest.approx(7 * bmr) and data["notes"] == [
        "6 day(s) have no meal logged: their intake and balance are unknown and not in the totals"
    ]
    assert data["totals"]["kcal_eaten"] == 650.0 and data["meal_days"] == 1
    # the old name now has nothing: a clear error naming who exists, not an empty report
    line = fails("report", "weekly", "--week", "2026-W47", "-u", "default")
    assert "no user 'default' in the journal" in line and "known users: me" in line
    assert "no user 'nobdy'" in fails("report", "weekly", "-u", "nobdy")
    # again: updates me (the default user), adopts nothing more
    assert ok("profile", "set", "--weight", "59").splitlines() == [
        "profile me: 59.0 kg, 165.0 cm, 25.0 years, female"
    ]


def test_a_first_profile_without_weight_keeps_the_reference_kcal(db):
    camera_session(db, "default", MONDAY)
    assert ok("profile", "set", "--name", "me", "--height", "170").splitlines()[1:] == [
        "adopted 1 session recorded before the profile existed",
        "their kcal stay at the 70 kg reference weight: give --weight KG to recompute them",
    ]
    (session,) = json.loads(ok("sessions", "list", "-f", "json"))
    assert session["kcal"] == pytest.approx(61.25, abs=0.06)


def test_later_profiles_adopt_nothing_and_the_implicit_user_still_reports(db):
    ok("profile", "set", "--name", "me", "--weight", "60")
    camera_session(db, "default", MONDAY)  # e.g. fitcli analyze --user default
    assert ok("profile", "set", "--name", "bo", "--weight", "80").splitlines() == [
        "profile bo: 80.0 kg, - cm, - years, -"
    ]
    assert owners(db, "sessions") == ["default"]
    assert json.loads(ok("sessions", "list", "-f", "json")) == []  # me is the default user
    assert len(json.loads(ok("sessions", "list", "-u", "default", "-f", "json"))) == 1
    data = json.loads(ok("report", "weekly", "--week", "2026-W47", "-u", "default", "-f", "json"))
    assert (data["sessions"], data["has_profile"], data["weight_kg"]) == (1, False, 70.0)


def test_profile_set_without_a_name_before_any_profile_keeps_the_default_user(db):
    camera_session(db, "default", MONDAY)
    assert ok("profile", "set", "--weight", "65").splitlines() == [
        "profile default: 65.0 kg, - cm, - years, -"
    ]
    assert owners(db, "sessions") == ["default"]
    data = json.loads(ok("report", "weekly", "--week", "2026-W47", "-f", "json"))
    assert (data["user"], data["weight_kg"], data["sessions"]) == ("default", 65.0, 1)
    assert data["notes"] == [
        "profile 'default' has no height, age, sex: BMR and balance unknown "
        "(set it: fitcli profile set --name default --height CM --age YEARS --sex male|female)"
    ]


def test_a_week_in_progress_counts_no_bmr_after_today(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.set_profile(Profile("ana", weight_kg=60.0, height_cm=165.0, age=25, sex="female"))
    camera_session(journal.path, "ana", MONDAY + dt.timedelta(days=4))  # dated ahead: flagged, not counted
    journal.add_meal(MealRecord("ana", MONDAY, 2000.0))
    bmr = bmr_harris_benedict("female", 60.0, 165.0, 25.0)
    wednesday = MONDAY + dt.timedelta(days=2)
    r = weekly_report(journal, MONDAY, MONDAY + dt.timedelta(days=6), today=wednesday)
    assert [d.bmr is not None for d in r.days] == [True, True, True, False, False, False, False]
    assert [d.balance is not None for d in r.days] == [True, False, False, False, False, False, False]
    assert r.totals.bmr == pytest.approx(3 * bmr) and r.totals.balance == pytest.approx(2000 - 1.4 * bmr)
    assert r.in_progress and r.sessions == 0 and r.future_entries == 1 and r.totals.active_minutes == 0
    md = render(r, "md")
    assert "- Note: 2026-W47 is in progress: days after 2026-11-18 have no BMR or balance" in md
    assert "1 session(s)/meal(s) dated after today (2026-11-18) are not counted" in md
    assert "| Tue 11-17 | 0.0 | 0.0 | 0.0 | not logged |" in md
    assert "| Thu 11-19 | 0.0 | 0.0 | 0.0 | - | - | - | - |  |" in md
    assert json.loads(render(r, "json"))["in_progress"] is True

    done = weekly_report(journal, MONDAY, MONDAY + dt.timedelta(days=6), today=MONDAY + dt.timedelta(days=6))
    assert not done.in_progress and done.totals.bmr == pytest.approx(7 * bmr) and done.sessions == 1
    assert "in progress" not in render(done, "md")
    ahead = weekly_report(journal, MONDAY, MONDAY + dt.timedelta(days=6), today=MONDAY - dt.timedelta(days=1))
    assert ahead.totals.bmr is None and ahead.totals.balance is None
    assert "2026-W47 has not started: no BMR or balance yet" in render(ahead, "md")


def test_report_with_a_weightless_profile_uses_the_reference_weight_for_bmr(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.set_profile(Profile("kai", height_cm=180.0, age=40, sex="male"))
    r = weekly_report(journal, MONDAY, MONDAY, today=MONDAY)
    assert r.missing == ("weight",) and r.weight_kg == REFERENCE_WEIGHT_KG and not r.weight_from_profile
    assert r.totals.bmr == pytest.approx(bmr_harris_benedict("male", 70.0, 180.0, 40.0))
    assert json.loads(render(r, "json"))["notes"] == [
        "profile 'kai' has no weight: weight is the 70 kg reference (set it: fitcli profile set --name kai "
        "--weight KG)",
        "1 day(s) have no meal logged: their intake and balance are unknown and not in the totals",
    ]


def test_this_weeks_report_from_the_cli_leaves_future_days_out(db):
    today = dt.date.today()
    ok("meal", "add", "--kcal", "500")
    ok("profile", "set", "--name", "me", "--weight", "60", "--height", "165", "--age", "25", "--sex", "f")
    to = str(today + dt.timedelta(days=3))
    data = json.loads(ok("report", "weekly", "--from", "today", "--to", to, "-f", "json"))
    assert data["in_progress"] is True and data["today"] == str(today)
    assert [d["bmr"] is None for d in data["days"]] == [False, True, True, True]
    assert data["totals"]["bmr"] == pytest.approx(data["days"][0]["bmr"])
    assert data["totals"]["balance"] == pytest.approx(data["days"][0]["balance"])
    assert data["totals"]["kcal_eaten"] == 500.0  # the meal recorded before the profile was adopted


@pytest.mark.models
def test_new_user_walkthrough_with_a_real_clip(tmp_path, require_model):
    require_model("movenet-lightning")
    db = str(tmp_path / "journal.duckdb")
    clip = SAMPLES / "squat_front.mp4"
    result = runner.invoke(app, ["analyze", str(clip), "-e", "squat", "-j", "1", "--db", db])
    assert result.exit_code == 0, result.output
    assert (
        "note: no profile weight for user 'default': kcal use 70 kg (set it: fitcli profile set --weight KG)"
        in " ".join(result.stderr.split())
    )
    assert "adopted 1 session recorded before the profile existed" in ok(
        "profile", "set", "--name", "me", "--weight", "60", "--db", db
    )
    (session,) = json.loads(ok("sessions", "list", "-f", "json", "--db", db))
    assert session["exercise"] == "squat"
    week = session["start"][:10]
    data = json.loads(ok("report", "weekly", "--from", week, "--to", week, "-f", "json", "--db", db))
    assert (data["user"], data["sessions"]) == ("me", 1)

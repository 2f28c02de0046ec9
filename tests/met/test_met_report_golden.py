"""Golden weekly report: a seeded journal of a known week; every number worked out by hand below."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fitcli.met.journal import Journal
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.met.report import weekly_report
from fitcli.met.report_render import render

# ana: female, 60 kg, 165 cm, 25 y. Harris-Benedict revised:
# 447.593 + 9.247 * 60 + 3.098 * 165 - 4.330 * 25 = 447.593 + 554.82 + 511.17 - 108.25 = 1405.333 kcal/day
BMR = 1405.333
# She has age, sex and height, so intensity and MET-minutes use the corrected MET (fitcli.met.intensity):
# resting VO2 = 1405.333 kcal/day / 1440 min / 5 kcal per L * 1000 mL / 60 kg = 3.253086 mL/kg/min,
# corrected MET = Compendium MET * 3.5 / 3.253086 = Compendium MET * K. kcal stay Compendium-based.
RESTING_VO2 = BMR / 1440 / 5 * 1000 / 60
K = 3.5 / RESTING_VO2  # 1.075902
# gross kcal/min at 60 kg = MET * 3.5 * 60 / 200 = MET * 1.05
SESSIONS = [  # (day, hh:mm, exercise, effort, seconds)
    ("2026-11-16", "07:00", "push-up", "vigorous", 600),  # 02020 8.0: 8.4 kcal/min * 10 = 84.0; 80 MET-min
    ("2026-11-16", "18:00", "walking", "vigorous", 1800),  # 17220 5.0: 5.25 * 30 = 157.5; 150 MET-min
    ("2026-11-17", "08:00", "clap", "moderate", 21),  # 13040 2.0: 2.1 * 0.35 = 0.735; 0.7 MET-min
    ("2026-11-18", "07:00", "squat", "moderate", 1200),  # 02052 5.0: 5.25 * 20 = 105.0; 100 MET-min
    ("2026-11-19", "06:30", "running", "moderate", 1500),  # 12050 9.8: 10.29 * 25 = 257.25; 245 MET-min
    ("2026-11-21", "10:00", "jumping-jack", "moderate", 900),  # 02022 3.8: 3.99 * 15 = 59.85; 57 MET-min
    ("2026-11-22", "09:00", "walking", "moderate", 2400),  # 17200 4.3: 4.515 * 40 = 180.6; 172 MET-min
    ("2026-11-23", "09:00", "running", "moderate", 3600),  # next week: not in the report
]
MEALS = [("2026-11-16", 2000), ("2026-11-17", 1000), ("2026-11-17", 800), ("2026-11-18", 2200),
         ("2026-11-19", 1500), ("2026-11-21", 2500), ("2026-11-22", 1900)]  # fmt: skip

# spent = BMR x 1.4 (sedentary PAL, FAO/WHO/UNU 2004) + net exercise kcal = gross x (MET - 1) / MET
PAL = 1.4
NET = {  # net kcal per day
    "2026-11-16": 84.0 * 7 / 8 + 157.5 * 4 / 5,  # 73.5 + 126.0 = 199.5
    "2026-11-17": 0.735 / 2,
    "2026-11-18": 105.0 * 4 / 5,
    "2026-11-19": 257.25 * 8.8 / 9.8,  # 231.0
    "2026-11-20": 0.0,
    "2026-11-21": 59.85 * 2.8 / 3.8,  # 44.1
    "2026-11-22": 180.6 * 3.3 / 4.3,  # 138.6
}
EATEN = {"2026-11-16": 2000.0, "2026-11-17": 1800.0, "2026-11-18": 2200.0, "2026-11-19": 1500.0,
         "2026-11-20": None, "2026-11-21": 2500.0, "2026-11-22": 1900.0}  # fmt: skip


def _balance(day: str) -> float | None:
    eaten = EATEN[day]
    return None if eaten is None else eaten - BMR * PAL - NET[day]


# day: (active min, MET-min (corrected), kcal burned (gross), strength); eaten and balance above
EXPECTED_DAYS = {
    "2026-11-16": (40.0, 230.0 * K, 241.5, True),  # 247.457 MET-min
    "2026-11-17": (0.35, 0.7 * K, 0.735, False),
    "2026-11-18": (20.0, 100.0 * K, 105.0, True),
    "2026-11-19": (25.0, 245.0 * K, 257.25, False),
    "2026-11-20": (0.0, 0.0, 0.0, False),  # no meal logged: eaten and balance unknown, not 0 and -BMR
    "2026-11-21": (15.0, 57.0 * K, 59.85, False),
    "2026-11-22": (40.0, 172.0 * K, 180.6, False),
}
# totals: 140.35 min; 804.7 * K = 865.778 MET-min; 844.935 kcal burned; 11900 eaten on 6 days;
# BMR 7 * 1405.333 = 9837.331; balance over the 6 days with meals:
# 11900 - 6 * 1405.333 * 1.4 - (199.5 + 0.3675 + 84 + 231 + 44.1 + 138.6) = -602.365
BALANCE = 11900 - 6 * BMR * PAL - sum(NET.values())
# Corrected METs: push-up 8.61, walking 5.38 and 4.63, clap 2.15, squat 5.38, running 10.54,
# jumping jacks 4.09: no session changes class, so
# WHO: moderate 30 + 20 + 15 + 40 = 105 min, vigorous 10 + 25 = 35 min -> 105 + 2 * 35 = 175 -> "meets";
#      strength on Mon (push-up) and Wed (squat) -> 2 days -> met
# IPAQ: >= 3 MET only (clap out): 804.0 * K = 865.025 MET-min on 5 days; vigorous on 2 days (not high);
#       5 active days and >= 600 MET-min -> "moderate". Study level: 865 MET-min -> "basic"


@pytest.fixture
def seeded(tmp_path):
    journal = Journal(tmp_path / "golden.duckdb")
    journal.set_profile(Profile("ana", weight_kg=60.0, height_cm=165.0, age=25, sex="female"))
    journal.set_profile(Profile("bo", weight_kg=90.0, height_cm=180.0, age=40, sex="male"))
    for day, hhmm, exercise, effort, seconds in SESSIONS:
        start = dt.datetime.fromisoformat(f"{day}T{hhmm}")
        end = start + dt.timedelta(seconds=seconds)
        journal.save_session(make_session("ana", exercise, start, end, 60.0, effort=effort))
    journal.save_session(
        make_session("bo", "running", dt.datetime(2026, 11, 18, 7), dt.datetime(2026, 11, 18, 8), 90.0)
    )
    for day, kcal in MEALS:
        journal.add_meal(MealRecord("ana", dt.date.fromisoformat(day), float(kcal)))
    journal.add_meal(MealRecord("bo", dt.date(2026, 11, 18), 3000.0))
    return journal


def test_golden_week(seeded):
    report = weekly_report(
        seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "ana", today=dt.date(2026, 12, 1)
    )
    assert report.label == "2026-W47" and report.sessions == 7
    got = {d.day.isoformat(): d for d in report.days}
    assert got.keys() == EXPECTED_DAYS.keys()
    for day, (minutes, met_min, burned, strength) in EXPECTED_DAYS.items():
        d = got[day]
        assert (d.active_minutes, d.met_minutes, d.kcal_burned) == pytest.approx(
            (minutes, met_min, burned), abs=1e-3
        )
        assert d.strength is strength and d.kcal_net == pytest.approx(NET[day], abs=1e-6), day
        assert d.kcal_eaten == EATEN[day] and d.spent == pytest.approx(BMR * PAL + NET[day], abs=1e-3)
        assert d.balance == (None if EATEN[day] is None else pytest.approx(_balance(day), abs=1e-3)), day
    t = report.totals
    assert (t.active_minutes, t.met_minutes, t.kcal_burned, t.kcal_eaten, t.bmr, t.balance) == pytest.approx(
        (140.35, 865.778, 844.935, 11900.0, 9837.331, BALANCE), abs=1e-3
    )
    assert BALANCE == pytest.approx(-602.365, abs=1e-3) and (report.meal_days, report.past_days) == (6, 7)
    assert report.met_basis == "corrected" and report.resting_vo2 == pytest.approx(3.253086, abs=1e-6)
    g = report.guidelines
    assert g.moderate_equivalent_minutes == pytest.approx(175.0)
    assert (g.who_aerobic, g.strength_days, g.who_strength, g.ipaq, g.study_level) == (
        "meets", 2, True, "moderate", "basic",
    )  # fmt: skip
    assert g.ipaq_met_minutes == pytest.approx(865.025, abs=1e-3)


def test_golden_week_renders(seeded):
    report = weekly_report(
        seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "ana", today=dt.date(2026, 12, 1)
    )
    data = json.loads(render(report, "json"))
    assert data["totals"]["kcal_burned"] == pytest.approx(844.935)
    assert data["guidelines"]["ipaq"] == "moderate"
    csv_lines = render(report, "csv").splitlines()
    assert csv_lines[1] == "2026-11-16,40,247.457,241.5,2000,1405.333,2166.966,-166.966,True,30,10,corrected"
    assert csv_lines[5] == "2026-11-20,0,0,0,,1405.333,1967.466,,False,0,0,corrected"  # intake unknown
    assert csv_lines[-1].startswith("total,140.35,865.778,844.935,11900,9837.331,14469.831,-602.365")
    md = render(report, "md")
    assert "| total | 140.3 | 865.8 | 844.9 | 11900.0 |" in md and "WHO 2020 aerobic: meets" in md
    assert "| Fri 11-20 | 0.0 | 0.0 | 0.0 | not logged | 1405.3 | 1967.5 | - |" in md
    assert "balance = eaten - spent, over the 6 of 7 day(s) with meals logged" in md
    assert "1 day(s) have no meal logged" in md
    assert "Study level: basic (MET-min at 3 MET or more: below basic under 500, basic 500-1000" in md
    assert "MET basis: corrected MET = Compendium MET x 3.5 / 3.25 mL/kg/min" in md
    assert data["met_basis"] == "corrected"
    png = render(report, "png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")
    html = render(report, "html")
    assert "data:image/png;base64," in html and "IPAQ category: moderate" in html


def test_period_without_profile_data_has_no_bmr(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.set_profile(Profile("cy", weight_kg=70.0))
    report = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert report.totals.bmr is None and report.totals.balance is None
    assert report.guidelines.who_aerobic == "below" and report.guidelines.study_level == "below basic"


def test_a_range_that_is_not_a_week_is_titled_and_judged_by_its_length(seeded):
    from fitcli.met.report_render import status_lines, title

    report = weekly_report(
        seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 27), "ana", today=dt.date(2026, 12, 1)
    )
    assert title(report).startswith("Report 2026-11-16 to 2026-11-27 (12 days) - ana")
    g = report.guidelines
    assert g.aerobic_target == pytest.approx((150 * 12 / 7, 300 * 12 / 7)) and g.strength_days_needed == 4
    assert not g.who_strength  # 2 strength days in 12 days: under 2 a week
    lines = status_lines(report)
    assert "257-514 recommended for 12 days, scaled from per week" in lines[0]


def test_future_entries_are_not_counted_and_are_flagged(seeded):
    from fitcli.met.report_render import notes

    report = weekly_report(
        seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "ana", today=dt.date(2026, 11, 19)
    )
    assert report.future_entries == 4  # sessions on the 21st and 22nd, meals on the 21st and 22nd
    assert report.sessions == 5 and report.totals.kcal_burned == pytest.approx(241.5 + 0.735 + 105.0 + 257.25)
    assert any(
        "4 session(s)/meal(s) dated after today (2026-11-19) are not counted" in n for n in notes(report)
    )


def test_a_short_squat_set_is_not_a_strength_day(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.set_profile(Profile("ana", weight_kg=60.0))
    start = dt.datetime(2026, 11, 16, 7)
    journal.save_session(make_session("ana", "squat", start, start + dt.timedelta(seconds=9.5), 60.0, reps=4))
    report = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22), today=dt.date(2026, 12, 1))
    assert report.guidelines.strength_days == 0
    journal.save_session(make_session("ana", "squat", start, start + dt.timedelta(seconds=30), 60.0, reps=8))
    report = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22), today=dt.date(2026, 12, 1))
    assert report.guidelines.strength_days == 1  # 4 + 8 reps that day

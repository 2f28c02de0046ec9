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

# day: (active min, MET-min (corrected), kcal burned, kcal eaten, balance = eaten - BMR - burned, strength)
EXPECTED_DAYS = {
    "2026-11-16": (40.0, 230.0 * K, 241.5, 2000.0, 2000 - BMR - 241.5, True),  # 247.457 MET-min
    "2026-11-17": (0.35, 0.7 * K, 0.735, 1800.0, 1800 - BMR - 0.735, False),
    "2026-11-18": (20.0, 100.0 * K, 105.0, 2200.0, 2200 - BMR - 105.0, True),
    "2026-11-19": (25.0, 245.0 * K, 257.25, 1500.0, 1500 - BMR - 257.25, False),
    "2026-11-20": (0.0, 0.0, 0.0, 0.0, -BMR, False),
    "2026-11-21": (15.0, 57.0 * K, 59.85, 2500.0, 2500 - BMR - 59.85, False),
    "2026-11-22": (40.0, 172.0 * K, 180.6, 1900.0, 1900 - BMR - 180.6, False),
}
# totals: 140.35 min; 804.7 * K = 865.778 MET-min; 844.935 kcal burned; 11900 eaten;
# BMR 7 * 1405.333 = 9837.331; balance 11900 - 9837.331 - 844.935 = 1217.734
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
    report = weekly_report(seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "ana")
    assert report.label == "2026-W47" and report.sessions == 7
    got = {
        d.day.isoformat(): (
            d.active_minutes,
            d.met_minutes,
            d.kcal_burned,
            d.kcal_eaten,
            d.balance,
            d.strength,
        )
        for d in report.days
    }
    assert got.keys() == EXPECTED_DAYS.keys()
    for day, expected in EXPECTED_DAYS.items():
        assert got[day][:5] == pytest.approx(expected[:5], abs=1e-3), day
        assert got[day][5] is expected[5], day
    t = report.totals
    assert (t.active_minutes, t.met_minutes, t.kcal_burned, t.kcal_eaten, t.bmr, t.balance) == pytest.approx(
        (140.35, 865.778, 844.935, 11900.0, 9837.331, 1217.734), abs=1e-3
    )
    assert report.met_basis == "corrected" and report.resting_vo2 == pytest.approx(3.253086, abs=1e-6)
    g = report.guidelines
    assert g.moderate_equivalent_minutes == pytest.approx(175.0)
    assert (g.who_aerobic, g.strength_days, g.who_strength, g.ipaq, g.study_level) == (
        "meets", 2, True, "moderate", "basic",
    )  # fmt: skip
    assert g.ipaq_met_minutes == pytest.approx(865.025, abs=1e-3)


def test_golden_week_renders(seeded):
    report = weekly_report(seeded, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "ana")
    data = json.loads(render(report, "json"))
    assert data["totals"]["kcal_burned"] == pytest.approx(844.935)
    assert data["guidelines"]["ipaq"] == "moderate"
    csv_lines = render(report, "csv").splitlines()
    assert csv_lines[1] == "2026-11-16,40,247.457,241.5,2000,1405.333,353.167,True,30,10,corrected"
    assert csv_lines[-1].startswith("total,140.35,865.778,844.935,11900,9837.331,1217.734")
    md = render(report, "md")
    assert "| total | 140.3 | 865.8 | 844.9 | 11900.0 |" in md and "WHO 2020 aerobic: meets" in md
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

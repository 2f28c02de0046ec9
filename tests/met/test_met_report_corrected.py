"""Second golden week: the corrected-MET path changes intensity classes; kcal do not change.

dora and eli do the same seven sessions at the same weight (95 kg). dora's profile has age, sex and
height, so her report uses the corrected MET; eli's has weight only, so his uses the Compendium MET.
Every number below is worked out by hand.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil

import pytest

from fitcli.met.journal import Journal
from fitcli.met.records import Profile, make_session
from fitcli.met.report import weekly_report
from fitcli.met.report_render import render

# dora: female, 95 kg, 160 cm, 70 y. Harris-Benedict revised:
# 447.593 + 9.247 * 95 + 3.098 * 160 - 4.330 * 70 = 447.593 + 878.465 + 495.68 - 303.1 = 1518.638 kcal/day
# resting VO2 = 1518.638 / 1440 / 5 * 1000 / 95 = 2.220231 mL/kg/min; K = 3.5 / 2.220231 = 1.576413
K = 3.5 / (1518.638 / 1440 / 5 * 1000 / 95)
SESSIONS = [  # (day, exercise, effort, minutes, Compendium MET, corrected MET = MET * K)
    ("2026-11-16", "walking", "light", 30, 3.5, 5.517),  # 17190: moderate either way
    ("2026-11-17", "sit-up", "light", 20, 2.8, 4.414),  # 02024: light -> moderate
    ("2026-11-18", "squat", "moderate", 20, 5.0, 7.882),  # 02052: moderate -> vigorous
    ("2026-11-19", "clap", "moderate", 10, 2.0, 3.153),  # 13040: light -> moderate
    ("2026-11-20", "yoga", "moderate", 30, 2.5, 3.941),  # 02150: light -> moderate
    ("2026-11-21", "walking", "moderate", 40, 4.3, 6.779),  # 17200: moderate -> vigorous
    ("2026-11-22", "stretching", "moderate", 15, 2.3, 3.626),  # 02101: light -> moderate
]
# Compendium MET-min per day: 105, 56, 100, 20, 75, 172, 34.5 -> 562.5 in all
# kcal (both users) = MET * 3.5 * 95 / 200 * minutes = MET * 1.6625 * minutes:
# 174.5625 + 93.1 + 166.25 + 33.25 + 124.6875 + 285.95 + 57.35625 = 935.15625
KCAL = 935.15625


def _seed(journal: Journal) -> None:
    journal.set_profile(Profile("dora", weight_kg=95.0, height_cm=160.0, age=70, sex="female"))
    journal.set_profile(Profile("eli", weight_kg=95.0))
    for user in ("dora", "eli"):
        for day, exercise, effort, minutes, _, _ in SESSIONS:
            start = dt.datetime.fromisoformat(f"{day}T09:00")
            end = start + dt.timedelta(minutes=minutes)
            journal.save_session(make_session(user, exercise, start, end, 95.0, effort=effort))


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory):
    j = Journal(tmp_path_factory.mktemp("corrected") / "corrected.duckdb")
    _seed(j)
    return j.path


@pytest.fixture
def journal(seeded_file, tmp_path):
    return Journal(shutil.copy(seeded_file, tmp_path / "corrected.duckdb"))


def test_sessions_store_corrected_met_only_with_a_full_profile(journal):
    dora = journal.list_sessions("dora")
    assert [s.met for s in dora] == [s[4] for s in SESSIONS]
    assert [s.met_corrected for s in dora] == pytest.approx([s[5] for s in SESSIONS], abs=1e-3)
    assert [s.met_corrected for s in journal.list_sessions("eli")] == [None] * 7


def test_corrected_path_dora(journal):
    r = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "dora")
    assert r.met_basis == "corrected" and r.resting_vo2 == pytest.approx(2.220231, abs=1e-6)
    assert r.totals.kcal_burned == pytest.approx(KCAL)  # kcal are not corrected
    # moderate: walking 30 + sit-up 20 + clap 10 + yoga 30 + stretching 15 = 105 min
    # vigorous: squat 20 + walking 40 = 60 min -> 105 + 2 * 60 = 225 moderate-equivalent -> "meets"
    assert (r.totals.moderate_minutes, r.totals.vigorous_minutes) == pytest.approx((105.0, 60.0))
    g = r.guidelines
    assert g.moderate_equivalent_minutes == pytest.approx(225.0) and g.who_aerobic == "meets"
    # every session >= 3 corrected MET: 562.5 * K = 886.732 MET-min on 7 days; vigorous on 2 days,
    # 2 days with >= 20 vigorous min, 2 days with >= 30 moderate min -> not by those rules;
    # 7 active days and >= 600 MET-min -> IPAQ "moderate"; 886.7 -> study level "basic"
    assert r.totals.met_minutes == pytest.approx(562.5 * K) == pytest.approx(886.732, abs=1e-3)
    assert (g.ipaq, g.ipaq_met_minutes, g.study_level) == (
        "moderate",
        pytest.approx(886.732, abs=1e-3),
        "basic",
    )
    assert (g.strength_days, g.who_strength) == (2, True)  # sit-up (Tue) and squat (Wed)


def test_compendium_fallback_eli(journal):
    r = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "eli")
    assert (r.met_basis, r.resting_vo2) == ("compendium", None)
    assert r.totals.kcal_burned == pytest.approx(KCAL)
    # moderate: walking 30 + squat 20 + walking 40 = 90 min; no vigorous -> 90 -> "below"
    assert (r.totals.moderate_minutes, r.totals.vigorous_minutes) == pytest.approx((90.0, 0.0))
    g = r.guidelines
    assert (g.moderate_equivalent_minutes, g.who_aerobic) == (pytest.approx(90.0), "below")
    # >= 3 MET: 105 + 100 + 172 = 377 MET-min on 3 days -> IPAQ "low", study level "below basic"
    assert r.totals.met_minutes == pytest.approx(562.5)
    assert (g.ipaq, g.ipaq_met_minutes, g.study_level) == ("low", pytest.approx(377.0), "below basic")
    md = render(r, "md")
    assert "MET basis: Compendium MET (no age, sex or height in the profile" in md
    assert json.loads(render(r, "json"))["met_basis"] == "compendium"


def test_stored_corrected_met_wins_over_a_later_profile(journal):
    # dora loses 5 kg after the week: her sessions keep the corrected MET of the day they were saved
    journal.set_profile(Profile("dora", weight_kg=90.0))
    r = weekly_report(journal, dt.date(2026, 11, 16), dt.date(2026, 11, 22), "dora")
    assert r.totals.met_minutes == pytest.approx(562.5 * K)
    # a session saved without one (an older journal) uses today's profile:
    # HB = 447.593 + 9.247 * 90 + 495.68 - 303.1 = 1472.403; VO2 = 1472.403 / 1440 / 5 * 1000 / 90 = 2.272227
    start = dt.datetime(2026, 11, 23, 9)
    record = make_session("dora", "walking", start, start + dt.timedelta(minutes=60), 90.0, effort="light")
    with journal.transaction() as con:  # bypass save_session, as a schema-2 journal would have it
        from fitcli.met.journal import insert_session

        insert_session(con, record)
    nxt = weekly_report(journal, dt.date(2026, 11, 23), dt.date(2026, 11, 29), "dora")
    assert nxt.resting_vo2 == pytest.approx(2.272227, abs=1e-6)
    assert nxt.totals.met_minutes == pytest.approx(3.5 * 3.5 / 2.272227 * 60, abs=1e-3)  # 323.383


@pytest.mark.parametrize(
    ("user", "start", "end"),
    [("dora", "2026-11-16", "2026-11-22"), ("eli", "2026-11-10", "2026-11-23"), ("eli", "2026-11-20", "2026-11-20"),
     ("dora", "2027-01-04", "2027-01-10")],
)  # fmt: skip
def test_chart_for_any_period_and_basis(journal, user, start, end):
    r = weekly_report(journal, dt.date.fromisoformat(start), dt.date.fromisoformat(end), user)
    html = render(r, "html")  # embeds the PNG chart
    assert "MET basis:" in html
    png = base64.b64decode(html.split("data:image/png;base64,")[1].split("'")[0])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width >= 1200 and height >= 800  # big enough to read the labels

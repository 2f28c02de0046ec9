"""The DuckDB journal on real files: migrations, profiles, sessions, meals, log, busy and corrupt files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from dataclasses import replace

import duckdb
import pytest

from fitcli import errors
from fitcli.errors import DataError, InputFileError, UnknownNameError, UsageError
from fitcli.met import journal as jmod
from fitcli.met.activity import log_activity
from fitcli.met.journal import Journal, JournalBusyError
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.rep import Rep, RepForm

T0 = dt.datetime(2026, 11, 16, 7, 30, 0)


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "journal.duckdb")
    j.set_profile(Profile("ana", weight_kg=60.0, height_cm=165.0, age=25, sex="female"))
    return j


def test_fresh_journal_has_current_schema(journal):
    assert journal.schema_version() == jmod.SCHEMA_VERSION == 4


def test_forward_migration_keeps_data(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # a version-1 journal as the first release wrote it
        for sql in jmod.MIGRATIONS[0]:
            con.execute(sql)
        con.execute("INSERT INTO fitcli_meta VALUES ('schema_version', '1')")
        con.execute(
            "INSERT INTO sessions VALUES ('s1', 'bo', DATE '2026-11-16', TIMESTAMP '2026-11-16 07:00:00',"
            " TIMESTAMP '2026-11-16 07:10:00', 'squat', '02052', '2011', 5.0, 30, 10.0, 52.5, 'log', NULL,"
            " TIMESTAMP '2026-11-16 07:10:00')"
        )
    journal = Journal(path)
    assert journal.schema_version() == 4
    (session,) = journal.list_sessions("bo")
    assert (session.id, session.reps, session.kcal, session.effort, session.rep_records) == (
        "s1",
        30,
        52.5,
        None,
        (),
    )
    assert session.met_corrected is None


def test_forward_migration_2_to_3_adds_corrected_met(tmp_path):
    path = tmp_path / "v2.duckdb"
    with duckdb.connect(str(path)) as con:  # a version-2 journal as the second release wrote it
        for step in jmod.MIGRATIONS[:2]:
            for sql in step:
                con.execute(sql)
        con.execute("INSERT INTO fitcli_meta VALUES ('schema_version', '2')")
        con.execute("INSERT INTO users VALUES ('ana', 'female', 165.0, 25, TIMESTAMP '2026-11-01 08:00:00')")
        con.execute("INSERT INTO weights VALUES ('ana', TIMESTAMP '2026-11-01 08:00:00', 60.0)")
        con.execute(
            "INSERT INTO sessions VALUES ('s2', 'ana', DATE '2026-11-16', TIMESTAMP '2026-11-16 07:00:00',"
            " TIMESTAMP '2026-11-16 07:10:00', 'push-up', '02020', '2011', 8.0, 20, 10.0, 84.0, 'log', NULL,"
            " TIMESTAMP '2026-11-16 07:10:00', 'vigorous')"
        )
        con.execute("INSERT INTO reps VALUES ('s2', 1, 0.0, 0.5, 1.0, 80.0, 0.9)")
    journal = Journal(path)
    assert journal.schema_version() == 4
    old = journal.get_session("s2")
    assert (old.effort, old.kcal, len(old.rep_records), old.met_corrected) == ("vigorous", 84.0, 1, None)
    assert old.rep_records[0].form is None  # reps stored before form was judged (schema 4) have none
    new = make_session("ana", "push-up", T0, T0 + dt.timedelta(minutes=10), 60.0, effort="vigorous")
    # ana's resting VO2 = 1405.333 kcal/day / 1440 / 5 * 1000 / 60 kg = 3.253086 mL/kg/min;
    # corrected MET = 8.0 * 3.5 / 3.253086 = 8.60722 (kcal unchanged: 8 * 3.5 * 60 / 200 * 10 = 84.0)
    stored = journal.get_session(journal.save_session(new))
    assert stored.met_corrected == pytest.approx(8.60722, abs=1e-5) and stored.kcal == pytest.approx(84.0)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    Journal(path).users()
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE fitcli_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(DataError, match="newer than this fitcli"):
        Journal(path).users()


def test_corrupt_and_foreign_and_missing_files(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DataError, match="corrupt"):
        Journal(bad).users()
    assert bad.read_bytes() == b"not a database at all" * 100
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE t (a INT)")
    with pytest.raises(DataError, match="not a fitcli journal"):
        Journal(foreign).users()
    with pytest.raises(InputFileError, match="no journal"):
        Journal(tmp_path / "missing.duckdb").list_sessions()


def test_profiles_default_user_and_weight_history(journal):
    assert journal.default_user() == "ana"
    journal.set_profile(Profile("bo", weight_kg=80.0, height_cm=180.0, age=40, sex="male"))
    assert journal.default_user() == "ana" and journal.users() == ["ana", "bo"]
    journal.set_profile(Profile("ana", weight_kg=59.0), at=dt.datetime(2030, 1, 1))
    journal.set_profile(Profile("ana", age=26), at=dt.datetime(2030, 1, 2))  # no weight change: no new entry
    ana = journal.get_profile()
    assert (ana.weight_kg, ana.height_cm, ana.age, ana.sex) == (59.0, 165.0, 26, "female")
    assert [kg for _, kg in journal.weight_history("ana")] == [60.0, 59.0]
    journal.set_profile(Profile("bo"), make_default=True)
    assert journal.get_profile().name == "bo"
    with pytest.raises(UnknownNameError, match="known users: ana, bo"):
        journal.get_profile("cy")


def test_session_round_trip_with_reps_and_delete(journal):
    form = RepForm(0.8, 0.7, {"depth": 0.05, "lockout": 171.5}, {}, (), (), "side")
    reps = (Rep(1, 0.0, 0.8, 1.6, 90.0, 0.9), Rep(2, 1.6, 2.4, 3.1, 85.0, 0.8, form))
    record = make_session(
        "ana", "push-up", T0, T0 + dt.timedelta(seconds=45), 60.0, active_seconds=42, reps=2,
        effort="vigorous", source="cam0", model="movenet-lightning", rep_records=reps,
    )  # fmt: skip
    assert (record.met_code, record.met) == ("02020", 8.0)
    assert record.kcal == pytest.approx(8.0 * 3.5 * 60 / 200 * 42 / 60)
    sid = journal.save_session(record)
    # save_session adds the corrected MET from ana's profile: 8.0 * 3.5 / 3.253086 = 8.60722
    stored = journal.get_session(sid[:8])
    assert stored.met_corrected == pytest.approx(8.60722, abs=1e-5)
    assert stored == replace(record, met_corrected=stored.met_corrected)
    assert [s.id for s in journal.list_sessions("ana", T0.date(), T0.date())] == [sid]
    assert journal.list_sessions("ana", T0.date() + dt.timedelta(days=1)) == []
    journal.delete_session(sid)
    assert journal.list_sessions("ana") == []
    with pytest.raises(UnknownNameError):
        journal.get_session(sid)


def test_meals(journal):
    journal.add_meal(MealRecord("ana", T0.date(), 650.0, "lunch", dt.time(12, 30)))
    journal.add_meal(MealRecord("ana", T0.date(), 300.0))
    assert [(m.kcal, m.name) for m in journal.list_meals("ana")] == [(650.0, "lunch"), (300.0, None)]
    with pytest.raises(UsageError):
        MealRecord("ana", T0.date(), -5)


def test_log_activity_by_name_and_code(journal):
    now = dt.datetime(2026, 11, 18, 18, 0)
    walk = log_activity(journal, "walking", 30, effort="vigorous", now=now)
    assert (walk.exercise, walk.met_code, walk.met, walk.start) == (
        "walking",
        "17220",
        5.0,
        dt.datetime(2026, 11, 18, 17, 30),
    )
    assert walk.kcal == pytest.approx(5.0 * 3.5 * 60 / 200 * 30)
    coded = log_activity(journal, "02020", 10, day=dt.date(2026, 11, 17), start=dt.time(7, 0), now=now)
    assert (coded.exercise, coded.met, coded.start) == ("code 02020", 8.0, dt.datetime(2026, 11, 17, 7, 0))
    assert len(journal.list_sessions()) == 2
    with pytest.raises(UnknownNameError, match="did you mean"):
        log_activity(journal, "walkin", 10)
    for minutes in (0, -5, 5000):
        with pytest.raises(UsageError):
            log_activity(journal, "walking", minutes)
    assert len(journal.list_sessions()) == 2


def test_second_process_gets_busy_error(journal):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(journal.path)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(JournalBusyError, match="journal busy, retry"):
            Journal(journal.path, busy_timeout=0.3).save_session(
                make_session("ana", "squat", T0, T0 + dt.timedelta(minutes=1), 60.0)
            )
    finally:
        holder.kill()
        holder.communicate()
    assert Journal(journal.path).list_sessions("ana") == []


def test_journal_busy_error_lives_in_errors_and_is_re_exported():
    assert JournalBusyError is errors.JournalBusyError
    assert issubclass(JournalBusyError, errors.FitcliError)
    assert not issubclass(JournalBusyError, errors.UsageError) and JournalBusyError("x").exit_code == 1


def test_session_without_full_profile_has_no_corrected_met(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    journal.set_profile(Profile("cy", weight_kg=70.0))
    sid = journal.save_session(make_session("cy", "squat", T0, T0 + dt.timedelta(minutes=5), 70.0))
    assert journal.get_session(sid).met_corrected is None


def test_a_damaged_rep_form_is_one_clear_error(journal, tmp_path):
    reps = (Rep(1, 0.0, 0.8, 1.6, 90.0, 0.9, RepForm(0.8, 0.8)),)
    sid = journal.save_session(
        make_session("ana", "squat", T0, T0 + dt.timedelta(seconds=20), 60.0, reps=1, rep_records=reps)
    )
    with duckdb.connect(str(journal.path)) as con:
        con.execute("UPDATE reps SET form = '{not json'")
    with pytest.raises(DataError, match="a rep's form is not JSON"):
        journal.get_session(sid)

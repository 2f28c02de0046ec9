"""Export and idempotent import, including a real process killed in the middle of an import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from fitcli.errors import DataError, InputFileError
from fitcli.met.journal import Journal
from fitcli.met.journal_io import export_journal, import_journal
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.rep import Rep, RepForm

T0 = dt.datetime(2026, 11, 16, 7, 0)


def _seed(journal: Journal, n: int = 3) -> None:
    journal.set_profile(Profile("ana", weight_kg=60.0))
    for i in range(n):
        start = T0 + dt.timedelta(days=i)
        reps = tuple(Rep(k, k * 2.0, k * 2.0 + 1, k * 2.0 + 2, 80.0, 0.9) for k in range(1, 4))
        journal.save_session(
            make_session(
                "ana", "squat", start, start + dt.timedelta(minutes=2), 60.0, reps=3, rep_records=reps
            )
        )
        journal.add_meal(MealRecord("ana", start.date(), 500.0 + i, "meal", dt.time(12, 0)))


def _counts(path) -> tuple[int, int, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sessions", "reps", "meals")
        )


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_round_trip_and_idempotent_import(tmp_path, fmt):
    source = Journal(tmp_path / "a.duckdb")
    _seed(source)
    out = tmp_path / f"export.{fmt}"
    counts = export_journal(source, out, fmt)
    assert (counts.sessions, counts.meals, counts.profiles, counts.weights) == (3, 3, 1, 1)
    target = Journal(tmp_path / "b.duckdb")
    first = import_journal(target, out)
    assert (first.sessions_added, first.meals_added, first.skipped) == (3, 3, 0)
    again = import_journal(target, out)
    assert (again.sessions_added, again.meals_added, again.skipped) == (0, 0, 9)  # + profile, weight, default
    assert _counts(target.path) == _counts(source.path) == (3, 9, 3)
    original = source.list_sessions("ana")
    assert [target.get_session(s.id) for s in original] == [source.get_session(s.id) for s in original]
    assert target.list_meals("ana") == source.list_meals("ana")


TABLES = ("fitcli_meta", "users", "weights", "compendium", "sessions", "reps", "meals")


def _tables(path) -> dict[str, list[tuple]]:
    """Every row of every journal table, in a stable order (weights in history order)."""
    with duckdb.connect(str(path), read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == set(TABLES)
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY {'rowid' if t == 'weights' else 'ALL'}").fetchall()
            for t in TABLES
        }


def _full_journal(journal: Journal) -> None:
    """Two users with weight histories, awkward floats, a meal without time, Compendium rows."""
    from fitcli.met.compendium import load_compendium

    comp = journal.path.parent / "compendium_2011.csv"
    comp.write_text(
        'code,major_heading,met,description\n02020,Conditioning,3.5,"bicycling, stationary"\n'
        "13040,Self care,2.0,clapping\n",
        encoding="utf-8",
    )
    load_compendium(journal, [comp], "2011")
    at = dt.datetime(2026, 11, 1, 8, 30, 15, 123456)
    journal.set_profile(Profile("ana", weight_kg=60.3, height_cm=165.25, age=25, sex="female"), at=at)
    journal.set_profile(Profile("ana", weight_kg=59.7), at=at + dt.timedelta(days=3))
    journal.set_profile(Profile("ana", weight_kg=60.3), at=at + dt.timedelta(days=3))  # same time, twice
    journal.set_profile(Profile("bo", weight_kg=81.0), at=at + dt.timedelta(days=1))
    form = RepForm(0.5, 0.5, {"depth": -0.31234567, "lockout": None}, {"depth": 0.2}, ("shallow", "uneven"),
                   ("shallow",), "front")  # fmt: skip
    reps = (Rep(1, 0.1 + 0.2, 1 / 3, 2.0000001, 87.123456789, 0.3), Rep(2, 2.5, 3.0, 3.5, None, 1.0, form))
    start = dt.datetime(2026, 11, 16, 7, 0, 1, 500000)
    rec = make_session(
        "ana", "squat", start, start + dt.timedelta(seconds=95), 60.3, reps=2, rep_records=reps
    )
    journal.save_session(rec)
    journal.save_session(make_session("bo", "push-up", start, start + dt.timedelta(minutes=1 / 3), 81.0))
    journal.add_meal(MealRecord("ana", start.date(), 512.75, "lunch, late", dt.time(13, 5, 7)))
    journal.add_meal(MealRecord("bo", start.date(), 1 / 7 * 1000))


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_then_import_into_a_new_journal_gives_every_table_back(tmp_path, fmt):
    source = Journal(tmp_path / "a.duckdb")
    _full_journal(source)
    out = tmp_path / f"export.{fmt}"
    counts = export_journal(source, out, fmt)
    assert dataclasses.astuple(counts) == (2, 2, 2, 4, 2)
    target = Journal(tmp_path / "b.duckdb")
    result = import_journal(target, out)
    assert result.default_user == "ana" and result.skipped == 0
    want, got = _tables(source.path), _tables(target.path)
    for table in TABLES:
        assert got[table] == want[table], table
    assert target.weight_history("ana") == source.weight_history("ana")
    assert target.get_profile("ana") == source.get_profile("ana")
    again = import_journal(target, out)
    assert again.skipped == 2 + 2 + 2 + 4 + 2 + 1 and _tables(target.path) == want


def test_import_keeps_what_the_journal_has(tmp_path):
    """Nothing already there is overwritten: profiles, editions and the default user stay."""
    source = Journal(tmp_path / "a.duckdb")
    _full_journal(source)
    out = tmp_path / "export.json"
    export_journal(source, out, "json")
    target = Journal(tmp_path / "b.duckdb")
    target.set_profile(Profile("bo", weight_kg=90.0, height_cm=180))
    result = import_journal(target, out)
    assert result.profiles_added == 1 and result.default_user is None
    assert target.get_profile("bo").height_cm == 180 and target.default_user() == "bo"
    assert [kg for _, kg in target.weight_history("bo")] == [90.0]  # bo's history is not merged
    assert len(target.weight_history("ana")) == 3


def test_export_of_one_user(tmp_path):
    source = Journal(tmp_path / "a.duckdb")
    _full_journal(source)
    out = tmp_path / "bo.csv"
    counts = export_journal(source, out, "csv", user="bo")
    assert dataclasses.astuple(counts) == (1, 1, 1, 1, 2)
    target = Journal(tmp_path / "b.duckdb")
    import_journal(target, out)
    assert target.users() == ["bo"] and target.default_user() == "default"


def test_export_to_stdout(tmp_path, capsys):
    source = Journal(tmp_path / "a.duckdb")
    _full_journal(source)
    export_journal(source, Path("-"), "json")
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "fitcli.journal-export" and len(data["records"]) == 1 + 2 + 4 + 2 + 2 + 2
    assert not (Path.cwd() / "-").exists()


def test_old_export_without_profile_columns_still_imports(tmp_path):
    source = Journal(tmp_path / "a.duckdb")
    _seed(source, 2)
    out = tmp_path / "new.csv"
    export_journal(source, out, "csv")
    lines = out.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    keep = head.index("met_corrected")  # the columns of an export made before profiles were exported
    old = tmp_path / "old.csv"
    import csv as csvmod

    rows = [r[:keep] for r in csvmod.reader(lines) if r[0] in ("kind", "session", "meal")]
    with old.open("w", newline="", encoding="utf-8") as fh:
        csvmod.writer(fh).writerows(rows)
    result = import_journal(Journal(tmp_path / "b.duckdb"), old)
    assert (result.sessions_added, result.meals_added) == (2, 2)


def test_bad_import_files_change_nothing(tmp_path):
    journal = Journal(tmp_path / "j.duckdb")
    _seed(journal, 1)
    before = _counts(journal.path)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="not a fitcli journal export"):
        import_journal(journal, other)
    export_journal(journal, tmp_path / "good.csv")
    lines = (tmp_path / "good.csv").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    session = next(line for line in lines if line.startswith("session,"))
    broken = session.replace("session,", "session,x").replace(",2026-11-16 07:00:00,", ",junk,")
    bad.write_text("\n".join([lines[0], session, broken]), encoding="utf-8")  # record 3 has a bad start
    with pytest.raises(DataError, match="record 3"):
        import_journal(Journal(tmp_path / "fresh.duckdb"), bad)
    with pytest.raises(InputFileError):
        import_journal(journal, tmp_path / "missing.parquet")
    assert _counts(journal.path) == before


def test_process_killed_mid_import_leaves_journal_unchanged(tmp_path):
    source = Journal(tmp_path / "source.duckdb")
    _seed(source, 40)
    export = tmp_path / "export.parquet"
    export_journal(source, export, "parquet")
    target = Journal(tmp_path / "target.duckdb")
    _seed(target, 1)
    before = _counts(target.path)
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from fitcli.met.journal import Journal
        from fitcli.met.journal_io import import_journal

        def pause(n):
            if n == 30:  # 30 records written inside the open transaction
                print("mid-import", flush=True)
                time.sleep(60)

        import_journal(Journal({str(target.path)!r}), Path({str(export)!r}), on_record=pause)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "mid-import"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert _counts(target.path) == before
    result = import_journal(target, export)  # the journal still works and the import can be redone
    assert (result.sessions_added, result.meals_added) == (40, 40)

"""Export and idempotent import, including a real process killed in the middle of an import."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

import duckdb
import pytest

from fitcli.errors import DataError, InputFileError
from fitcli.met.journal import Journal
from fitcli.met.journal_io import export_journal, import_journal
from fitcli.met.records import MealRecord, Profile, make_session
from fitcli.rep import Rep

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


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip_and_idempotent_import(tmp_path, fmt):
    source = Journal(tmp_path / "a.duckdb")
    _seed(source)
    out = tmp_path / f"export.{fmt}"
    assert export_journal(source, out, fmt) == (3, 3)
    target = Journal(tmp_path / "b.duckdb")
    first = import_journal(target, out)
    assert (first.sessions_added, first.meals_added, first.skipped) == (3, 3, 0)
    again = import_journal(target, out)
    assert (again.sessions_added, again.meals_added, again.skipped) == (0, 0, 6)
    assert _counts(target.path) == _counts(source.path) == (3, 9, 3)
    original = source.list_sessions("ana")
    assert [target.get_session(s.id) for s in original] == [source.get_session(s.id) for s in original]
    assert target.list_meals("ana") == source.list_meals("ana")


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
    broken = lines[1].replace("session,", "session,x").replace(",2026-11-16 07:00:00,", ",junk,")
    bad.write_text("\n".join([lines[0], lines[1], broken]), encoding="utf-8")  # record 3 has a bad start
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

"""Issue 14 on real journal files: bounded waits, recovery files, unusable paths, session ids,
Compendium loads that would shrink an edition, implausible imports, and processes killed mid-write."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.errors import InputFileError, JournalBusyError
from fitcli.met import recovery
from fitcli.met.journal import Journal
from fitcli.met.journal_io import export_journal
from fitcli.met.records import Profile, make_session
from fitcli.rep import Rep

runner = CliRunner()
T0 = dt.datetime(2026, 11, 16, 7, 30)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Recovery files go to <home>/recovery: a fresh home per test."""
    path = tmp_path / "home"
    monkeypatch.setenv("FITCLI_HOME", str(path))
    monkeypatch.delenv("FITCLI_DB", raising=False)
    monkeypatch.delenv("FITCLI_WAIT", raising=False)
    return path


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "journal.duckdb"
    Journal(path).set_profile(Profile("ana", weight_kg=60.0, height_cm=165.0, age=25, sex="female"))
    return path


def _session(minutes: int = 2, **changes):  # type: ignore[no-untyped-def]
    reps = tuple(Rep(k, k * 2.0, k * 2.0 + 1, k * 2.0 + 2) for k in range(1, 4))
    record = make_session(
        "ana", "squat", T0, T0 + dt.timedelta(minutes=minutes), 60.0, reps=3, rep_records=reps
    )
    return replace(record, **changes)


@pytest.fixture
def holder(db):  # type: ignore[no-untyped-def]
    """A second process holding the journal file open (as a long fitcli command would)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(db)!r})
            print("ready", flush=True)
            time.sleep(120)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


def _one_error_line(result, code: int) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.strip().splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- item 3: writers wait, with a bound ------------------------------------------------------------
def test_a_writer_waits_for_a_journal_held_a_few_seconds(db):
    """The old 3 s lock wait refused this; the default wait is 30 s."""
    proc = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True);"
         " time.sleep(4)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    t0 = time.monotonic()
    result = runner.invoke(app, ["log", "-a", "walking", "-t", "10", "--db", str(db)])
    proc.communicate()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - t0 > 2
    assert len(Journal(db).list_sessions("ana")) == 1


def test_the_wait_is_bounded_and_named_in_the_error(db, holder):
    t0 = time.monotonic()
    line = _one_error_line(
        runner.invoke(app, ["log", "-a", "walking", "-t", "10", "--db", str(db), "--wait", "1"]), 1
    )
    assert 1 <= time.monotonic() - t0 < 10
    assert "journal busy" in line and "1 s" in line and "--wait" in line


def _fitcli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fitcli", *args], capture_output=True, text=True, env=env)


def test_many_processes_logging_to_one_journal_all_get_stored(db, home):
    """8 processes x 3 `fitcli log` at once on one journal: every write confirmed and present
    (benchmarks/journal_concurrency.py runs the issue's 8 x 25)."""
    env = {**os.environ, "FITCLI_HOME": str(home)}

    def worker(_: int) -> list[tuple[int, str]]:
        done = []
        for _ in range(3):
            r = _fitcli("log", "-a", "walking", "-t", "10", "--db", str(db), env=env)
            found = re.search(r"session\s+([0-9a-f]{8})", r.stdout)
            done.append((r.returncode, found.group(1) if found else r.stderr))
        return done

    with ThreadPoolExecutor(8) as pool:
        results = [r for rs in pool.map(worker, range(8)) for r in rs]
    assert [r for r in results if r[0] != 0] == []
    ids = [s.id for s in Journal(db).list_sessions("ana")]
    assert len(ids) == 24
    assert all(any(i.startswith(prefix) for i in ids) for _, prefix in results)


# -- items 1 and 2: what cannot be saved is kept, an unusable journal is found first ---------------
def test_a_session_the_journal_cannot_take_is_kept_and_imported_later(db, holder, home):
    from fitcli.pipelines.journaling import save_or_keep

    record = _session()
    saved = save_or_keep(Journal(db, busy_timeout=0.5), [record])
    assert saved.ids == [] and saved.recovery is not None and saved.recovery.parent == home / "recovery"
    assert str(saved.recovery) in str(saved.error) and "journal busy" in str(saved.error)
    assert saved.error is not None and saved.error.exit_code == 1
    assert recovery.read_recovery(saved.recovery) == [record]
    assert not [p for p in saved.recovery.parent.iterdir() if p.name.startswith(".")]  # written atomically
    holder.kill()
    holder.wait()
    result = runner.invoke(app, ["meal", "add", "--kcal", "300", "--db", str(db)])  # any journal write
    assert result.exit_code == 0, result.output
    assert Journal(db).get_session(record.id) == record
    assert not saved.recovery.exists()


def test_recovery_files_of_another_journal_stay(db, tmp_path, home):
    other = tmp_path / "other.duckdb"
    path = recovery.keep(other, [_session()])
    assert runner.invoke(app, ["meal", "add", "--kcal", "300", "--db", str(db)]).exit_code == 0
    assert path.exists() and Journal(db).list_sessions("ana") == []
    assert runner.invoke(app, ["meal", "add", "--kcal", "300", "--db", str(other)]).exit_code == 0
    assert not path.exists() and len(Journal(other).list_sessions("ana")) == 1


def test_a_recovery_file_can_be_imported_into_any_journal(tmp_path):
    record = _session()
    path = recovery.keep(tmp_path / "gone" / "j.duckdb", [record])
    target = tmp_path / "new.duckdb"
    result = runner.invoke(app, ["journal", "import", str(path), "--db", str(target)])
    assert result.exit_code == 0, result.output
    assert "imported 1 sessions" in result.stdout
    assert Journal(target).get_session(record.id) == record


def test_a_journal_under_a_file_is_refused_before_any_work(tmp_path):
    blocker = tmp_path / "FILE"
    blocker.write_text("x")
    with pytest.raises(InputFileError, match="FILE is a file, not a folder"):
        Journal(blocker / "j.duckdb").check_writable()
    line = _one_error_line(
        runner.invoke(app, ["meal", "add", "--kcal", "300", "--db", str(blocker / "j.duckdb")]), 2
    )
    assert "is a file, not a folder" in line


def test_check_writable_waits_then_reports_busy(db, holder):
    with pytest.raises(JournalBusyError):
        Journal(db, busy_timeout=0.3).check_writable()


# -- item 4: session ids ---------------------------------------------------------------------------
@pytest.mark.parametrize("given", ["", "  "])
def test_an_empty_session_id_deletes_nothing(db, given):
    Journal(db).save_session(_session())
    line = _one_error_line(runner.invoke(app, ["sessions", "delete", given, "--db", str(db)]), 2)
    assert "give a session id" in line
    assert len(Journal(db).list_sessions("ana")) == 1


def test_an_ambiguous_prefix_deletes_nothing_and_lists_the_candidates(db):
    journal = Journal(db)
    journal.save_session(_session(id="abc111"))
    journal.save_session(_session(id="abc222"))
    line = _one_error_line(runner.invoke(app, ["sessions", "delete", "abc", "--db", str(db)]), 2)
    assert "ambiguous" in line and "abc1" in line and "abc2" in line
    assert len(journal.list_sessions("ana")) == 2
    assert runner.invoke(app, ["sessions", "delete", "abc1", "--db", str(db)]).exit_code == 0
    assert [s.id for s in journal.list_sessions("ana")] == ["abc222"]


# -- item 5: Compendium loads ----------------------------------------------------------------------
def _compendium_rows(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM compendium WHERE edition = '2011'").fetchone()[0]


def test_a_load_that_shrinks_an_edition_needs_replace(db, tmp_path, shared_data):
    full = shared_data / "met" / "compendium_2011.csv"
    assert runner.invoke(app, ["met", "load", str(full), "--db", str(db)]).exit_code == 0
    before = _compendium_rows(db)
    tiny = tmp_path / "tiny_2011.csv"
    tiny.write_text("code,major_heading,met,description\n02020,conditioning exercise,5.0,push ups\n")
    line = _one_error_line(runner.invoke(app, ["met", "load", str(tiny), "--db", str(db)]), 2)
    assert f"from {before} to 1 rows" in line and "--replace" in line
    assert _compendium_rows(db) == before
    assert runner.invoke(app, ["met", "load", str(tiny), "--replace", "--db", str(db)]).exit_code == 0
    assert _compendium_rows(db) == 1


def test_a_file_with_no_valid_row_is_an_error_naming_the_rejects(db, tmp_path):
    bad = tmp_path / "bad_2011.csv"
    bad.write_text("code,major_heading,met,description\n2020,x,5.0,push ups\n02021,x,99,push ups\n")
    line = _one_error_line(runner.invoke(app, ["met", "load", str(bad), "--db", str(db)]), 2)
    assert "no valid row" in line and "line 2" in line and "line 3" in line and "MET 99" in line


# -- item 7: imports are checked as fitcli log would ------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"kcal": -1_000_000_000.0}, "kcal"),
        ({"met": -4.0}, "MET -4"),
        ({"kcal": 1e6}, "not plausible"),
        ({"met_edition": "1999"}, "edition"),
    ],
)
def test_implausible_imported_sessions_are_refused(db, tmp_path, changes, words):
    source = Journal(tmp_path / "source.duckdb")
    source.set_profile(Profile("ana", weight_kg=60.0))
    source.save_session(_session())
    with duckdb.connect(str(source.path)) as con:
        for column, value in changes.items():
            con.execute(f"UPDATE sessions SET {column} = ?", [value])
    out = tmp_path / "export.csv"
    export_journal(source, out)
    line = _one_error_line(runner.invoke(app, ["journal", "import", str(out), "--db", str(db)]), 2)
    # line 1 is the header, 2-4 the default user, ana's profile and her weight entry
    assert words in line and "record 5" in line
    assert Journal(db).list_sessions("ana") == []


# -- kill -9 during writes ---------------------------------------------------------------------------
WRITER = """
import datetime as dt, sys
from fitcli.met.journal import Journal
from fitcli.met.records import make_session
journal = Journal(sys.argv[1])
t0 = dt.datetime(2026, 11, 16, 7, 0)
for i in range(100000):
    record = make_session("ana", "squat", t0, t0 + dt.timedelta(minutes=1), 60.0, reps=i)
    journal.save_session(record)
    print(record.id, flush=True)
"""


def test_writers_killed_mid_write_lose_no_confirmed_session(db):
    """Three writers, each SIGKILLed at a different moment: every session a writer confirmed is
    stored, and at most the one it was writing when killed is stored without a confirmation."""
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    time.sleep(4)
    for n, proc in enumerate(procs):
        time.sleep(0.3 * n)
        os.kill(proc.pid, signal.SIGKILL)
    confirmed = set()
    for proc in procs:
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        confirmed |= set(out.split())
    present = {s.id for s in Journal(db).list_sessions("ana")}
    assert confirmed, "the writers wrote nothing in 4 s"
    assert confirmed <= present
    assert len(present - confirmed) <= len(procs)


def test_recovery_file_is_json_naming_its_journal(tmp_path):
    path = recovery.keep(tmp_path / "j.duckdb", [_session()])
    data = json.loads(path.read_text())
    assert data["format"] == "fitcli.recovery" and data["journal"] == str((tmp_path / "j.duckdb").resolve())
    assert len(data["sessions"]) == 1 and len(data["sessions"][0]["rep_records"]) == 3

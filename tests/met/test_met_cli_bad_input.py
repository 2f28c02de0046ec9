"""Every "Bad input" case of issue 3 through the real CLI: one line, exit 2, no traceback, journal unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "met"
runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def one_error_line(result, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every journal table, to compare before and after a failed command."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "journal.duckdb"
    monkeypatch.setenv("FITCLI_DB", str(path))
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path / "home"))
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A journal with a profile, a session and a meal, made once through the CLI."""
    path = tmp_path_factory.mktemp("template") / "journal.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FITCLI_DB", str(path))
        mp.setenv("FITCLI_HOME", str(path.parent / "home"))
        for args in (
            [
                "profile",
                "set",
                "--name",
                "ana",
                "--weight",
                "60",
                "--height",
                "165",
                "--age",
                "25",
                "--sex",
                "f",
            ],
            ["log", "-a", "walking", "-t", "30", "--date", "2026-11-16", "--start", "08:00"],
            ["meal", "add", "--kcal", "650", "--date", "2026-11-16"],
        ):
            assert run(*args).exit_code == 0
    return path


@pytest.fixture
def seeded(db, template):
    shutil.copy(template, db)
    return db


BAD = [  # (args, text the one error line must contain)
    # unknown code or activity name, with the closest matches
    (["log", "-a", "walkin", "-t", "10"], "did you mean walking"),
    (["log", "-a", "pushup s", "-t", "10"], "did you mean"),
    (["log", "-a", "02021", "-t", "10"], "closest codes: 02020, 02022"),
    (["log", "-a", "99999", "-t", "10"], "closest codes:"),
    (["met", "show", "02021"], "closest codes: 02020, 02022"),
    (["met", "show", "2020"], "not 5 digits"),
    (["log", "-a", "walking", "-t", "10", "--effort", "extreme"], "unknown effort"),
    (["log", "-a", "walking", "-t", "10", "--edition", "1999"], "unknown edition"),
    # negative or absurd minutes
    (["log", "-a", "walking", "-t", "-5"], "not a plausible activity length"),
    (["log", "-a", "walking", "-t", "0"], "not a plausible activity length"),
    (["log", "-a", "walking", "-t", "100000"], "not a plausible activity length"),
    (["log", "-a", "walking", "-t", "nan"], "not a plausible activity length"),
    # absurd weight, height, age, sex, kcal
    (["profile", "set", "--weight", "0"], "weight 0.0 kg is outside 20-300 kg"),
    (["profile", "set", "--weight", "500"], "weight 500.0 kg is outside 20-300 kg"),
    (["profile", "set", "--weight", "-60"], "outside 20-300 kg"),
    (["profile", "set", "--height", "20"], "height 20.0 cm is outside 80-250 cm"),
    (["profile", "set", "--height", "1650"], "outside 80-250 cm"),
    (["profile", "set", "--age", "200"], "outside 10-120 years"),
    (["profile", "set", "--weight", "70", "--sex", "x"], "unknown sex"),
    (["meal", "add", "--kcal", "0"], "not plausible"),
    (["meal", "add", "--kcal", "50000"], "not plausible"),
    # unparseable dates, times and weeks
    (["log", "-a", "walking", "-t", "10", "--date", "16/11/2026"], "cannot read date '16/11/2026'"),
    (["log", "-a", "walking", "-t", "10", "--start", "25:00"], "cannot read time '25:00'"),
    (["meal", "add", "--kcal", "500", "--date", "2026-13-01"], "cannot read date '2026-13-01'"),
    (["meal", "add", "--kcal", "500", "--time", "noon"], "cannot read time 'noon'"),
    (["meal", "list", "--from", "last week"], "cannot read date 'last week'"),
    (["sessions", "list", "--to", "2026-02-30"], "cannot read date '2026-02-30'"),
    (["report", "weekly", "--from", "junk"], "cannot read date 'junk'"),
    (["report", "weekly", "--week", "2026-W60"], "does not exist"),
    (["report", "weekly", "--from", "2026-11-22", "--to", "2026-11-16"], "is before --from"),
    (["report", "weekly", "--week", "2026-W47", "--from", "2026-11-16"], "not both"),
    (["report", "weekly", "--format", "pdf"], "unknown format 'pdf'"),
    (["sessions", "show", "ffffffff"], "no session with id"),
    (["profile", "show", "--user", "zed"], "no profile for user 'zed'"),
]


@pytest.mark.parametrize(("args", "expected"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_one_line_exit_2_journal_unchanged(seeded, args, expected):
    before = rows(seeded)
    line = one_error_line(run(*args))
    assert expected in line, line
    assert rows(seeded) == before


def test_non_number_is_a_typer_usage_error(seeded):
    # Typer rejects it before fitcli runs: its usage box, exit 2, no traceback, nothing written
    before = rows(seeded)
    result = run("log", "-a", "walking", "-t", "ten")
    assert result.exit_code == 2 and "Invalid value for '--minutes'" in result.output
    assert "Traceback" not in result.output and rows(seeded) == before


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    return path


COMPENDIUM_FILES = [  # (file name, content, text of the error)
    ("one_line.csv", "just one line of text\n", "not a Compendium layout"),
    ("notes_2011.csv", "name,value\nx,1\n", "not a Compendium layout"),
    ("empty_2011.csv", "", "not a Compendium layout"),
    ("binary_2011.csv", b"\xff\xfe\x00\x81" * 50, "not UTF-8 text"),
    ("broken_2011.xlsx", b"PK\x03\x04 not really a workbook", "cannot read"),
    ("codes.csv", "code,major_heading,met,description\n01234,a,2,b\n", "cannot tell the edition"),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), COMPENDIUM_FILES, ids=[c[0] for c in COMPENDIUM_FILES]
)
def test_compendium_in_unknown_layout(seeded, tmp_path, name, content, expected):
    before = rows(seeded)
    assert expected in one_error_line(run("met", "load", str(_write(tmp_path / name, content))))
    assert rows(seeded) == before


@pytest.mark.skipif(not DATA.exists(), reason=f"shared data folder absent: {DATA}")
def test_one_bad_file_among_good_ones_loads_nothing(seeded, tmp_path):
    before = rows(seeded)
    bad = _write(tmp_path / "bad_2024.csv", "hello\n")
    one_error_line(run("met", "load", str(DATA / "compendium_2011.csv"), str(bad)))
    assert rows(seeded) == before


MISSING_JOURNAL = [
    ["sessions", "list"],
    ["sessions", "show", "abc"],
    ["sessions", "delete", "abc"],
    ["meal", "list"],
    ["profile", "show"],
    ["report", "weekly", "--week", "2026-W47"],
    ["journal", "export", "--out", "x.csv"],
    ["log", "-a", "walking", "-t", "10"],
    ["met", "search", "walking"],
]


@pytest.mark.parametrize("args", MISSING_JOURNAL, ids=[" ".join(a) for a in MISSING_JOURNAL])
def test_missing_journal(db, args):
    assert "no journal at" in one_error_line(run(*args))
    assert not db.exists()  # a read or a failed write does not create an empty journal


CORRUPT_JOURNAL = [
    ["sessions", "list"],
    ["meal", "add", "--kcal", "500"],
    ["meal", "list"],
    ["profile", "set", "--name", "ana", "--weight", "60"],
    ["profile", "show"],
    ["log", "-a", "walking", "-t", "10"],
    ["report", "weekly", "--week", "2026-W47"],
    ["journal", "export", "--out", "x.csv"],
]


@pytest.mark.parametrize("args", CORRUPT_JOURNAL, ids=[" ".join(a) for a in CORRUPT_JOURNAL])
def test_corrupt_journal(db, args):
    garbage = b"\x00fitcli? no" * 1000
    db.write_bytes(garbage)
    assert "is not a DuckDB file or is corrupt" in one_error_line(run(*args))
    assert db.read_bytes() == garbage


def test_busy_journal_exit_1_one_line(seeded):
    before = rows(seeded)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(seeded)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        line = one_error_line(run("log", "-a", "walking", "-t", "10", "--wait", "0.5"), code=1)
        assert "journal busy, retry" in line
    finally:
        holder.kill()
        holder.communicate()
    assert rows(seeded) == before

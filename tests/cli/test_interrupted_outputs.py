"""Output files of runs killed with SIGKILL: the next run for the same file removes the hidden
temporary file the killed run left (journal export here; collect and train in tests/classifier/test_store_replace.py), and never one of a live run."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from fitcli.atomic import atomic_path, stale_temps
from fitcli.cli.main import app
from fitcli.met.journal import Journal

runner = CliRunner()


def _killed_while_writing(target: Path, kill_mid_write) -> Path:
    """Start a process writing ``target`` through ``atomic_path``, SIGKILL it mid-write; return
    the temporary file it left."""
    kill_mid_write(f"""
        from fitcli.atomic import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            tmp.write_text("half a file")
    """)
    (left,) = [p for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.")]
    return left


def test_journal_export_after_a_killed_export_leaves_no_temporary_file(tmp_path, kill_mid_write):
    db = tmp_path / "j.duckdb"
    assert runner.invoke(app, ["meal", "add", "--kcal", "400", "--db", str(db)]).exit_code == 0
    out = tmp_path / "out" / "journal.csv"
    out.parent.mkdir()
    left = _killed_while_writing(out, kill_mid_write)
    assert stale_temps(out) == [left]
    result = runner.invoke(app, ["journal", "export", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["journal.csv"]
    assert Journal(db).list_meals()[0].kcal == 400


def test_a_temporary_file_of_a_running_process_is_kept(tmp_path):
    target = tmp_path / "x.csv"
    mine = tmp_path / f".x.csv.fitcli-{os.getpid()}-abcd.csv"
    mine.write_text("being written")
    with atomic_path(target) as tmp:
        tmp.write_text("done")
    assert mine.exists() and target.read_text() == "done"

"""Issue 14 for `fitcli live` and `fitcli analyze`: a counted workout is never lost (a busy journal
at the end keeps it in a recovery file), an unusable --db fails before any frame, an interrupted
live session exits 130 with its session saved."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.paths import models_dir

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"
CLAP = SAMPLES / "clap_front.mp4"


@pytest.fixture
def home(tmp_path, monkeypatch, require_model):  # type: ignore[no-untyped-def]
    """A fresh fitcli home (recovery files go there) that sees the pulled models."""
    require_model("movenet-lightning")
    path = tmp_path / "home"
    path.mkdir()
    (path / "models").symlink_to(models_dir().resolve())
    monkeypatch.setenv("FITCLI_HOME", str(path))
    monkeypatch.delenv("FITCLI_DB", raising=False)
    return path


class Holder:
    """Another process holding the journal file open, as a long command would."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if self.proc is not None:
            return
        code = textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(self.db)!r})
            print("ready", flush=True)
            time.sleep(120)
        """)
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            assert self.proc.stdout is not None
            self.proc.stdout.close()


@pytest.fixture
def holder(tmp_path):  # type: ignore[no-untyped-def]
    h = Holder(tmp_path / "j.duckdb")
    yield h
    h.stop()


def _error_lines(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def _recovery_file(line: str, home: Path) -> Path:
    (name,) = set(re.findall(re.escape(str(home / "recovery")) + r"/[\w.-]+\.json", line))
    return Path(name)


@pytest.mark.models
def test_live_with_a_journal_busy_all_session_keeps_what_was_counted(home, holder):
    db = holder.db
    assert runner.invoke(app, ["meal", "add", "--kcal", "100", "--db", str(db)]).exit_code == 0
    holder.start()
    args = ["live", "-e", "clap", "--source", str(CLAP), "--no-window", "--duration", "4.5"]
    result = runner.invoke(app, [*args, "--db", str(db), "--wait", "1"])
    assert result.exit_code == 1, result.output
    counted = int(re.search(r"clap: (\d+) reps? in", result.stdout).group(1))  # type: ignore[union-attr]
    assert counted >= 1  # real-time pace: a loaded machine may drop frames
    (line,) = _error_lines(result)
    assert "journal busy" in line and "kept in" in line
    kept = _recovery_file(line, home)
    assert kept.is_file()
    holder.stop()
    assert runner.invoke(app, ["meal", "add", "--kcal", "100", "--db", str(db)]).exit_code == 0
    (session,) = Journal(db).list_sessions()
    assert session.exercise == "clap" and session.reps == counted
    assert not kept.exists()


@pytest.mark.models
def test_analyze_with_a_journal_busy_at_the_end_prints_the_rows_and_keeps_the_sessions(
    home, holder, monkeypatch
):
    """The journal is free when analyze checks it and busy when it saves."""
    from fitcli.cli import progress

    db = holder.db
    update = progress.BatchProgressBar.update

    def busy_from_the_first_frame(self, *a, **k):  # type: ignore[no-untyped-def]
        holder.start()
        return update(self, *a, **k)

    monkeypatch.setattr(progress.BatchProgressBar, "update", busy_from_the_first_frame)
    videos = [str(CLAP), str(SAMPLES / "squat_front.mp4")]
    result = runner.invoke(app, ["analyze", *videos, "-e", "clap", "-j", "1", "-f", "json", "--db", str(db), "--wait", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)
    assert [Path(r["video"]).name for r in rows] == ["clap_front.mp4", "squat_front.mp4"]
    (line,) = _error_lines(result)
    kept = _recovery_file(line, home)
    counted = sum(1 for r in rows if r["reps"] > 0)
    assert len(json.loads(kept.read_text())["sessions"]) == counted >= 1
    holder.stop()
    assert runner.invoke(app, ["meal", "add", "--kcal", "100", "--db", str(db)]).exit_code == 0
    assert len(Journal(db).list_sessions()) == counted and not kept.exists()


@pytest.mark.models
@pytest.mark.parametrize("command", ["live", "analyze"])
def test_an_unusable_db_fails_before_any_frame(home, tmp_path, command):
    blocker = tmp_path / "FILE"
    blocker.write_text("x")
    db = str(blocker / "j.duckdb")
    args = {
        "live": ["live", "-e", "clap", "--source", str(CLAP), "--no-window", "--db", db],
        "analyze": ["analyze", str(CLAP), "-e", "clap", "-j", "1", "--db", db],
    }[command]
    t0 = time.monotonic()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert _error_lines(result) == [result.stderr.strip()]
    assert "is a file, not a folder" in result.stderr
    assert "clap:" not in result.output and "clap_front" not in result.output  # nothing counted
    assert time.monotonic() - t0 < 5


@pytest.mark.models
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_live_exits_130_with_the_session_saved(home, tmp_path, sig):
    db = tmp_path / "j.duckdb"
    env = {**os.environ, "FITCLI_HOME": str(home)}
    args = ["live", "-e", "clap", "--source", str(CLAP), "--no-window", "--db", str(db)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fitcli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    for line in proc.stderr:  # the status line, one per half second off a terminal
        counted = re.match(r"clap: (\d+) reps", line)  # under load the count may skip a number
        if counted and int(counted.group(1)) >= 2:
            break
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "(interrupted)" in out and "saved session" in out
    (session,) = Journal(db).list_sessions()
    assert session.exercise == "clap" and session.reps >= 2

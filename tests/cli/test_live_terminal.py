"""`fitcli live --no-window` on a real terminal (tmux): one status line updated in place, and the
keys (space, r, q, Ctrl-C) doing what they say on a real clip played through the live path.

Each test runs fitcli in a pane of its own tmux server (``tmux -L``), so no other tmux is touched,
and reads the screen with ``capture-pane``, as a person would see it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from fitcli.met.journal import Journal
from fitcli.paths import models_dir

pytestmark = [pytest.mark.models, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
STATUS = re.compile(r"^squat: (set \d+: )?(\d+) reps?(?: \(\d+ partial: [^)]*\))?  (\d\d:\d\d)  ")
GUARD_S = 180  # no test waits longer than this for the screen (a hung run fails instead of blocking)


class Pane:
    """fitcli in a 100 x 20 tmux pane; the pane stays after fitcli ends, showing EXIT=code."""

    def __init__(self, args: list[str], home: Path) -> None:
        self.socket = f"fitcli-test-{uuid.uuid4().hex[:8]}"
        env = {"FITCLI_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", str(REPO))}
        command = " ".join(
            ["env", *[f"{k}={shlex.quote(v)}" for k, v in env.items()], shlex.quote(sys.executable),
             "-m", "fitcli", *map(shlex.quote, args)]
        )  # fmt: skip
        self._tmux("new-session", "-d", "-x", "100", "-y", "20", f"{command}; echo EXIT=$?; sleep 600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def screen(self) -> list[str]:
        return self._tmux("capture-pane", "-p").splitlines()

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def wait_for(self, pattern: str) -> list[str]:
        """The screen once a line matches ``pattern`` (a regex)."""
        deadline = time.monotonic() + GUARD_S
        while time.monotonic() < deadline:
            lines = self.screen()
            if any(re.search(pattern, line) for line in lines):
                return lines
            time.sleep(0.2)
        raise AssertionError(f"{pattern!r} never appeared; the screen:\n" + "\n".join(self.screen()))

    def exit_code(self) -> int:
        lines = self.wait_for(r"^EXIT=\d+")
        return int(next(line for line in lines if line.startswith("EXIT="))[5:])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def status_lines(lines: list[str]) -> list[str]:
    """The status lines on the screen; also counts statuses run together on one line or wrapped
    (a status printed after another instead of over it)."""
    shown = re.findall(r"squat: (?:set \d+: )?\d+ reps?(?: \([^)]*\))?  \d\d:\d\d", "\n".join(lines))
    found = [line for line in lines if STATUS.match(line)]
    return found if len(shown) == len(found) else shown


@pytest.fixture
def clip(shared_data: Path) -> Path:
    return shared_data / "videos" / "squat" / "squat_side_yuyoujiang.mp4"  # 10.7 s, 3 squats


@pytest.fixture
def run(tmp_path, require_model):  # type: ignore[no-untyped-def]
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):  # .ci/run installs it: the live terminal must be tested there
            pytest.fail("tmux is not installed in CI (apt-get install tmux)")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    require_model("movenet-lightning")
    home = tmp_path / "home"
    home.mkdir()
    (home / "models").symlink_to(models_dir().resolve())
    panes: list[Pane] = []

    def start(*args: str) -> Pane:
        pane = Pane(["live", "-e", "squat", "--no-window", "--db", str(tmp_path / "j.duckdb"), *args], home)
        panes.append(pane)
        return pane

    yield start
    for pane in panes:
        pane.close()


def test_the_status_is_one_line_updated_in_place(run, clip, tmp_path, shared_data):
    pane = run("--source", str(clip))
    assert pane.exit_code() == 0
    lines = pane.screen()
    statuses = status_lines(lines)
    assert len(statuses) == 1, "\n".join(lines)  # one line, however many updates there were
    status = statuses[0]
    summary = next(line for line in lines if line.startswith("squat: ") and " active (" in line)
    counted = int(STATUS.match(status).group(2))
    assert summary.startswith(f"squat: {counted} reps in ") and "(end of video)" in summary
    assert counted == 3  # the manifest's true count for this clip
    assert "s between reps" in status and status == status.rstrip()  # labelled, no padding
    (session,) = Journal(tmp_path / "j.duckdb").list_sessions()
    assert session.reps == counted


def test_space_pauses_the_clock_r_saves_the_set_q_quits(run, clip, tmp_path):
    pane = run("--source", str(clip))
    pane.wait_for(r"^squat: 1 rep  ")
    pane.keys("Space")
    paused = [line for line in pane.wait_for("PAUSED") if "PAUSED" in line]
    time.sleep(2)  # the video and its clock stand still meanwhile
    assert [line for line in pane.screen() if "PAUSED" in line] == paused
    pane.keys("Space")
    pane.wait_for(r"^squat: 2 reps  ")
    pane.keys("r")
    pane.wait_for(r"^set 1: 2 reps saved \(session \w{8}\); counting set 2 from 0$")
    pane.keys("q")
    assert pane.exit_code() == 0
    lines = pane.screen()
    assert any(line.startswith("squat set 1: 2 reps in ") and "(reset)" in line for line in lines)
    assert any(line.startswith("squat set 2: ") and "(quit)" in line for line in lines)
    assert len(status_lines(lines)) == 1
    sessions = Journal(tmp_path / "j.duckdb").list_sessions()
    assert sorted(s.reps for s in sessions)[-1] == 2 and len(sessions) in (1, 2)  # set 2 if it had a rep


def test_q_before_any_rep_says_nothing_was_saved(run, clip, tmp_path):
    pane = run("--source", str(clip))
    pane.wait_for(r"^squat: 0 reps  ")
    pane.keys("q")
    assert pane.exit_code() == 0
    lines = pane.screen()
    assert "squat: 0 reps in 0 s active (quit)" in lines
    assert "nothing saved: no reps were counted" in lines
    assert not (tmp_path / "j.duckdb").exists() or not Journal(tmp_path / "j.duckdb").list_sessions()


def test_ctrl_c_saves_what_was_counted_and_exits_130(run, clip, tmp_path):
    pane = run("--source", str(clip))
    pane.wait_for(r"^squat: 1 rep  ")
    pane.keys("C-c")
    assert pane.exit_code() == 130
    lines = pane.screen()
    assert any(line.startswith("saved session ") for line in lines) and "interrupted" in lines
    (session,) = Journal(tmp_path / "j.duckdb").list_sessions()
    assert session.reps >= 1

"""Every command against bad input (issue 14): one red line naming the input, exit 2 for bad input
and 1 for a failure while working, never a traceback, and no pose model run first.

The cases are in ``bad_input_cases.py``, the broken files and the runner in ``bad_input_support.py``;
``benchmarks/bad_input_matrix.py`` prints the same matrix as counts.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_input_cases import ALL
from bad_input_support import build_lib, run_case


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lib(tmp_path_factory.mktemp("bad-input") / "lib")


def test_the_matrix_covers_every_command_with_at_least_250_cases():
    from typer.main import get_command

    from fitcli.cli.main import app

    def leaves(group, prefix=()):  # type: ignore[no-untyped-def]
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                yield from leaves(cmd, (*prefix, name))
            else:
                yield (*prefix, name)

    commands = {" ".join(c) for c in leaves(get_command(app))}
    covered = {c for c in commands if any(" ".join(case.argv[: len(c.split())]) == c for case in ALL)}
    assert covered == commands, f"commands without a bad-input case: {sorted(commands - covered)}"
    assert len(ALL) >= 250


@pytest.mark.parametrize("case", ALL, ids=[f"{c.kind}: {c.id}" for c in ALL])
def test_bad_input(case, lib, tmp_path):
    r = run_case(case, lib, tmp_path)
    if r.skipped:
        pytest.skip(r.skipped)
    assert not r.traceback, r.output + "\n".join(r.extra)
    assert r.code == case.code, r.output
    assert r.named, f"the message does not name {case.names}:\n{r.output}"


STARTUP_DELAYS = (0.01, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3)
# The child says "up" once the interpreter runs its code: a signal before that lands in Python's own
# start-up (site.py), which no program can catch; after it, the fitcli modules are loading.
CHILD = "import sys; print('up', flush=True); from fitcli.cli.main import run; sys.argv[0] = 'fitcli'; run()"


def _interrupt_start(delay: float, tmp_path: Path) -> tuple[int, str]:
    env = {**os.environ, "FITCLI_DB": str(tmp_path / "j.duckdb")}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, "met", "show", "02020"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "up\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _before_fitcli(err: str) -> bool:
    """The signal landed in Python's import machinery before fitcli's first line ran (the search for
    the package on a loaded machine): no program can catch that, so that run says nothing of fitcli."""
    return "KeyboardInterrupt" in err and "/fitcli/" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
@pytest.mark.parametrize("delay", STARTUP_DELAYS)
def test_ctrl_c_while_starting_is_one_line_and_exit_130(delay, tmp_path):
    """Ctrl-C in the first tenths of a second (modules still loading) is one line, exit 130."""
    for _ in range(5):
        code, err = _interrupt_start(delay, tmp_path)
        if not _before_fitcli(err):
            break
    proc = subprocess.CompletedProcess((), code)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode in (130, 0), (proc.returncode, err)  # 0: the command was done already
    if proc.returncode == 130:
        assert err.strip().splitlines() == ["interrupted"], err

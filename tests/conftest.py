"""Shared fixtures: where the team's real data lives, and which pose models are pulled."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (it sits beside the repo in CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def lsp_dir(shared_data: Path) -> Path:
    return shared_data / "lsp_dataset_train"


@pytest.fixture(scope="session")
def require_model():
    """``require_model(name)`` skips the test, with the reason, when that model is not pulled."""
    from fitcli.models.registry import MODELS

    def check(name: str) -> str:
        if not MODELS[name].installed():
            pytest.skip(f"model {name} is not pulled (run `make models` or `fitcli models pull {name}`)")
        return name

    return check


@pytest.fixture(scope="session")
def kill_mid_write():
    """``kill_mid_write(body)`` runs ``body`` (Python, indented, that prints "writing" once its
    temporary output exists) in a child process, SIGKILLs it there and waits for it to be gone."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    def run(body: str) -> None:
        script = (
            textwrap.dedent(body) + '\n    print("writing", flush=True)\n    import time; time.sleep(60)\n'
        )
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()

    return run


@pytest.fixture(scope="session")
def ray_module():
    """The ``ray`` module. Outside CI a test skips, saying why, where Ray is not installed; in CI
    (``CI`` set, as .ci/run runs) it fails instead: the Ray tests must run there."""
    import os

    try:
        import ray
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail(
                "ray is not installed in CI: make test installs the 'ray' extra (pip install -e '.[ray]')"
            )
        pytest.skip("ray is not installed (pip install -e '.[ray]'); the Ray tests need it")
    return ray

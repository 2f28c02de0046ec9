"""Write files so that an interrupted run never leaves a half-written one behind.

Temporary files and folders are named ``.<target name>.fitcli-<pid>-<random>``: the process id
lets the next run for the same target remove what a killed process (kill -9, power cut) left,
while the temporary files of live processes are kept.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = "fitcli-"


def temp_prefix(target: Path) -> str:
    """The name prefix of this process's temporary files for ``target``."""
    return f".{target.name}.{TEMP_MARK}{os.getpid()}-"


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def stale_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Temporary files and folders beside ``target`` left by fitcli processes that are gone."""
    target = Path(target)
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.{TEMP_MARK}(\d+)-")
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return []
    found = []
    for path in siblings:
        match = pattern.match(path.name)
        if match and not pid_alive(int(match.group(1))):
            found.append(path)
    return sorted(found)


def remove_stale_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Delete :func:`stale_temps` of ``target``; return what was removed."""
    removed = []
    for path in stale_temps(target):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``.

    The temporary file sits in the same folder so the final ``os.replace`` is atomic. If the
    body raises (or the process is interrupted), the temporary file is removed and ``target``
    is left exactly as it was; one left by a killed process is removed by the next write.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=temp_prefix(target), suffix=suffix or target.suffix or ".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates 0600; give the file the mode a plain open() would (0666 less the umask).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

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

from fitcli.errors import FitcliError, InputFileError

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


def _check_parents(path: Path, what: str) -> None:
    """The nearest existing folder above ``path`` must be a writable folder."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputFileError(
                    f"cannot write {what} {path}: {parent} is a file, not a folder", hint="give another path"
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise InputFileError(
                    f"cannot write {what} {path}: folder {parent} is read-only", hint="give another path"
                )
            return


def check_output_file(path: str | os.PathLike[str], what: str = "output file") -> Path:
    """Fail now, before any work, if ``path`` can never be written as a file; return it as a Path.

    Raises :class:`InputFileError` (exit 2) naming the path: a folder, a parent that is a file, a
    read-only file or folder.
    """
    path = Path(path)
    if path.is_dir():
        raise InputFileError(f"{what} {path} is a folder, not a file", hint="give a file name")
    _check_parents(path, what)
    if path.exists() and not os.access(path, os.W_OK):
        raise InputFileError(f"{what} {path} is read-only", hint="make it writable or give another path")
    return path


def check_output_folder(path: str | os.PathLike[str], what: str = "output folder") -> Path:
    """Fail now if ``path`` can never be a folder fitcli writes in (see :func:`check_output_file`)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputFileError(f"{what} {path} is a file, not a folder", hint="give a folder")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise InputFileError(
                f"{what} {path} is read-only", hint="make it writable or give another folder"
            )
        return path
    _check_parents(path, what)
    return path


def write_error(target: Path, exc: OSError) -> FitcliError:
    """The fitcli error for an OSError met while writing ``target``: the user's path (exit 2)
    for a permission or path problem, a failure while working (exit 1) for the rest (disk full)."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError | NotADirectoryError | IsADirectoryError | FileExistsError):
        return InputFileError(f"cannot write {target}: {reason}", hint="give another path")
    return FitcliError(f"cannot write {target}: {reason}")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``.

    The temporary file sits in the same folder so the final ``os.replace`` is atomic. If the
    body raises (or the process is interrupted), the temporary file is removed and ``target``
    is left exactly as it was; one left by a killed process is removed by the next write.
    """
    target = Path(target)
    if target.is_dir():
        raise InputFileError(f"{target} is a folder, not a file", hint="give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=temp_prefix(target), suffix=suffix or target.suffix or ".tmp", dir=target.parent
        )
    except OSError as exc:
        raise write_error(target, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp creates 0600; give the file the mode a plain open() would (0666 less the umask).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.filename not in (str(tmp), str(target)):
            raise
        raise write_error(target, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

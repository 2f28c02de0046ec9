"""Keep MediaPipe's native log lines (glog / TFLite "INFO: Created ... delegate", "W0000 ...")
off the user's terminal.

They are written by C++ straight to file descriptor 2, which Python's logging cannot filter, and
GLOG_minloglevel does not reach them. While a MediaPipe graph is built and runs its first frames,
fd 2 points at /dev/null; it is restored right after. ``FITCLI_NATIVE_LOGS=1`` keeps them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    if os.environ.get("FITCLI_NATIVE_LOGS"):
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (embedded interpreters): nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)

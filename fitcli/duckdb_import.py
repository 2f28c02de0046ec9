"""``duckdb``, imported with Ctrl-C held back until its compiled module has loaded.

A SIGINT that lands while duckdb's extension registers its types (nanobind's ``enum_create``) is
turned by nanobind into "Critical nanobind error ... Traceback" on stderr before Python sees it, so
fitcli's one-line "interrupted" (exit 130) could not be the only thing a user sees. Blocking SIGINT
for the import and unblocking it after delivers the signal at once, as a ``KeyboardInterrupt`` at a
point Python handles. Every module imports duckdb from here: ``from fitcli.duckdb_import import duckdb``.
"""

from __future__ import annotations

import signal
import threading

_BLOCKABLE = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
_saved = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _BLOCKABLE else None
try:
    import duckdb
finally:
    if _saved is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, _saved)

__all__ = ["duckdb"]

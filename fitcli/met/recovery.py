"""Sessions that could not be saved: kept in a recovery file, imported by the next journal write.

When the journal cannot take a counted workout (busy beyond ``--wait``, the disk full, the file
gone), :func:`keep` writes the sessions atomically to ``<home>/recovery/<time>-<pid>.json``
with the journal they belong to. The first write transaction on that journal (any
journal-writing command, and ``live`` / ``analyze`` before they count) imports them in the same
transaction, skipping ids already present, and deletes the file once committed.

Library interface::

    path = keep(journal.path, [record, ...])      # -> the recovery file
    pending_files(journal.path)                   # -> recovery files waiting for that journal
    read_recovery(path)                           # -> list[SessionRecord]
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fitcli.atomic import atomic_path
from fitcli.duckdb_import import duckdb
from fitcli.errors import DataError, FitcliError, UsageError
from fitcli.met.records import SessionRecord, validate_session
from fitcli.paths import home_dir
from fitcli.rep import Rep

log = logging.getLogger(__name__)

FORMAT = "fitcli.recovery"
VERSION = 1


def recovery_dir() -> Path:
    return home_dir() / "recovery"


def _journal_key(path: Path) -> str:
    return str(Path(path).expanduser().resolve())


def _as_json(record: SessionRecord) -> dict[str, Any]:
    from fitcli.met.journal_io import as_dict

    return as_dict(record)


def keep(journal_path: Path, records: Sequence[SessionRecord]) -> Path:
    """Write ``records`` to a new recovery file for ``journal_path``; return its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = recovery_dir() / f"{stamp}-{os.getpid()}.json"
    data = {
        "format": FORMAT,
        "version": VERSION,
        "journal": _journal_key(journal_path),
        "sessions": [_as_json(r) for r in records],
    }
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(data, indent=1))
    return path


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read recovery file {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise DataError(f"{path} is not a fitcli recovery file")
    return data


def _session(data: dict[str, Any]) -> SessionRecord:
    data = dict(data)
    data.pop("day", None)
    reps = tuple(Rep.from_record(r) for r in data.pop("rep_records", []))
    for key in ("start", "end"):
        data[key] = dt.datetime.fromisoformat(data[key])
    record = SessionRecord(**data, rep_records=reps)
    validate_session(record)
    return record


def read_recovery(path: Path) -> list[SessionRecord]:
    """The sessions of a recovery file; ``DataError`` naming the file if it is damaged."""
    data = _load(path)
    try:
        return [_session(s) for s in data.get("sessions", [])]
    except (TypeError, ValueError, KeyError, UsageError) as exc:
        raise DataError(f"recovery file {path}: {exc}") from None


def pending_files(journal_path: Path) -> list[Path]:
    """Recovery files waiting for ``journal_path``, oldest first."""
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    key = _journal_key(journal_path)
    found = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):  # a temporary file being written
            continue
        try:
            if _load(path).get("journal") == key:
                found.append(path)
        except DataError as exc:
            log.warning("%s", exc)
    return found


def import_pending(con: duckdb.DuckDBPyConnection, journal_path: Path) -> list[Path]:
    """Insert the sessions of ``journal_path``'s recovery files on ``con`` (inside the caller's
    transaction), skipping ids and videos already stored; return the files to delete after commit."""
    from fitcli.met.journal import insert_session

    files = pending_files(journal_path)
    if not files:
        return []
    known = {r[0] for r in con.execute("SELECT id FROM sessions").fetchall()}
    stored = set(con.execute("SELECT user_name, source, start_at FROM sessions").fetchall())
    done = []
    for path in files:
        try:
            records = read_recovery(path)
        except FitcliError as exc:
            log.warning("%s (left in place)", exc)
            continue
        new = [r for r in records if r.id not in known and (r.user, r.source, r.start) not in stored]
        for record in new:
            insert_session(con, record)
            known.add(record.id)
        log.warning("imported %d session(s) from recovery file %s", len(new), path)
        done.append(path)
    return done


def forget(paths: Sequence[Path]) -> None:
    """Delete recovery files whose sessions are committed."""
    for path in paths:
        path.unlink(missing_ok=True)

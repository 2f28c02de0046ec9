"""Export the journal's sessions (with reps) and meals to one CSV or Parquet file, and import it back.

One flat table, a row per record: ``kind`` (``session`` | ``meal``), ``id``, the session columns,
``meal_name``, ``meal_time`` and ``rep_records`` (JSON list). Import is idempotent: records whose
``id`` is already in the journal are skipped, so the same file twice adds nothing. The whole
import is one transaction; a process killed midway leaves the journal as it was.

Library interface::

    export_journal(Journal(), Path("out.parquet"), fmt="parquet", user=None)  # -> (sessions, meals)
    import_journal(Journal(), Path("out.parquet"))                            # -> ImportResult
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from fitcli.atomic import atomic_path, check_output_file
from fitcli.errors import DataError, InputFileError, UnknownNameError, UsageError
from fitcli.met.journal import Journal, insert_meal, insert_session
from fitcli.met.records import MealRecord, SessionRecord, validate_session
from fitcli.rep import Rep

EXPORT_FORMATS = ("csv", "parquet")
EXPORT_COLUMNS = (
    "kind", "id", "user_name", "day", "start_at", "end_at", "exercise", "met_code", "met_edition", "met",
    "reps", "minutes", "kcal", "source", "model", "effort", "meal_name", "meal_time", "rep_records",
    "met_corrected",
)  # fmt: skip
OPTIONAL_COLUMNS = frozenset({"met_corrected"})  # absent from exports made before schema 3

_EXPORT_SQL = """
SELECT 'session' AS kind, s.id, s.user_name, s.day, s.start_at, s.end_at, s.exercise, s.met_code,
       s.met_edition, s.met, s.reps, s.minutes, s.kcal, s.source, s.model, s.effort,
       NULL::VARCHAR AS meal_name, NULL::TIME AS meal_time,
       coalesce((SELECT to_json(list({'index': r.idx, 'start_s': r.start_s, 'turn_s': r.turn_s,
                 'end_s': r.end_s, 'rom': r.rom, 'confidence': r.confidence} ORDER BY r.idx))::VARCHAR
                 FROM reps r WHERE r.session_id = s.id), '[]') AS rep_records, s.met_corrected
FROM sessions s WHERE ($user IS NULL OR s.user_name = $user)
UNION ALL
SELECT 'meal', m.id, m.user_name, m.day, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, m.kcal, NULL, NULL,
       NULL, m.name, m.meal_time, NULL, NULL
FROM meals m WHERE ($user IS NULL OR m.user_name = $user)
ORDER BY kind DESC, day, id
"""


@dataclass(frozen=True)
class ImportResult:
    sessions_added: int
    meals_added: int
    skipped: int


def export_journal(journal: Journal, out: Path, fmt: str = "csv", user: str | None = None) -> tuple[int, int]:
    """Write sessions and meals to ``out`` (written to a temp file, then renamed); return the counts."""
    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError(
            f"unknown export format {fmt!r}", hint=f"use one of {', '.join(EXPORT_FORMATS)}"
        )
    check_output_file(out, "export file")
    with journal.connect(create=False) as con, atomic_path(out) as tmp:
        if user is not None:
            _check_user(con, user)
        con.execute(f"CREATE TEMP TABLE export AS {_EXPORT_SQL}", {"user": user})
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        con.execute(f"COPY export TO '{_quote(tmp)}' ({options})")
        counts = con.execute(
            "SELECT count(*) FILTER (kind = 'session'), count(*) FILTER (kind = 'meal') FROM export"
        )
        sessions, meals = counts.fetchone() or (0, 0)
    return int(sessions), int(meals)


def _check_user(con: duckdb.DuckDBPyConnection, user: str) -> None:
    """``UnknownNameError`` listing the known users when ``user`` has no profile, session or meal."""
    known = [
        r[0]
        for r in con.execute(
            "SELECT name FROM users UNION SELECT user_name FROM sessions UNION SELECT user_name FROM meals"
            " ORDER BY 1"
        ).fetchall()
    ]
    if user not in known:
        raise UnknownNameError(
            f"no user {user!r} in the journal", hint=f"known users: {', '.join(known) or 'none yet'}"
        )


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def read_export(path: Path) -> list[dict[str, Any]]:
    """Rows of an exported file as dicts; ``DataError`` if it is not a fitcli export."""
    if not path.is_file():
        raise InputFileError(f"no file at {path}", hint="give a file made by fitcli journal export")
    reader = "read_parquet" if path.suffix.lower() == ".parquet" else "read_csv"
    options = "" if reader == "read_parquet" else ", header = true, all_varchar = true"
    try:
        with duckdb.connect() as con:
            rel = con.execute(f"SELECT * FROM {reader}('{_quote(path)}'{options})")
            names = [d[0] for d in rel.description or []]
            rows = rel.fetchall()
    except duckdb.Error as exc:
        raise DataError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    missing = [c for c in EXPORT_COLUMNS if c not in names and c not in OPTIONAL_COLUMNS]
    if missing:
        raise DataError(
            f"{path} is not a fitcli journal export", hint=f"missing columns: {', '.join(missing)}"
        )
    return [dict(zip(names, row, strict=True)) for row in rows]


def _opt(value: Any, cast: Callable[[Any], Any]) -> Any:
    return None if value is None or value == "" else cast(value)


def _ts(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _record(row: dict[str, Any]) -> SessionRecord | MealRecord:
    if row["kind"] == "meal":
        return MealRecord(
            user=row["user_name"],
            day=row["day"] if isinstance(row["day"], dt.date) else dt.date.fromisoformat(row["day"]),
            kcal=float(row["kcal"]),
            name=_opt(row["meal_name"], str),
            time=_opt(row["meal_time"], lambda v: v if isinstance(v, dt.time) else dt.time.fromisoformat(v)),
            id=row["id"],
        )
    if row["kind"] != "session":
        raise ValueError(f"unknown kind {row['kind']!r}")
    reps = tuple(Rep(**r) for r in json.loads(row["rep_records"] or "[]"))
    return validate_session(SessionRecord(
        user=row["user_name"], exercise=row["exercise"], start=_ts(row["start_at"]), end=_ts(row["end_at"]),
        met_code=row["met_code"], met_edition=row["met_edition"], met=float(row["met"]),
        minutes=float(row["minutes"]), kcal=float(row["kcal"]), reps=_opt(row["reps"], int),
        source=_opt(row["source"], str), model=_opt(row["model"], str), effort=_opt(row["effort"], str),
        rep_records=reps, id=row["id"], met_corrected=_opt(row.get("met_corrected"), float),
    ))  # fmt: skip


def parse_export(path: Path) -> list[SessionRecord | MealRecord]:
    """Every record of an export, or ``DataError`` naming the first bad line (header is line 1).

    Every session is checked as ``fitcli log`` would make it (:func:`validate_session`). A
    ``.json`` file is read as a recovery file (:mod:`fitcli.met.recovery`).
    """
    if path.suffix.lower() == ".json" and path.is_file():
        from fitcli.met.recovery import read_recovery

        return list(read_recovery(path))
    records: list[SessionRecord | MealRecord] = []
    for line, row in enumerate(read_export(path), start=2):
        try:
            records.append(_record(row))
        except (ValueError, TypeError, KeyError, UsageError) as exc:
            raise DataError(f"{path} record {line}: {exc}", hint="nothing was imported") from None
    return records


def import_journal(
    journal: Journal, path: Path, on_record: Callable[[int], None] | None = None
) -> ImportResult:
    """Add the records of ``path`` whose id is new, in one transaction; ``on_record(n)`` after each."""
    records = parse_export(path)
    added_sessions = added_meals = skipped = 0
    with journal.transaction() as con:
        known = {
            r[0] for r in con.execute("SELECT id FROM sessions UNION ALL SELECT id FROM meals").fetchall()
        }
        for n, record in enumerate(records, start=1):
            if record.id in known:
                skipped += 1
            elif isinstance(record, SessionRecord):
                insert_session(con, record)
                added_sessions += 1
            else:
                insert_meal(con, record)
                added_meals += 1
            known.add(record.id)
            if on_record is not None:
                on_record(n)
    return ImportResult(added_sessions, added_meals, skipped)


def as_dict(record: SessionRecord) -> dict[str, Any]:
    """A session as JSON-ready dict (dates as ISO strings)."""
    data = dataclasses.asdict(record)
    for key in ("start", "end"):
        data[key] = data[key].isoformat()
    data["day"] = record.day.isoformat()
    return data

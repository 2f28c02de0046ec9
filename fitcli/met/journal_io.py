"""Export the whole journal to one CSV, Parquet or JSON file (or stdout), and import it back.

One flat table, a row per record, ``kind`` telling which table it comes from:

- ``default_user``: the journal's default user (``user_name``); only in an export of every user;
- ``profile``: a user (``user_name``, ``sex``, ``height_cm``, ``age``, ``at`` = when last changed);
- ``weight``: one entry of a weight history (``user_name``, ``at``, ``weight_kg``), oldest first;
- ``compendium``: one Compendium row (``met_edition``, ``met_code``, ``met``, ``major_heading``, ``description``);
- ``session``: a session with its reps (``rep_records``, a JSON list) and ``created``;
- ``meal``: a meal (``meal_name``, ``meal_time``, ``kcal``).

JSON is the same records as ``{"format": "fitcli.journal-export", "version": 1, "records": [...]}``
with empty fields left out and ``rep_records`` as a list. Exporting a journal and importing the file
into a new one gives the same rows in every table (tests/met/test_met_journal_io.py).

Import is idempotent and never overwrites: sessions and meals whose ``id`` is already in the
journal, users it already has (their profile and weight history stay as they are; the file's
weight entries are added only with the profile they belong to) and Compendium editions it already
has are skipped, so the same file twice adds nothing. The
default user is set only in a journal that has none. The whole import is one transaction; a
process killed midway leaves the journal as it was. Exports made before the profile, weight and
Compendium rows existed (no ``created``, ``at`` ... columns) still import.

Library interface::

    export_journal(Journal(), Path("out.parquet"), fmt="parquet", user=None)  # -> ExportCounts
    export_journal(Journal(), Path("-"), fmt="json")                          # to stdout
    import_journal(Journal(), Path("out.parquet"))                            # -> ImportResult
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.atomic import atomic_path, check_output_file
from fitcli.duckdb_import import duckdb
from fitcli.errors import DataError, InputFileError, UnknownNameError, UsageError
from fitcli.met.journal import Journal, insert_meal, insert_session
from fitcli.met.records import MealRecord, SessionRecord, validate_session
from fitcli.rep import Rep

EXPORT_FORMATS = ("csv", "parquet", "json")
JSON_FORMAT, JSON_VERSION = "fitcli.journal-export", 1
STDOUT = Path("-")
# column -> DuckDB type, in file order
COLUMN_TYPES = {
    "kind": "VARCHAR", "id": "VARCHAR", "user_name": "VARCHAR", "day": "DATE", "start_at": "TIMESTAMP",
    "end_at": "TIMESTAMP", "exercise": "VARCHAR", "met_code": "VARCHAR", "met_edition": "VARCHAR",
    "met": "DOUBLE", "reps": "INTEGER", "minutes": "DOUBLE", "kcal": "DOUBLE", "source": "VARCHAR",
    "model": "VARCHAR", "effort": "VARCHAR", "meal_name": "VARCHAR", "meal_time": "TIME",
    "rep_records": "VARCHAR", "met_corrected": "DOUBLE", "created": "TIMESTAMP", "at": "TIMESTAMP",
    "sex": "VARCHAR", "height_cm": "DOUBLE", "age": "DOUBLE", "weight_kg": "DOUBLE",
    "major_heading": "VARCHAR", "description": "VARCHAR",
}  # fmt: skip
EXPORT_COLUMNS = tuple(COLUMN_TYPES)
# absent from exports made by older fitcli (before schema 3, before profiles were exported)
OPTIONAL_COLUMNS = frozenset(EXPORT_COLUMNS[EXPORT_COLUMNS.index("met_corrected") :])
KINDS = ("default_user", "profile", "weight", "compendium", "session", "meal")

_REPS_JSON = (
    "coalesce((SELECT to_json(list({'index': r.idx, 'start_s': r.start_s, 'turn_s': r.turn_s,"
    " 'end_s': r.end_s, 'rom': r.rom, 'confidence': r.confidence, 'form': r.form} ORDER BY r.idx))::VARCHAR"
    " FROM reps r WHERE r.session_id = s.id), '[]')"
)
_SESSION_COLS = (
    "id user_name day start_at end_at exercise met_code met_edition met reps minutes kcal source model"
    " effort met_corrected created"
).split()
# kind -> (FROM ... WHERE, {column: expression}, ORDER BY inside the kind)
_SOURCES: dict[str, tuple[str, dict[str, str], str]] = {
    "default_user": (
        "fitcli_meta WHERE key = 'default_user' AND $user IS NULL", {"user_name": "value"}, "value"
    ),
    "profile": (
        "users WHERE ($user IS NULL OR name = $user)",
        {"user_name": "name", "sex": "sex", "height_cm": "height_cm", "age": "age", "at": "updated"},
        "name",
    ),
    "weight": (
        "weights WHERE ($user IS NULL OR user_name = $user)",
        {"user_name": "user_name", "at": "recorded_at", "weight_kg": "kg"},
        "rowid",  # the order they were recorded in (the history breaks ties of time by it)
    ),
    "compendium": (
        "compendium",
        {c: c for c in ("met_edition", "met_code", "met", "major_heading", "description")}
        | {"met_edition": "edition", "met_code": "code"},
        "rowid",
    ),
    "session": (
        "sessions s WHERE ($user IS NULL OR s.user_name = $user)",
        {c: f"s.{c}" for c in _SESSION_COLS} | {"rep_records": _REPS_JSON},
        "s.day, s.id",
    ),
    "meal": (
        "meals m WHERE ($user IS NULL OR m.user_name = $user)",
        {"id": "m.id", "user_name": "m.user_name", "day": "m.day", "kcal": "m.kcal", "meal_name": "m.name",
         "meal_time": "m.meal_time"},
        "m.day, m.id",
    ),
}  # fmt: skip


def _export_sql() -> str:
    parts = []
    for order, kind in enumerate(KINDS):
        table, exprs, sort = _SOURCES[kind]
        cols = [f"'{kind}' AS kind"] + [
            f'{exprs[c]}::{t} AS "{c}"' if c in exprs else f'NULL::{t} AS "{c}"'
            for c, t in COLUMN_TYPES.items()
            if c != "kind"
        ]
        parts.append(
            f"SELECT {', '.join(cols)}, {order} AS _kind, row_number() OVER (ORDER BY {sort}) AS _seq"
            f" FROM {table}"
        )
    return " UNION ALL ".join(parts)


@dataclass(frozen=True)
class ExportCounts:
    """How many records of each kind an export wrote."""

    sessions: int = 0
    meals: int = 0
    profiles: int = 0
    weights: int = 0
    compendium: int = 0  # Compendium rows


@dataclass(frozen=True)
class ImportResult:
    sessions_added: int
    meals_added: int
    skipped: int
    profiles_added: int = 0
    weights_added: int = 0
    compendium_added: int = 0  # Compendium rows
    default_user: str | None = None  # set by this import (the journal had none)


def export_journal(journal: Journal, out: Path, fmt: str = "csv", user: str | None = None) -> ExportCounts:
    """Write every table (or one ``user``'s rows and the Compendium) to ``out``; ``-`` is stdout.

    A file is written to a temporary file, then renamed: an interrupted export leaves no half file.
    """
    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError(
            f"unknown export format {fmt!r}", hint=f"use one of {', '.join(EXPORT_FORMATS)}"
        )
    to_stdout = Path(out) == STDOUT
    if to_stdout and fmt == "parquet" and sys.stdout.isatty():
        raise UsageError(
            "will not write Parquet (binary) to a terminal", hint="redirect stdout or give --out FILE"
        )
    if not to_stdout:
        check_output_file(out, "export file")
    with journal.connect(create=False) as con:
        if user is not None:
            _check_user(con, user)
        con.execute(f"CREATE TEMP TABLE export AS {_export_sql()}", {"user": user})
        counts = _counts(con)
        if to_stdout:
            _write_stdout(con, fmt)
        else:
            with atomic_path(out) as tmp:
                _write(con, fmt, tmp)
    return counts


def _counts(con: duckdb.DuckDBPyConnection) -> ExportCounts:
    found = dict(con.execute("SELECT kind, count(*) FROM export GROUP BY kind").fetchall())
    return ExportCounts(
        *(int(found.get(k, 0)) for k in ("session", "meal", "profile", "weight", "compendium"))
    )


_QUOTED = ", ".join(f'"{c}"' for c in EXPORT_COLUMNS)
_ORDERED = f"SELECT {_QUOTED} FROM export ORDER BY _kind, _seq"


def _write(con: duckdb.DuckDBPyConnection, fmt: str, path: Path) -> None:
    if fmt == "json":
        path.write_text(_json_text(con), encoding="utf-8")
        return
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    con.execute(f"COPY ({_ORDERED}) TO '{_quote(path)}' ({options})")


def _write_stdout(con: duckdb.DuckDBPyConnection, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(_json_text(con))
        sys.stdout.flush()
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="fitcli-export-") as folder:
        tmp = Path(folder) / f"export.{fmt}"
        _write(con, fmt, tmp)
        if fmt == "csv":
            sys.stdout.write(tmp.read_text(encoding="utf-8"))
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(tmp.read_bytes())
            sys.stdout.buffer.flush()


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def _json_text(con: duckdb.DuckDBPyConnection) -> str:
    records = []
    for row in con.execute(_ORDERED).fetchall():
        record = {c: _json_value(v) for c, v in zip(EXPORT_COLUMNS, row, strict=True) if v is not None}
        if "rep_records" in record:
            record["rep_records"] = json.loads(record["rep_records"])
        records.append(record)
    return json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION, "records": records}, indent=1) + "\n"


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
    """Rows of an exported CSV, Parquet or JSON file as dicts; ``DataError`` if it is not a fitcli export."""
    if not path.is_file():
        raise InputFileError(f"no file at {path}", hint="give a file made by fitcli journal export")
    if path.suffix.lower() == ".json":
        return _read_json_export(path)
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


def is_json_export(path: Path) -> bool:
    """Whether ``path`` is a JSON journal export (else a .json file is read as a recovery file)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(200)
    except OSError:
        return False
    return JSON_FORMAT.encode() in head


def _read_json_export(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise DataError(
            f"{path} is not a fitcli journal export", hint="give a file made by fitcli journal export"
        )
    if data.get("version") != JSON_VERSION or not isinstance(data.get("records"), list):
        raise DataError(f"{path}: unknown export version {data.get('version')!r}", hint="upgrade fitcli")
    rows = []
    for n, record in enumerate(data["records"], start=1):
        if not isinstance(record, dict):
            raise DataError(f"{path} record {n}: not an object", hint="nothing was imported")
        row = {c: record.get(c) for c in EXPORT_COLUMNS}
        if isinstance(row["rep_records"], list):
            row["rep_records"] = json.dumps(row["rep_records"])
        rows.append(row)
    return rows


def _opt(value: Any, cast: Callable[[Any], Any]) -> Any:
    return None if value is None or value == "" else cast(value)


def _ts(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _time(value: Any) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


def _float(value: Any) -> float:
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is not a number")
    return number


@dataclass(frozen=True)
class ProfileRow:
    user: str
    sex: str | None
    height_cm: float | None
    age: float | None
    at: dt.datetime | None


@dataclass(frozen=True)
class WeightRow:
    user: str
    at: dt.datetime
    kg: float


@dataclass(frozen=True)
class CompendiumRow:
    edition: str
    code: str
    met: float
    major_heading: str | None
    description: str | None


@dataclass(frozen=True)
class DefaultUser:
    user: str


Record = SessionRecord | MealRecord | ProfileRow | WeightRow | CompendiumRow | DefaultUser


def _name(value: Any, what: str = "user_name") -> str:
    if value is None or not str(value).strip():
        raise ValueError(f"empty {what}")
    return str(value)


def _other(row: dict[str, Any]) -> Record:
    from fitcli.met.body import check_age, check_height, parse_sex
    from fitcli.met.calories import check_met, check_weight

    kind = row["kind"]
    if kind == "default_user":
        return DefaultUser(_name(row["user_name"]))
    if kind == "profile":
        return ProfileRow(
            _name(row["user_name"]), _opt(row.get("sex"), parse_sex),
            _opt(row.get("height_cm"), lambda v: check_height(_float(v))),
            _opt(row.get("age"), lambda v: check_age(_float(v))), _opt(row.get("at"), _ts),
        )  # fmt: skip
    if kind == "weight":
        return WeightRow(_name(row["user_name"]), _ts(row["at"]), check_weight(_float(row["weight_kg"])))
    if kind == "compendium":
        return CompendiumRow(
            _name(row["met_edition"], "edition"), _name(row["met_code"], "code"), check_met(_float(row["met"])),
            _opt(row.get("major_heading"), str), _opt(row.get("description"), str),
        )  # fmt: skip
    raise ValueError(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


def _record(row: dict[str, Any]) -> Record:
    if row["kind"] == "meal":
        return MealRecord(
            user=_name(row["user_name"]),
            day=_day(row["day"]),
            kcal=_float(row["kcal"]),
            name=_opt(row["meal_name"], str),
            time=_opt(row["meal_time"], _time),
            id=_name(row["id"], "id"),
        )
    if row["kind"] != "session":
        return _other(row)
    reps = tuple(Rep.from_record(r) for r in json.loads(row["rep_records"] or "[]"))
    return validate_session(SessionRecord(
        user=_name(row["user_name"]), exercise=row["exercise"], start=_ts(row["start_at"]),
        end=_ts(row["end_at"]), met_code=row["met_code"], met_edition=row["met_edition"],
        met=_float(row["met"]), minutes=_float(row["minutes"]), kcal=_float(row["kcal"]),
        reps=_opt(row["reps"], int), source=_opt(row["source"], str), model=_opt(row["model"], str),
        effort=_opt(row["effort"], str), rep_records=reps, id=_name(row["id"], "id"),
        met_corrected=_opt(row.get("met_corrected"), _float),
    ))  # fmt: skip


def _parse_rows(path: Path, rows: list[dict[str, Any]]) -> list[Record]:
    records: list[Record] = []
    first = 1 if path.suffix.lower() == ".json" else 2  # a CSV's line 1 is its header
    for line, row in enumerate(rows, start=first):
        try:
            records.append(_record(row))
        except (ValueError, TypeError, KeyError, UsageError) as exc:
            raise DataError(f"{path} record {line}: {exc}", hint="nothing was imported") from None
    return records


def _is_recovery(path: Path) -> bool:
    return path.suffix.lower() == ".json" and path.is_file() and not is_json_export(path)


def parse_export(path: Path) -> list[Record]:
    """Every record of an export, or ``DataError`` naming the first bad record (a CSV header is line 1).

    Every session is checked as ``fitcli log`` would make it (:func:`validate_session`). A
    ``.json`` file that is not a JSON export is read as a recovery file (:mod:`fitcli.met.recovery`).
    """
    if _is_recovery(path):
        from fitcli.met.recovery import read_recovery

        return list(read_recovery(path))
    return _parse_rows(path, read_export(path))


class _Importer:
    """Adds records on an open transaction, skipping what the journal already has."""

    def __init__(self, con: duckdb.DuckDBPyConnection, created: dict[str, dt.datetime]) -> None:
        self.con, self.created = con, created
        self.ids = {
            r[0] for r in con.execute("SELECT id FROM sessions UNION ALL SELECT id FROM meals").fetchall()
        }
        self.users = {r[0] for r in con.execute("SELECT name FROM users").fetchall()}
        self.weights = set(con.execute("SELECT user_name, recorded_at, kg FROM weights").fetchall())
        self.editions = {r[0] for r in con.execute("SELECT DISTINCT edition FROM compendium").fetchall()}
        self.has_default = con.execute("SELECT 1 FROM fitcli_meta WHERE key = 'default_user'").fetchone()
        self.counts = dict.fromkeys(
            ("session", "meal", "profile", "weight", "compendium", "default_user", "skipped"), 0
        )
        self.new_editions: set[str] = set()
        self.new_users: set[str] = set()
        self.default_user: str | None = None

    def add(self, record: Record) -> None:
        kind = self._add(record)
        self.counts[kind or "skipped"] += 1

    def _add(self, r: Record) -> str | None:  # noqa: PLR0911 - one branch per kind
        con = self.con
        if isinstance(r, SessionRecord | MealRecord):
            if r.id in self.ids:
                return None
            self.ids.add(r.id)
            if isinstance(r, MealRecord):
                insert_meal(con, r)
                return "meal"
            insert_session(con, r, created=self.created.get(r.id))
            return "session"
        if isinstance(r, ProfileRow):
            if r.user in self.users:
                return None
            self.users.add(r.user)
            self.new_users.add(r.user)
            con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?)", [r.user, r.sex, r.height_cm, r.age, r.at])
            return "profile"
        if isinstance(r, WeightRow):
            if r.user not in self.new_users or (r.user, r.at, r.kg) in self.weights:
                return None
            self.weights.add((r.user, r.at, r.kg))
            con.execute("INSERT INTO weights VALUES (?, ?, ?)", [r.user, r.at, r.kg])
            return "weight"
        if isinstance(r, CompendiumRow):
            if r.edition in self.editions and r.edition not in self.new_editions:
                return None
            self.new_editions.add(r.edition)
            con.execute("INSERT INTO compendium VALUES (?, ?, ?, ?, ?)",
                        [r.edition, r.code, r.major_heading, r.met, r.description])  # fmt: skip
            return "compendium"
        if self.has_default or self.default_user is not None:
            return None
        con.execute("INSERT INTO fitcli_meta VALUES ('default_user', ?)", [r.user])
        self.default_user = r.user
        return "default_user"


def import_journal(
    journal: Journal, path: Path, on_record: Callable[[int], None] | None = None
) -> ImportResult:
    """Add the records of ``path`` the journal lacks, in one transaction; ``on_record(n)`` after each."""
    if _is_recovery(path):
        records, created = parse_export(path), {}
    else:
        rows = read_export(path)
        records = _parse_rows(path, rows)
        created = {r["id"]: _ts(r["created"]) for r in rows if r["kind"] == "session" and r.get("created")}
    with journal.transaction() as con:
        importer = _Importer(con, created)
        for n, record in enumerate(records, start=1):
            importer.add(record)
            if on_record is not None:
                on_record(n)
    c = importer.counts
    return ImportResult(
        c["session"],
        c["meal"],
        c["skipped"],
        c["profile"],
        c["weight"],
        c["compendium"],
        importer.default_user,
    )


def as_dict(record: SessionRecord) -> dict[str, Any]:
    """A session as JSON-ready dict (dates as ISO strings)."""
    data = dataclasses.asdict(record)
    for key in ("start", "end"):
        data[key] = data[key].isoformat()
    data["day"] = record.day.isoformat()
    return data

"""The DuckDB journal: one file holding profiles, weight history, sessions, reps, meals, the Compendium.

Library interface::

    from fitcli.met.journal import Journal
    from fitcli.met.records import make_session
    journal = Journal()                       # --db / $FITCLI_DB / <home>/journal.duckdb
    record = make_session("ana", "push-up", start, end, weight_kg=60, reps=20, active_seconds=45)
    session_id = journal.save_session(record)

Rules:
- The schema has a version (table ``fitcli_meta``); :data:`MIGRATIONS` bring an older file forward
  on open. A file written by a newer fitcli is refused.
- Every write is one transaction (:meth:`Journal.transaction`): a process killed midway leaves
  the journal as it was before.
- DuckDB lets one process at a time open the file; connections are short-lived, and a second
  process retries with jittered, growing pauses for up to ``busy_timeout`` seconds
  (:data:`DEFAULT_WAIT_S`, ``--wait``), then gets :class:`JournalBusyError`.
- Sessions that could not be saved are kept in a recovery file (:mod:`fitcli.met.recovery`);
  the first write transaction on the journal they belong to imports them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.duckdb_import import duckdb
from fitcli.errors import DataError, FitcliError, InputFileError, UnknownNameError, UsageError

# Re-exported: JournalBusyError lived here before it moved to fitcli.errors.
from fitcli.errors import JournalBusyError as JournalBusyError
from fitcli.met import DEFAULT_WAIT_S
from fitcli.met.records import MealRecord, Profile, SessionRecord
from fitcli.paths import home_dir
from fitcli.rep import Rep, RepForm

log = logging.getLogger(__name__)

DEFAULT_USER = "default"
JOURNAL_FILE = "journal.duckdb"
_FIRST_PAUSE_S, _MAX_PAUSE_S = 0.005, 0.25  # retry pauses double from the first to the largest

# MIGRATIONS[i] brings schema version i to i + 1. Append only; never edit a released step.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE fitcli_meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        "CREATE TABLE users (name VARCHAR PRIMARY KEY, sex VARCHAR, height_cm DOUBLE, age DOUBLE,"
        " updated TIMESTAMP)",
        "CREATE TABLE weights (user_name VARCHAR, recorded_at TIMESTAMP, kg DOUBLE)",
        "CREATE TABLE compendium (edition VARCHAR, code VARCHAR, major_heading VARCHAR, met DOUBLE,"
        " description VARCHAR)",
        "CREATE TABLE sessions (id VARCHAR PRIMARY KEY, user_name VARCHAR, day DATE, start_at TIMESTAMP,"
        " end_at TIMESTAMP, exercise VARCHAR, met_code VARCHAR, met_edition VARCHAR, met DOUBLE,"
        " reps INTEGER, minutes DOUBLE, kcal DOUBLE, source VARCHAR, model VARCHAR, created TIMESTAMP)",
        "CREATE TABLE meals (id VARCHAR PRIMARY KEY, user_name VARCHAR, day DATE, meal_time TIME,"
        " name VARCHAR, kcal DOUBLE)",
    ),
    (
        "CREATE TABLE reps (session_id VARCHAR, idx INTEGER, start_s DOUBLE, turn_s DOUBLE, end_s DOUBLE,"
        " rom DOUBLE, confidence DOUBLE)",
        "ALTER TABLE sessions ADD COLUMN effort VARCHAR",
    ),
    (  # 3: corrected MET per session (NULL for older sessions; reports compute it from the profile)
        "ALTER TABLE sessions ADD COLUMN met_corrected DOUBLE",
    ),
    (  # 4: each rep's form (``RepForm.as_dict`` as JSON text; NULL for reps stored before)
        "ALTER TABLE reps ADD COLUMN form VARCHAR",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

SESSION_COLUMNS = (
    "id, user_name, day, start_at, end_at, exercise, met_code, met_edition, met, reps, minutes, kcal,"
    " source, model, effort, met_corrected"
)


@dataclass(frozen=True)
class ProfileChange:
    """A saved profile and how many rows of the implicit default user it adopted."""

    profile: Profile
    adopted_sessions: int = 0
    adopted_meals: int = 0
    # the weight the adopted sessions' kcal were recomputed at (None: no weight, kept at 70 kg)
    recomputed_at_kg: float | None = None


def default_journal_path() -> Path:
    """``$FITCLI_DB`` if set, else ``<home>/journal.duckdb``."""
    env = os.environ.get("FITCLI_DB")
    return Path(env).expanduser() if env else home_dir() / JOURNAL_FILE


def _busy(path: Path, busy_timeout: float) -> JournalBusyError:
    return JournalBusyError(
        f"journal busy, retry: another fitcli process used {path} for {busy_timeout:g} s",
        hint="wait longer with --wait SECONDS",
    )


def _pause(pause: float, deadline: float) -> float:
    """Sleep about ``pause`` seconds (random jitter, so waiting writers do not retry in lockstep),
    never past ``deadline``; return the next, doubled pause (at most ``_MAX_PAUSE_S``)."""
    time.sleep(max(0.0, min(deadline - time.monotonic(), pause * random.uniform(0.5, 1.5))))
    return min(pause * 2, _MAX_PAUSE_S)


@contextlib.contextmanager
def _turn(path: Path, deadline: float, busy_timeout: float) -> Iterator[None]:
    """Hold ``.<journal>.lock`` beside the journal while it is open, so fitcli processes take
    turns: DuckDB's own lock is released while it closes the file (and removes its WAL); the
    next process must not open it before that is done. No lock where one cannot be created."""
    try:
        import fcntl
    except ImportError:  # Windows: DuckDB's own lock only
        yield
        return
    try:
        fd = os.open(path.parent / f".{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # a read-only folder: DuckDB's own lock only
        yield
        return
    try:
        pause = _FIRST_PAUSE_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(path, busy_timeout) from None
                pause = _pause(pause, deadline)
        yield
    finally:
        os.close(fd)  # releases the lock


_READ_ONLY = ("permission denied", "operation not permitted", "read-only file system", "read-only mode")
_DAMAGED = ("corrupt", "checksum", "could not read enough bytes", "not a valid duckdb", "invalidated")
_DUCK_MAGIC = b"DUCK"  # bytes 8-12 of every DuckDB file


def damaged(path: Path, detail: str) -> DataError:
    """The error for a journal file that DuckDB cannot read: what to do to recover."""
    return DataError(
        f"journal {path} is damaged ({detail.splitlines()[0][:160]})",
        hint=f"try `fitcli journal export --db {path} --out rescue.csv` to save what can still be read; "
        "if the file cannot be opened at all, restore a backup copy, or move it away to start a new journal "
        "(and `fitcli journal import rescue.csv` into it)",
    )


def read_only(path: Path) -> InputFileError:
    return InputFileError(
        f"journal {path} is read-only: fitcli cannot write to it",
        hint="make it writable, or copy it to a writable folder and pass --db COPY",
    )


def journal_error(path: Path, exc: duckdb.Error) -> FitcliError | None:
    """The fitcli error for a DuckDB error that means the journal file is damaged or read-only."""
    text = str(exc)
    low = text.lower()
    if any(word in low for word in _READ_ONLY):
        return read_only(path)
    broken = (duckdb.InternalException, duckdb.SerializationException, duckdb.FatalException)
    if isinstance(exc, broken) or any(word in low for word in _DAMAGED):
        return damaged(path, text)
    return None


def _check_magic(path: Path) -> None:
    """Refuse an existing file that is not a DuckDB database (DuckDB would take a small one as new)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except PermissionError:
        raise InputFileError(f"journal {path} cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputFileError(f"cannot read journal {path}: {exc.strerror}") from None
    if len(head) < 12:
        raise damaged(path, f"the file is {len(head)} bytes long, too short for a journal")
    if head[8:12] != _DUCK_MAGIC:
        raise DataError(
            f"journal {path} is not a DuckDB file or is corrupt (not a journal, or its header is damaged)",
            hint="point --db at a journal (or a new file name to start one); a damaged journal: restore a copy",
        )


def _connect(
    path: Path, deadline: float, busy_timeout: float, *, readonly: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open ``path``, retrying while another (non-fitcli, or older fitcli) process holds it."""
    pause = _FIRST_PAUSE_S
    while True:
        try:
            return duckdb.connect(str(path), read_only=readonly)
        except duckdb.Error as exc:
            text = str(exc)
            if "lock" not in text.lower() or not isinstance(exc, duckdb.IOException):
                known = journal_error(path, exc)
                if known is not None:
                    raise known from None
                raise DataError(f"cannot open journal {path}: {text.splitlines()[0]}") from None
            if time.monotonic() >= deadline:
                raise _busy(path, busy_timeout) from None
            pause = _pause(pause, deadline)


def check_journal_path(path: Path) -> None:
    """Refuse a journal path that can never be written: a folder, or one under a file.

    Creates the missing parent folders; raises :class:`InputFileError` (exit 2) naming the culprit.
    """
    if path.is_dir():
        raise InputFileError(f"journal path {path} is a folder", hint="pass a file to --db")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputFileError(
                    f"cannot use journal {path}: {parent} is a file, not a folder",
                    hint="pass another --db",
                )
            break
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputFileError(f"cannot create the folder of journal {path}: {exc.strerror}") from None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise read_only(path)


def _version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "fitcli_meta" not in tables:
        if tables:
            raise DataError(f"{path} is a DuckDB file but not a fitcli journal", hint="use another --db")
        return 0
    row = con.execute("SELECT value FROM fitcli_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Apply the missing migrations in one transaction; return the schema version found before."""
    found = _version(con, path)
    if found > SCHEMA_VERSION:
        raise DataError(
            f"journal {path} has schema version {found}, newer than this fitcli ({SCHEMA_VERSION})",
            hint="upgrade fitcli",
        )
    if found < SCHEMA_VERSION:
        con.execute("BEGIN TRANSACTION")
        try:
            for step in MIGRATIONS[found:]:
                for sql in step:
                    con.execute(sql)
            con.execute(
                "INSERT OR REPLACE INTO fitcli_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        log.info("journal %s migrated from schema %d to %d", path, found, SCHEMA_VERSION)
    return found


class Journal:
    """One journal file. Cheap to construct; each method opens, works and closes."""

    def __init__(
        self, path: str | os.PathLike[str] | None = None, *, busy_timeout: float = DEFAULT_WAIT_S
    ) -> None:
        self.path = Path(path).expanduser() if path is not None else default_journal_path()
        self.busy_timeout = busy_timeout
        self._recovery_checked = False

    # -- connections ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def connect(self, *, create: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """An open, migrated connection. ``create=False`` refuses a missing file (read commands)."""
        if not self.path.exists():
            if not create:
                raise InputFileError(
                    f"no journal at {self.path}",
                    hint="start one with `fitcli met load COMPENDIUM.csv` and "
                    "`fitcli profile set --weight KG`, or pass --db",
                )
            check_journal_path(self.path)
        elif self.path.is_dir():
            raise InputFileError(f"journal path {self.path} is a folder", hint="pass a file to --db")
        else:
            _check_magic(self.path)
        deadline = time.monotonic() + self.busy_timeout
        with _turn(self.path, deadline, self.busy_timeout):
            con = self._open(deadline, create)
            try:
                migrate(con, self.path)
                yield con
            except duckdb.Error as exc:
                known = journal_error(self.path, exc)
                if known is None:
                    raise
                raise known from None
            finally:
                con.close()

    def _open(self, deadline: float, create: bool) -> duckdb.DuckDBPyConnection:
        """A read-write connection; for reading (``create=False``) a read-only journal opens read-only."""
        try:
            return _connect(self.path, deadline, self.busy_timeout)
        except InputFileError:
            if create or os.access(self.path, os.W_OK):
                raise
            return _connect(self.path, deadline, self.busy_timeout, readonly=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection inside BEGIN ... COMMIT; any exception rolls everything back.

        The first transaction of this object also imports the journal's recovery files
        (sessions an earlier process could not save); they are deleted once committed.
        """
        from fitcli.met import recovery

        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                pending = [] if self._recovery_checked else recovery.import_pending(con, self.path)
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        self._recovery_checked = True
        recovery.forget(pending)

    def check_writable(self) -> None:
        """Before a workout: fail now (path, file, lock after ``busy_timeout``) rather than at the save.

        Opens the journal in a write transaction, which also imports pending recovery files.
        """
        check_journal_path(self.path)
        with self.transaction():
            pass

    def schema_version(self) -> int:
        with self.connect(create=False) as con:
            return _version(con, self.path)

    # -- users and profiles --------------------------------------------------------------------
    def default_user(self) -> str:
        if not self.path.exists():
            return DEFAULT_USER
        with self.connect() as con:
            row = con.execute("SELECT value FROM fitcli_meta WHERE key = 'default_user'").fetchone()
        return row[0] if row else DEFAULT_USER

    def resolve_user(self, user: str | None) -> str:
        """``user`` stripped, or the default user for None; a blank name is refused."""
        if user is None:
            return self.default_user()
        if not user.strip():
            raise UsageError(f"empty user name {user!r}", hint="give a name, or leave the option out")
        return user.strip()

    def set_profile(
        self, profile: Profile, *, make_default: bool = False, at: dt.datetime | None = None
    ) -> Profile:
        """Create or update a user; a changed weight adds to the weight history. Returns the result."""
        return self.save_profile(profile, make_default=make_default, at=at).profile

    def save_profile(
        self, profile: Profile, *, make_default: bool = False, at: dt.datetime | None = None
    ) -> ProfileChange:
        """:meth:`set_profile`, and the first profile adopts the implicit user's rows (one transaction).

        The first profile of a journal becomes the default user. Sessions and meals recorded before
        it, under the implicit user :data:`DEFAULT_USER` (which has no profile), move to it so they
        stay in ``sessions list`` and ``report weekly``. Their kcal were computed at the 70 kg
        reference weight; when the profile has a weight they are recomputed at it (and get the
        profile's corrected MET when it is complete), in the same transaction.
        """
        at = at or dt.datetime.now().replace(microsecond=0)
        with self.transaction() as con:
            first = con.execute("SELECT count(*) FROM users").fetchone() == (0,)
            old = _profile(con, profile.name)
            base = old or Profile(name=profile.name)
            merged = Profile(
                name=profile.name,
                weight_kg=base.weight_kg if profile.weight_kg is None else profile.weight_kg,
                height_cm=base.height_cm if profile.height_cm is None else profile.height_cm,
                age=base.age if profile.age is None else profile.age,
                sex=base.sex if profile.sex is None else profile.sex,
            )
            con.execute(
                "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?)",
                [merged.name, merged.sex, merged.height_cm, merged.age, at],
            )
            if profile.weight_kg is not None and (old is None or old.weight_kg != profile.weight_kg):
                con.execute("INSERT INTO weights VALUES (?, ?, ?)", [merged.name, at, profile.weight_kg])
            has_default = con.execute("SELECT 1 FROM fitcli_meta WHERE key = 'default_user'").fetchone()
            if make_default or not has_default:
                con.execute("INSERT OR REPLACE INTO fitcli_meta VALUES ('default_user', ?)", [merged.name])
            adopted = _adopt(con, merged) if first and merged.name != DEFAULT_USER else (0, 0)
        if any(adopted):
            log.info("user %s adopted %d sessions and %d meals of %s", merged.name, *adopted, DEFAULT_USER)
        kg = merged.weight_kg if adopted[0] else None
        return ProfileChange(merged, *adopted, recomputed_at_kg=kg)

    def get_profile(self, user: str | None = None) -> Profile:
        name = self.resolve_user(user)
        with self.connect(create=False) as con:
            profile = _profile(con, name)
            known = [r[0] for r in con.execute("SELECT name FROM users ORDER BY name").fetchall()]
        if profile is None:
            raise UnknownNameError(
                f"no profile for user {name!r}",
                hint=f"known users: {', '.join(known)}"
                if known
                else "create one with fitcli profile set --weight KG ...",
            )
        return profile

    def users(self) -> list[str]:
        """Every user name; creates an empty journal when there is none yet."""
        with self.connect() as con:
            return [r[0] for r in con.execute("SELECT name FROM users ORDER BY name").fetchall()]

    def has_rows(self, user: str) -> bool:
        """Whether ``user`` has any session or meal (with or without a profile)."""
        with self.connect(create=False) as con:
            row = con.execute(
                "SELECT EXISTS (SELECT 1 FROM sessions WHERE user_name = ?)"
                " OR EXISTS (SELECT 1 FROM meals WHERE user_name = ?)",
                [user, user],
            ).fetchone()
        return bool(row and row[0])

    def weight_history(self, user: str | None = None) -> list[tuple[dt.datetime, float]]:
        name = self.resolve_user(user)
        with self.connect(create=False) as con:
            rows = con.execute(
                "SELECT recorded_at, kg FROM weights WHERE user_name = ? ORDER BY recorded_at, rowid", [name]
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # -- sessions --------------------------------------------------------------------------------
    def save_session(self, record: SessionRecord) -> str:
        """Store a session and its reps in one transaction; return its id.

        A record without ``met_corrected`` gets it from the user's profile as it is now, when the
        profile has weight, height, age and sex (:func:`fitcli.met.intensity.corrected_met_for`).
        """
        with self.transaction() as con:
            record = _with_corrected_met(con, record)
            insert_session(con, record)
        return record.id

    def save_sessions(self, records: list[SessionRecord]) -> list[str]:
        """Store several sessions in one transaction (all or none); return their ids."""
        with self.transaction() as con:
            for record in records:
                insert_session(con, _with_corrected_met(con, record))
        return [r.id for r in records]

    def list_sessions(
        self,
        user: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        exercise: str | None = None,
        limit: int | None = None,
    ) -> list[SessionRecord]:
        """Sessions of a user (default user when None), optionally from ``start`` to ``end`` inclusive,
        of one ``exercise`` (as stored, e.g. ``push-up``), the latest ``limit`` of them; oldest first."""
        if limit is not None and limit < 1:
            raise UsageError(f"--limit {limit} is not a session count", hint="give 1 or more")
        name = self.resolve_user(user)
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions WHERE user_name = ?"
        params: list[Any] = [name]
        if start is not None:
            sql, params = sql + " AND day >= ?", [*params, start]
        if end is not None:
            sql, params = sql + " AND day <= ?", [*params, end]
        if exercise is not None:
            sql, params = sql + " AND exercise = ?", [*params, exercise]
        sql += " ORDER BY start_at DESC, id DESC" + ("" if limit is None else f" LIMIT {int(limit)}")
        with self.connect(create=False) as con:
            rows = con.execute(sql, params).fetchall()
        return [_session(row) for row in reversed(rows)]

    def exercises(self, user: str | None = None) -> list[str]:
        """The exercise names a user's sessions have, sorted."""
        name = self.resolve_user(user)
        with self.connect(create=False) as con:
            rows = con.execute(
                "SELECT DISTINCT exercise FROM sessions WHERE user_name = ? ORDER BY 1", [name]
            ).fetchall()
        return [r[0] for r in rows]

    def rep_records(self, session_ids: Sequence[str]) -> dict[str, tuple[Rep, ...]]:
        """The rep records of each of ``session_ids`` (one query; sessions without any are left out)."""
        if not session_ids:
            return {}
        with self.connect(create=False) as con:
            rows = con.execute(
                "SELECT session_id, idx, start_s, turn_s, end_s, rom, confidence, form FROM reps"
                " WHERE session_id IN (SELECT unnest(?)) ORDER BY session_id, idx",
                [list(session_ids)],
            ).fetchall()
        found: dict[str, list[Rep]] = {}
        for sid, *rep in rows:
            found.setdefault(sid, []).append(_rep(rep))
        return {sid: tuple(reps) for sid, reps in found.items()}

    def get_session(self, session_id: str) -> SessionRecord:
        """A session with its rep records; ``session_id`` may be a unique prefix of the id."""
        prefix = session_id.strip()
        if not prefix:
            raise UsageError(
                f"give a session id (got {session_id!r})",
                hint="an empty id matches every session; see fitcli sessions list",
            )
        with self.connect(create=False) as con:
            rows = con.execute(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE starts_with(id, ?) ORDER BY id LIMIT 6",
                [prefix],
            ).fetchall()
            if not rows:
                raise UnknownNameError(f"no session with id {session_id!r}", hint="see fitcli sessions list")
            if len(rows) > 1:
                shown = ", ".join(r[0][: len(prefix) + 4] for r in rows[:5]) + (
                    ", ..." if len(rows) > 5 else ""
                )
                raise UsageError(
                    f"session id {session_id!r} is ambiguous: it starts {shown}",
                    hint="give more characters of the id",
                )
            reps = con.execute(
                "SELECT idx, start_s, turn_s, end_s, rom, confidence, form FROM reps"
                " WHERE session_id = ? ORDER BY idx",
                [rows[0][0]],
            ).fetchall()
        record = _session(rows[0])
        return _with_reps(record, tuple(_rep(r) for r in reps))

    def delete_session(self, session_id: str) -> SessionRecord:
        record = self.get_session(session_id)
        with self.transaction() as con:
            con.execute("DELETE FROM reps WHERE session_id = ?", [record.id])
            con.execute("DELETE FROM sessions WHERE id = ?", [record.id])
        return record

    # -- meals -----------------------------------------------------------------------------------
    def add_meal(self, meal: MealRecord) -> str:
        with self.transaction() as con:
            insert_meal(con, meal)
        return meal.id

    def list_meals(
        self, user: str | None = None, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[MealRecord]:
        name = self.resolve_user(user)
        with self.connect(create=False) as con:
            rows = con.execute(
                "SELECT user_name, day, kcal, name, meal_time, id FROM meals WHERE user_name = ?"
                " AND day >= coalesce(?, DATE '0001-01-01') AND day <= coalesce(?, DATE '9999-12-31')"
                " ORDER BY day, meal_time",
                [name, start, end],
            ).fetchall()
        return [MealRecord(*row) for row in rows]

    def delete_meal(self, meal_id: str) -> MealRecord:
        """Delete one meal; ``meal_id`` may be a unique prefix of its id (as ``meal list`` shows)."""
        prefix = meal_id.strip()
        if not prefix:
            raise UsageError(f"give a meal id (got {meal_id!r})", hint="see fitcli meal list")
        with self.transaction() as con:
            rows = con.execute(
                "SELECT user_name, day, kcal, name, meal_time, id FROM meals WHERE starts_with(id, ?)"
                " ORDER BY id LIMIT 6",
                [prefix],
            ).fetchall()
            if not rows:
                raise UnknownNameError(f"no meal with id {meal_id!r}", hint="see fitcli meal list")
            if len(rows) > 1:
                shown = ", ".join(r[5][: len(prefix) + 4] for r in rows[:5]) + (
                    ", ..." if len(rows) > 5 else ""
                )
                raise UsageError(
                    f"meal id {meal_id!r} is ambiguous: it starts {shown}",
                    hint="give more characters of the id",
                )
            con.execute("DELETE FROM meals WHERE id = ?", [rows[0][5]])
        return MealRecord(*rows[0])

    def profiles(self) -> list[tuple[Profile, int, int]]:
        """Every profile with its number of sessions and meals, by name."""
        with self.connect(create=False) as con:
            names = [r[0] for r in con.execute("SELECT name FROM users ORDER BY name").fetchall()]
            found = []
            for name in names:
                profile = _profile(con, name)
                assert profile is not None
                counts = con.execute(
                    "SELECT (SELECT count(*) FROM sessions WHERE user_name = ?),"
                    " (SELECT count(*) FROM meals WHERE user_name = ?)",
                    [name, name],
                ).fetchone() or (0, 0)
                found.append((profile, int(counts[0]), int(counts[1])))
        return found


def _adopt(con: duckdb.DuckDBPyConnection, profile: Profile) -> tuple[int, int]:
    """Move the implicit user's sessions and meals to ``profile``; return how many of each.

    The sessions' kcal (computed at the 70 kg reference) are recomputed at the profile's weight,
    gross kcal = MET x 3.5 x kg / 200 per minute (:func:`fitcli.met.calories.session_kcal`).
    """
    from fitcli.met.calories import session_kcal
    from fitcli.met.intensity import corrected_met_for

    name = profile.name
    rows = con.execute(
        "SELECT id, met, minutes, met_corrected FROM sessions WHERE user_name = ?", [DEFAULT_USER]
    ).fetchall()
    if profile.weight_kg is not None and rows:
        kg = profile.weight_kg
        con.executemany(
            "UPDATE sessions SET kcal = ?, met_corrected = ? WHERE id = ?",
            [
                [session_kcal(met, kg, minutes * 60.0), old or corrected_met_for(met, profile), sid]
                for sid, met, minutes, old in rows
            ],
        )
    counts = []
    for table in ("sessions", "meals"):
        row = con.execute(f"SELECT count(*) FROM {table} WHERE user_name = ?", [DEFAULT_USER]).fetchone()
        con.execute(f"UPDATE {table} SET user_name = ? WHERE user_name = ?", [name, DEFAULT_USER])
        counts.append(int(row[0]) if row else 0)
    return counts[0], counts[1]


def _with_corrected_met(con: duckdb.DuckDBPyConnection, record: SessionRecord) -> SessionRecord:
    from dataclasses import replace

    from fitcli.met.intensity import corrected_met_for

    profile = _profile(con, record.user)
    if record.met_corrected is None and profile is not None:
        return replace(record, met_corrected=corrected_met_for(record.met, profile))
    return record


def _profile(con: duckdb.DuckDBPyConnection, name: str) -> Profile | None:
    row = con.execute("SELECT sex, height_cm, age FROM users WHERE name = ?", [name]).fetchone()
    if row is None:
        return None
    weight = con.execute(
        "SELECT kg FROM weights WHERE user_name = ? ORDER BY recorded_at DESC, rowid DESC LIMIT 1", [name]
    ).fetchone()
    return Profile(
        name=name, weight_kg=weight[0] if weight else None, height_cm=row[1], age=row[2], sex=row[0]
    )


def insert_session(
    con: duckdb.DuckDBPyConnection, r: SessionRecord, *, created: dt.datetime | None = None
) -> None:
    """Insert one session and its reps on an open connection (the caller owns the transaction).

    ``created`` (when the row was first stored) defaults to now; an import keeps the exported one.
    """
    con.execute(
        f"INSERT INTO sessions ({SESSION_COLUMNS}, created)"
        f" VALUES ({', '.join('?' * 16)}, coalesce(?::TIMESTAMP, current_localtimestamp()))",
        [
            r.id,
            r.user,
            r.day,
            r.start,
            r.end,
            r.exercise,
            r.met_code,
            r.met_edition,
            r.met,
            r.reps,
            r.minutes,
            r.kcal,
            r.source,
            r.model,
            r.effort,
            r.met_corrected,
            created,
        ],
    )
    if r.rep_records:
        con.executemany(
            "INSERT INTO reps VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [r.id, p.index, p.start_s, p.turn_s, p.end_s, p.rom, p.confidence, form_json(p.form)]
                for p in r.rep_records
            ],
        )


def insert_meal(con: duckdb.DuckDBPyConnection, m: MealRecord) -> None:
    con.execute("INSERT INTO meals VALUES (?, ?, ?, ?, ?, ?)", [m.id, m.user, m.day, m.time, m.name, m.kcal])


def _session(row: tuple[Any, ...]) -> SessionRecord:
    (
        sid,
        user,
        _day,
        start,
        end,
        exercise,
        code,
        edition,
        met,
        reps,
        minutes,
        kcal,
        source,
        model,
        effort,
        met_corrected,
    ) = row
    return SessionRecord(
        user=user,
        exercise=exercise,
        start=start,
        end=end,
        met_code=code,
        met_edition=edition,
        met=met,
        minutes=minutes,
        kcal=kcal,
        reps=reps,
        source=source,
        model=model,
        effort=effort,
        id=sid,
        met_corrected=met_corrected,
    )


def form_json(form: RepForm | None) -> str | None:
    """A rep's form as the JSON text the reps table keeps (None when it was not judged)."""
    return None if form is None else json.dumps(form.as_dict(), separators=(",", ":"))


def _rep(row: Sequence[Any]) -> Rep:
    index, start, turn, end, rom, confidence, form = row
    return Rep(index, start, turn, end, rom, confidence, RepForm.parse(form))


def _with_reps(record: SessionRecord, reps: tuple[Rep, ...]) -> SessionRecord:
    from dataclasses import replace

    return replace(record, rep_records=reps)

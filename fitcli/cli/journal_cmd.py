"""``fitcli log``, ``fitcli meal add|list|delete``, ``fitcli sessions list|show|delete``, ``fitcli journal ...``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fitcli.cli.console import err, out
from fitcli.cli.met_cmd import DbOption, FormatOption, UserOption, WaitOption, emit
from fitcli.met import DEFAULT_WAIT_S
from fitcli.met.records import SessionRecord

if TYPE_CHECKING:
    from fitcli.met.journal import Journal

meal_app = typer.Typer(help="Meals eaten (kcal intake).", no_args_is_help=True)
sessions_app = typer.Typer(help="Exercise sessions in the journal.", no_args_is_help=True)
journal_app = typer.Typer(help="Export and import the journal.", no_args_is_help=True)

DateOption = Annotated[
    str | None, typer.Option("--date", help="YYYY-MM-DD, today or yesterday (default today).")
]
FromOption = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]


def log(
    activity: Annotated[
        str, typer.Option("--activity", "-a", help="Compendium code (02020) or name (walking).")
    ],
    minutes: Annotated[
        float,
        typer.Option("--minutes", "-t", help="Minutes of activity (-t: time; -m is --model everywhere)."),
    ],
    date: DateOption = None,
    start: Annotated[str | None, typer.Option(help="Start time HH:MM (default: now minus minutes).")] = None,
    effort: Annotated[str, typer.Option(help="light, moderate or vigorous (for names).")] = "moderate",
    edition: Annotated[
        str | None,
        typer.Option(
            help="Compendium edition, 2011 or 2024 (default: the one loaded; 2011 if both or none)."
        ),
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Log an activity done without the camera.

    Example: fitcli log --activity walking --minutes 30 --effort vigorous
    """
    from fitcli.met.activity import log_activity
    from fitcli.met.dates import parse_date, parse_time
    from fitcli.met.journal import Journal

    day = parse_date(date) if date is not None else None
    r = log_activity(
        Journal(db, busy_timeout=wait),
        activity,
        minutes,
        user=user,
        day=day,
        start=parse_time(start) if start is not None else None,
        effort=effort,
        edition=edition,
    )
    corrected = "" if r.met_corrected is None else f", corrected {r.met_corrected:.2f} MET for you"
    out.print(
        f"logged {r.exercise} for {r.user}: {r.minutes:g} min at {r.met:g} MET ({r.met_code}, "
        f"{r.met_edition}{corrected}) = {r.kcal:.1f} kcal, session {r.id[:8]}"
    )


@meal_app.command("add")
def meal_add(
    kcal: Annotated[float, typer.Option("--kcal", help="Energy eaten, kcal.")],
    name: Annotated[str | None, typer.Option("--name", help="What it was.")] = None,
    date: DateOption = None,
    time: Annotated[str | None, typer.Option("--time", help="HH:MM.")] = None,
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Record a meal.

    Example: fitcli meal add --kcal 650 --name lunch --time 12:30
    """
    from fitcli.met.dates import check_not_future, parse_date, parse_time
    from fitcli.met.journal import Journal
    from fitcli.met.records import MealRecord

    journal = Journal(db, busy_timeout=wait)
    meal = MealRecord(
        journal.resolve_user(user),
        check_not_future(parse_date(date), "meal"),
        kcal,
        name,
        parse_time(time) if time is not None else None,
    )
    journal.add_meal(meal)
    out.print(f"meal {meal.name or ''} {meal.kcal:g} kcal on {meal.day} for {meal.user}".replace("  ", " "))


@meal_app.command("list")
def meal_list(
    start: FromOption = None,
    end: ToOption = None,
    user: UserOption = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List meals.

    Example: fitcli meal list --from 2026-11-16
    """
    from fitcli.met.dates import parse_date
    from fitcli.met.journal import Journal

    journal = Journal(db)
    first, last = (parse_date(d) if d is not None else None for d in (start, end))
    meals = journal.list_meals(user, first, last)
    rows = [{"day": m.day, "time": m.time, "name": m.name, "kcal": m.kcal, "id": m.id[:8]} for m in meals]
    emit(rows, fmt, title="Meals", empty=_nothing("meals", journal, user, first, last))


@meal_app.command("delete")
def meal_delete(
    meal_id: Annotated[str, typer.Argument(help="Meal id or a unique prefix (see fitcli meal list).")],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Delete a meal.

    Example: fitcli meal delete 3f2a9c1b
    """
    from fitcli.met.journal import Journal

    m = Journal(db, busy_timeout=wait).delete_meal(meal_id)
    out.print(f"deleted meal {m.id} ({m.name or 'meal'}, {m.kcal:g} kcal on {m.day}, {m.user})")


def _nothing(
    what: str,
    journal: Journal,
    user: str | None,
    first: dt.date | None,
    last: dt.date | None,
    extra: str = "",
) -> str:
    """``no sessions for ana from 2026-11-16 [of squat]`` and, for a name with no rows, who there is."""
    name = journal.resolve_user(user)
    span = (f" from {first}" if first else "") + (f" to {last}" if last else "")
    line = f"no {what}{extra} for user {name!r}{span}"
    known = journal.users()
    if name not in known and not journal.has_rows(name):
        line += f" (known users: {', '.join(known) or 'none yet'})"
    return line


@sessions_app.command("list")
def sessions_list(
    start: FromOption = None,
    end: ToOption = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Only this exercise or activity (squat, walking).")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the latest N sessions.")] = None,
    user: UserOption = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List sessions, oldest first (--limit keeps the latest N).

    Example: fitcli sessions list --from 2026-11-16 --to 2026-11-22
    Example: fitcli sessions list --exercise squat --limit 5
    """
    from fitcli.cli.render import check_row_format
    from fitcli.met.dates import parse_date
    from fitcli.met.journal import Journal

    check_row_format(fmt)
    journal = Journal(db)
    first, last = (parse_date(d) if d is not None else None for d in (start, end))
    name = _exercise_name(journal, user, exercise)
    rows = journal.list_sessions(user, first, last, exercise=name, limit=limit)
    extra = f" of {name}" if name else ""
    emit(
        [_session_row(s, fmt) for s in rows],
        fmt,
        title="Sessions",
        empty=_nothing("sessions", journal, user, first, last, extra),
    )


def _exercise_name(journal: Journal, user: str | None, exercise: str | None) -> str | None:
    """The stored name of ``--exercise`` (``Push Ups`` -> ``push-up``); a name nobody knows is an error."""
    from fitcli.errors import UnknownNameError, UsageError
    from fitcli.met.catalog import builtin_codes_by_name, normalize_name

    if exercise is None:
        return None
    if not exercise.strip():
        raise UsageError(
            f"empty --exercise {exercise!r}", hint="give a name such as squat, or leave the option out"
        )
    key, raw = normalize_name(exercise), exercise.strip()
    stored = journal.exercises(user)
    if key in stored or (raw not in stored and key in builtin_codes_by_name()):
        return key
    if raw in stored:  # e.g. "code 02020" for an activity logged by its code
        return raw
    raise UnknownNameError(
        f"unknown exercise {exercise!r}",
        hint=f"this user's sessions have: {', '.join(stored)}" if stored else "see fitcli exercises",
    )


def _session_row(s: SessionRecord, fmt: str) -> dict[str, object]:
    """A session as ``sessions list`` shows it: for people (table) the short id and rounded numbers
    in columns that fit 80 characters; for programs (json, csv) snake_case keys with their units,
    the full id and full precision."""
    if fmt != "table":
        return {
            "id": s.id,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "exercise": s.exercise,
            "met_code": s.met_code,
            "met": s.met,
            "met_corrected": s.met_corrected,
            "reps": s.reps,
            "minutes": s.minutes,
            "kcal": s.kcal,
        }
    return {
        "id": s.id[:8],
        "start": s.start.strftime("%Y-%m-%d %H:%M"),
        "exercise": s.exercise,
        "code": s.met_code,
        "MET": s.met,
        "MET corr.": None if s.met_corrected is None else round(s.met_corrected, 2),
        "reps": s.reps,
        "min": round(s.minutes, 1),
        "kcal": round(s.kcal, 1),
    }


@sessions_app.command("show")
def sessions_show(
    session_id: Annotated[str, typer.Argument(help="Session id or a unique prefix.")],
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show one session with its reps: each rep's tempo and form against the exercise's standard
    (partial reps and what was off), and the set's summary (JSON: ``set``). A timed hold (plank,
    wall sit) shows each hold and the seconds held, the breaks and the longest hold.

    Example: fitcli sessions show 3f2a9c1b
    """
    from fitcli.cli.render import check_row_format
    from fitcli.exercises.catalog import find_exercise, get_exercise
    from fitcli.exercises.form import summarize_set
    from fitcli.exercises.hold import summarize_holds
    from fitcli.met.journal import Journal
    from fitcli.met.journal_io import as_dict

    check_row_format(fmt)
    record = Journal(db).get_session(session_id)
    data = as_dict(record)
    data.pop("rep_records")
    reps = [r.as_dict() for r in record.rep_records]
    hold = find_exercise(record.exercise) is not None and get_exercise(record.exercise).is_hold
    if hold:  # a timed hold: each record is a hold
        reps = [
            {"hold": r.index, "start_s": r.start_s, "end_s": r.end_s, "held_s": r.duration}
            for r in record.rep_records
        ]
        summary: dict[str, object] | None = summarize_holds(record.rep_records)
    else:
        summary = summarize_set(record.rep_records) if record.rep_records else None
    if fmt == "json":
        emit([{**data, "rep_records": reps, "set": summary}], fmt)
        return
    emit(
        [{"field": k, "value": v} for k, v in data.items()] if fmt == "table" else [data],
        fmt,
        title="Session",
    )
    if reps and fmt == "table":
        shown = (
            [{k: round(v, 2) for k, v in r.items()} for r in reps] if hold else [_rep_row(r) for r in reps]
        )
        emit(shown, fmt, title="Holds" if hold else "Reps")
        if summary is not None:
            emit(_set_rows(summary), fmt, title="Set")


def _rep_row(rep: dict[str, object]) -> dict[str, object]:
    """A rep for the table: its times, tempo, form facts and flags (not the machine-only fields)."""
    hidden = {"start_s", "turn_s", "end_s", "rom", "confidence", "partial", "view"}
    row = {k: v for k, v in rep.items() if k not in hidden and not k.startswith("uneven_")}
    if "flags" in row:
        row["flags"] = ", ".join(str(f) for f in row["flags"])  # type: ignore[attr-defined]
    return row


def _set_rows(summary: dict[str, object]) -> list[dict[str, str]]:
    rows = []
    for key, value in summary.items():
        if isinstance(value, dict):
            shown = ", ".join(
                f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items()
            )
        elif isinstance(value, float):
            shown = f"{value:.2f}"
        else:
            shown = "-" if value is None else str(value)
        rows.append({"field": key, "value": shown or "-"})
    return rows


@sessions_app.command("export")
def sessions_export(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="File to write; - writes to stdout.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="tcx (Strava, Garmin Connect, ...).")] = "tcx",
    start: FromOption = None,
    end: ToOption = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Only this exercise or activity (squat, walking).")
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Export sessions as TCX for training apps: one activity per session, one lap per set, a
    trackpoint at the end of each rep, the kcal and the reps in the notes.

    Example: fitcli sessions export --out week.tcx --from 2026-11-16 --to 2026-11-22
    """
    from fitcli.atomic import atomic_path, check_output_file
    from fitcli.errors import UsageError
    from fitcli.met.dates import parse_date
    from fitcli.met.journal import Journal
    from fitcli.met.tcx import sessions_tcx

    if fmt != "tcx":
        raise UsageError(f"unknown format {fmt!r}", hint="use tcx")
    if str(out_file) != "-":
        check_output_file(out_file, "--out file")
    journal = Journal(db)
    first, last = (parse_date(d) if d is not None else None for d in (start, end))
    name = _exercise_name(journal, user, exercise)
    sessions = journal.list_sessions(user, first, last, exercise=name)
    if not sessions:
        who = journal.resolve_user(user)
        raise UsageError(
            f"no sessions to export for user {who!r}" + (f" of {name}" if name else ""),
            hint=f"known users: {', '.join(journal.users()) or 'none'}; check --from/--to and --exercise",
        )
    text = sessions_tcx(sessions, journal.rep_records([s.id for s in sessions]))
    if str(out_file) == "-":
        out.print(text, end="")
        return
    with atomic_path(out_file) as tmp:
        tmp.write_text(text, encoding="utf-8")
    err.print(f"wrote {len(sessions)} session(s) to {out_file}", highlight=False, soft_wrap=True)


@sessions_app.command("delete")
def sessions_delete(
    session_id: Annotated[str, typer.Argument(help="Session id or a unique prefix.")],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Delete a session and its reps.

    Example: fitcli sessions delete 3f2a9c1b
    """
    from fitcli.met.journal import Journal

    record = Journal(db, busy_timeout=wait).delete_session(session_id)
    out.print(f"deleted session {record.id} ({record.exercise}, {record.start})")


@journal_app.command("export")
def journal_export(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="File to write; - writes to stdout.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="csv, parquet or json (default: the --out file's suffix, else csv)."
        ),
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
) -> None:
    """Export the whole journal: profiles, weight history, sessions (with reps), meals, Compendium.

    With --user, only that user's rows (and the Compendium). Importing the file into a new journal
    gives back every table as it was.

    Example: fitcli journal export --format parquet --out j.parquet
    Example: fitcli journal export --format json --out - | jq '.records | length'
    """
    from fitcli.met.journal import Journal
    from fitcli.met.journal_io import EXPORT_FORMATS, STDOUT, export_journal

    if fmt is None:  # j.json is JSON, j.parquet Parquet: never CSV under another format's name
        suffix = out_file.suffix.lower().lstrip(".")
        fmt = suffix if suffix in EXPORT_FORMATS else "csv"
    c = export_journal(Journal(db), out_file, fmt, user)
    where = "stdout" if out_file == STDOUT else str(out_file)
    (err if out_file == STDOUT else out).print(
        f"exported {c.sessions} sessions, {c.meals} meals, {c.profiles} profiles, {c.weights} weight "
        f"entries and {c.compendium} Compendium rows to {where}"
    )


@journal_app.command("import")
def journal_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A file made by fitcli journal export (csv, parquet or json), or a recovery .json."
        ),
    ],
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Import an export (or a recovery file); nothing already in the journal is overwritten.

    Sessions and meals already present (same id), users already in the journal (their profile and
    weight history stay as they are) and Compendium editions already loaded are skipped; every
    session is checked as fitcli log would make it.

    Example: fitcli journal import j.parquet
    """
    from fitcli.met.journal import Journal
    from fitcli.met.journal_io import import_journal

    r = import_journal(Journal(db, busy_timeout=wait), path)
    out.print(
        f"imported {r.sessions_added} sessions, {r.meals_added} meals, {r.profiles_added} profiles, "
        f"{r.weights_added} weight entries and {r.compendium_added} Compendium rows, "
        f"{r.skipped} already present" + (f"; default user {r.default_user}" if r.default_user else "")
    )

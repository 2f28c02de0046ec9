"""`fitcli analyze`: count reps in workout videos (in parallel), show a summary, store the sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fitcli.cli.batch_options import CacheOption, KeypointsCacheOption, RayAddressOption
from fitcli.cli.met_cmd import DbOption, UserOption, WaitOption
from fitcli.cli.people_option import PeopleOption
from fitcli.met import DEFAULT_WAIT_S


def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Video files, or folders of videos.")],
    exercise: Annotated[
        str, typer.Option("--exercise", "-e", help="Exercise to count (see `fitcli exercises`).")
    ],
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default model).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes, or Ray tasks at once (default: one per core)."
        ),
    ] = None,
    annotate: Annotated[
        Path | None, typer.Option(help="Write <video>.annotated.mp4 with skeleton and count here.")
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(help="Write <video>.plot.png here: the counted signal, each rep and the joint angles."),
    ] = None,
    export: Annotated[
        str | None, typer.Option(help="Also export keypoints and reps: csv, json or parquet.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for --export files (default: current folder).")
    ] = None,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Store each video as a journal session.")
    ] = True,
    every: Annotated[int | None, typer.Option(min=1, help="Use every Nth frame.")] = None,
    classifier: Annotated[
        Path | None,
        typer.Option(help="Count with a trained pose classifier (`fitcli train`) instead of the rules."),
    ] = None,
    people: PeopleOption = "1",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
    ray_address: RayAddressOption = None,
    keypoints_cache: KeypointsCacheOption = None,
    cache: CacheOption = True,
) -> None:
    """Count reps in workout videos; one row per video, each stored as a session.

    On a Ray cluster (--ray-address) each video is one Ray task; only this process writes the journal.

    Example: fitcli analyze sample_videos/squat_front.mp4 --exercise squat --annotate annotated/

    Everyone in the video: fitcli analyze gym.mp4 --exercise squat --people all

    What the counter saw: fitcli analyze sample_videos/squat_front.mp4 -e squat --plot plots/
    """
    from fitcli.cli.batch_options import cache_folder, check_ray
    from fitcli.cli.progress import BatchProgressBar
    from fitcli.cli.render import check_row_format, render_rows
    from fitcli.pipelines.analyze import check_analyze_inputs, run_analyze
    from fitcli.pipelines.batch import BatchOptions, default_jobs

    check_row_format(fmt)

    kp_cache = cache_folder(cache, keypoints_cache)
    options = BatchOptions(
        exercise, model, every, None, _str(annotate), export, _str(out), _str(classifier), kp_cache, people,
        _str(plot),
    )  # fmt: skip
    videos, options = check_analyze_inputs(inputs, options)
    check_ray(ray_address)
    if save:  # an unusable --db fails before the progress bar, not after the work
        from fitcli.met.journal import Journal

        Journal(db, busy_timeout=wait).check_writable()
    with BatchProgressBar([Path(v).name for v in videos]) as bar:
        jobs = jobs if ray_address else jobs or default_jobs()
        report = run_analyze(videos, options, jobs, save, db, user, bar.update, wait, ray_address)
    _render(report, fmt, render_rows)
    if annotate is not None:
        from fitcli.cli.render import codec_notice

        codec_notice()
    if report.save_error is not None:
        from fitcli.cli.console import error_line

        error_line(str(report.save_error))
    if report.failures or report.save_error is not None:
        raise typer.Exit(1)


def _str(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _columns(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The table's columns: a person's when everyone was counted, a hold's seconds for holds."""
    shown: tuple[str, ...] = (
        "video", "exercise", "reps", "partial", "duration_s", "active_s", "kcal", "person_share"
    )  # fmt: skip
    if any("person" in row for row in rows):
        shown = (
            "video",
            "person",
            "first_s",
            "last_s",
            "exercise",
            "reps",
            "partial",
            "active_s",
            "kcal",
            "person_share",
        )
    holds = [row.get("held_s") is not None for row in rows]  # timed holds: the seconds held
    if holds and all(holds):
        shown = tuple(c for c in shown if c not in ("reps", "partial"))
    if any(holds):
        at = shown.index("exercise") + 1
        shown = (*shown[:at], "held_s", "holds", *shown[at:])
    return shown


def _row_notes(rows: list[dict[str, Any]]) -> None:
    """One note per row where it matters: the effort chosen from the cadence, partial reps, warnings."""
    from fitcli.cli.console import notice
    from fitcli.exercises.catalog import get_exercise

    for row in rows:
        if get_exercise(row["exercise"]).cadence is not None and row["reps"]:  # effort from the cadence
            notice(f"{row['video']}: logged as {row['met_code']}, {row['effort']} ({row['effort_why']})")
        if row.get("partial_why"):
            who = f" person {row['person']}" if "person" in row else ""
            notice(f"{row['video']}{who}: {row['reps']} reps ({row['partial_why']})")
        if row["warnings"]:
            who = f" person {row['person']}" if "person" in row else ""
            notice(f"{row['video']}{who}: {row['warnings']}")


def _render(report, fmt, render_rows) -> None:  # type: ignore[no-untyped-def]
    from fitcli.cli.console import err, notice, styled

    shown = _columns(report.rows)
    if report.rows or fmt != "table":
        render_rows(report.rows, fmt, title="Reps per video", table_columns=shown)
    _row_notes(report.rows)
    if not report.body.from_profile:
        notice(
            f"no profile weight for user {report.body.user!r}: kcal use {report.body.weight_kg:g} kg "
            "(set it: fitcli profile set --weight KG)"
        )
    if report.already:
        err.print(f"{len(report.already)} video(s) already in the journal, not stored again")
    if report.saved:
        err.print(f"saved {len(report.saved)} session(s) to the journal for {report.body.user}")
    for item in report.failures:
        err.print(
            styled("[bold red]failed:[/bold red] {}: {}", item.video, item.error),
            highlight=False,
            markup=True,
        )

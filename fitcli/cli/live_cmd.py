"""`fitcli live`: count reps from a camera (or a video at real-time pace) and store the session."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fitcli.cli.met_cmd import DbOption, UserOption, WaitOption
from fitcli.met import DEFAULT_WAIT_S


def live(
    exercise: Annotated[
        str, typer.Option("--exercise", "-e", help="Exercise to count (see `fitcli exercises`).")
    ],
    camera: Annotated[str, typer.Option(help="Camera index or device path.")] = "0",
    source: Annotated[
        Path | None, typer.Option(help="Play this video through the live path instead of a camera.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default model).")
    ] = None,
    window: Annotated[
        bool, typer.Option("--window/--no-window", help="Show an OpenCV window (when there is a screen).")
    ] = True,
    duration: Annotated[float | None, typer.Option(help="Stop after this many seconds.")] = None,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Store the session in the journal.")] = True,
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Count reps live; q quits, space pauses, r resets. The session is saved however it ends
    (Ctrl-C and SIGTERM exit 130); if the journal cannot take it, it is kept in a recovery file.

    Example: fitcli live --exercise clap --duration 60
    """
    from fitcli.cli.console import err, notice, out
    from fitcli.pipelines.live import (
        StatusLineDisplay,
        WindowDisplay,
        check_duration,
        has_display,
        live_workout,
    )

    check_duration(duration)
    display = WindowDisplay() if window and has_display() else StatusLineDisplay(_status_printer())
    spec = str(source) if source is not None else camera
    outcome = live_workout(
        exercise,
        spec,
        model=model,
        user=user,
        journal_path=db,
        display=display,
        duration_s=duration,
        save=save,
        wait=wait,
    )
    if err.is_terminal:
        err.print()
    r = outcome.live
    if not outcome.body.from_profile:
        notice(
            f"no profile weight for user {outcome.body.user!r}: kcal use {outcome.body.weight_kg:g} kg "
            "(set it: fitcli profile set --weight KG)"
        )
    reps = f"{r.result.reps} rep" + ("" if r.result.reps == 1 else "s")
    out.print(f"{r.result.exercise}: {reps} in {r.result.active_s:.0f} s active ({r.ended_by})")
    if outcome.saved.ids:
        out.print(
            f"saved session {outcome.record.id[:8]} for {outcome.body.user}: {outcome.record.kcal:.1f} kcal"
        )
    _exit(outcome, camera)


def _exit(outcome, camera: str) -> None:  # type: ignore[no-untyped-def]
    """The exit code: 1 when the session could not be saved or the source failed, 130 when interrupted."""
    from fitcli.cli.console import error_line, interrupted

    r = outcome.live
    if outcome.saved.error is not None:
        error_line(str(outcome.saved.error))
        raise typer.Exit(outcome.saved.error.exit_code)
    if r.error is not None:
        error_line(f"{r.error} (what was counted before is saved)")
        raise typer.Exit(r.error.exit_code)
    if r.ended_by == "camera lost":
        error_line(f"camera {camera} stopped giving frames; what was counted is saved")
        raise typer.Exit(1)
    if r.ended_by == "interrupted":
        interrupted()
        raise typer.Exit(130)


def _status_printer():  # type: ignore[no-untyped-def]
    """On a terminal the status line is rewritten in place; into a file or pipe, one line each."""
    from fitcli.cli.console import err

    if err.is_terminal:
        return lambda line: err.print(f"\r{line:<70}", end="", highlight=False)
    return lambda line: err.print(line, highlight=False)

"""`fitcli live`: count reps from a camera (or a video at real-time pace) and store the session."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fitcli.cli.met_cmd import DbOption, UserOption, WaitOption
from fitcli.cli.people_option import PeopleOption
from fitcli.met import DEFAULT_WAIT_S


def live(
    exercise: Annotated[
        str, typer.Option("--exercise", "-e", help="Exercise to count (see `fitcli exercises`).")
    ],
    camera: Annotated[str, typer.Option(help="Camera index or device path.")] = "0",
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", help="Play this video through the live path instead of a camera."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", "-m", help="Pose model (default: the default model).")
    ] = None,
    window: Annotated[
        bool, typer.Option("--window/--no-window", help="Show an OpenCV window (when there is a screen).")
    ] = True,
    duration: Annotated[float | None, typer.Option(help="Stop after this many seconds.")] = None,
    save: Annotated[bool, typer.Option("--save/--no-save", help="Store the session in the journal.")] = True,
    record: Annotated[
        Path | None,
        typer.Option(help="Also write the annotated session (skeleton, count, clock) to this .mp4."),
    ] = None,
    people: PeopleOption = "1",
    user: UserOption = None,
    db: DbOption = None,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Count reps live. Keys (in the window, or on the terminal with --no-window): q quits, space
    pauses the count and the clock (a --source video stops too), r saves the set counted so far and
    starts again from 0. The session is saved however it ends (Ctrl-C and SIGTERM exit 130); if the
    journal cannot take it, it is kept in a recovery file.

    With --people all, everyone in view is counted, each with an id and a count over their head, and
    each person's sets are saved as their own sessions; a person gone for 10 s has left: their set is
    saved then.

    Example: fitcli live --exercise clap --duration 60

    Everyone in view: fitcli live --exercise squat --people all
    """
    from fitcli.cli.console import notice
    from fitcli.pipelines.live import check_duration, live_workout
    from fitcli.pipelines.live_display import WindowDisplay, has_display

    check_duration(duration)
    display = WindowDisplay() if window and has_display() else _terminal_display()
    spec = source if source is not None else camera
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
        record=record,
        people=people,
    )
    if not outcome.body.from_profile:
        notice(
            f"no profile weight for user {outcome.body.user!r}: kcal use {outcome.body.weight_kg:g} kg "
            "(set it: fitcli profile set --weight KG)"
        )
    _print_sets(outcome, save)
    if outcome.recording is not None:
        from fitcli.cli.console import out

        out.print(f"recorded {outcome.recorded_s:.1f} s to {outcome.recording}", soft_wrap=True)
        from fitcli.cli.render import codec_notice

        codec_notice()
    _exit(outcome, camera)


def _print_sets(outcome, save: bool) -> None:  # type: ignore[no-untyped-def]
    """One line per set (``r`` ends one), what became of it, and a word when nothing was saved."""
    from fitcli.cli.console import out
    from fitcli.exercises.catalog import get_exercise
    from fitcli.exercises.hold import hold_text

    sets = outcome.sets
    numbered = any(k.live.set_number > 1 for k in sets)  # a reset ended a set
    for kept in sets:
        r = kept.live
        who = f" #{r.person}" if r.person is not None else ""
        name = r.result.exercise + who + (f" set {r.set_number}" if numbered else "")
        if r.result.is_hold:  # a timed hold: the seconds held
            out.print(f"{name}: {hold_text(r.result.events)} ({r.ended_by})")
        else:
            reps = f"{r.result.reps} rep" + ("" if r.result.reps == 1 else "s")
            out.print(f"{name}: {reps} in {r.result.active_s:.0f} s active ({r.ended_by})")
        if kept.saved.ids:
            rec = kept.record
            why = ""
            spec = get_exercise(r.result.exercise)
            if spec.cadence is not None:  # the effort comes from the cadence: say which and why
                effort, reason = spec.counted_effort(r.result.reps, r.result.active_s)
                why = f" ({rec.met_code}, {effort}: {reason})"
            out.print(f"saved session {rec.id[:8]} for {outcome.body.user}: {rec.kcal:.1f} kcal{why}")
    if any(k.saved.ids or k.saved.recovery for k in sets):
        return
    if not save:
        out.print("nothing saved (--no-save)")
    elif not sets:
        out.print("nothing saved: nobody was seen")
    elif all(k.live.result.reps == 0 for k in sets):
        out.print(
            "nothing saved: "
            + ("nothing was held" if sets[-1].live.result.is_hold else "no reps were counted")
        )


def _exit(outcome, camera: str) -> None:  # type: ignore[no-untyped-def]
    """The exit code: 1 when the session could not be saved or the source failed, 130 when interrupted."""
    from fitcli.cli.console import error_line, interrupted

    for error in outcome.errors:
        error_line(str(error))
    if outcome.errors:
        raise typer.Exit(outcome.errors[0].exit_code)
    if outcome.error is not None:
        error_line(f"{outcome.error} (what was counted before is saved)")
        raise typer.Exit(outcome.error.exit_code)
    if outcome.ended_by == "camera lost":
        error_line(f"camera {camera} stopped giving frames; what was counted is saved")
        raise typer.Exit(1)
    if outcome.ended_by == "interrupted":
        interrupted()
        raise typer.Exit(130)


def _terminal_display():  # type: ignore[no-untyped-def]
    """No window: on a terminal, one status line updated in place (rich.live) and keys read from the
    keyboard; into a file or pipe, one line per update and no keys."""
    from fitcli.cli.console import err
    from fitcli.pipelines.live_display import StatusLineDisplay, TerminalKeys

    if not err.is_terminal:
        return StatusLineDisplay(lambda line: err.print(line, highlight=False))
    status = TerminalStatus(err)
    return StatusLineDisplay(
        status.update, keys=TerminalKeys.for_stdin(), note=status.note, on_close=status.close
    )


class TerminalStatus:
    """One line on the terminal that each ``update`` rewrites (rich.live); ``note`` prints a line
    above it that stays. Started by the first update, so nothing is drawn before counting starts."""

    def __init__(self, console) -> None:  # type: ignore[no-untyped-def]
        from rich.live import Live

        self.console = console
        self.live = Live(
            console=console, auto_refresh=False, transient=False, redirect_stdout=False, redirect_stderr=False
        )
        self.started = False

    def update(self, line: str) -> None:
        from rich.text import Text

        if not self.started:
            self.live.start()
            self.started = True
        self.live.update(Text(line, no_wrap=True, overflow="ellipsis"), refresh=True)

    def note(self, text: str) -> None:
        self.console.print(text, highlight=False)

    def close(self) -> None:
        if self.started:
            self.live.stop()
            self.started = False

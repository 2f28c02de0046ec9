"""The ``fitcli`` command: the root Typer app, one sub-app per command group, one error handler."""

from __future__ import annotations

import sys


def _interrupted() -> NoReturn:
    """Ctrl-C at any moment, also while the modules below load: one line, exit 130."""
    sys.stderr.write("interrupted\n")
    raise SystemExit(130)


try:  # importing typer, rich and the command modules takes a few tenths of a second
    import logging
    from typing import Annotated, Any, NoReturn

    import typer
    from typer._click.exceptions import BadParameter, ClickException
    from typer._click.exceptions import UsageError as ClickUsageError
    from typer.core import TyperGroup

    from fitcli import __version__
    from fitcli.cli.console import err, error_line, interrupted, interrupted_shown
    from fitcli.errors import FitcliError
except KeyboardInterrupt:
    _interrupted()

# Options renamed so that each name has one meaning across commands (issue 16): the old name is
# refused, and the error names the new one. (command path without "fitcli", old option) -> new option
RENAMED = {
    ("log", "-m"): "-t/--minutes (-m is --model in every command)",
    ("collect", "--from"): "--start-at SECONDS (--from is a day in every command)",
    ("collect", "--to"): "--stop-at SECONDS (--to is a day in every command)",
    ("models pull", "--from"): "--tarball FILE (--from is a day in every command)",
}


def renamed_hint(command_path: str, message: str) -> str:
    """ " - it is now ..." when ``message`` (Click's "No such option: X") names a renamed option."""
    command = command_path.split(" ", 1)[1] if " " in command_path else ""
    for (where, old), new in RENAMED.items():
        if (
            command == where
            and message.startswith(f"No such option: {old}")
            and (message[len(f"No such option: {old}") :][:1] in ("", " ", "."))
        ):
            return f" - {old} was renamed: use {new}"
    return ""


# OSErrors that mean the user's path is unusable (exit 2); any other OSError is a failure (exit 1).
_PATH_ERRORS = (PermissionError, FileNotFoundError, NotADirectoryError, IsADirectoryError, FileExistsError)


def _given_value(exc: BadParameter, args: list[str]) -> str | None:
    """The value the user typed for the option of ``exc`` (Typer's messages do not always say)."""
    opts = getattr(exc.param, "opts", None) or []
    if getattr(exc.param, "param_type_name", "") != "option":
        return None
    for i, token in enumerate(args):
        for opt in opts:
            if token == opt and i + 1 < len(args):
                return args[i + 1]
            if token.startswith(opt + "="):
                return token[len(opt) + 1 :]
    return None


def _usage_message(exc: ClickUsageError, args: list[str]) -> str:
    """Click's usage error as one line: the value given, and where to look (or the new name)."""
    where = f" - see `{exc.ctx.command_path} --help`" if exc.ctx is not None else ""
    if exc.ctx is not None:
        where = renamed_hint(exc.ctx.command_path, exc.format_message()) or where
    # pydantic-style wording from Typer's validation reads oddly; keep the substance
    message = exc.format_message().replace("Value error, ", "")
    given = _given_value(exc, args) if isinstance(exc, BadParameter) else None
    if given is not None and given not in message:
        message += f" (got {given!r})"
    return message + where


class FitcliGroup(TyperGroup):
    """Turns every expected fault into one red line and its exit code, with no traceback:
    FitcliError from the library (exit 2 for bad input, 1 for failures) and Typer's own usage
    errors (a missing option, a value that is not a number: exit 2)."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except FitcliError as exc:
            error_line(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            # the library names its files in typed errors; this is the net for one it did not
            if exc.filename is None:
                raise
            error_line(f"{exc.filename}: {exc.strerror or exc}")
            raise typer.Exit(2 if isinstance(exc, _PATH_ERRORS) else 1) from None
        except KeyboardInterrupt:
            interrupted()
            raise typer.Exit(130) from None

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:  # Ctrl-C while the options are read
            interrupted()
            raise typer.Exit(130) from None

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        interrupted_shown(reset=True)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickUsageError as exc:
            if not standalone_mode:
                raise
            if type(exc).__name__ != "NoArgsIsHelpError":  # that one has printed the help already
                error_line(_usage_message(exc, list(sys.argv[1:] if args is None else args)))
            sys.exit(exc.exit_code)
        except ClickException as exc:
            if not standalone_mode:
                raise
            error_line(exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort as exc:
            if not standalone_mode:
                raise
            if isinstance(exc.__cause__, KeyboardInterrupt):  # Ctrl-C while the options were read
                interrupted()
                sys.exit(130)
            err.print("[yellow]aborted[/yellow]", markup=True)
            sys.exit(1)
        if not standalone_mode:
            return rv
        if rv == 130 and not interrupted_shown():  # Typer turned a Ctrl-C into exit 130 silently
            interrupted()
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=FitcliGroup,
    name="fitcli",
    help="Camera-based exercise tracking: pose estimation, keypoint export, rep counting and calories.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"fitcli {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """fitcli: pose estimation, keypoint export, rep counting and calories from the command line."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="fitcli: %(message)s")


def _register() -> None:
    # Each command group is a module with its own typer.Typer(); imported here, heavy libraries
    # (tensorflow, mediapipe, onnxruntime) stay inside the functions that need them.
    from fitcli.cli import bench, eval_cmd, export, models

    app.add_typer(models.app, name="models")
    app.add_typer(eval_cmd.app, name="eval")
    app.command("export")(export.export)
    app.command("bench")(bench.bench)
    # Exercise engine (issue 4): the exercise catalogue.
    from fitcli.cli import analyze_cmd, exercises_cmd, live_cmd

    app.command("exercises")(exercises_cmd.exercises)
    app.command("analyze")(analyze_cmd.analyze)
    app.command("live")(live_cmd.live)
    # Health data (issue 3): Compendium, profiles, journal, reports.
    from fitcli.cli import journal_cmd, met_cmd, profile_cmd, report_cmd

    app.add_typer(met_cmd.app, name="met")
    app.add_typer(profile_cmd.app, name="profile")
    app.command("log")(journal_cmd.log)
    app.add_typer(journal_cmd.meal_app, name="meal")
    app.add_typer(journal_cmd.sessions_app, name="sessions")
    app.add_typer(journal_cmd.journal_app, name="journal")
    app.add_typer(report_cmd.app, name="report")
    # Pose classifier (issue 5): collect, dataset stats, train, classify.
    from fitcli.cli import classify_cmd, collect_cmd, dataset_cmd, train_cmd

    app.command("collect")(collect_cmd.collect)
    app.add_typer(dataset_cmd.app, name="dataset")
    app.command("train")(train_cmd.train)
    app.command("classify")(classify_cmd.classify)


try:
    _register()
except KeyboardInterrupt:
    _interrupted()


def run() -> None:
    import signal

    try:
        app()
    except KeyboardInterrupt:
        _interrupted()
    finally:
        # The command is done and its output written: a Ctrl-C while the interpreter shuts down must
        # not turn it into a process killed by SIGINT.
        signal.signal(signal.SIGINT, signal.SIG_IGN)

"""Where output goes: people read stderr (rich tables, progress, notices); programs read stdout."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

# Markup is off on both consoles: file names, user names and meal names are printed as they are
# ("squat[final].mp4" stays whole, "[/x]" cannot crash a table); the few styled lines pass
# markup=True and escape what they interpolate.
# Output for people: tables, progress bars, notices. Never mixed into data on stdout.
err = Console(stderr=True, markup=False)
# Output for programs (--format json|csv) and plain results.
out = Console(highlight=False, soft_wrap=True, markup=False)


def styled(text: str, *values: object) -> str:
    """``text`` with ``{}`` placeholders filled by escaped ``values``, for a markup=True print."""
    return text.format(*(escape(str(v)) for v in values))


def error_line(message: str) -> None:
    """The one red line every expected fault becomes."""
    err.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False, soft_wrap=True, markup=True)


def notice(message: str) -> None:
    err.print(f"[yellow]note:[/yellow] {escape(message)}", highlight=False, markup=True)


class _Interrupt:
    """Whether "interrupted" has been printed in this run (so it is printed once, however Ctrl-C
    reached the top: through a command, the option parser or Typer's own handler)."""

    shown = False


def interrupted() -> None:
    """The one line a Ctrl-C becomes (the caller exits 130)."""
    err.print("[yellow]interrupted[/yellow]", markup=True)
    _Interrupt.shown = True


def interrupted_shown(reset: bool = False) -> bool:
    shown = _Interrupt.shown
    if reset:
        _Interrupt.shown = False
    return shown

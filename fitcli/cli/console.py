"""Where output goes: people read stderr (rich tables, progress, notices); programs read stdout."""

from __future__ import annotations

from rich.console import Console

# Output for people: tables, progress bars, notices. Never mixed into data on stdout.
err = Console(stderr=True)
# Output for programs (--format json|csv) and plain results.
out = Console(highlight=False, soft_wrap=True)


def notice(message: str) -> None:
    err.print(f"[yellow]note:[/yellow] {message}", highlight=False)

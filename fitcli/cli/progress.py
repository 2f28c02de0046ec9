"""Progress bars on stderr: one per video and an overall bar with ETA."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from fitcli.cli.console import err


class BatchProgressBar:
    """``update(video index, frames done, frames total)``; the overall bar sums the videos' frames."""

    def __init__(self, names: Sequence[str]) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=False,
        )
        self.overall = self.progress.add_task("all videos", total=None)
        self.tasks = [self.progress.add_task(name[:40], total=None) for name in names]
        self.done = [0] * len(names)
        self.totals: list[int | None] = [None] * len(names)

    def __enter__(self) -> BatchProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.stop()

    def update(self, index: int, done: int, total: int | None) -> None:
        self.done[index], self.totals[index] = done, total
        self.progress.update(self.tasks[index], completed=done, total=total)
        if all(t is not None for t in self.totals):
            total_all = sum(t or 0 for t in self.totals)
            self.progress.update(self.overall, completed=sum(self.done), total=total_all)
        else:
            self.progress.update(self.overall, completed=sum(self.done))

"""The one counter protocol every counter behind ``ExerciseSpec.counter()`` and ``ClipCounter`` keeps.

Rule counters (``RepCounter``, ``PerSideCounter``), the classifier's (``ClassifiedRepCounter``) and the
one-per-clip ``ClipCounter`` (which adds the hands-only clap fallback) all take one ``PoseFrame`` at a
time and finish with a ``CountResult``, so analyze, eval and live drive any of them the same way.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from fitcli.exercises.counter import CounterState
from fitcli.exercises.events import CountResult
from fitcli.pose import PoseFrame


@runtime_checkable
class Counter(Protocol):
    """``update(frame) -> CounterState`` per frame, ``reset()`` to start over, ``finish() -> CountResult``."""

    @property
    def reps(self) -> int: ...

    @property
    def frames(self) -> int: ...

    @property
    def last_time(self) -> float: ...

    def update(self, frame: PoseFrame) -> CounterState: ...

    def reset(self) -> None: ...

    def finish(self) -> CountResult: ...

"""Count a whole recorded ``PoseTrack`` with the same streaming counter live and batch use."""

from __future__ import annotations

from typing import Any

from fitcli.exercises.events import CountResult
from fitcli.pose import PoseTrack


def count_track(track: PoseTrack, exercise: str | Any) -> CountResult:
    """Count ``exercise`` (a catalogue name or a ready counter) over a whole recorded track."""
    if isinstance(exercise, str):
        from fitcli.exercises.catalog import get_exercise

        counter = get_exercise(exercise).counter()
    else:
        counter = exercise
        counter.reset()
    for frame in track.iter_frames():
        counter.update(frame)
    result: CountResult = counter.finish()
    return result

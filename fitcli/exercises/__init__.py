"""Signals from keypoints, smoothing, the counters, and the exercise catalogue (one module per
exercise in ``fitcli.exercises.definitions``).

The interface for live and batch use::

    from fitcli.exercises import get_exercise, count_track, count_video

    counter = get_exercise("squat").counter()  # a streaming counter (``protocol.Counter``)
    state = counter.update(pose_frame)  # CounterState(reps, phase, value, event, person)
    result = counter.finish()  # CountResult(exercise, events: tuple[Rep, ...], active_s, frames, ...)

    result = count_track(pose_track, "squat")  # the same counter over a recorded PoseTrack
    result = count_video(path, "clap", model, cache_dir)  # model (cached) + counter + hands fallback
"""

from fitcli.exercises.catalog import EXERCISES, ExerciseSpec, exercise_names, get_exercise
from fitcli.exercises.counter import CounterState, RepCounter
from fitcli.exercises.events import CountResult
from fitcli.exercises.recorded import count_track
from fitcli.exercises.video import count_video
from fitcli.rep import Rep

__all__ = [
    "EXERCISES",
    "CountResult",
    "CounterState",
    "ExerciseSpec",
    "RepCounter",
    "Rep",
    "count_track",
    "count_video",
    "exercise_names",
    "get_exercise",
]

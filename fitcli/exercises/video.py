"""Count one exercise in one video file from its cached keypoints: what `fitcli eval reps` runs.

The counting itself is ``ClipCounter``, the same path `fitcli analyze` and `fitcli live` run; only
where the poses come from differs (a keypoint cache made by the same model instead of the model
frame by frame).
"""

from __future__ import annotations

from pathlib import Path

from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.counter import RepCounter
from fitcli.exercises.events import CountResult
from fitcli.exercises.keypoint_cache import ProgressCallback, cached_track


def count_video(
    video: Path,
    exercise: str,
    model: str | None = None,
    cache_dir: Path | None = None,
    on_progress: ProgressCallback | None = None,
    counter: RepCounter | None = None,
) -> CountResult:
    """Count ``exercise`` in ``video``; keypoints are cached in ``cache_dir`` (when given).

    ``counter`` replaces the exercise's own counter (a benchmark trying other settings).
    For ``clap``, when the body model hardly sees shoulders, the claps are counted from MediaPipe
    hand landmarks instead (``fitcli.exercises.hands``); the result then carries a warning saying so.
    """
    from fitcli.models.registry import default_model_name

    clip = ClipCounter(exercise, counter=counter)
    track = cached_track(Path(video), model or default_model_name(), cache_dir, on_progress)
    for frame in track.iter_frames():
        clip.update(frame)
    return clip.finish(Path(video), cache_dir)

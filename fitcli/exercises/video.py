"""Count one exercise in one video file: pose model (cached), counter, and the hands fallback for claps."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from fitcli.exercises.counter import RepCounter, count_track
from fitcli.exercises.events import CountResult
from fitcli.exercises.keypoint_cache import ProgressCallback, cached_track
from fitcli.pose import KP, PoseTrack

log = logging.getLogger(__name__)

# Claps fall back to hand landmarks when the body model sees both shoulders (score >= 0.3) in less
# than this share of frames: hands-only footage such as ../shared/data/videos/clap/
# clap_hands_only_greenscreen_grindly.mp4 (whole-body models find no person there).
HANDS_FALLBACK_SHARE = 0.5
SHOULDER_SCORE = 0.3


def shoulder_share(track: PoseTrack) -> float:
    """Share of frames in which both shoulders score at least ``SHOULDER_SCORE``."""
    if len(track) == 0:
        return 0.0
    scores = np.nan_to_num(track.keypoints[:, [KP["left_shoulder"], KP["right_shoulder"]], 2])
    return float(np.mean(np.all(scores >= SHOULDER_SCORE, axis=1)))


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
    from fitcli.exercises.catalog import get_exercise
    from fitcli.models.registry import default_model_name

    spec = get_exercise(exercise)
    name = model or default_model_name()
    track = cached_track(Path(video), name, cache_dir, on_progress)
    result = count_track(track, counter if counter is not None else spec.name)
    return with_hands_fallback(spec.name, track, result, Path(video), cache_dir)


def with_hands_fallback(
    exercise: str, track: PoseTrack, result: CountResult, video: Path, cache_dir: Path | None = None
) -> CountResult:
    """``result``, or for claps the count from hand landmarks when the body model hardly saw shoulders."""
    share = shoulder_share(track)
    if exercise != "clap" or share >= HANDS_FALLBACK_SHARE:
        return result
    from fitcli.exercises.hands import cached_hands, count_claps_from_hands

    log.info("%s: shoulders seen in %.0f%% of frames; counting claps from hands", video, 100 * share)
    return count_claps_from_hands(cached_hands(video, cache_dir))

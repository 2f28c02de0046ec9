"""The one counting path that `fitcli analyze`, `fitcli eval reps` and `fitcli live` all run.

``ClipCounter`` takes a clip's (or a live session's) ``PoseFrame`` one at a time, whatever produced
them (the pose model frame by frame, or a cached keypoint track of the same model), and counts with
the exercise's rule counter or with a trained pose classifier. At the end, for claps, it falls back to
MediaPipe hand landmarks when the body model hardly saw shoulders (hands-only footage). Those come
from the decoded images handed to ``update`` with each frame (analyze, live) while the fallback is
still possible; otherwise from the video file (decoded again) or its hands cache (eval). Eval
measures exactly what analyze and live count.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fitcli.exercises.counter import CounterState
from fitcli.exercises.events import CountResult
from fitcli.exercises.form import SETTLE_S, FormJudge
from fitcli.exercises.protocol import Counter
from fitcli.pose import KP, PoseFrame
from fitcli.rep import Rep

if TYPE_CHECKING:
    from fitcli.exercises.hands import HandRecorder, HandTrack

log = logging.getLogger(__name__)

# Claps fall back to hand landmarks when the body model sees both shoulders (score >= 0.3) in less
# than this share of frames: hands-only footage such as ../shared/data/videos/clap/
# clap_hands_only_greenscreen_grindly.mp4 (whole-body models find no person there).
HANDS_FALLBACK_SHARE = 0.5
SHOULDER_SCORE = 0.3
_SHOULDERS = [KP["left_shoulder"], KP["right_shoulder"]]


def make_counter(exercise: str, classifier: str | Path | None = None) -> Counter:
    """The exercise's rule-based streaming counter, or one driven by a trained pose classifier."""
    from fitcli.exercises.catalog import get_exercise

    if classifier is None:
        return get_exercise(exercise).counter()
    from fitcli.classifier.infer import PoseClassifier
    from fitcli.exercises.classified import ClassifiedRepCounter

    return ClassifiedRepCounter(exercise, PoseClassifier.load(classifier))


class ClipCounter:
    """``update(frame, image=None) -> CounterState`` for every frame, then ``finish(video) -> CountResult``.

    For claps, ``image`` (the frame's decoded RGB pixels) lets the hands fallback use them: MediaPipe
    Hands runs on every frame for as long as the body model has seen both shoulders in less than
    ``HANDS_FALLBACK_SHARE`` of the frames so far, so a hands-only clip has its palms in every frame
    at the end, in order (the track ``extract_hands`` would make) and is not decoded again. Once the
    share is reached, or a frame comes without its image, the hands model is closed; if the fallback
    applies after all, ``finish`` reads the palms from the video file as before.
    """

    def __init__(self, exercise: str, classifier: str | Path | None = None, counter: Any = None) -> None:
        from fitcli.exercises.catalog import get_exercise

        self.exercise = get_exercise(exercise).name
        self.classified = classifier is not None
        self.counter = counter if counter is not None else make_counter(self.exercise, classifier)
        self._hands_fallback = self.exercise == "clap" and not self.classified
        self._hands: HandRecorder | None = None
        # A timed hold has no rep form or rhythm: its posture check is its standard.
        self.hold = get_exercise(exercise).is_hold
        self.form = FormJudge(get_exercise(exercise).form)
        self.reset()

    def reset(self) -> None:
        self.counter.reset()
        self.form.reset()
        self._judged: list[Rep] = []
        self._pending: list[Rep] = []  # counted, not judged yet (``judged`` judges them when asked)
        self._times: list[float] = []  # the counter's signal per frame, for the rhythm's second opinion
        self._values: list[float] = []
        self.shoulder_frames = 0
        self.close()
        self._hands_complete = self._hands_fallback  # every frame so far has its palms recorded

    def close(self) -> None:
        """Free the hands model, if one was started (``finish`` and ``reset`` do it too)."""
        if self._hands is not None:
            self._hands.close()
            self._hands = None

    def reading(self, state: CounterState) -> str:
        """What the counter measured in this frame, in words for the overlay: how far the exercise's
        signal moved from rest against what a rep needs, or the classifier's probability of the pose."""
        from fitcli.exercises.catalog import get_exercise

        if self.classified:
            return "" if state.value is None else f"p({self.exercise}) {state.value:.2f}"
        return get_exercise(self.exercise).reading(state.moved, state.needed)

    @property
    def judged(self) -> list[Rep]:
        """The reps counted so far with their form, for a display while counting: each is judged once
        ``SETTLE_S`` after its end has been seen (its lockout at the top is then in view), and only
        when asked, so a batch with no display judges each rep once, in ``finish``."""
        if self.hold:
            self._judged += self._pending
            self._pending = []
            return self._judged
        now = self.last_time if self.frames else 0.0
        while self._pending and now >= self._pending[0].end_s + SETTLE_S:
            self._judged.append(self.form.judge(self._pending.pop(0)))
        return self._judged

    @property
    def reps(self) -> int:
        return int(self.counter.reps)

    @property
    def trace(self) -> tuple[list[float], list[float]]:
        """(times, the counter's signal) of every frame so far (NaN where it was not measured)."""
        return self._times, self._values

    @property
    def held_s(self) -> float | None:
        """A timed hold's seconds held so far, the hold going on included (None: repetitions)."""
        return float(getattr(self.counter, "held_s", 0.0)) if self.hold else None

    @property
    def frames(self) -> int:
        return int(self.counter.frames)

    @property
    def last_time(self) -> float:
        return float(self.counter.last_time)

    def update(self, frame: PoseFrame, image: np.ndarray | None = None) -> CounterState:
        scores = np.nan_to_num(frame.keypoints[_SHOULDERS, 2])
        self.shoulder_frames += bool(np.all(scores >= SHOULDER_SCORE))
        state: CounterState = self.counter.update(frame)
        self.form.update(frame)
        if state.event is not None:
            self._pending.append(state.event)
        self._times.append(frame.time_s)
        self._values.append(math.nan if state.value is None else float(state.value))
        if self._hands_complete:
            self._record_hands(frame, image)
        return state

    def _record_hands(self, frame: PoseFrame, image: np.ndarray | None) -> None:
        if image is None or self.shoulder_share >= HANDS_FALLBACK_SHARE:
            # the palms can no longer be complete (or are not needed if the clip ends here): stop
            self._hands_complete = False
            self.close()
            return
        if self._hands is None:
            from fitcli.exercises.hands import HandRecorder

            self._hands = HandRecorder()
        self._hands.add(frame.index, frame.time_s, image)

    @property
    def shoulder_share(self) -> float:
        """Share of frames in which both shoulders scored at least ``SHOULDER_SCORE``."""
        return self.shoulder_frames / self.frames if self.frames else 0.0

    def finish(self, video: Path | None = None, cache_dir: Path | None = None) -> CountResult:
        """What was counted; for claps that the body model hardly saw, the count from hand landmarks
        instead (the result then carries a warning saying so). Every rep carries its form
        (``fitcli.exercises.form``). The hands model is closed."""
        result = self._count(video, cache_dir)
        if self.hold:
            return result
        return replace(result, events=self.form.judge_all(result.events))

    def _count(self, video: Path | None, cache_dir: Path | None) -> CountResult:
        result: CountResult = self.counter.finish()
        if self.hold:
            return result
        try:
            if not self._hands_fallback or self.shoulder_share >= HANDS_FALLBACK_SHARE:
                from fitcli.exercises.periodicity import with_rhythm

                return with_rhythm(result, self._times, self._values)
            track = self._hands_track(video, cache_dir)
        finally:
            self.close()
            self._hands_complete = False  # frames after ``finish`` (without ``reset``) record none
        if track is None:
            return result
        from fitcli.exercises.hands import count_claps_from_hands

        return count_claps_from_hands(track)

    def _hands_track(self, video: Path | None, cache_dir: Path | None) -> HandTrack | None:
        """The palms recorded from the images given to ``update`` when every frame came with one
        (written to the hands cache when ``video`` and ``cache_dir`` are given), else those of
        ``video`` (decoded again, or from its cache in ``cache_dir``); None without either."""
        from fitcli.exercises.hands import cached_hands, hands_cache_path

        share = 100 * self.shoulder_share
        if self._hands_complete and self._hands is not None:
            log.info(
                "%s: shoulders seen in %.0f%% of frames; claps from the hands in its frames",
                video or "live",
                share,
            )
            track = self._hands.track(video)
            if video is not None and cache_dir is not None:
                track.save(hands_cache_path(cache_dir, video))
            return track
        if video is None:
            return None
        log.info("%s: shoulders seen in %.0f%% of frames; claps from the hands in the file", video, share)
        return cached_hands(Path(video), cache_dir)

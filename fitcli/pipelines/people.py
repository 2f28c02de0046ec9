"""Count everyone in a video: a multi-person pose model, stable ids, one counter per person.

``analyze_people`` runs the model's ``people()`` on every frame, gives the poses ids with
``fitcli.pipelines.tracking.PeopleTracker`` and feeds each person's poses to their own
``ClipCounter`` (the counting path of one-person analysis); a frame in which a person is not seen
reaches their counter as a frame with no keypoints (the counter's missing-frame rules apply). A
person who has left for good (unseen for the tracker's ``forget_s``) has their count finished then;
everyone else at the end of the video. Each person gives one ``VideoAnalysis`` (``person`` = their
id, ``first_s`` / ``last_s`` = when they were seen), so the journal stores one session per person.
``Crowd`` is that per-person part (ids, one counter each, who left), shared with `live --people all`
(``fitcli.pipelines.live_people``).

People seen for less than ``MIN_PERSON_S`` in all are left out: a pose found for a few frames where
two bodies overlap is not a person.
"""

from __future__ import annotations

import csv
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.atomic import atomic_path
from fitcli.errors import UsageError
from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.pipelines.annotate import Annotator, PersonLabel, ensure_writable_dir
from fitcli.pipelines.run import ProgressCallback, prefetch, track_meta
from fitcli.pipelines.sources import open_source
from fitcli.pipelines.tracking import PeopleTracker
from fitcli.pipelines.workout import FLASH_S, VideoAnalysis, _maybe_writer, kept_rate
from fitcli.pose import PoseFrame, PoseTrack
from fitcli.rep import Rep

MIN_PERSON_S = 1.0
# `analyze --people all` runs the multi-person model on this many frames a second unless --every is
# given (--every 1: every frame). `python benchmarks/people_speed.py` on the generated scenes (640x480,
# 30 fps, 2 cores, two runs): every frame 2.0-2.4x real time, 15 fps 3.6-4.7x, both exact for every
# person and exercise with no identity switch; at 10 fps the three-person scene had 2 switches.
PEOPLE_POSE_FPS = 15.0
PEOPLE_CHOICES = ("1", "all")
UNSEEN = np.full((17, 3), np.nan, np.float32)
UNSEEN[:, 2] = 0.0  # the keypoints of a person not in view (shared by every such frame: read-only)
UNSEEN.flags.writeable = False


def check_multi_person(model: str) -> None:
    """Refuse a single-person model for ``--people all``, naming the one that sees several."""
    from fitcli.models.registry import MULTI_PERSON_DEFAULT, get_spec

    if get_spec(model).max_people == 1:
        raise UsageError(
            f"--people all needs a multi-person model; '{model}' sees one person",
            f"use --model {MULTI_PERSON_DEFAULT} (fitcli models pull {MULTI_PERSON_DEFAULT})",
        )


def people_model(people: str, model: str | None) -> str | None:
    """Check ``--people`` (1 or all) against ``--model``: with all, the model to use is ``model``
    once it is known to see several people, else the multi-person default; with 1, ``model``."""
    from fitcli.models.registry import MULTI_PERSON_DEFAULT

    if people not in PEOPLE_CHOICES:
        raise UsageError(f"--people must be 1 or all, got {people!r}", "use --people 1 or --people all")
    if people == "1":
        return model
    model = model or MULTI_PERSON_DEFAULT
    check_multi_person(model)
    return model


@dataclass
class TrackedPerson:
    """One person's counter and when they were seen (times on the source's clock)."""

    id: int
    counter: ClipCounter
    first_s: float
    last_s: float
    keypoints: np.ndarray = field(default_factory=lambda: UNSEEN)  # in the last frame (NaN: unseen)
    events: list[Rep] = field(default_factory=list)  # the reps counted so far, as they came
    poses: list[PoseFrame] = field(default_factory=list)  # every frame's pose, when kept for an export
    seen_frames: int = 0
    seen_s: float = 0.0  # time in view: the gaps between frames summed, so a dropped frame counts too
    flash_until: float = -1.0

    def label(self, time_s: float) -> PersonLabel:
        """What a display draws over their head at ``time_s``."""
        partial = sum(r.partial for r in self.counter.judged)
        flash = time_s <= self.flash_until
        return PersonLabel(self.id, self.keypoints, len(self.events), flash, partial, self.counter.held_s)


@dataclass(frozen=True)
class CrowdStep:
    """One frame of ``Crowd.update``: who left for good (their counters not finished), who was seen."""

    left: list[TrackedPerson]
    seen: list[TrackedPerson]


class Crowd:
    """Everyone a ``PeopleTracker`` follows, each with their own ``ClipCounter``: the per-person
    counting that `analyze --people all` and `live --people all` share.

    ``update`` gives the frame's poses ids; a person seen for the first time gets a counter; every
    person not gone is fed the frame (one not seen in it as a frame with no keypoints, so the
    counter's missing-frame rules apply); a person the tracker reports gone for good leaves
    ``active`` and is handed back in ``CrowdStep.left`` for the caller to finish.
    """

    def __init__(self, exercise: str, tracker: PeopleTracker | None = None, keep_poses: bool = False) -> None:
        self.exercise = get_exercise(exercise).name
        self.tracker = tracker or PeopleTracker()
        self.keep_poses = keep_poses
        self.active: dict[int, TrackedPerson] = {}
        self._last_t: float | None = None

    def update(
        self, index: int, time_s: float, size: tuple[int, int], people: np.ndarray, count: bool = True
    ) -> CrowdStep:
        """One frame; ``people`` is the model's (N, 17, 3). With ``count`` False (a paused session)
        everyone is still followed, but nobody's counter sees the frame."""
        step = self.tracker.update(time_s, people)
        left = [self.active.pop(pid) for pid in step.ended if pid in self.active]
        seen = dict(step.seen)
        gap = 0.0 if self._last_t is None else max(0.0, time_s - self._last_t)
        self._last_t = time_s
        for pid in seen:
            if pid not in self.active:
                self.active[pid] = TrackedPerson(pid, ClipCounter(self.exercise), time_s, time_s)
        for pid, person in self.active.items():
            person.keypoints = seen.get(pid, UNSEEN)
            if pid in seen:
                person.seen_frames += 1
                person.seen_s += gap
                person.last_s = time_s
            if count:
                self._feed(person, PoseFrame(index, time_s, person.keypoints, size))
        return CrowdStep(left, [self.active[pid] for pid in seen])

    def _feed(self, person: TrackedPerson, pose: PoseFrame) -> None:
        state = person.counter.update(pose, None)
        if self.keep_poses:
            person.poses.append(pose)
        if state.event is not None:
            person.events.append(state.event)
            person.flash_until = pose.time_s + FLASH_S

    def labels(self, time_s: float) -> list[PersonLabel]:
        """Everyone not gone, by id (one out of view has no keypoints, so nothing is drawn for them)."""
        return [p.label(time_s) for p in self.active.values()]


def analyze_people(
    video: str,
    exercise: str,
    backend: Any,
    *,
    every: int | None = None,
    fps: float | None = None,
    annotate_dir: str | Path | None = None,
    export_fmt: str | None = None,
    export_dir: str | Path | None = None,
    on_progress: ProgressCallback | None = None,
    tracker: PeopleTracker | None = None,
) -> list[VideoAnalysis]:
    """One ``VideoAnalysis`` per person in ``video`` counting ``exercise``, in order of their ids."""
    started = time.perf_counter()
    spec = get_exercise(exercise)
    if getattr(backend, "max_people", 1) == 1:
        check_multi_person(str(getattr(backend, "name", "unknown")))
    source = open_source(video, every, fps)
    crowd = Crowd(spec.name, tracker, keep_poses=export_fmt is not None)
    model = str(backend.name)
    size = (source.info.width, source.info.height)
    annotated = Path(annotate_dir) / f"{source.info.stem}.annotated.mp4" if annotate_dir else None
    rate = kept_rate(source.info.fps, every, fps)
    finished: list[tuple[TrackedPerson, Any]] = []
    backend.reset()
    total = source.info.expected_frames
    last_time = 0.0
    with _maybe_writer(annotated, rate, size) as writer:
        for done, frame in enumerate(prefetch(source), 1):
            step = crowd.update(frame.index, frame.time_s, size, backend.people(frame.rgb))
            finished += [(p, p.counter.finish(None)) for p in step.left]
            if writer is not None:
                bgr, labels = frame.rgb[:, :, ::-1], crowd.labels(frame.time_s)
                writer.write(Annotator().annotate_people(bgr, labels, spec.name, frame.time_s))
            last_time = frame.time_s
            if on_progress:
                on_progress(done, total)
    finished += [(p, p.counter.finish(None)) for p in crowd.active.values()]
    duration = source.info.duration_s or last_time
    kept_fps = rate
    people = sorted(
        ((p, r) for p, r in finished if p.seen_frames >= MIN_PERSON_S * kept_fps), key=lambda pr: pr[0].id
    )
    elapsed = time.perf_counter() - started
    export_path = None
    if export_fmt is not None:
        tracks = {p.id: PoseTrack.from_frames(p.poses, track_meta(source.info, model)) for p, _ in people}
        results = {p.id: r for p, r in people}
        export_path = str(export_people(tracks, results, source.info.stem, export_fmt, export_dir))
    return [
        VideoAnalysis(
            str(video), spec.name, model, float(duration), source.info.fps, result, elapsed,
            export_path, str(annotated) if annotated else None,
            person=p.id, first_s=p.first_s, last_s=p.last_s,
        )
        for p, result in people
    ]  # fmt: skip


def export_people(
    tracks: dict[int, PoseTrack], results: dict[int, Any], stem: str, fmt: str, folder: str | Path | None
) -> Path:
    """Everyone's keypoints in one ``<stem>.people.<fmt>`` file with a ``person`` column (JSON: a
    list of people, each with their track), and ``<stem>.people.reps.csv`` (one row per rep)."""
    out = ensure_writable_dir(folder or Path.cwd())
    path = out / f"{stem}.people.{fmt}"
    with atomic_path(path) as tmp:
        if fmt == "json":
            people = [
                {"person": pid, "reps": results[pid].as_dict()["events"], "track": t.to_json_dict()}
                for pid, t in tracks.items()
            ]
            tmp.write_text(json.dumps({"format": "fitcli.people", "version": 1, "people": people}))
        else:
            _people_frame(tracks, tmp, fmt)
    from fitcli.pipelines.workout import rep_columns

    rows = [{"person": pid, **e.as_dict()} for pid, result in results.items() for e in result.events]
    with atomic_path(out / f"{stem}.people.reps.csv") as tmp, tmp.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=rep_columns(rows, lead=("person",)))
        writer.writeheader()
        writer.writerows({**r, "flags": "; ".join(r["flags"])} if "flags" in r else r for r in rows)
    return path


def _people_frame(tracks: dict[int, PoseTrack], tmp: Path, fmt: str) -> None:
    import pandas as pd

    frames = []
    for pid, track in tracks.items():
        df = track.to_dataframe()
        df.insert(0, "person", pid)
        frames.append(df)
    table = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["person", *PoseTrack.columns()])
    )
    if fmt == "csv":
        table.to_csv(tmp, index=False)
    else:
        table.to_parquet(tmp, index=False)

"""Count everyone in a video: a multi-person pose model, stable ids, one counter per person.

``analyze_people`` runs the model's ``people()`` on every frame, gives the poses ids with
``fitcli.pipelines.tracking.PeopleTracker`` and feeds each person's poses to their own
``ClipCounter`` (the counting path of one-person analysis); a frame in which a person is not seen
reaches their counter as a frame with no keypoints (the counter's missing-frame rules apply). A
person who has left for good (unseen for the tracker's ``forget_s``) has their count finished then;
everyone else at the end of the video. Each person gives one ``VideoAnalysis`` (``person`` = their
id, ``first_s`` / ``last_s`` = when they were seen), so the journal stores one session per person.

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
from fitcli.pipelines.annotate import Annotator, ensure_writable_dir
from fitcli.pipelines.run import ProgressCallback, prefetch, track_meta
from fitcli.pipelines.sources import open_source
from fitcli.pipelines.tracking import PeopleTracker
from fitcli.pipelines.workout import FLASH_S, VideoAnalysis, _maybe_writer, kept_rate
from fitcli.pose import PoseFrame, PoseTrack

MIN_PERSON_S = 1.0
# `analyze --people all` runs the multi-person model on this many frames a second unless --every is
# given (--every 1: every frame). `python benchmarks/people_speed.py` on the generated scenes (640x480,
# 30 fps, 2 cores, two runs): every frame 2.0-2.4x real time, 15 fps 3.6-4.7x, both exact for every
# person and exercise with no identity switch; at 10 fps the three-person scene had 2 switches.
PEOPLE_POSE_FPS = 15.0
_UNSEEN = np.full((17, 3), np.nan, np.float32)
_UNSEEN[:, 2] = 0.0


def check_multi_person(model: str) -> None:
    """Refuse a single-person model for ``--people all``, naming the one that sees several."""
    from fitcli.models.registry import MULTI_PERSON_DEFAULT, get_spec

    if get_spec(model).max_people == 1:
        raise UsageError(
            f"--people all needs a multi-person model; '{model}' sees one person",
            f"use --model {MULTI_PERSON_DEFAULT} (fitcli models pull {MULTI_PERSON_DEFAULT})",
        )


@dataclass
class _Person:
    id: int
    counter: ClipCounter
    first_s: float
    last_s: float
    poses: list[PoseFrame] = field(default_factory=list)
    seen_frames: int = 0
    flash_until: float = -1.0


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
    tracker = tracker or PeopleTracker()
    model = str(backend.name)
    size = (source.info.width, source.info.height)
    annotated = Path(annotate_dir) / f"{source.info.stem}.annotated.mp4" if annotate_dir else None
    rate = kept_rate(source.info.fps, every, fps)
    active: dict[int, _Person] = {}
    finished: list[tuple[_Person, Any]] = []
    backend.reset()
    total = source.info.expected_frames
    last_time = 0.0
    with _maybe_writer(annotated, rate, size) as writer:
        for done, frame in enumerate(prefetch(source), 1):
            step = tracker.update(frame.time_s, backend.people(frame.rgb))
            for pid in step.ended:
                if pid in active:
                    person = active.pop(pid)
                    finished.append((person, person.counter.finish(None)))
            seen = dict(step.seen)
            for pid in seen:
                if pid not in active:
                    active[pid] = _Person(pid, ClipCounter(spec.name), frame.time_s, frame.time_s)
            for pid, person in active.items():
                _feed(person, PoseFrame(frame.index, frame.time_s, seen.get(pid, _UNSEEN), size), pid in seen)
            if writer is not None:
                writer.write(_draw(frame.rgb[:, :, ::-1], active, seen, spec.name, frame.time_s))
            last_time = frame.time_s
            if on_progress:
                on_progress(done, total)
    finished += [(p, p.counter.finish(None)) for p in active.values()]
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


def _feed(person: _Person, pose: PoseFrame, seen: bool) -> None:
    state = person.counter.update(pose, None)
    person.poses.append(pose)
    if seen:
        person.seen_frames += 1
        person.last_s = pose.time_s
    if state.event is not None:
        person.flash_until = pose.time_s + FLASH_S


def _draw(
    bgr: np.ndarray, active: dict[int, _Person], seen: dict[int, np.ndarray], exercise: str, t: float
) -> np.ndarray:
    labels = [(pid, kp, active[pid].counter.reps, t <= active[pid].flash_until) for pid, kp in seen.items()]
    return Annotator().annotate_people(bgr, labels, exercise, t)


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

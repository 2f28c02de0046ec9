"""Analyse one workout video: poses, rep counting, optional annotated video and keypoint export.

One pass over the frames feeds ``fitcli.exercises.clip_counter.ClipCounter``, the counting path that
live mode and `fitcli eval reps` run too, so batch, live and the measured accuracy count alike. ``session_record``
turns an analysis into the journal's ``SessionRecord`` (MET from the exercise catalogue, gross
kcal over the active time).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcli.atomic import atomic_path
from fitcli.exercises.catalog import get_exercise
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.events import CountResult
from fitcli.exercises.form import partial_text, rep_feedback
from fitcli.exercises.keypoint_cache import KeypointCache
from fitcli.pipelines.annotate import Annotator, PartialReps, Status, ensure_writable_dir, video_writer
from fitcli.pipelines.run import frames_from_track, frames_with_poses, track_meta
from fitcli.pipelines.sources import Frame, SourceInfo, open_source
from fitcli.pose import PoseFrame, PoseTrack

# Seconds the overlay flashes after a rep is completed.
FLASH_S = 0.3
ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True)
class VideoAnalysis:
    video: str
    exercise: str
    model: str
    duration_s: float
    fps: float | None
    result: CountResult
    elapsed_s: float  # wall-clock processing time
    export_path: str | None = None
    annotated_path: str | None = None
    # ``--people all``: the person's id in this video and when they were first and last seen (s)
    person: int | None = None
    first_s: float | None = None
    last_s: float | None = None

    @property
    def reps(self) -> int:
        return self.result.reps

    @property
    def speed_x(self) -> float:
        """How many times faster than real time the video was processed."""
        return self.duration_s / self.elapsed_s if self.elapsed_s > 0 else float("inf")


def analyze_video(
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
    classifier: str | Path | None = None,
    keypoints: KeypointCache | None = None,
    plot_dir: str | Path | None = None,
) -> VideoAnalysis:
    """Count ``exercise`` in ``video`` with ``backend``; write the annotated mp4 / export if asked.

    With ``classifier`` (a folder from `fitcli train`), reps are counted from that classifier's
    class named like the exercise instead of the exercise's rule-based counter. With ``keypoints``
    (the cache of ``backend``'s model), poses already cached for this video's content are used
    instead of running the model, and new ones are kept there. With ``plot_dir``, what the counter
    saw goes to ``<stem>.plot.png`` there (``fitcli.pipelines.count_plot``).
    """
    started = time.perf_counter()
    spec = get_exercise(exercise)
    source = open_source(video, every, fps)
    counter = ClipCounter(spec.name, classifier)
    annotated = Path(annotate_dir) / f"{source.info.stem}.annotated.mp4" if annotate_dir else None
    size = (source.info.width, source.info.height)
    model = str(getattr(backend, "name", "unknown"))
    entry = keypoints.path_for(video, every, fps) if keypoints is not None else None
    cached = keypoints.load(entry) if keypoints is not None and entry is not None else None
    with contextlib.closing(counter):  # frees the hands model if counting stops half-way
        with _maybe_writer(annotated, kept_rate(source.info.fps, every, fps), size) as writer:
            if cached is None:
                frames = frames_with_poses(source, backend, on_progress)
            else:
                frames = frames_from_track(source, cached, on_progress, pixels=writer is not None)
            images = cached is None and keeps_every_frame(source.info)
            poses = _count_frames(spec.name, counter, frames, writer, images)
        result = counter.finish(Path(video))
        if plot_dir is not None:
            from fitcli.pipelines.count_plot import write_count_plot

            times, values = counter.trace
            plot = Path(plot_dir) / f"{source.info.stem}.plot.png"
            title = f"{Path(video).name}, {spec.name}"
            write_count_plot(plot, result, times, values, poses, title, spec.signal)
    track = PoseTrack.from_frames(poses, track_meta(source.info, model))
    if keypoints is not None and entry is not None and cached is None:
        keypoints.save(entry, track)
    track.meta["exercise"] = spec.name
    duration = source.info.duration_s or (counter.last_time if counter.frames else 0.0)
    export_path = None
    if export_fmt is not None:
        track.meta["reps"] = result.as_dict()["events"]
        export_path = str(export_track(track, result, source.info.stem, export_fmt, export_dir))
    return VideoAnalysis(
        video=str(video),
        exercise=spec.name,
        model=model,
        duration_s=float(duration),
        fps=source.info.fps,
        result=result,
        elapsed_s=time.perf_counter() - started,
        export_path=export_path,
        annotated_path=str(annotated) if annotated else None,
    )


def _count_frames(
    exercise: str, counter: ClipCounter, frames: Iterable[tuple[Frame, PoseFrame]], writer: Any, images: bool
) -> list[PoseFrame]:
    """Feed every pose to ``counter`` and draw it on ``writer`` (when not None); the poses.

    With ``images`` the counter gets each frame's pixels too, so the clap hands fallback reads the
    palms from them; only when they are all of the video's frames (``--every`` / ``--fps`` keep
    fewer, and the fallback then decodes the video again, counting every frame as eval does).
    """
    poses: list[PoseFrame] = []
    flash_until = -1.0
    missed = PartialReps()
    standard = get_exercise(exercise).form
    for frame, pose in frames:
        state = counter.update(pose, frame.rgb if images else None)
        poses.append(pose)
        if writer is not None:
            events = counter.judged
            if state.event is not None:
                flash_until = frame.time_s + FLASH_S
            status = Status(
                exercise,
                state.reps,
                frame.time_s,
                state.phase,
                flash=frame.time_s <= flash_until,
                missed=missed.update(state.phase, state.event is not None),
                reading=counter.reading(state),
                partial=partial_text(events),
                last_rep=rep_feedback(events[-1], standard) if events and not counter.hold else "",
                held_s=counter.held_s,
            )
            writer.write(Annotator().annotate(frame.rgb[:, :, ::-1], pose, status))
    return poses


def kept_rate(source_fps: float | None, every: int | None, fps: float | None) -> float:
    """Frames per second left after ``--every`` / ``--fps``: the annotated video plays at this rate,
    so it lasts as long as the source."""
    rate = source_fps or 30.0
    if every:
        return rate / every
    return min(rate, fps) if fps else rate


def keeps_every_frame(info: SourceInfo) -> bool:
    """True when the source yields all its frames (no ``--every`` N > 1, no ``--fps``)."""
    return not (info.every and info.every > 1) and not info.target_fps


def _maybe_writer(path: Path | None, fps: float | None, size: tuple[int, int]) -> Any:
    return video_writer(path, fps or 30.0, size) if path is not None else contextlib.nullcontext()


REP_FIELDS = ("index", "start_s", "turn_s", "end_s", "duration", "rom", "confidence")
# After REP_FIELDS, a judged rep's form (``Rep.as_dict``): tempo, the exercise's checks by name,
# ``uneven_<check>``, then these.
FORM_TAIL = ("partial", "flags", "view")


def export_track(
    track: PoseTrack, result: CountResult, stem: str, fmt: str, folder: str | Path | None
) -> Path:
    """Write keypoints as ``<stem>.<fmt>`` with the reps: in the metadata (JSON, Parquet) and as
    ``<stem>.reps.<fmt>`` (one row per rep, in the same format) beside it."""
    out = ensure_writable_dir(folder or Path.cwd())
    path = track.save(out / f"{stem}.{fmt}", fmt)
    write_reps(result.events, out / f"{stem}.reps.{fmt}", fmt)
    return path


def write_reps(events: Iterable[Any], path: Path, fmt: str) -> Path:
    """One row per rep (``REP_FIELDS``, then its form: ``rep_columns``) as csv, json (a list of
    objects) or parquet, written atomically; CSV joins a rep's flags with "; "."""
    rows = [e.as_dict() for e in events]
    fields = rep_columns(rows)
    with atomic_path(path) as tmp:
        if fmt == "json":
            tmp.write_text(json.dumps(rows, indent=1) + "\n")
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            kinds = {
                "index": pa.int64(),
                "partial": pa.bool_(),
                "flags": pa.list_(pa.string()),
                "view": pa.string(),
            }
            table = pa.table(
                {k: pa.array([r.get(k) for r in rows], kinds.get(k, pa.float64())) for k in fields}
            )
            pq.write_table(table, tmp)
        else:
            with tmp.open("w", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=fields)
                writer.writeheader()
                writer.writerows({**r, "flags": "; ".join(r["flags"])} if "flags" in r else r for r in rows)
    return path


def rep_columns(rows: list[dict[str, Any]], lead: tuple[str, ...] = ()) -> list[str]:
    """The columns of a reps file: ``lead`` (a caller's own, such as ``person``), ``REP_FIELDS``, the
    form facts in the order the reps name them, then ``FORM_TAIL`` (none of these when no rep was
    judged)."""
    known = {*lead, *REP_FIELDS, *FORM_TAIL}
    extra = dict.fromkeys(k for r in rows for k in r if k not in known)
    tail = [k for k in FORM_TAIL if any(k in r for r in rows)]
    return [*lead, *REP_FIELDS, *extra, *tail]


def analysis_row(a: VideoAnalysis, kcal: float | None = None) -> dict[str, Any]:
    """One summary-table row (also the JSON / CSV output of `fitcli analyze`); with ``--people all``
    it names the person too."""
    row: dict[str, Any] = {"video": Path(a.video).name}
    spec = get_exercise(a.exercise)
    effort, why = spec.counted_effort(a.reps, a.result.active_s)
    if a.person is not None:
        row |= {
            "person": a.person,
            "first_s": round(a.first_s or 0.0, 2),
            "last_s": round(a.last_s or 0.0, 2),
        }
    return row | {
        "exercise": a.exercise,
        "reps": None if a.result.is_hold else a.reps,
        # a timed hold: the seconds held and the number of holds (breaks = holds - 1)
        "held_s": None if a.result.held_s is None else round(a.result.held_s, 2),
        "holds": a.reps if a.result.is_hold else None,
        "partial": sum(e.partial for e in a.result.events),
        "partial_why": partial_text(a.result.events),
        "duration_s": round(a.duration_s, 2),
        "active_s": round(a.result.active_s, 2),
        "kcal": None if kcal is None else round(kcal, 2),
        # the Compendium code the kcal come from, the effort and why (``ExerciseSpec.counted_effort``)
        "met_code": spec.met(effort).code,
        "effort": effort,
        "effort_why": why,
        "person_share": round(a.result.person_share, 3),
        "view": a.result.view,
        "confidence": None if a.result.confidence is None else round(a.result.confidence, 2),
        "speed_x": round(a.speed_x, 1),
        "warnings": "; ".join(a.result.warnings),
    }


def session_times(video: str, duration_s: float) -> tuple[dt.datetime, dt.datetime]:
    """When a recorded workout happened: it ended at the file's modification time (the best
    evidence a video file carries without container metadata) and lasted ``duration_s``."""
    end = dt.datetime.fromtimestamp(Path(video).stat().st_mtime).replace(microsecond=0)
    return end - dt.timedelta(seconds=duration_s), end

"""`fitcli analyze` as a library call: count reps in many videos, then store each as a session."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fitcli.errors import FitcliError, InputFileError, JournalBusyError, ModelNotInstalledError, UsageError
from fitcli.exercises.catalog import get_exercise
from fitcli.met import DEFAULT_WAIT_S
from fitcli.met.records import SessionRecord, person_source
from fitcli.pipelines.annotate import ensure_writable_dir
from fitcli.pipelines.batch import BatchItem, BatchOptions, BatchProgress, analyze_many, expand_inputs
from fitcli.pipelines.journaling import (
    REFERENCE_WEIGHT_KG,
    Body,
    body_of,
    estimate_kcal,
    save_or_keep,
    session_from_count,
)
from fitcli.pipelines.workout import analysis_row, session_times
from fitcli.pose import FORMATS

log = logging.getLogger(__name__)


@dataclass
class AnalyzeReport:
    items: list[BatchItem]
    rows: list[dict[str, Any]]
    body: Body
    saved: list[str] = field(default_factory=list)  # session ids
    already: list[str] = field(default_factory=list)  # videos whose session was stored before
    recovery: Path | None = None  # where the sessions went when the journal could not take them
    save_error: FitcliError | None = None  # why (a SessionKeptError naming ``recovery``)

    @property
    def failures(self) -> list[BatchItem]:
        return [i for i in self.items if not i.ok]


def check_analyze_inputs(inputs: Sequence[str], options: BatchOptions) -> tuple[list[str], BatchOptions]:
    """Everything that can be checked before any model runs: names, formats, folders, files, and
    that the pose model is pulled (worker processes must never be the first to find out).

    Returns the videos and the options with the pose model resolved: the one given, else the one
    the classifier was trained on, else the default model.
    """
    get_exercise(options.exercise)
    options = _check_people(options)
    if options.export_fmt is not None and options.export_fmt not in FORMATS:
        raise UsageError(f"unknown export format '{options.export_fmt}'", f"use one of: {', '.join(FORMATS)}")
    model = options.model
    if options.classifier is not None:
        from fitcli.classifier.infer import PoseClassifier
        from fitcli.exercises.classified import ClassifiedRepCounter

        classifier = PoseClassifier.load(options.classifier)  # a bad folder fails now
        ClassifiedRepCounter(options.exercise, classifier)  # and a class it does not know
        trained_on = classifier.meta.get("pose_models") or []
        if model is None and len(trained_on) == 1:
            model = str(trained_on[0])
    options = replace(options, model=check_model(model))
    if options.annotate_dir is not None:
        ensure_writable_dir(options.annotate_dir)
    if options.export_dir is not None:
        ensure_writable_dir(options.export_dir)
    if options.plot_dir is not None:
        if options.people == "all":
            raise UsageError("--plot draws one person's count, not --people all", "drop one of them")
        ensure_writable_dir(options.plot_dir)
    videos = expand_inputs(inputs)
    if not videos:
        raise InputFileError(
            "no videos found in " + ", ".join(inputs), "name video files or folders holding them"
        )
    for video in videos:
        if not Path(video).is_file():
            raise InputFileError(f"video not found: {video}", "check the path")
    return videos, options


def _check_people(options: BatchOptions) -> BatchOptions:
    """``--people``: 1 or all; all needs a multi-person model (the default one when none is named)
    and counts with the rules (a trained classifier and the keypoint cache follow one person); without
    ``--every`` it poses ``PEOPLE_POSE_FPS`` frames a second."""
    from fitcli.pipelines.people import PEOPLE_POSE_FPS, people_model

    if options.people == "all" and options.classifier is not None:
        raise UsageError("--classifier counts one person, not --people all", "drop one of them")
    model = people_model(options.people, options.model)
    if options.people == "1":
        return options
    fps = PEOPLE_POSE_FPS if options.every is None and options.fps is None else options.fps
    return replace(options, model=model, keypoint_cache=None, fps=fps)


def check_model(name: str | None) -> str:
    """The pose model to use (``name``, else the default), once it is known to be pulled."""
    from fitcli.models.registry import PREFERRED_DEFAULT, default_model_name, get_spec

    if name is None:
        name = default_model_name()
        if name != PREFERRED_DEFAULT:
            log.warning("%s is not pulled; using %s (run `fitcli models pull`)", PREFERRED_DEFAULT, name)
    if not get_spec(name).installed():
        raise ModelNotInstalledError(
            f"model '{name}' is not pulled yet", f"run `fitcli models pull {name}` (or use --model blazepose)"
        )
    return name


def run_analyze(
    inputs: Sequence[str],
    options: BatchOptions,
    jobs: int | None = 1,
    save: bool = True,
    journal_path: str | Path | None = None,
    user: str | None = None,
    on_progress: BatchProgress | None = None,
    wait: float = DEFAULT_WAIT_S,
    ray_address: str | None = None,
) -> AnalyzeReport:
    """Count ``options.exercise`` in every input; save one journal session per video with reps.

    With ``save``, the journal is checked before any frame is processed (an unusable path or a
    journal still busy after ``wait`` seconds fails now). The sessions are saved in one
    transaction; if that fails they are kept in a recovery file (``report.recovery``,
    ``report.save_error``) and the rows are still returned. A video already stored (same user,
    source file and start time) is not stored again, nor twice in one batch.

    With ``ray_address`` the videos are analysed on that Ray cluster (``analyze_many``); the
    journal is still written here, by this process alone.
    """
    from fitcli.met.journal import Journal

    videos, options = check_analyze_inputs(inputs, options)
    journal = Journal(journal_path, busy_timeout=wait)
    if save:
        journal.check_writable()
    try:
        body = body_of(journal, user)  # the profile's weight for kcal, saved or not
    except JournalBusyError:
        if save:
            raise
        body = Body(user or "default", REFERENCE_WEIGHT_KG, False)
    items = analyze_many(videos, options, jobs, on_progress, ray_address)
    report = AnalyzeReport(items, [], body)
    records = _rows_and_records(report, journal if save else None)
    saved = save_or_keep(journal, records)
    report.saved, report.recovery, report.save_error = saved.ids, saved.recovery, saved.error
    return report


def _rows_and_records(report: AnalyzeReport, journal: Any) -> list[SessionRecord]:
    """Fill ``report.rows``; return the sessions to store (none without ``journal``)."""
    try:
        stored = _stored_sessions(journal, report.body.user) if journal is not None else set()
    except JournalBusyError:  # the save waits again; a recovery import skips stored videos
        stored = set()
    records = []
    for a in (a for item in report.items for a in item.analyses):
        report.rows.append(analysis_row(a, estimate_kcal(a.exercise, report.body, a.result.active_s, a.reps)))
        if journal is None or a.reps == 0:  # no workout, no session
            continue
        start, end = session_times(a.video, a.duration_s)
        if a.person is not None:  # the person's own time in the video
            start, end = _person_times(start, a)
        source = person_source(str(Path(a.video).resolve()), a.person)
        if (source, start) in stored:
            report.already.append(source)
            continue
        stored.add((source, start))  # the same file named twice in one batch is stored once
        records.append(session_from_count(a.result, report.body, start, end, source, a.model))
    return records


def _person_times(video_start: Any, a: Any) -> tuple[Any, Any]:
    import datetime as dt

    first, last = a.first_s or 0.0, max(a.last_s or 0.0, a.first_s or 0.0)
    start = video_start + dt.timedelta(seconds=first)
    return start.replace(microsecond=0), (video_start + dt.timedelta(seconds=last)).replace(microsecond=0)


def _stored_sessions(journal: Any, user: str) -> set[tuple[str, Any]]:
    """(source, start) of the user's sessions already in the journal (none when there is no journal)."""
    try:
        return {(s.source, s.start) for s in journal.list_sessions(user)}
    except InputFileError:
        return set()

"""`fitcli analyze` as a library call: count reps in many videos, then store each as a session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcli.errors import InputFileError, UsageError
from fitcli.exercises.catalog import get_exercise
from fitcli.pipelines.annotate import ensure_writable_dir
from fitcli.pipelines.batch import BatchItem, BatchOptions, BatchProgress, analyze_many, expand_inputs
from fitcli.pipelines.journaling import Body, body_of, estimate_kcal, session_from_count
from fitcli.pipelines.workout import EXPORT_FORMATS, analysis_row, session_times


@dataclass
class AnalyzeReport:
    items: list[BatchItem]
    rows: list[dict[str, Any]]
    body: Body
    saved: list[str] = field(default_factory=list)  # session ids

    @property
    def failures(self) -> list[BatchItem]:
        return [i for i in self.items if not i.ok]


def check_analyze_inputs(inputs: Sequence[str], options: BatchOptions) -> list[str]:
    """Everything that can be checked before any model runs: names, formats, folders, files."""
    from fitcli.models.registry import get_spec

    get_exercise(options.exercise)
    if options.model is not None:
        get_spec(options.model)
    if options.export_fmt is not None and options.export_fmt not in EXPORT_FORMATS:
        raise UsageError(
            f"unknown export format '{options.export_fmt}'", f"use one of: {', '.join(EXPORT_FORMATS)}"
        )
    if options.classifier is not None:
        from fitcli.pipelines.workout import make_counter

        make_counter(options.exercise, options.classifier)  # a bad folder or missing class fails now
    if options.annotate_dir is not None:
        ensure_writable_dir(options.annotate_dir)
    if options.export_dir is not None:
        ensure_writable_dir(options.export_dir)
    videos = expand_inputs(inputs)
    if not videos:
        raise InputFileError(
            "no videos found in " + ", ".join(inputs), "name video files or folders holding them"
        )
    for video in videos:
        if not Path(video).is_file():
            raise InputFileError(f"video not found: {video}", "check the path")
    return videos


def run_analyze(
    inputs: Sequence[str],
    options: BatchOptions,
    jobs: int = 1,
    save: bool = True,
    journal_path: str | Path | None = None,
    user: str | None = None,
    on_progress: BatchProgress | None = None,
) -> AnalyzeReport:
    """Count ``options.exercise`` in every input; save one journal session per video with reps."""
    videos = check_analyze_inputs(inputs, options)
    from fitcli.met.journal import Journal

    journal = Journal(journal_path)
    body = body_of(journal, user)  # the profile's weight for kcal, saved or not
    items = analyze_many(videos, options, jobs, on_progress)
    report = AnalyzeReport(items, [], body)
    for item in items:
        if item.analysis is None:
            continue
        a = item.analysis
        report.rows.append(analysis_row(a, estimate_kcal(a.exercise, body, a.result.active_s)))
        if save and a.reps > 0:  # no workout, no session
            start, end = session_times(a.video, a.duration_s)
            record = session_from_count(a.result, body, start, end, str(Path(a.video).resolve()), a.model)
            report.saved.append(journal.save_session(record))
    return report

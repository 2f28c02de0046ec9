"""`fitcli live --people all` through the CLI: one line, one count and one journal session per person.

The clip is the generator's ``pair_one_leaves`` (two figures squat, 4 and 3 times; the second walks
out at 6.8-8.3 s), counted by the real MoveNet MultiPose. The session plays the clip as fast as it is
counted (``live_workout(realtime=False)``), so no frame is dropped on a busy machine.
"""

from __future__ import annotations

import functools
import re

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.pipelines.crowd import cached_scene

runner = CliRunner()


@pytest.fixture
def as_fast_as_counted(monkeypatch):
    from fitcli.pipelines import live

    monkeypatch.setattr(live, "live_workout", functools.partial(live.live_workout, realtime=False))


@pytest.mark.models
def test_live_people_all_prints_and_stores_one_session_per_person(
    tmp_path_factory, tmp_path, require_model, as_fast_as_counted
):
    require_model("movenet-multipose")
    clip = cached_scene("pair_one_leaves", tmp_path_factory.mktemp("crowd"))
    db = tmp_path / "j.duckdb"
    result = runner.invoke(
        app, ["live", "-e", "squat", "--source", str(clip), "--people", "all", "--no-window", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"squat #1: 4 reps in \d+ s active \(end of video\)", lines[0]), lines
    assert re.fullmatch(r"saved session [0-9a-f]{8} for default: \d+\.\d kcal", lines[1]), lines
    assert re.fullmatch(r"squat #2: 3 reps in \d+ s active \(end of video\)", lines[2]), lines
    assert lines[3].startswith("saved session ") and len(lines) == 4
    assert (
        "squat: #1 4 reps (4 partial), #2 3 reps (3 partial)  00:11" in result.stderr
    )  # the status line, everyone's count
    sessions = sorted(Journal(db).list_sessions(), key=lambda s: s.person)
    assert [(s.source, s.reps, s.model) for s in sessions] == [
        (f"{clip.resolve()}#person=1", 4, "movenet-multipose"),
        (f"{clip.resolve()}#person=2", 3, "movenet-multipose"),
    ]
    assert [f"saved session {s.id[:8]}" for s in sessions] == [lines[1][:22], lines[3][:22]]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--people", "all", "--model", "movenet-lightning"],
            "error: --people all needs a multi-person model; 'movenet-lightning' sees one person - "
            "use --model movenet-multipose (fitcli models pull movenet-multipose)",
        ),
        (["--people", "3"], "error: --people must be 1 or all, got '3' - use --people 1 or --people all"),
    ],
)
def test_live_people_bad_input_is_one_line_and_exit_2(tmp_path, args, line):
    clip = tmp_path / "never_opened.mp4"
    db = tmp_path / "j.duckdb"
    result = runner.invoke(
        app, ["live", "-e", "squat", "--source", str(clip), "--no-window", "--db", str(db), *args]
    )
    assert result.exit_code == 2 and result.stderr.strip() == line
    assert not db.exists()  # refused before anything was opened

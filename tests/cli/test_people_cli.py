"""`fitcli analyze --people all` through the CLI: one row and one journal session per person."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.pipelines.crowd import SCENES, Scene, cached_scene

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"


@pytest.mark.models
def test_people_all_stores_one_session_per_person_who_did_reps(tmp_path_factory, tmp_path, require_model):
    require_model("movenet-multipose")
    video = cached_scene("pair_crossing", tmp_path_factory.mktemp("crowd"))
    db = tmp_path / "journal.duckdb"
    args = ["analyze", str(video), "-e", "jumping-jack", "--people", "all", "-j", "1", "--db", str(db)]
    result = runner.invoke(app, [*args, "--format", "json", "--export", "json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["person"], r["reps"]) for r in rows] == [
        (1, 0),
        (2, len(Scene(SCENES["pair_crossing"]).reps(1))),
    ]
    (session,) = Journal(db).list_sessions("default")  # nobody's 0 reps are no workout
    assert session.source == f"{video.resolve()}#person=2" and session.person == 2
    assert session.reps == rows[1]["reps"] and session.model == "movenet-multipose"
    # the person's own time in the video: the clip ended at the file's mtime
    video_start = dt.datetime.fromtimestamp(video.stat().st_mtime).replace(microsecond=0)
    video_start -= dt.timedelta(seconds=rows[1]["duration_s"])
    assert abs((session.start - video_start).total_seconds() - rows[1]["first_s"]) <= 1
    exported = json.loads((tmp_path / "pair_crossing.people.json").read_text())
    assert [p["person"] for p in exported["people"]] == [1, 2]
    assert len(exported["people"][1]["reps"]) == rows[1]["reps"]
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "already in the journal" in again.output
    assert len(Journal(db).list_sessions("default")) == 1


@pytest.mark.models
def test_people_1_is_the_default_and_names_no_person(tmp_path, require_model):
    require_model("movenet-lightning")
    base = ["analyze", str(SAMPLES / "squat_front.mp4"), "-e", "squat", "--no-save", "--format", "json"]
    default, one = runner.invoke(app, base), runner.invoke(app, [*base, "--people", "1"])
    assert default.exit_code == one.exit_code == 0, default.output + one.output
    drop = lambda rows: [{k: v for k, v in r.items() if k != "speed_x"} for r in rows]  # noqa: E731
    assert drop(json.loads(default.stdout)) == drop(json.loads(one.stdout))
    assert "person" not in json.loads(one.stdout)[0]

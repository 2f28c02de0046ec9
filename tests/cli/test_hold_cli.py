"""Timed holds through the commands: `fitcli analyze` a rendered plank clip with the real model,
the session stored as seconds held (no reps) with one record per hold, `sessions show` and
`fitcli exercises`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.pipelines.synthetic import EXTRA_CLIPS, SyntheticClip, write_clip

runner = CliRunner()


@pytest.fixture(scope="module")
def plank_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    video = tmp_path_factory.mktemp("holds") / "plank_side.mp4"
    sidecar = write_clip(SyntheticClip(EXTRA_CLIPS["plank_side"]), video)
    return video, json.loads(Path(sidecar).read_text())


@pytest.mark.models
def test_analyze_a_plank_stores_the_seconds_held_and_each_hold(tmp_path, plank_clip, require_model):
    require_model("movenet-lightning")
    video, truth = plank_clip
    held = sum(r["end_s"] - r["start_s"] for r in truth["rep_times"])
    db = tmp_path / "journal.duckdb"
    runner.invoke(app, ["profile", "set", "--name", "kim", "--weight", "60", "--db", str(db)])
    result = runner.invoke(
        app, ["analyze", str(video), "-e", "plank", "--format", "json", "--db", str(db), "--user", "kim"]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["reps"] is None and row["holds"] == truth["reps"] == 2
    assert row["held_s"] == pytest.approx(held, abs=0.5 * row["holds"]) and row["active_s"] == row["held_s"]
    (session,) = Journal(db).list_sessions("kim")
    assert session.reps is None and session.met_code == "02024"
    assert session.minutes == pytest.approx(row["held_s"] / 60, abs=0.001)
    assert session.kcal == pytest.approx(2.8 * 3.5 * 60 / 200 * session.minutes, rel=0.01)
    shown = runner.invoke(app, ["sessions", "show", session.id[:8], "--db", str(db), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    (record,) = json.loads(shown.stdout)
    assert record["set"]["holds"] == 2 and record["set"]["breaks"] == 1
    assert record["set"]["held_s"] == pytest.approx(row["held_s"], abs=0.01)
    assert len(record["rep_records"]) == 2
    table = runner.invoke(app, ["sessions", "show", session.id[:8], "--db", str(db)])
    assert table.exit_code == 0 and "Holds" in table.output and "longest_hold_s" in table.output


@pytest.mark.models
def test_a_plank_clip_is_not_a_wall_sit(plank_clip, require_model):
    require_model("movenet-lightning")
    video, _ = plank_clip
    result = runner.invoke(app, ["analyze", str(video), "-e", "wall-sit", "--format", "json", "--no-save"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["holds"] == 0 and row["held_s"] == 0 and "never in a wall-sit posture" in row["warnings"]


def test_exercises_lists_the_holds_and_their_rule():
    result = runner.invoke(app, ["exercises", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["plank"]["kind"] == "hold" and rows["squat"]["kind"] == "repetitions"
    assert rows["plank"]["hold"] == {"grace_s": 1.0, "min_hold_s": 2.0} and "hold" not in rows["squat"]
    assert rows["wall-sit"]["views"] == ["side", "oblique"]

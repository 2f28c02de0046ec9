"""The effort a counted set is logged at: jumping jacks, which the Compendium names only under 02020
(vigorous calisthenics), are vigorous at a steady cadence and moderate when slow; every other
exercise is moderate. analyze says which code it used and why, and stores that code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.exercises.cadence import CadenceEffort
from fitcli.exercises.catalog import EXERCISES, get_exercise
from fitcli.exercises.events import CountResult
from fitcli.met.journal import Journal
from fitcli.pipelines.journaling import Body, met_of_count, session_from_count
from fitcli.rep import Rep

SAMPLES = Path(__file__).resolve().parents[2] / "sample_videos"


def _set(exercise: str, reps: int, every_s: float) -> CountResult:
    events = tuple(Rep(i + 1, i * every_s, i * every_s + 0.4, i * every_s + 0.8) for i in range(reps))
    return CountResult(exercise, events, reps * every_s, reps * 30, 1.0)


def test_the_cadence_chooses_the_effort_and_says_why():
    rule = CadenceEffort(40.0, "jacks")
    assert rule.effort(20, 30.0) == ("vigorous", "40 jacks a minute of active time, 40 or more")
    assert rule.effort(10, 30.0) == ("moderate", "20 jacks a minute of active time, under 40")
    assert rule.effort(0, 0.0)[0] == "moderate"


def test_a_steady_set_of_jacks_is_vigorous_calisthenics_and_a_slow_one_moderate():
    fast, slow = met_of_count(_set("jumping-jack", 20, 1.1)), met_of_count(_set("jumping-jack", 6, 3.0))
    assert fast[0].code == "02020" and "55 jacks a minute" in fast[1]
    assert slow[0].code == "02022" and "20 jacks a minute" in slow[1]
    start = dt.datetime(2026, 12, 1, 10, 0)
    record = session_from_count(
        _set("jumping-jack", 20, 1.1),
        Body("kim", 60.0, True),
        start,
        start + dt.timedelta(minutes=1),
        "x",
        "m",
    )
    assert record.met_code == "02020" and record.kcal == pytest.approx(
        8.0 * 3.5 * 60 / 200 * 22 / 60, rel=0.01
    )


@pytest.mark.parametrize("name", sorted(set(EXERCISES) - {"jumping-jack"}))
def test_every_other_exercise_is_logged_at_its_moderate_code_at_any_cadence(name):
    spec = get_exercise(name)
    assert spec.cadence is None
    assert met_of_count(_set(name, 30, 1.0))[0] == spec.met("moderate")


@pytest.mark.models
def test_analyze_says_which_code_the_jacks_are_logged_at_and_stores_it(tmp_path, require_model):
    require_model("movenet-lightning")
    db = tmp_path / "j.duckdb"
    clip = SAMPLES / "jumping_jack_front.mp4"
    result = CliRunner().invoke(
        app, ["analyze", str(clip), "-e", "jumping-jack", "-f", "json", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["met_code"], row["effort"]) == ("02020", "vigorous") and "jacks a minute" in row["effort_why"]
    assert "logged as 02020, vigorous (" in result.stderr.replace("\n", " ")
    (session,) = Journal(db).list_sessions()
    assert session.met_code == "02020" and session.kcal == pytest.approx(row["kcal"], abs=0.01)

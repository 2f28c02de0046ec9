"""`fitcli sessions export --format tcx`: one activity per session, a lap per set, a trackpoint per
rep, in the element order of the TCX v2 schema; from a real DuckDB journal."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.met.journal import Journal
from fitcli.met.records import Profile, make_session
from fitcli.met.tcx import NS
from fitcli.rep import Rep

runner = CliRunner()
T = f"{{{NS}}}"
# ActivityLap_t's sequence in TrainingCenterDatabasev2.xsd (the optional elements fitcli writes)
LAP_ORDER = ["TotalTimeSeconds", "DistanceMeters", "Calories", "Intensity", "TriggerMethod", "Track", "Notes"]


def two_sets() -> tuple[Rep, ...]:
    reps, t = [], 0.0
    for n in (12, 9):
        for _ in range(n):
            reps.append(Rep(len(reps) + 1, t, t + 1.0, t + 2.0))
            t += 2.5
        t += 60.0
    return tuple(reps)


@pytest.fixture
def journal(tmp_path) -> Journal:
    j = Journal(tmp_path / "journal.duckdb")
    j.set_profile(Profile("ana", weight_kg=60.0))
    start = dt.datetime(2026, 11, 16, 7, 0)
    reps = two_sets()
    end = start + dt.timedelta(seconds=reps[-1].end_s + 1)
    j.save_session(make_session("ana", "squat", start, end, 60.0, reps=21, rep_records=reps))
    walk = dt.datetime(2026, 11, 17, 18, 0)
    j.save_session(make_session("ana", "walking", walk, walk + dt.timedelta(minutes=30), 60.0))
    return j


def export(journal: Journal, *args: str) -> ET.Element:
    result = runner.invoke(app, ["sessions", "export", "-o", "-", "--db", str(journal.path), *args])
    assert result.exit_code == 0, result.output
    return ET.fromstring(result.stdout)


def test_each_session_is_an_activity_with_a_lap_per_set_and_a_trackpoint_per_rep(journal):
    root = export(journal)
    assert root.tag == f"{T}TrainingCenterDatabase"
    squat, walk = root.findall(f"{T}Activities/{T}Activity")
    assert squat.get("Sport") == "Other"
    assert dt.datetime.fromisoformat(squat.findtext(f"{T}Id")) == dt.datetime(2026, 11, 16, 7).astimezone()
    laps = squat.findall(f"{T}Lap")
    assert [len(lap.findall(f"{T}Track/{T}Trackpoint")) for lap in laps] == [12, 9]
    assert [lap.findtext(f"{T}Notes") for lap in laps] == ["squat: 12 reps", "squat: 9 reps"]
    for lap in laps:
        assert [child.tag.removeprefix(T) for child in lap] == LAP_ORDER
    second = dt.datetime.fromisoformat(laps[1].get("StartTime"))
    assert second == (dt.datetime(2026, 11, 16, 7) + dt.timedelta(seconds=12 * 2.5 + 60)).astimezone()
    last = laps[1].findall(f"{T}Track/{T}Trackpoint")[-1].findtext(f"{T}Time")
    assert dt.datetime.fromisoformat(last) == (dt.datetime(2026, 11, 16, 7) + dt.timedelta(seconds=
        two_sets()[-1].end_s)).astimezone()  # fmt: skip
    session = Journal(journal.path).list_sessions("ana")[0]
    assert abs(sum(int(lap.findtext(f"{T}Calories")) for lap in laps) - session.kcal) <= 1
    assert "21 reps in 2 set(s)" in squat.findtext(f"{T}Notes")
    (lap,) = walk.findall(f"{T}Lap")
    assert float(lap.findtext(f"{T}TotalTimeSeconds")) == 1800.0 and lap.find(f"{T}Track") is None
    assert lap.findtext(f"{T}Notes") == "walking"


def test_export_filters_and_writes_a_file(journal, tmp_path):
    root = export(journal, "--exercise", "walking")
    assert len(root.findall(f"{T}Activities/{T}Activity")) == 1
    target = tmp_path / "out" / "week.tcx"
    args = ["sessions", "export", "-o", str(target), "--from", "2026-11-16", "--to", "2026-11-16"]
    result = runner.invoke(app, [*args, "--db", str(journal.path)])
    assert result.exit_code == 0 and "wrote 1 session(s)" in result.stderr
    assert len(ET.parse(target).getroot().findall(f"{T}Activities/{T}Activity")) == 1


@pytest.mark.parametrize(
    "args, says",
    [(["-f", "gpx"], "unknown format 'gpx'"), (["--from", "2026-13-01"], "cannot read date '2026-13-01'")],
)
def test_bad_values_are_one_line(journal, tmp_path, args, says):
    result = runner.invoke(
        app, ["sessions", "export", "-o", str(tmp_path / "x.tcx"), *args, "--db", str(journal.path)]
    )
    assert result.exit_code == 2 and says in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["sessions", "export", "-o", str(tmp_path), "--db", str(journal.path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr

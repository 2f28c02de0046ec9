"""Per-rep form through the commands: a real clip's judged reps stored in a real journal and shown by
`fitcli sessions show` (a table for people, the set summary and every rep's facts in JSON)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.exercises.clip_counter import ClipCounter
from fitcli.exercises.keypoint_cache import load_track
from fitcli.met.journal import Journal
from fitcli.met.records import make_session
from fitcli.pose import PoseFrame

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "keypoints" / "real"
runner = CliRunner()


def _counted(clip: str, exercise: str):
    track = load_track(REAL / f"{clip}.movenet-lightning.npz")
    counter = ClipCounter(exercise)
    for i in range(len(track)):
        counter.update(PoseFrame(int(track.frames[i]), float(track.times[i]), track.keypoints[i], (640, 480)))
    return counter.finish(None)


def test_sessions_show_gives_each_reps_form_and_the_set_summary(tmp_path):
    result = _counted("incline_pushup_side_joelo", "push-up")
    start = dt.datetime(2026, 11, 20, 7, 0)
    db = tmp_path / "journal.duckdb"
    session = make_session(
        "ana", "push-up", start, start + dt.timedelta(seconds=40), 60.0, reps=result.reps,
        rep_records=result.events,
    )  # fmt: skip
    sid = Journal(db).save_session(session)
    shown = runner.invoke(app, ["sessions", "show", sid[:8], "-f", "json", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    (data,) = json.loads(shown.stdout)
    reps, summary = data["rep_records"], data["set"]
    assert len(reps) == result.reps == summary["reps"]
    partial = [r["index"] for r in reps if r["partial"]]
    assert partial == [e.index for e in result.events if e.partial] and summary["partial"] == len(partial)
    assert all({"out_s", "back_s", "depth", "lockout", "hips_line", "flags"} <= set(r) for r in reps)
    assert summary["slowest_rep"]["tut_s"] >= summary["fastest_rep"]["tut_s"]
    assert summary["range_drop_pct"] is not None  # 12 reps: fatigue is judged
    table = runner.invoke(app, ["sessions", "show", sid[:8], "--db", str(db)], terminal_width=120)
    assert table.exit_code == 0 and "Set" in table.stderr and "partial_why" in table.stderr
    if partial:
        assert "shallow" in table.stderr

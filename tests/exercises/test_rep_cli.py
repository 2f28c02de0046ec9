"""`fitcli exercises` and `fitcli eval reps` through the real CLI app (keypoints from the fixtures)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app

REPO = Path(__file__).resolve().parents[2]
SAMPLE_CACHE = REPO / "tests" / "fixtures" / "keypoints" / "sample"
runner = CliRunner()


def test_exercises_lists_every_exercise_as_json():
    result = runner.invoke(app, ["exercises", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert {"clap", "squat", "push-up", "jumping-jack", "lunge", "bicep-curl", "sit-up", "pull-up"} <= set(
        rows
    )
    assert rows["clap"]["met_code"] == "13040" and "wrists" in rows["clap"]["keypoints"]
    depth = next(c for c in rows["squat"]["form"] if c["check"] == "depth")
    assert depth["flag"] == "shallow" and depth["partial"] and depth["unit"] == "thigh"
    lockout = next(c for c in rows["push-up"]["form"] if c["check"] == "lockout")
    assert lockout["views"] == ["side", "oblique"] and rows["clap"]["form"] == []


def test_exercises_table_and_bad_format():
    table = runner.invoke(app, ["exercises"])
    words = " ".join(table.stderr.replace("│", " ").split())
    assert table.exit_code == 0 and "lockout >= 160 deg" in words and "tempo only" in words
    bad = runner.invoke(app, ["exercises", "--format", "xml"])
    assert bad.exit_code == 2
    assert "unknown format 'xml'" in bad.output and "Traceback" not in bad.output


def _manifest(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "manifest.csv"
    path.write_text("file,exercise,reps\n" + rows)
    return path


def test_eval_reps_on_the_sample_manifest_from_cached_keypoints(tmp_path):
    # the videos need not exist when their keypoints are cached; copy the cache so nothing is written to it
    cache = tmp_path / "cache"
    shutil.copytree(SAMPLE_CACHE, cache)
    manifest = REPO / "sample_videos" / "manifest.csv"
    args = ["eval", "reps", str(manifest), "--model", "movenet-lightning", "--keypoints-cache", str(cache)]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mae"] == 0.0 and report["obo"] == 1.0
    assert [v["predicted"] for v in report["videos"]] == [v["true"] for v in report["videos"]]
    csv_out = runner.invoke(app, [*args, "--format", "csv"])
    assert csv_out.stdout.splitlines()[0] == "file,exercise,true,predicted,error,person_share,confidence"
    assert runner.invoke(app, args).exit_code == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a.mp4,burpee,3\n", "unknown exercise 'burpee'"),
        ("a.mp4,squat,three\n", "not a whole number"),
        ("", "no videos"),
    ],
)
def test_eval_reps_bad_manifest_is_one_line(tmp_path, rows, message):
    result = runner.invoke(app, ["eval", "reps", str(_manifest(tmp_path, rows))])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_eval_reps_missing_manifest_and_column(tmp_path):
    missing = runner.invoke(app, ["eval", "reps", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 2 and "manifest not found" in missing.output
    path = tmp_path / "m.csv"
    path.write_text("file,reps\na.mp4,3\n")
    result = runner.invoke(app, ["eval", "reps", str(path)])
    assert result.exit_code == 2 and "missing column(s) exercise" in result.output


def test_eval_reps_missing_video_is_a_clear_error(tmp_path):
    result = runner.invoke(
        app,
        ["eval", "reps", str(_manifest(tmp_path, "gone.mp4,squat,3\n")), "--keypoints-cache", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "video not found" in result.output and "gone.mp4" in result.output

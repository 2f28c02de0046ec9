"""Training: split by clip, metrics, the classifier folder, reproducibility; the commands' bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fitcli.classifier import store
from fitcli.classifier.dataset import COLUMNS, append_rows
from fitcli.classifier.infer import PoseClassifier
from fitcli.cli.main import app
from fitcli.errors import DataError, InputFileError, UsageError


def test_trained_folder_holds_everything_and_scores_held_out_clips(trained) -> None:  # type: ignore[no-untyped-def]
    files = {p.name for p in trained.model_dir.iterdir()}
    assert {
        "meta.json",
        "features.json",
        "metrics.json",
        "classifier.onnx",
        "model.keras",
        "confusion.png",
    } <= files
    meta = json.loads((trained.model_dir / "meta.json").read_text())
    assert meta["format"] == store.FORMAT and meta["version"] == store.VERSION
    assert meta["labels"] == ["sitting", "squat", "standing"]
    assert not set(meta["train_sources"]) & set(meta["val_sources"])  # whole clips held out
    metrics = json.loads((trained.model_dir / "metrics.json").read_text())
    assert metrics["rows"] == trained.val_rows == sum(sum(r) for r in metrics["confusion"])
    assert set(metrics["per_class"]) == {"sitting", "squat", "standing"}
    assert sorted(metrics["per_source"]) == meta["val_sources"]
    assert sum(v["rows"] for v in metrics["per_source"].values()) == metrics["rows"]
    # True keypoints of clips never seen in training, 15 epochs: the poses are easy to tell apart.
    assert metrics["accuracy"] >= 0.95, metrics


def test_same_seed_gives_the_same_metrics_and_probabilities(
    tmp_path: Path, trained, make_rows, train_small
) -> None:  # type: ignore[no-untyped-def]
    again = train_small(tmp_path / "again")
    assert again.metrics == trained.metrics and again.split == trained.split
    kp = make_rows("squat", "front", 9).keypoints
    a = PoseClassifier.load(trained.model_dir).predict(kp)
    b = PoseClassifier.load(again.model_dir).predict(kp)
    np.testing.assert_array_equal(a, b)


def test_a_folder_of_other_files_is_never_replaced(tmp_path: Path, train_small) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="holds other files"):
        train_small(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def _copy(trained, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path / "clf"
    shutil.copytree(trained.model_dir, folder)
    return folder


def _edit_meta(folder: Path, **changes: object) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    meta.update(changes)
    (folder / "meta.json").write_text(json.dumps(meta))


def test_classifier_folders_that_will_not_load(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputFileError, match="not a classifier folder"):
        PoseClassifier.load(tmp_path)
    folder = _copy(trained, tmp_path)
    _edit_meta(folder, version=99)
    with pytest.raises(DataError, match="version 99, this fitcli reads version 1"):
        PoseClassifier.load(folder)
    _edit_meta(folder, version=store.VERSION, format="something-else")
    with pytest.raises(DataError, match="not a fitcli pose classifier"):
        PoseClassifier.load(folder)
    _edit_meta(folder, format=store.FORMAT)
    spec = json.loads((folder / "features.json").read_text())
    spec["keypoint_names"][0] = "head"
    (folder / "features.json").write_text(json.dumps(spec))
    with pytest.raises(DataError, match="keypoint names do not match"):
        PoseClassifier.load(folder)


# ---------------------------------------------------------------- commands


def _dataset_with(tmp_path: Path, text: str) -> str:
    path = tmp_path / "d.csv"
    path.write_text(text)
    return str(path)


HEADER = ",".join(COLUMNS)
ROW = ",a.mp4,0.0,0,m," + ",".join(["1"] * 51)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "the dataset is empty"),
        (HEADER + "\n", "header but no rows"),
        (
            HEADER + "\n" + "standing" + ROW + "\n" + "standing" + ROW.replace("a.mp4", "b.mp4"),
            "at least 2 labels",
        ),
        (HEADER.replace(",source", "") + "\nstanding" + ROW.replace(",a.mp4", ""), "missing columns source"),
        (HEADER.replace("left_eye", "eye_l") + "\nstanding" + ROW, "do not match the 17 COCO keypoints"),
        (HEADER + "\nstanding" + ROW + "\nsitting" + ROW, "cannot hold out whole clips"),
    ],
    ids=["empty", "no-rows", "one-class", "missing-column", "keypoint-names", "one-source"],
)
def test_train_command_bad_datasets(tmp_path: Path, text: str, needle: str) -> None:
    result = CliRunner().invoke(app, ["train", _dataset_with(tmp_path, text), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) <= 3  # one error line (rich may wrap it)
    assert not (tmp_path / "m").exists()


def test_train_command_unknown_label_and_missing_file(tmp_path: Path, dataset_csv: Path) -> None:
    result = CliRunner().invoke(
        app, ["train", str(dataset_csv), "--label", "lying", "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 2 and "no rows labelled 'lying'" in result.output
    result = CliRunner().invoke(app, ["train", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2 and "dataset not found" in result.output


def test_train_command_prints_metrics_and_writes_the_folder(tmp_path: Path, dataset_csv: Path) -> None:
    out = tmp_path / "m"
    args = ["train", str(dataset_csv), "--out", str(out), "--epochs", "5", "--seed", "1"]
    args += ["--val-source", "stand_front_3", "--val-source", "sit_front_5", "--val-source", "squat_side_8"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "held-out accuracy" in result.output and "confusion matrix" in result.output
    assert "held-out sources" in result.output and "sit_front_5.mp4" in result.output
    meta = json.loads((out / "meta.json").read_text())
    assert meta["val_sources"] == ["sit_front_5.mp4", "squat_side_8.mp4", "stand_front_3.mp4"]
    assert meta["settings"]["epochs"] == 5
    assert "several pose models" not in result.output  # every row is from the generator ("truth")


def test_classify_command_bad_classifier_folders(trained, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _copy(trained, tmp_path)
    _edit_meta(folder, version=0)
    for clf, needle in ((tmp_path / "none", "not a classifier folder"), (folder, "format version 0")):
        result = CliRunner().invoke(app, ["classify", "clip.mp4", "--classifier", str(clf)])
        assert result.exit_code == 2, result.output
        assert needle in result.output and "Traceback" not in result.output


def test_dataset_stats_command(dataset_csv: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["dataset", "stats", str(dataset_csv), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["per_label"].keys() == {"sitting", "squat", "standing"} and len(data["per_source"]) == 9
    table = CliRunner().invoke(app, ["dataset", "stats", str(dataset_csv)])
    assert table.exit_code == 0 and "sit_front_5.mp4" in table.output
    bad = CliRunner().invoke(app, ["dataset", "stats", _dataset_with(tmp_path, "")])
    assert bad.exit_code == 2 and "empty" in bad.output


@pytest.mark.models
def test_classify_command_on_a_generated_clip(trained, tmp_path: Path, require_model) -> None:  # type: ignore[no-untyped-def]
    from fitcli.pipelines.synthetic import ClipSpec, SyntheticClip, write_clip

    require_model("movenet-lightning")
    video = tmp_path / "stand.mp4"
    write_clip(SyntheticClip(ClipSpec("stand", "front", reps=1, seed=40, rest_s=0.5)), video)
    args = ["classify", str(video), "--classifier", str(trained.model_dir), "--model", "movenet-lightning"]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.stdout)
    assert data["labels"] == ["sitting", "squat", "standing"]
    labels = [f["label"] for f in data["frames"]]
    assert labels.count("standing") >= 0.8 * len(labels)  # trained on true keypoints, run on MoveNet's
    assert data["segments"][0]["start_s"] == 0.0
    rows = CliRunner().invoke(app, [*args, "--format", "csv"]).stdout.splitlines()
    assert rows[0].startswith("source,frame,time_s,label,probability,p_sitting")
    assert len(rows) == len(labels) + 1


def test_append_rows_keeps_the_dataset_readable_by_train(tmp_path: Path, make_rows) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.csv"
    for clip in (("stand", "front", 1), ("sit", "side", 4)):
        append_rows(path, make_rows(*clip))
    result = CliRunner().invoke(app, ["train", str(path), "--out", str(tmp_path / "m"), "--epochs", "1"])
    assert result.exit_code == 2 and "cannot hold out whole clips" in result.output

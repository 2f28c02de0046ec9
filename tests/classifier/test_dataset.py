"""Dataset files: round trip, safe appends, clear errors for bad files; the split by source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fitcli.classifier.dataset import COLUMNS, Dataset, append_rows, read_dataset, read_datasets
from fitcli.classifier.split import check_labels, score, select_labels, split_by_source
from fitcli.classifier.stats import dataset_stats
from fitcli.errors import DataError, InputFileError, UnknownNameError


def rows(n: int, label: str = "standing", source: str = "a.mp4") -> Dataset:
    kp = np.random.default_rng(n).uniform(0, 100, (n, 17, 3)).astype(np.float32)
    kp[:, :, 2] = 0.9
    obj = np.array([label] * n, dtype=object)
    return Dataset(kp, obj, np.array([source] * n, dtype=object), np.arange(n) * 0.4, np.arange(n), obj)


def test_append_creates_then_extends_the_file_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    append_rows(path, rows(3))
    append_rows(path, rows(2, "sitting", "b.mp4"))
    ds = read_dataset(path)
    assert len(ds) == 5 and ds.label_names == ["sitting", "standing"]
    assert ds.source_names == ["a.mp4", "b.mp4"]
    np.testing.assert_allclose(ds.keypoints[:3], rows(3).keypoints, atol=1e-4)
    assert path.read_text().splitlines()[0] == ",".join(COLUMNS)
    assert [p.name for p in tmp_path.iterdir()] == ["d.csv"]  # no temporary files left


def test_a_failed_append_leaves_the_old_file_exactly_as_it_was(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.csv"
    append_rows(path, rows(3))
    before = path.read_bytes()

    def boom(self, *a, **k):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(Dataset, "to_dataframe", boom)
    with pytest.raises(KeyboardInterrupt):
        append_rows(path, rows(2))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.csv"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


HEADER = ",".join(COLUMNS)
GOOD_ROW = "standing,a.mp4,0.0,0,m," + ",".join(["1"] * 51)


@pytest.mark.parametrize(
    ("text", "error", "needle"),
    [
        ("", DataError, "empty"),
        (HEADER + "\n", DataError, "no rows"),
        (HEADER.replace("label,", "") + "\n" + GOOD_ROW.split(",", 1)[1], DataError, "missing columns label"),
        (HEADER.replace("nose_", "head_") + "\n" + GOOD_ROW, DataError, "do not match the 17 COCO"),
        (HEADER + "\n" + GOOD_ROW.replace(",1,", ",x,", 1), DataError, "not a number"),
        (HEADER + "\n" + GOOD_ROW.replace("standing", "", 1), DataError, "no label"),
    ],
    ids=["empty", "header-only", "missing-column", "other-keypoint-names", "not-a-number", "no-label"],
)
def test_bad_dataset_files_raise_one_clear_error(tmp_path: Path, text: str, error: type, needle: str) -> None:
    with pytest.raises(error, match=needle):
        read_dataset(_write(tmp_path / "d.csv", text))


def test_missing_dataset_and_no_datasets() -> None:
    with pytest.raises(InputFileError, match="not found"):
        read_dataset("/nonexistent/d.csv")
    with pytest.raises(DataError, match="no dataset"):
        read_datasets([])


def test_appending_to_a_file_of_another_layout_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match="missing columns"):
        append_rows(path, rows(1))
    assert path.read_text() == "a,b\n1,2\n"


def test_one_label_is_not_enough() -> None:
    with pytest.raises(DataError, match="at least 2 labels, found only 'standing'"):
        check_labels(rows(4), "d.csv")


def test_unknown_label_names_are_listed() -> None:
    ds = Dataset.concat([rows(3), rows(3, "sitting", "b.mp4")])
    with pytest.raises(UnknownNameError, match="'lying'.*standing"):
        select_labels(ds, ("lying",), "d.csv")
    assert len(select_labels(ds, ("sitting",), "d.csv")) == 3


def _many_sources() -> Dataset:
    parts = [rows(5 + i, lab, f"{lab}{i}.mp4") for lab in ("sitting", "standing") for i in range(4)]
    return Dataset.concat(parts)


def test_split_holds_out_whole_sources_of_every_label_reproducibly() -> None:
    ds = _many_sources()
    split = split_by_source(ds, 0.25, seed=1)
    assert not set(split.train_sources) & set(split.val_sources)
    assert sorted(split.train_sources + split.val_sources) == ds.source_names
    assert {s.removesuffix(".mp4")[:-1] for s in split.val_sources} == {"sitting", "standing"}
    assert split_by_source(ds, 0.25, seed=1) == split
    train, val = split.masks(ds)
    assert not (train & val).any() and (train | val).all()


def test_split_needs_two_sources_to_hold_one_out() -> None:
    ds = Dataset.concat([rows(3), rows(3, "sitting", "b.mp4")])
    with pytest.raises(DataError, match="cannot hold out whole clips"):
        split_by_source(ds, 0.25, seed=0)
    with pytest.raises(DataError, match="between 0 and 1"):
        split_by_source(_many_sources(), 1.5, seed=0)


def test_chosen_held_out_sources_must_leave_every_label_in_training() -> None:
    ds = Dataset.concat(
        [rows(3, "sitting", "s1.mp4"), rows(3, "standing", "t1.mp4"), rows(3, "standing", "t2.mp4")]
    )
    assert split_by_source(ds, 0.25, 0, val_sources=("t2",)).val_sources == ("t2.mp4",)
    with pytest.raises(DataError, match="sitting only occurs in held-out"):
        split_by_source(ds, 0.25, 0, val_sources=("s1",))
    with pytest.raises(UnknownNameError, match="no source matches"):
        split_by_source(ds, 0.25, 0, val_sources=("zzz",))


def test_score_counts_precision_recall_and_the_confusion_matrix() -> None:
    m = score(np.array([0, 0, 1, 1, 1]), np.array([0, 1, 1, 1, 0]), ["a", "b"])
    assert m["accuracy"] == pytest.approx(0.6)
    assert m["confusion"] == [[1, 1], [1, 2]]
    assert m["per_class"]["b"] == {
        "precision": pytest.approx(2 / 3),
        "recall": pytest.approx(2 / 3),
        "support": 3,
    }


def test_stats_count_rows_and_flag_a_mislabelled_stretch(make_rows) -> None:  # type: ignore[no-untyped-def]
    # Front views only: the k-NN compares 2-D poses, so each view needs company of its own label.
    parts = [
        make_rows(*c)
        for c in (("stand", "front", 1), ("stand", "front", 2), ("sit", "front", 4), ("sit", "front", 5))
    ]
    wrong = make_rows("stand", "front", 3)
    wrong.labels[:] = "sitting"  # a whole standing clip collected with --label sitting
    ds = Dataset.concat([*parts, wrong])
    stats = dataset_stats(ds, k=5)
    assert stats.rows == len(ds) and sum(stats.per_label.values()) == len(ds)
    assert stats.per_source["stand_front_3.mp4"] == {"sitting": len(wrong)}
    flagged = {o.source for o in stats.outliers}
    assert "stand_front_3.mp4" in flagged
    share = sum(o.source == "stand_front_3.mp4" for o in stats.outliers) / len(wrong)
    assert share > 0.9
    assert all(o.likely == "standing" for o in stats.outliers if o.source == "stand_front_3.mp4")
    clean = dataset_stats(Dataset.concat(parts), k=5)
    assert len(clean.outliers) < 0.02 * clean.rows


def test_a_label_from_one_source_only_is_not_checked() -> None:
    ds = Dataset.concat(
        [rows(4, "sitting", "s.mp4"), rows(4, "standing", "t1.mp4"), rows(4, "standing", "t2.mp4")]
    )
    stats = dataset_stats(ds, k=3)
    assert stats.unchecked_labels == ["sitting"]
    assert all(o.label != "sitting" for o in stats.outliers)

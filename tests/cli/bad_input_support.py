"""Machinery of the bad-input matrix: a library of broken files, cases, and one runner.

Used by ``tests/cli/test_bad_input_*.py`` (one test per case) and by
``benchmarks/bad_input_matrix.py`` (prints ``cases N, tracebacks T, wrong exit codes W``).

A case is one command line. ``{lib}`` in it is the shared folder of broken files (read only),
``{t}`` a fresh folder of the case. The token that the error message must name starts with
``!``: ``"met search x --limit !-1"`` means the message must contain ``-1``; ``!!text`` names
a message part that is not an argument (``!!read-only``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_videos"
VIDEO = SAMPLES / "squat_front.mp4"
COMPENDIUM_2011 = REPO.parent / "shared" / "data" / "met" / "compendium_2011.csv"


@dataclass(frozen=True)
class Case:
    """One bad command line, the exit code it must give and what its message must name."""

    argv: tuple[str, ...]
    code: int
    names: tuple[str, ...]
    copy: tuple[str, ...] = ()  # lib entries copied into {t} first (journals that may change)
    unwritable: tuple[str, ...] = ()  # paths (after formatting) made unwritable before the run
    env: tuple[tuple[str, str], ...] = ()
    kind: str = ""
    requires: str = ""  # a module the case needs (an optional extra): skipped without it, outside CI

    @property
    def id(self) -> str:
        return " ".join(self.argv).replace("{lib}/", "").replace("{t}/", "")[:90]


def C(code: int, line: str, *, kind: str, copy: tuple[str, ...] = (), unwritable: tuple[str, ...] = (),
      env: dict[str, str] | None = None, names: tuple[str, ...] = (), requires: str = "") -> Case:  # fmt: skip
    """A case from a shell-like line; ``!`` marks the tokens the message must name."""
    argv, named = [], list(names)
    for token in shlex.split(line):
        if token.startswith("!!"):
            named.append(token[2:])
            continue
        if token.startswith("!"):
            token = token[1:]
            value = token.split("=", 1)[-1]
            named.append(repr(value) if not value.strip() else value)  # a blank value shows as ''

        argv.append(token)
    return Case(tuple(argv), code, tuple(named), copy, unwritable, tuple((env or {}).items()), kind, requires)


@dataclass
class Outcome:
    code: int | None
    output: str
    traceback: bool
    named: bool
    skipped: str | None = None
    extra: list[str] = field(default_factory=list)


# -- the library of broken files ---------------------------------------------------------------------


def _dataset_csv(path: Path, rows: int = 12) -> None:
    from fitcli.classifier.dataset import Dataset, append_rows

    rng = np.random.default_rng(0)
    kps = rng.uniform(0, 1, (rows, 17, 3)).astype(np.float32)
    labels = np.array(["standing" if i % 2 else "sitting" for i in range(rows)], dtype=object)
    sources = np.array([f"clip{i % 3}.mp4" for i in range(rows)], dtype=object)
    append_rows(
        path, Dataset(kps, labels, sources, np.arange(rows) * 0.4, np.arange(rows), np.array(["m"] * rows))
    )


def _good_journal(path: Path) -> None:
    from fitcli.met.activity import log_activity
    from fitcli.met.compendium import load_compendium
    from fitcli.met.journal import Journal
    from fitcli.met.profile import update_profile

    journal = Journal(path)
    if COMPENDIUM_2011.is_file():
        load_compendium(journal, [COMPENDIUM_2011], None)
    update_profile(journal, "ana", weight_kg=60, height_cm=165, age=25, sex="female", make_default=True)
    if COMPENDIUM_2011.is_file():
        record = log_activity(journal, "walking", 30, day=dt.date(2026, 11, 16))
        (path.parent / "session_id").write_text(record.id[:8])


def _damage(good: Path, lib: Path) -> None:
    data = good.read_bytes()
    (lib / "journal_truncated.duckdb").write_bytes(data[: len(data) // 3])
    corrupt = bytearray(data)
    for start in range(8192, len(corrupt), 4096 * 7):  # garbage across header, catalog and data blocks
        corrupt[start : start + 2048] = os.urandom(2048)
    (lib / "journal_corrupt.duckdb").write_bytes(bytes(corrupt))
    (lib / "journal_garbage.duckdb").write_bytes(os.urandom(300_000))


def _texts(lib: Path) -> None:
    files = {
        "empty.csv": "",
        "empty.mp4": "",
        "empty.json": "",
        "empty.parquet": "",
        "empty.xlsx": "",
        "empty.psv": "",
        "notes.txt": "just some notes\n",
        "afile": "a plain file\n",
        "text.xlsx": "code,major_heading,met,description\n02020,bicycling,4.0,bicycling\n",
        "text.mp4": "not a video at all\n",
        "text.parquet": "kind,id\nsession,1\n",
        "text.onnx": "not onnx",
        "text.tgz": "not a tarball\n",
        "garbage.json": "{not json",
        "manifest_header.csv": "video,name,count\nsquat_front.mp4,squat,5\n",
        "manifest_ragged.csv": "file,exercise,reps\nsquat_front.mp4,squat\n",
        "manifest_reorder_ragged.csv": "reps,exercise,file\n5,squat\n",
        "manifest_negative.csv": "file,exercise,reps\nsquat_front.mp4,squat,-3\n",
        "manifest_nan.csv": "file,exercise,reps\nsquat_front.mp4,squat,nan\n",
        "manifest_unknown.csv": "file,exercise,reps\nsquat_front.mp4,squatz,5\n",
        "manifest_headonly.csv": "file,exercise,reps\n",
        "manifest_missing_video.csv": "file,exercise,reps\ngone.mp4,squat,5\n",
        "comp_header.csv": "a,b,c\n1,2,3\n",
        "comp_ragged.csv": "code,major_heading,met,description\n02020,bicycling\n02030,bicycling,5,x,y,z\n",
        "comp_badrows.csv": "code,major_heading,met,description\nabc,x,nan,\n02020,x,-4,d\n02030,x,inf,d\n",
        "comp_2011_headonly.csv": "code,major_heading,met,description\n",
        "comp_good.csv": "code,major_heading,met,description\n02020,bicycling,4.0,bicycling leisure\n",
        "seg_header.csv": "a,b\n1,2\n",
        "seg_ragged.csv": "video,start,end,label\nclip.mp4,1\n",
        "seg_nan.csv": f"video,start,end,label\n{VIDEO},nan,5,sitting\n",
        "seg_backwards.csv": f"video,start,end,label\n{VIDEO},5,1,sitting\n",
        "seg_emptylabel.csv": f"video,start,end,label\n{VIDEO},1,2,\n",
        "seg_headonly.csv": "video,start,end,label\n",
        "ds_header.csv": "a,b,c\n1,2,3\n",
        "export_header.csv": "x,y\n1,2\n",
        "export_badrows.csv": "kind,id,user,day,start,end,exercise\nsession,1,ana,2026-02-30,x,y,z\n",
        "export_unknown_kind.csv": "kind\nwhat\n",
        "export_bad_version.json": '{"format": "fitcli.journal-export", "version": 99, "records": []}',
        "export_bad_record.json": '{"format": "fitcli.journal-export", "version": 1, "records": [7]}',
        "export_bad_weight.json": '{"format": "fitcli.journal-export", "version": 1, "records": '
        '[{"kind": "weight", "user_name": "ana", "at": "2026-01-01T00:00:00", "weight_kg": -3}]}',
        "export_truncated.json": '{"format": "fitcli.journal-export", "version": 1, "records": [{"ki',
    }
    for name, text in files.items():
        (lib / name).write_text(text, encoding="utf-8")
    (lib / "latin1.csv").write_bytes("file,exercise,reps\nsquat_\xe9.mp4,squat,5\n".encode("latin-1"))
    (lib / "comp_2011_latin1.csv").write_bytes(
        "code,major_heading,met,description\n02020,v\xe9lo,4,v\xe9lo\n".encode("latin-1")
    )
    (lib / "comp_2011.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(500))  # a truncated zip
    (lib / "garbage.bin").write_bytes(os.urandom(4096))
    (lib / "utf16.csv").write_text("file,exercise,reps\nsquat_front.mp4,squat,5\n", encoding="utf-16")
    (lib / "truncated.mp4").write_bytes(VIDEO.read_bytes()[:3000])
    (lib / "truncated.tgz").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(200))
    (lib / "folder").mkdir()
    empty_manifest_dir = lib / "videos"
    empty_manifest_dir.mkdir()
    (empty_manifest_dir / "manifest.csv").write_text("file,exercise,reps\n", encoding="utf-8")


def _datasets(lib: Path) -> None:
    good = lib / "ds_good.csv"
    _dataset_csv(good)
    lines = good.read_text(encoding="utf-8").splitlines()
    (lib / "ds_ragged.csv").write_text(
        "\n".join([*lines[:3], lines[3][: len(lines[3]) // 2], *lines[4:]]) + "\n"
    )
    (lib / "ds_headonly.csv").write_text(lines[0] + "\n")
    cells = next(csv.reader([lines[1]]))
    cells[5] = "abc"
    (lib / "ds_text_value.csv").write_text(lines[0] + "\n" + ",".join(cells) + "\n")
    cells[5] = "nan"
    (lib / "ds_nan.csv").write_text(lines[0] + "\n" + ",".join(cells) + "\n" + "\n".join(lines[2:]) + "\n")
    (lib / "ds_latin1.csv").write_bytes((lines[0] + "\n").encode() + b"\xe9\xff\xfe,1,2\n")


def _classifiers(lib: Path) -> None:
    empty = lib / "clf_empty"
    empty.mkdir()
    bad_onnx = lib / "clf_bad_onnx"
    bad_onnx.mkdir()
    meta = {"labels": ["sitting", "standing"], "pose_models": ["movenet-lightning"]}
    import json

    (bad_onnx / "meta.json").write_text(json.dumps(meta))
    (bad_onnx / "features.json").write_text("{}")
    (bad_onnx / "classifier.onnx").write_bytes(os.urandom(256))
    bad_json = lib / "clf_bad_json"
    bad_json.mkdir()
    (bad_json / "meta.json").write_text('{"labels": [')
    (bad_json / "classifier.onnx").write_bytes(b"")
    no_labels = lib / "clf_no_labels"
    no_labels.mkdir()
    (no_labels / "meta.json").write_text("[1, 2]")


def _lsp(lib: Path) -> None:
    for name, data in (
        ("lsp_truncated", None),
        ("lsp_garbage", os.urandom(1000)),
        ("lsp_empty_mat", b""),
        ("lsp_text_mat", b"MATLAB 5.0 MAT-file but not really"),
    ):
        folder = lib / name
        (folder / "images").mkdir(parents=True)
        if data is None:
            data = _real_joints_mat()[:400]
        (folder / "joints.mat").write_bytes(data)
    (lib / "lsp_nojoints" / "images").mkdir(parents=True)
    import scipy.io

    wrong = lib / "lsp_wrong_shape"
    (wrong / "images").mkdir(parents=True)
    scipy.io.savemat(str(wrong / "joints.mat"), {"joints": np.zeros((2, 5))})
    small = lib / "lsp_small"  # 4 images of 64 x 64 px, no predictions saved
    (small / "images").mkdir(parents=True)
    scipy.io.savemat(str(small / "joints.mat"), {"joints": np.full((3, 14, 4), 10.0)})
    import cv2

    for i in range(1, 5):
        cv2.imwrite(str(small / "images" / f"im{i:04d}.jpg"), np.full((64, 64, 3), 40 * i, np.uint8))
    noimg = lib / "lsp_no_images"
    (noimg / "images").mkdir(parents=True)
    scipy.io.savemat(str(noimg / "joints.mat"), {"joints": np.zeros((3, 14, 4))})


def _real_joints_mat() -> bytes:
    import io

    import scipy.io

    buf = io.BytesIO()
    scipy.io.savemat(buf, {"joints": np.random.default_rng(0).uniform(0, 100, (3, 14, 50))})
    return buf.getvalue()


def _exports(lib: Path) -> None:
    from fitcli.met.journal import Journal
    from fitcli.met.journal_io import export_journal

    export_journal(Journal(lib / "journal.duckdb"), lib / "export.parquet", "parquet")
    export_journal(Journal(lib / "journal.duckdb"), lib / "export.csv", "csv")
    data = (lib / "export.parquet").read_bytes()
    (lib / "export_truncated.parquet").write_bytes(data[: len(data) // 2])
    text = (lib / "export.csv").read_text(encoding="utf-8").splitlines()
    (lib / "export_ragged.csv").write_text("\n".join([text[0], text[1][:20]]) + "\n")
    (lib / "export_latin1.csv").write_bytes((text[0] + "\n").encode() + b"session,\xe9\xe9\n")
    (lib / "recovery_garbage.json").write_text('{"sessions": [{"id": 1}')


def build_lib(lib: Path) -> Path:
    """Make every broken (and a few good) input files in ``lib``; return ``lib``."""
    lib.mkdir(parents=True, exist_ok=True)
    _texts(lib)
    _good_journal(lib / "journal.duckdb")
    (lib / "journal_no_compendium.duckdb").unlink(missing_ok=True)
    from fitcli.met.journal import Journal
    from fitcli.met.profile import update_profile

    update_profile(Journal(lib / "journal_no_compendium.duckdb"), "bo", weight_kg=70)
    _damage(lib / "journal.duckdb", lib)
    _datasets(lib)
    _classifiers(lib)
    _lsp(lib)
    _exports(lib)
    shutil.copy(SAMPLES / "manifest.csv", lib / "manifest.csv")
    for video in SAMPLES.glob("*.mp4"):
        (lib / video.name).symlink_to(video)
    return lib


# -- unwritable paths ----------------------------------------------------------------------------------


def can_make_unwritable() -> str | None:
    """None when the tests can make a path unwritable here, else why not."""
    if os.geteuid() != 0:
        return None
    if shutil.which("chattr") is None:
        return "running as root and chattr is not installed: chmod does not stop root"
    return None


@contextlib.contextmanager
def unwritable(paths: list[Path]) -> Iterator[str | None]:
    """Make ``paths`` unwritable (chmod, or ``chattr +i`` as root); yield a skip reason or None."""
    done: list[Path] = []
    reason = can_make_unwritable()
    try:
        if reason is None:
            for path in paths:
                if os.geteuid() != 0:
                    path.chmod(0o555 if path.is_dir() else 0o444)
                else:
                    proc = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
                    if proc.returncode != 0:
                        reason = f"running as root and chattr +i failed here: {proc.stderr.strip()}"
                        break
                done.append(path)
        yield reason
    finally:
        for path in done:
            if os.geteuid() != 0:
                path.chmod(0o755 if path.is_dir() else 0o644)
            else:
                subprocess.run(["chattr", "-i", str(path)], capture_output=True)


# -- the runner --------------------------------------------------------------------------------------


HOLD = "FITCLI_TEST_HOLD"  # env of a case: hold this journal's lock, as another fitcli process would


@contextlib.contextmanager
def _holding(journal: Path | None) -> Iterator[None]:
    if journal is None:
        yield
        return
    import fcntl

    fd = os.open(journal.parent / f".{journal.name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fill(text: str, lib: Path, t: Path) -> str:
    """``{lib}``, ``{t}`` and ``{sid}`` (a session id of the good journal) filled in."""
    if "{sid}" in text:
        sid = lib / "session_id"
        text = text.replace("{sid}", sid.read_text() if sid.is_file() else "0")
    return text.replace("{lib}", str(lib)).replace("{t}", str(t))


def run_case(case: Case, lib: Path, t: Path, invoke: Callable[..., object] | None = None) -> Outcome:
    """Run ``case`` in process with Typer's CliRunner; ``t`` is an empty folder of its own."""
    import importlib.util

    from typer.testing import CliRunner

    from fitcli.cli.main import app

    if case.requires and importlib.util.find_spec(case.requires) is None and not os.environ.get("CI"):
        return Outcome(None, "", False, True, skipped=f"{case.requires} is not installed (an optional extra)")
    for name in case.copy:
        src = lib / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, t / name)
    argv = [_fill(a, lib, t) for a in case.argv]
    env = {"FITCLI_DB": str(t / "journal.duckdb"), "FITCLI_WAIT": "0.5", "COLUMNS": "200"}
    env.update({k: _fill(v, lib, t) for k, v in case.env})
    held = env.pop(HOLD, None)
    with (
        unwritable([Path(_fill(p, lib, t)) for p in case.unwritable]) as reason,
        _holding(Path(held) if held else None),
    ):
        if reason is not None:
            return Outcome(None, "", False, True, skipped=reason)
        result = CliRunner().invoke(app, argv, env=env, catch_exceptions=True)
    output = result.stdout + result.stderr
    exc = result.exception
    traceback = "Traceback" in output or (exc is not None and not isinstance(exc, SystemExit))
    named = all(_fill(n, lib, t) in output for n in case.names)
    extra = [] if exc is None or isinstance(exc, SystemExit) else [f"{type(exc).__name__}: {exc}"]
    return Outcome(result.exit_code, output, traceback, named, extra=extra)

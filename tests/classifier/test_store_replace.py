"""`fitcli train --out EXISTING`: the old classifier is set aside, the new one renamed in, the old one
deleted; a run killed at any moment leaves a working classifier and no debris after the next run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fitcli.classifier import store


def _fake_classifier(folder: Path, tag: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / store.META_FILE).write_text(json.dumps({"tag": tag}))


def _tag(folder: Path) -> str:
    return json.loads((folder / store.META_FILE).read_text())["tag"]


def test_replacing_keeps_the_old_classifier_until_the_new_one_is_in(tmp_path, monkeypatch):
    """Interrupted at the rename of the new folder: the old classifier is still there (the old
    code had deleted it already)."""
    out = tmp_path / "clf"
    _fake_classifier(out, "old")
    real_rename = Path.rename
    calls = []

    def rename(self: Path, target):  # type: ignore[no-untyped-def]
        calls.append((self.name, Path(target).name))
        if Path(target) == out and self.name.startswith(".clf.") and not self.name.endswith(store.OLD_MARK):
            raise KeyboardInterrupt  # killed between "old out of the way" and "new in"
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt), store.new_model_dir(out) as tmp:
        _fake_classifier(tmp, "new")
    assert _tag(out) == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["clf"]


def test_a_successful_replace_leaves_only_the_new_classifier(tmp_path):
    out = tmp_path / "clf"
    _fake_classifier(out, "old")
    with store.new_model_dir(out) as tmp:
        _fake_classifier(tmp, "new")
    assert _tag(out) == "new" and [p.name for p in tmp_path.iterdir()] == ["clf"]


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_classifier_set_aside_by_a_killed_run_is_put_back(tmp_path):
    out = tmp_path / "clf"
    aside = tmp_path / f".clf.fitcli-{_dead_pid()}-{store.OLD_MARK}"
    _fake_classifier(aside, "old")
    assert store.clean_stranded(out) == [aside]
    assert _tag(out) == "old" and not aside.exists()


def test_train_killed_mid_run_leaves_a_folder_the_next_run_removes(tmp_path, kill_mid_write):
    out = tmp_path / "clf"
    _fake_classifier(out, "old")
    kill_mid_write(f"""
        from fitcli.classifier import store
        with store.new_model_dir({str(out)!r}) as tmp:
            (tmp / "classifier.onnx").write_bytes(b"half")
    """)
    stranded = [p for p in tmp_path.iterdir() if p.name != "clf"]
    assert len(stranded) == 1 and stranded[0].name.startswith(".clf.fitcli-")
    with store.new_model_dir(out) as tmp:
        _fake_classifier(tmp, "new")
    assert _tag(out) == "new" and [p.name for p in tmp_path.iterdir()] == ["clf"]


def test_temporary_folders_of_live_processes_are_kept(tmp_path):
    out = tmp_path / "clf"
    mine = tmp_path / f".clf.fitcli-{os.getpid()}-abc"
    mine.mkdir()
    with store.new_model_dir(out) as tmp:
        _fake_classifier(tmp, "new")
    assert mine.is_dir()


def _killed_while_writing(target: Path, kill_mid_write) -> None:
    """A process writing ``target`` through ``atomic_path`` (as collect does), SIGKILLed mid-write."""
    kill_mid_write(f"""
        from fitcli.atomic import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            tmp.write_text("half a file")
    """)
    assert len(list(target.parent.glob(f".{target.name}.fitcli-*"))) == 1


def test_collect_appending_after_a_killed_run_leaves_no_temporary_file(tmp_path, make_rows, kill_mid_write):  # type: ignore[no-untyped-def]
    from fitcli.classifier.dataset import append_rows, read_dataset

    path = tmp_path / "poses.csv"
    append_rows(path, make_rows("stand", "front", 1))
    before = len(read_dataset(path))
    _killed_while_writing(path, kill_mid_write)  # what a killed `fitcli collect` leaves
    append_rows(path, make_rows("sit", "side", 4))
    assert [p.name for p in tmp_path.iterdir()] == ["poses.csv"]
    assert len(read_dataset(path)) > before

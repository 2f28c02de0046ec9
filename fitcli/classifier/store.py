"""The classifier folder: what ``fitcli train`` writes and ``PoseClassifier.load`` reads.

``meta.json`` (format tag, version, label map, pose model, split, settings), ``features.json``
(the feature spec), ``metrics.json``, ``classifier.onnx`` (inference without TensorFlow),
``model.keras`` (the trained network) and ``confusion.png``.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fitcli.atomic import stale_temps, temp_prefix
from fitcli.classifier.features import check_feature_spec
from fitcli.errors import DataError, InputFileError, UsageError

FORMAT = "fitcli.pose-classifier"
VERSION = 1
META_FILE = "meta.json"
FEATURES_FILE = "features.json"
METRICS_FILE = "metrics.json"
ONNX_FILE = "classifier.onnx"
KERAS_FILE = "model.keras"
CONFUSION_PNG = "confusion.png"
OLD_MARK = "old"  # suffix of a previous classifier folder set aside while the new one moves in


def read_meta(model_dir: str | Path) -> dict[str, Any]:
    """The folder's metadata, checked: format, version, labels, feature spec, ONNX file."""
    folder = Path(model_dir)
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise InputFileError(
            f"{folder}: not a classifier folder (no {META_FILE})", "make one with fitcli train --out"
        )
    try:
        meta = json.loads(meta_path.read_text())
        spec = json.loads((folder / FEATURES_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise DataError(f"{folder}: unreadable classifier files ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DataError(f"{folder}: {META_FILE} is not a fitcli pose classifier")
    if meta.get("version") != VERSION:
        raise DataError(
            f"{folder}: classifier format version {meta.get('version')}, this fitcli reads version {VERSION}",
            "train it again with this fitcli",
        )
    labels = meta.get("labels")
    if not isinstance(labels, list) or len(labels) < 2 or not all(isinstance(x, str) for x in labels):
        raise DataError(f"{folder}: {META_FILE} has no valid label list")
    check_feature_spec(spec, str(folder))
    if not (folder / ONNX_FILE).is_file():
        raise InputFileError(f"{folder}: {ONNX_FILE} is missing", "train the classifier again")
    meta["feature_spec"] = spec
    meta["path"] = str(folder)
    return meta


def check_target(target: str | Path) -> None:
    """Refuse a file, or a folder of other files, as the place for a classifier."""
    target = Path(target)
    if target.exists():
        if not target.is_dir():
            raise UsageError(f"{target} is a file, not a folder", "give a folder for the classifier")
        if any(target.iterdir()) and not (target / META_FILE).is_file():
            raise UsageError(f"{target} holds other files", "give a new or empty folder for the classifier")


@contextlib.contextmanager
def new_model_dir(target: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; on success it replaces ``target``.

    ``target`` may be absent, empty or an older classifier folder; anything else is refused so a
    typo cannot wipe a folder of other files. The replacement never leaves ``target`` broken: the
    old folder is renamed aside, the new one renamed in, then the old one deleted. Folders left
    by a killed run are cleaned up first (an old classifier set aside is put back).
    """
    target = Path(target)
    clean_stranded(target)
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(target), dir=target.parent))
    try:
        yield tmp
        _swap_in(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    aside = target.parent / f"{temp_prefix(target)}{OLD_MARK}"
    target.rename(aside)
    try:
        new.rename(target)
    except BaseException:
        aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def clean_stranded(target: str | Path) -> list[Path]:
    """Remove the temporary folders of killed runs beside ``target``; return them.

    A classifier set aside by a run killed between its two renames is renamed back into place
    when ``target`` is missing, so the previous classifier survives.
    """
    target = Path(target)
    stale = stale_temps(target)
    for path in stale:
        if not target.exists() and path.name.endswith(OLD_MARK) and (path / META_FILE).is_file():
            path.rename(target)
        elif path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale

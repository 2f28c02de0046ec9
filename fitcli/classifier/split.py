"""Hold out whole source videos, never single rows, and score predictions (pure numpy)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from fitcli.classifier.dataset import Dataset
from fitcli.errors import DataError, UnknownNameError


@dataclass(frozen=True)
class Split:
    train_sources: tuple[str, ...]
    val_sources: tuple[str, ...]

    def masks(self, ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
        src = np.array([str(s) for s in ds.sources])
        return np.isin(src, self.train_sources), np.isin(src, self.val_sources)


def check_labels(ds: Dataset, where: str) -> None:
    """A classifier needs two labels or more."""
    names = ds.label_names
    if len(names) < 2:
        found = f"only '{names[0]}'" if names else "none"
        raise DataError(
            f"{where}: a classifier needs at least 2 labels, found {found}",
            "collect rows of another pose with fitcli collect --label NAME",
        )


def select_labels(ds: Dataset, labels: tuple[str, ...], where: str) -> Dataset:
    """Only the rows of ``labels`` (all rows when empty); an unknown label name is an error."""
    if not labels:
        return ds
    unknown = [lab for lab in labels if lab not in ds.label_names]
    if unknown:
        raise UnknownNameError(
            f"{where}: no rows labelled {', '.join(repr(u) for u in unknown)}",
            f"the labels are: {', '.join(ds.label_names)}",
        )
    return ds.subset(np.isin(np.array([str(x) for x in ds.labels]), labels))


def split_by_source(
    ds: Dataset, val_split: float, seed: int, val_sources: tuple[str, ...] = (), where: str = "dataset"
) -> Split:
    """Pick whole sources to hold out, about ``val_split`` of the sources of each label.

    Sources are grouped by their most common label and each group is shuffled with ``seed``; a
    group of two or more sources gives at least one and keeps at least one. ``val_sources``
    (substrings of source names) picks the held-out sources instead.
    """
    if not 0 < val_split < 1:
        raise DataError(f"--val-split must be between 0 and 1, got {val_split}")
    sources = ds.source_names
    if val_sources:
        held = tuple(s for s in sources if any(v in s for v in val_sources))
        if not held:
            raise UnknownNameError(f"no source matches {', '.join(val_sources)}", "see fitcli dataset stats")
    else:
        held = _stratified(ds, val_split, seed)
    train = tuple(s for s in sources if s not in held)
    if not held or not train:
        raise DataError(
            f"{where}: cannot hold out whole clips: {len(sources)} source(s) and every label has one",
            "collect at least two clips (sources) of some label, so one can be held out",
        )
    split = Split(train, held)
    train_mask, _ = split.masks(ds)
    missing = sorted(set(ds.label_names) - {str(x) for x in ds.labels[train_mask]})
    if missing:
        raise DataError(
            f"{where}: label {', '.join(missing)} only occurs in held-out sources",
            "collect it from another clip or choose other --val-source",
        )
    return split


def _stratified(ds: Dataset, val_split: float, seed: int) -> tuple[str, ...]:
    by_source: dict[str, Counter[str]] = {}
    for s, lab in zip(ds.sources, ds.labels, strict=True):
        by_source.setdefault(str(s), Counter())[str(lab)] += 1
    groups: dict[str, list[str]] = {}
    for s in sorted(by_source):
        groups.setdefault(by_source[s].most_common(1)[0][0], []).append(s)
    rng = np.random.default_rng(seed)
    held: list[str] = []
    for label in sorted(groups):
        members = groups[label]
        if len(members) < 2:
            continue
        n = min(max(1, round(val_split * len(members))), len(members) - 1)
        held += [members[i] for i in sorted(rng.permutation(len(members))[:n])]
    return tuple(sorted(held))


def score(y_true: np.ndarray, y_pred: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """Accuracy, per-class precision, recall and support, and the confusion matrix (rows = truth)."""
    k = len(labels)
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (np.asarray(y_true, int), np.asarray(y_pred, int)), 1)
    per_class = {}
    for i, name in enumerate(labels):
        predicted, actual = confusion[:, i].sum(), confusion[i].sum()
        per_class[name] = {
            "precision": float(confusion[i, i] / predicted) if predicted else 0.0,
            "recall": float(confusion[i, i] / actual) if actual else 0.0,
            "support": int(actual),
        }
    total = confusion.sum()
    return {
        "accuracy": float(np.trace(confusion) / total) if total else 0.0,
        "rows": int(total),
        "per_class": per_class,
        "confusion": confusion.tolist(),
        "labels": list(labels),
    }


def per_source_accuracy(
    sources: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray
) -> dict[str, dict[str, float]]:
    """Rows and accuracy of each source: where the errors are."""
    names = np.array([str(s) for s in sources])
    out = {}
    for name in sorted(set(names.tolist())):
        m = names == name
        out[name] = {"rows": int(m.sum()), "accuracy": float((y_true[m] == y_pred[m]).mean())}
    return out

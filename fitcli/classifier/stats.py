"""What a dataset holds, and which rows look mislabelled.

The outlier finder follows MediaPipe's pose-classification notebook (``find_pose_sample_outliers``):
classify every row by its nearest neighbours and flag it when they mostly carry another label. Here
the neighbours come from *other* sources only: rows of one clip are near each other whatever their
label, so a whole stretch labelled wrongly would otherwise vouch for itself. A label that only one
source has cannot be checked that way and is listed as unchecked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from fitcli.classifier.dataset import Dataset
from fitcli.classifier.features import features

DEFAULT_NEIGHBOURS = 10  # MediaPipe's notebook votes with the top 10 by mean distance
_CHUNK = 512  # rows per block of the distance matrix (bounded memory)


@dataclass(frozen=True)
class Outlier:
    row: int  # 0-based data row (line row + 2 in the CSV)
    source: str
    time_s: float
    label: str
    neighbours: dict[str, int]  # label -> count among the k nearest neighbours

    @property
    def likely(self) -> str:
        return max(self.neighbours.items(), key=lambda kv: kv[1])[0]


@dataclass
class DatasetStats:
    rows: int
    per_label: dict[str, int]
    per_source: dict[str, dict[str, int]]
    models: dict[str, int]
    outliers: list[Outlier] = field(default_factory=list)
    unchecked_labels: list[str] = field(default_factory=list)
    neighbours: int = DEFAULT_NEIGHBOURS


def dataset_stats(ds: Dataset, k: int = DEFAULT_NEIGHBOURS, agree: float = 0.5) -> DatasetStats:
    """Counts per label and source, and rows with fewer than ``agree`` x ``k`` neighbours of their label."""
    per_source: dict[str, dict[str, int]] = {}
    for src, lab in zip(ds.sources, ds.labels, strict=True):
        per_source.setdefault(str(src), Counter())[str(lab)] += 1  # type: ignore[index]
    stats = DatasetStats(
        rows=len(ds),
        per_label=dict(sorted(Counter(str(x) for x in ds.labels).items())),
        per_source={s: dict(sorted(c.items())) for s, c in sorted(per_source.items())},
        models=dict(Counter(str(m) for m in ds.models)),
        neighbours=k,
    )
    sources_of = {lab: {s for s, c in per_source.items() if lab in c} for lab in stats.per_label}
    stats.unchecked_labels = [lab for lab, s in sources_of.items() if len(s) < 2]
    stats.outliers = find_outliers(ds, k, agree, skip=set(stats.unchecked_labels))
    return stats


def find_outliers(ds: Dataset, k: int, agree: float, skip: set[str] | None = None) -> list[Outlier]:
    """Rows whose ``k`` nearest neighbours from other sources mostly carry another label."""
    if len(ds) < 2 or k < 1:
        return []
    x = features(ds.keypoints).astype(np.float64)
    sources = np.array([str(s) for s in ds.sources])
    labels = np.array([str(lab) for lab in ds.labels])
    sq = (x * x).sum(1)
    out = []
    for lo in range(0, len(x), _CHUNK):
        block = slice(lo, min(lo + _CHUNK, len(x)))
        d = sq[block, None] + sq[None, :] - 2 * x[block] @ x.T
        d[sources[block, None] == sources[None, :]] = np.inf  # other sources only
        nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
        for i, idx in zip(range(block.start, block.stop), nearest, strict=True):
            if labels[i] in (skip or set()):
                continue
            idx = idx[np.isfinite(d[i - lo, idx])]
            if len(idx) == 0:
                continue
            votes = Counter(labels[idx].tolist())
            if votes.get(labels[i], 0) < agree * len(idx):
                out.append(
                    Outlier(i, str(sources[i]), float(ds.times[i]), str(labels[i]), dict(votes.most_common()))
                )
    return out

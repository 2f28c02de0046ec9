"""The study's benchmark: run a pose model on the Leeds Sports Pose dataset and score it (PCK@0.2).

The LSP distribution (Johnson & Everingham 2010) is a folder with ``images/im0001.jpg`` ... and
``joints.mat``, whose ``joints`` array holds (x, y, flag) for 14 joints per image, in 1-based
MATLAB pixel coordinates. ``scipy.io.loadmat`` gives it as 3 x 14 x N (the original files) or
N x 14 x 3 (some re-saved copies); both are read. The full set has 2,000 images: train 1-1000,
test 1001-2000. The 1,000-image folder in ``shared/data`` holds images 1-1000 only.

Models predict 17 COCO keypoints; ``coco17_to_lsp14`` maps them to the 14 LSP joints (neck and
head top are derived, see ``neck_and_head_top``). Predictions are saved per image (keyed by the image
file's content digest), so scoring again, or with another head-top rule, needs no inference.
Scoring itself is in ``fitcli.models.pck``.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fitcli.errors import DataError, InputFileError, UsageError
from fitcli.models.pck import NUM_LSP_JOINTS, PckResult, score
from fitcli.paths import cache_dir

log = logging.getLogger(__name__)

SPLITS: tuple[str, ...] = ("test", "train", "all")
TRAIN_IMAGES = (1, 1000)  # the standard LSP split (Johnson & Everingham 2010)
TEST_IMAGES = (1001, 2000)

ProgressFn = Callable[[int, int], None]  # (images done, images to do)


# --- dataset ------------------------------------------------------------------------------------


def read_joints(path: Path) -> np.ndarray:
    """``joints.mat`` -> float64 (N, 14, 3): x, y in 0-based pixels, and the file's flag column."""
    import scipy.io
    from scipy.io.matlab import MatReadError

    try:
        mat = scipy.io.loadmat(str(path))
    except (OSError, ValueError, MatReadError, IndexError, EOFError, NotImplementedError) as exc:
        # a truncated or garbled .mat: scipy raises MatReadError, or IndexError deep in its header parser
        raise DataError(f"cannot read {path}: {exc}", "it must be the joints.mat of the LSP dataset") from exc
    if "joints" not in mat:
        raise DataError(f"{path} has no 'joints' array", "it must be the joints.mat of the LSP dataset")
    raw = np.asarray(mat["joints"], dtype=np.float64)
    if raw.ndim == 3 and raw.shape[:2] == (3, NUM_LSP_JOINTS):
        joints = raw.transpose(2, 1, 0)  # 3 x 14 x N (original LSP)
    elif raw.ndim == 3 and raw.shape[1:] == (NUM_LSP_JOINTS, 3):
        joints = raw  # N x 14 x 3
    else:
        raise DataError(f"{path}: 'joints' has shape {raw.shape}, expected 3 x 14 x N or N x 14 x 3")
    joints = joints.copy()
    joints[:, :, :2] -= 1.0  # MATLAB pixel 1 is our pixel 0
    return joints


@dataclass(frozen=True)
class LspDataset:
    """An LSP folder: ``joints`` (N, 14, 3) for images 1..N, and where their files are."""

    root: Path
    joints: np.ndarray

    @property
    def size(self) -> int:
        return int(self.joints.shape[0])

    def image_path(self, number: int) -> Path:
        """The file of image ``number`` (1-based, as in the file names)."""
        return self.root / "images" / f"im{number:04d}.jpg"


def open_dataset(root: str | Path) -> LspDataset:
    """Read an LSP folder's ``joints.mat``; raise ``InputFileError`` naming what is missing."""
    root = Path(root)
    if not root.is_dir():
        raise InputFileError(
            f"dataset folder not found: {root}", "give the folder holding images/ and joints.mat"
        )
    mat = root / "joints.mat"
    if not mat.is_file():
        raise InputFileError(f"no joints.mat in {root}", "give the LSP folder holding images/ and joints.mat")
    if not (root / "images").is_dir():
        raise InputFileError(
            f"no images/ folder in {root}", "give the LSP folder holding images/ and joints.mat"
        )
    return LspDataset(root, read_joints(mat))


def default_split(n_images: int) -> str:
    """``test`` (1001-2000) for the full 2,000-image set, ``all`` for anything smaller."""
    return "test" if n_images >= TEST_IMAGES[1] else "all"


def select_images(n_images: int, split: str | None = None, limit: int | None = None) -> list[int]:
    """The 1-based image numbers to score: a split name or a range ``A-B``, then the first ``limit``."""
    split = split or default_split(n_images)
    if split == "test":
        if n_images < TEST_IMAGES[1]:
            raise UsageError(
                f"split 'test' is images {TEST_IMAGES[0]}-{TEST_IMAGES[1]} of the 2,000-image LSP, "
                f"but this dataset has {n_images} images",
                "use --split all (or a range such as 501-1000)",
            )
        first, last = TEST_IMAGES
    elif split == "train":
        first, last = TRAIN_IMAGES[0], min(TRAIN_IMAGES[1], n_images)
    elif split == "all":
        first, last = 1, n_images
    else:
        first, last = _parse_range(split, n_images)
    numbers = list(range(first, last + 1))
    if limit is not None:
        if limit < 1:
            raise UsageError(f"--limit must be at least 1, got {limit}")
        numbers = numbers[:limit]
    return numbers


def _parse_range(text: str, n_images: int) -> tuple[int, int]:
    parts = text.split("-")
    try:
        first, last = (int(p) for p in parts)
    except ValueError:
        raise UsageError(
            f"unknown split '{text}'", f"choose one of: {', '.join(SPLITS)}, or a range such as 501-1000"
        ) from None
    if not 1 <= first <= last <= n_images:
        raise UsageError(f"image range {text} is outside 1-{n_images}", "give a range A-B with 1 <= A <= B")
    return first, last


def check_images(dataset: LspDataset, numbers: Sequence[int]) -> list[Path]:
    """The image files for ``numbers``; raise ``InputFileError`` if any is missing."""
    paths = [dataset.image_path(n) for n in numbers]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise InputFileError(
            f"{len(missing)} of {len(paths)} images are missing, first {missing[0]}",
            "check the dataset folder or choose other images with --split",
        )
    return paths


# --- 17 COCO keypoints -> 14 LSP joints --------------------------------------------------------

# LSP joints 0-11 taken directly from COCO-17 (fitcli.pose.KEYPOINT_NAMES order).
COCO_FOR_LSP: tuple[int, ...] = (16, 14, 12, 11, 13, 15, 10, 8, 6, 5, 7, 9)
_FACE, _EARS, _SHOULDERS = (0, 1, 2, 3, 4), (3, 4), (5, 6)

# How the two joints COCO lacks (LSP neck, head top) are placed; see ``neck_and_head_top``.
HEAD_RULES: tuple[str, ...] = ("ears", "design")
DEFAULT_HEAD_RULE = "ears"
# "ears": both joints lie on the line from the shoulder midpoint S through the ears midpoint E,
# at S + k (E - S). k chosen by grid search (steps of 0.05) on LSP images 1-500 only, with the
# predictions of movenet-lightning and posenet; both models' best values were 0.25-0.30 (neck)
# and 1.55-1.60 (head top). Images 501-1000 were kept out of the choice (see the report of issue 2).
EARS_NECK_K = 0.3
EARS_TOP_K = 1.6
# "design": the DESIGN.md baseline: neck = S; head top = S + 2 (mean of the 5 face points - S).
DESIGN_TOP_K = 2.0


def neck_and_head_top(kp: np.ndarray, rule: str = DEFAULT_HEAD_RULE) -> tuple[np.ndarray, np.ndarray]:
    """LSP neck and head top, each (N, 2), from COCO keypoints (N, 17, 3) by a fixed geometric rule.

    No per-image fitting: each point is the shoulder midpoint S plus a fixed multiple of the vector
    from S to a head point (the ears midpoint for ``ears``, the mean of the 5 face points for
    ``design``), so the rule follows the head whatever the body's rotation or scale.
    """
    xy = np.asarray(kp, dtype=np.float64)[:, :, :2]
    shoulders = xy[:, list(_SHOULDERS)].mean(axis=1)
    if rule == "ears":
        up = xy[:, list(_EARS)].mean(axis=1) - shoulders
        return shoulders + EARS_NECK_K * up, shoulders + EARS_TOP_K * up
    if rule == "design":
        up = xy[:, list(_FACE)].mean(axis=1) - shoulders
        return shoulders, shoulders + DESIGN_TOP_K * up
    raise UsageError(f"unknown head-top rule '{rule}'", f"choose one of: {', '.join(HEAD_RULES)}")


def person_missing(kp: np.ndarray) -> np.ndarray:
    """(N,) True where the model found no person: every score 0 or every coordinate NaN."""
    k = np.asarray(kp, dtype=np.float64)
    no_score = np.all(np.nan_to_num(k[:, :, 2]) <= 0, axis=1)
    no_xy = np.all(np.isnan(k[:, :, :2]), axis=(1, 2))
    return np.asarray(no_score | no_xy)


def coco17_to_lsp14(kp: np.ndarray, rule: str = DEFAULT_HEAD_RULE) -> np.ndarray:
    """COCO-17 predictions (N, 17, 3) -> LSP-14 (N, 14, 2); images with no person become NaN.

    Joints 0-11 are the matching COCO points; neck (12) and head top (13) come from
    ``neck_and_head_top(kp, rule)``.
    """
    k = np.asarray(kp, dtype=np.float64)
    if k.ndim != 3 or k.shape[1:] != (17, 3):
        raise DataError(f"predictions must have shape (N, 17, 3), got {k.shape}")
    out = np.empty((k.shape[0], NUM_LSP_JOINTS, 2))
    out[:, :12] = k[:, list(COCO_FOR_LSP), :2]
    out[:, 12], out[:, 13] = neck_and_head_top(k, rule)
    out[person_missing(k)] = np.nan
    return out


# --- saved predictions ------------------------------------------------------------------------


def default_predictions_path(root: Path, model: str) -> Path:
    """``<home>/cache/lsp/<model>-<hash of the dataset folder>.npz``."""
    digest = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:12]
    return cache_dir() / "lsp" / f"{model}-{digest}.npz"


def file_digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()


def load_predictions(path: Path, model: str) -> dict[str, np.ndarray]:
    """Saved predictions of ``model``: image content digest -> (17, 3). Empty if none or another model's."""
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["model"]) != model:
                raise DataError(f"{path} holds predictions of '{data['model']}', not '{model}'")
            return dict(zip((str(d) for d in data["digests"]), data["keypoints"], strict=True))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:  # EOFError: an empty file
        raise DataError(
            f"cannot read saved predictions {path}: {exc or type(exc).__name__}",
            "delete the file to run again",
        ) from exc


def save_predictions(path: Path, model: str, saved: dict[str, np.ndarray]) -> None:
    from fitcli.atomic import atomic_path

    digests = sorted(saved)
    keypoints = np.stack([saved[d] for d in digests]).astype(np.float32)
    with atomic_path(path, suffix=".npz") as tmp, tmp.open("wb") as fh:
        np.savez_compressed(fh, model=np.array(model), digests=np.array(digests), keypoints=keypoints)


# --- running a model --------------------------------------------------------------------------


def load_rgb(path: Path) -> np.ndarray:
    """An image file as H x W x 3 uint8 RGB."""
    import cv2

    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise InputFileError(f"cannot read image {path}", "check that it is a readable JPEG")
    return np.ascontiguousarray(bgr[:, :, ::-1])


def predict(
    paths: Sequence[Path],
    digests: Sequence[str],
    model: str,
    saved: dict[str, np.ndarray],
    progress: ProgressFn | None = None,
) -> tuple[np.ndarray, int]:
    """Keypoints (N, 17, 3) for ``paths``, from ``saved`` where present, else by running ``model``.

    New predictions are added to ``saved``. Returns the keypoints and how many images were run.
    """
    todo = [i for i, d in enumerate(digests) if d not in saved]
    if todo:
        from fitcli.models.registry import load_backend

        backend = load_backend(model)
        for done, i in enumerate(todo, start=1):
            saved[digests[i]] = np.asarray(backend(load_rgb(paths[i])), dtype=np.float32)
            if progress:
                progress(done, len(todo))
    return np.stack([saved[d] for d in digests]), len(todo)


# --- the benchmark ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LspReport:
    """One model's score on a set of LSP images, and where its predictions are saved."""

    model: str
    dataset: Path
    split: str
    numbers: tuple[int, ...]  # 1-based image numbers scored
    no_person: int  # images where the model found nobody (wrong for every joint)
    head_rule: str
    pck: PckResult
    predictions_file: Path
    inferred: int  # images run through the model now (the rest came from saved predictions)

    @property
    def images_label(self) -> str:
        first, last = self.numbers[0], self.numbers[-1]
        contiguous = last - first + 1 == len(self.numbers)
        span = f"im{first:04d}-im{last:04d}" if contiguous else f"{len(self.numbers)} images"
        return f"{span} ({len(self.numbers)} images, split {self.split})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "dataset": str(self.dataset),
            "split": self.split,
            "images": {"first": self.numbers[0], "last": self.numbers[-1], "count": len(self.numbers)},
            "no_person": self.no_person,
            "head_rule": self.head_rule,
            **self.pck.as_dict(),
            "predictions_file": str(self.predictions_file),
            "inferred": self.inferred,
        }


def evaluate_lsp(
    root: str | Path,
    model: str | None = None,
    split: str | None = None,
    limit: int | None = None,
    predictions_file: Path | None = None,
    rescore: bool = False,
    head_rule: str = DEFAULT_HEAD_RULE,
    progress: ProgressFn | None = None,
) -> LspReport:
    """Run (or reuse the saved predictions of) ``model`` on LSP images and score them, PCK@0.2.

    ``split``: ``test``, ``train``, ``all`` or a range ``A-B`` of 1-based image numbers; default
    ``test`` for the 2,000-image set and ``all`` otherwise. ``rescore``: use saved predictions only,
    and fail if an image has none.
    """
    from fitcli.models.registry import default_model_name, get_spec

    name = get_spec(model).name if model else default_model_name()
    neck_and_head_top(np.zeros((1, 17, 3)), head_rule)  # an unknown rule fails before any work
    dataset = open_dataset(root)
    split_name = split or default_split(dataset.size)
    numbers = select_images(dataset.size, split_name, limit)
    paths = check_images(dataset, numbers)
    store = predictions_file or default_predictions_path(dataset.root, name)
    saved = load_predictions(store, name)
    digests = [file_digest(p) for p in paths]
    if rescore:
        missing = sum(d not in saved for d in digests)
        if missing:
            raise UsageError(
                f"{missing} of {len(paths)} images have no saved predictions of '{name}' in {store}",
                "run without --rescore to run the model on them",
            )
    kp, inferred = predict(paths, digests, name, saved, progress)
    if inferred:
        save_predictions(store, name, saved)
        log.info("saved %d predictions of %s to %s", len(saved), name, store)
    truth = dataset.joints[[n - 1 for n in numbers]]
    return LspReport(
        model=name,
        dataset=dataset.root,
        split=split_name,
        numbers=tuple(numbers),
        no_person=int(person_missing(kp).sum()),
        head_rule=head_rule,
        pck=score(coco17_to_lsp14(kp, head_rule), truth),
        predictions_file=store,
        inferred=inferred,
    )

"""Regenerate the recorded keypoint tracks that the rep-counter tests use.

Runs the default pose model (``video=True``) over the 23 real clips in ../shared/data/videos and the
generated clips in sample_videos/ (plus MediaPipe hand tracks of the clap clips), and writes one ``PoseTrack`` per clip (.npz, see
fitcli.exercises.keypoint_cache) into tests/fixtures/keypoints/{real,sample}/<stem>.<model>.npz (the same naming as
``fitcli eval reps --keypoints-cache``). Usage (from the repo root):

    FITCLI_HOME=/tmp/fitcli-home python benchmarks/extract_rep_fixtures.py [--model NAME] [--force]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from fitcli.exercises.hands import extract_hands, hands_cache_path
from fitcli.exercises.keypoint_cache import cache_path, extract_track, save_track
from fitcli.models.registry import default_model_name

ROOT = Path(__file__).resolve().parents[1]
REAL_MANIFEST = ROOT.parent / "shared" / "data" / "videos" / "manifest.csv"
SAMPLE_MANIFEST = ROOT / "sample_videos" / "manifest.csv"
OUT = ROOT / "tests" / "fixtures" / "keypoints"


def _videos(manifest: Path) -> list[tuple[Path, str]]:
    with manifest.open(newline="") as fh:
        return [(manifest.parent / row["file"], row["exercise"]) for row in csv.DictReader(fh)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="pose model (default: the default model)")
    parser.add_argument("--force", action="store_true", help="extract again even when the file exists")
    args = parser.parse_args(argv)
    model = args.model or default_model_name()
    for kind, manifest in (("sample", SAMPLE_MANIFEST), ("real", REAL_MANIFEST)):
        if not manifest.is_file():
            print(f"skipping {kind}: {manifest} not found", file=sys.stderr)
            continue
        for video, exercise in _videos(manifest):
            target = cache_path(OUT / kind, video, model)
            if args.force or not target.is_file():
                track = extract_track(video, model)
                track.meta["source"] = video.name  # no absolute paths in committed fixtures
                save_track(track, target)
                print(f"{target.relative_to(ROOT)}: {len(track)} frames", file=sys.stderr)
            hands = hands_cache_path(OUT / kind, video)
            if exercise == "clap" and (args.force or not hands.is_file()):
                extract_hands(video).save(hands)  # the claps' fallback (fitcli.exercises.video)
                print(f"{hands.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

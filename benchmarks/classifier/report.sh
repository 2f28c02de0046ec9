#!/usr/bin/env bash
# The pose-classifier report of issue 5: build a dataset with `fitcli collect` from generated clips
# and real footage, check it, train with a fixed seed, and print held-out accuracy per clip,
# per-class precision/recall and the confusion matrix.
#   bash benchmarks/classifier/report.sh OUT_DIR [DATA_DIR]     (DATA_DIR defaults to ../shared/data)
set -euo pipefail
out=${1:?usage: report.sh OUT_DIR [DATA_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "${2:-$here/../../../shared/data}" && pwd)
mkdir -p "$out"
python "$here/make_clips.py" "$out"
python "$here/real_segments.py" "$out" "$data"
rm -f "$out/poses.csv"
# MoveNet rarely scores every keypoint >= 0.7 (the study's rule keeps almost no frame), so 0.3.
fitcli collect --segments "$out/synthetic_segments.csv" --min-score 0.3 --interval 0.2 --out "$out/poses.csv"
fitcli collect --segments "$out/real_segments.csv" --min-score 0.3 --interval 0.1 --out "$out/poses.csv"
fitcli dataset stats "$out/poses.csv"
rm -rf "$out/poses-clf"
fitcli train "$out/poses.csv" --out "$out/poses-clf" --seed 0

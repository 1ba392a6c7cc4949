#!/bin/sh
# Refits the two models of winnow's extractor on the held-in pages of the
# WCXB dev set: the block model (src/html/block_model.inc), then the
# selection model (src/html/select_model.inc), which reads the block
# model's scores. Review the diff of the .inc files and of
# docs/results/extract_quality.md (scripts/eval_extract.sh) before
# committing.
# Usage: bench/extract_refit.sh [BUILD_DIR] [DATASET_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/../shared/data/wcxb-dev}
py=/usr/bin/python3
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_BUILD_BENCH=ON >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" --target extract_blocks >/dev/null
"$build/bench/extract_blocks" "$data"/html/*.html.gz > "$work/blocks.tsv"
$py "$root/bench/extract_train.py" block "$work/blocks.tsv" "$data" "$root/src/html/block_model.inc"
cmake --build "$build" --target extract_blocks >/dev/null
"$build/bench/extract_blocks" "$data"/html/*.html.gz > "$work/blocks.tsv"
$py "$root/bench/extract_train.py" select "$work/blocks.tsv" "$data" "$root/src/html/select_model.inc"
cmake --build "$build" >/dev/null
echo "extract_refit: models written; run scripts/eval_extract.sh to score"

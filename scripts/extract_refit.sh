#!/bin/sh
# Refits the two models of winnow's extractor on the held-in pages of the
# WCXB dev set (page numbers not divisible by 5; the rest is the holdout):
#   1. the block model (src/html/block_model.inc);
#   2. the selection model (src/html/select_model.inc), which reads block
#      scores. Its training features use out-of-fold block scores (each
#      page scored by a block model fitted without its fold), as stacking
#      requires: scores of pages the block model was fitted on are
#      over-confident.
# Review the diff of the .inc files and of docs/results/extract_quality.md
# (scripts/eval_extract.sh) before committing.
# Usage: scripts/extract_refit.sh [BUILD_DIR] [DATASET_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/../shared/data/wcxb-dev}
py=/usr/bin/python3
folds=4
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWINNOW_BUILD_BENCH=ON >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --build "$build" --target extract_blocks >/dev/null
"$build/bench/extract_blocks" "$data"/html/*.html.gz > "$work/blocks.tsv"
$py "$root/scripts/extract_train.py" block "$work/blocks.tsv" "$data" "$root/src/html/block_model.inc"
: > "$work/oof.tsv"
k=0
while [ $k -lt $folds ]; do
  $py "$root/scripts/extract_train.py" block "$work/blocks.tsv" "$data" "$work/fold$k.inc" --fold $k/$folds
  pages=$(cd "$data/html" && for f in *.html.gz; do
    n=$(echo "$f" | sed 's/\..*//; s/^0*//'); n=${n:-0}
    if [ $((n % 5)) -ne 0 ] && [ $(((n / 5) % folds)) -eq $k ]; then
      echo "$data/html/$f"
    fi; done)
  "$build/bench/extract_blocks" --block-model "$work/fold$k.inc" $pages >> "$work/oof.tsv"
  k=$((k + 1))
done
$py "$root/scripts/extract_train.py" select "$work/oof.tsv" "$data" "$root/src/html/select_model.inc"
cmake --build "$build" >/dev/null
echo "extract_refit: models written; run scripts/eval_extract.sh to score"

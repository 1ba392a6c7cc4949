#!/bin/sh
# Extraction quality on the WCXB dev set (Web Content Extraction Benchmark,
# M. Foley; CC-BY-4.0), scored with the benchmark's method by
# scripts/extract_score.py. Writes docs/results/extract_quality.md, which
# is committed: a change in quality shows as a diff in review.
# Usage: scripts/eval_extract.sh [WINNOW] [DATASET_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
winnow=${1:-$root/build/release/winnow}
data=${2:-$root/../shared/data/wcxb-dev}
if [ ! -d "$data/html" ]; then
  echo "eval_extract: $data/html not found; skipped" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$winnow" extract -q "$data/html" -o "$work/pred.jsonl"
python3 "$root/scripts/extract_score.py" "$work/pred.jsonl" "$data" \
  --markdown "$root/docs/results/extract_quality.md" \
  --title "Extraction quality: winnow extract on WCXB dev (1,497 pages)"
echo "eval_extract: wrote docs/results/extract_quality.md"

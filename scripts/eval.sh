#!/bin/sh
# make eval: regenerates the committed quality results (docs/results/*) by
# running every scripts/eval_*.sh. A regression shows as a diff in review.
# Usage: scripts/eval.sh WINNOW
set -eu
winnow=$1
here=$(cd "$(dirname "$0")" && pwd)
found=0
for s in "$here"/eval_*.sh; do
  [ -x "$s" ] || continue
  found=1
  echo "== $(basename "$s")"
  "$s" "$winnow"
done
[ $found -eq 1 ] || echo "no evaluations yet"

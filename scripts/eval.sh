#!/bin/sh
# make eval: regenerates the committed quality results in docs/results/ so
# that a regression shows as a diff in review. Each area has its own
# scripts/eval_<area>.sh, run here in turn with the winnow binary.
# Usage: eval.sh WINNOW
set -eu
winnow=$1
here=$(cd "$(dirname "$0")" && pwd)
status=0
for e in "$here"/eval_*.sh; do
  [ -x "$e" ] || continue
  echo "== $(basename "$e")"
  "$e" "$winnow" || status=1
done
exit $status

#!/bin/sh
# make eval: every quality evaluation, each writing its committed results
# file under docs/results/. Usage: scripts/eval.sh [WINNOW]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
winnow=${1:-$here/../build/release/winnow}
"$here/eval_extract.sh" "$winnow"

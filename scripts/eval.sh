#!/bin/sh
# make eval: regenerates the committed quality results in docs/results/.
# Usage: eval.sh WINNOW
# Each area adds its own eval_<area>.sh below.
set -eu
winnow=$1
here=$(cd "$(dirname "$0")" && pwd)
"$here/eval_boilerplate.sh" "$winnow"

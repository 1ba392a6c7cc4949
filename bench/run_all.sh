#!/bin/sh
# make bench: every end-to-end benchmark. Figures go to docs/BENCHMARKS.md
# with the command that produced them. Usage: bench/run_all.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/release}
data=$here/../../shared/data/wcxb-dev
if [ -d "$data/html" ]; then
  echo "== extraction: winnow vs Mozilla Readability (WCXB dev pages)"
  "$here/extract_vs_readability.sh" "$build" "$data"
fi

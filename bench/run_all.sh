#!/bin/sh
# make bench: runs the micro-benchmarks built in BUILD/bench and every
# end-to-end benchmark script in bench/ (*.sh but this one).
# Usage: run_all.sh BUILD_DIR
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
for b in "$build"/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=0.5
done
for s in "$here"/*.sh; do
  [ "$(basename "$s")" = run_all.sh ] && continue
  echo "== $(basename "$s")"
  "$s" "$build/winnow"
done

#!/bin/sh
# make bench: every micro-benchmark, then the end-to-end dedup benchmarks
# (short settings; see bench/dedup/*.sh for the long runs). Usage:
#   bench/run_all.sh BUILD_DIR
set -eu
build=${1:-build/release}
here=$(cd "$(dirname "$0")" && pwd)
for b in "$build"/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=1
done
echo "== dedup: sketch throughput"
"$here/dedup/sketch_throughput.sh" "$build" 200000
echo "== dedup: winnow vs a datasketch-equivalent MinHash (numpy)"
"$here/dedup/vs_datasketch.sh" "$build" 20000
echo "== dedup: end to end at 1M documents (set DEDUP_SCALE='1000000 3000000 10000000' for more)"
"$here/dedup/scale.sh" "$build" ${DEDUP_SCALE:-1000000}

#!/bin/sh
# make bench: runs every benchmark harness and prints the figures recorded in
# docs/BENCHMARKS.md. Usage: bench/run_all.sh BUILD_DIR
# Scratch data goes to bench/work (ignored by git); BENCH_ONLY=NAME runs the
# harnesses whose file name contains NAME.
set -eu
build=${1:-build/release}
here=$(cd "$(dirname "$0")" && pwd)
for b in "$build"/bench/*_bench; do
  [ -x "$b" ] || continue
  case "$b" in *"${BENCH_ONLY:-}"*) ;; *) continue ;; esac
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=0.5
done
for s in "$here"/*.sh; do
  case "$(basename "$s")" in run_all.sh) continue ;; esac
  case "$s" in *"${BENCH_ONLY:-}"*) ;; *) continue ;; esac
  echo "== $(basename "$s")"
  "$s" "$build"
done
case dedup in *"${BENCH_ONLY:-}"*)
  echo "== dedup: sketch throughput"
  "$here/dedup/sketch_throughput.sh" "$build" 200000
  echo "== dedup: winnow vs a datasketch-equivalent MinHash (numpy)"
  "$here/dedup/vs_datasketch.sh" "$build" 20000
  echo "== dedup: end to end (DEDUP_SCALE='1000000 3000000 10000000' for more)"
  "$here/dedup/scale.sh" "$build" ${DEDUP_SCALE:-1000000}
  ;;
esac

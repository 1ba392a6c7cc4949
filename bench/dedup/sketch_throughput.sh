#!/bin/sh
# Sketch-stage throughput of winnow dedup (read JSONL, parse, normalize,
# shingle, fingerprint, sign, write the shard files), in MB of input per
# second, on one thread and on all threads, on a generated corpus of
# ~400-word documents. The stage time is the one `winnow dedup -v` prints;
# CPU seconds come from the same run (user + system, /usr/bin/time).
# Usage: sketch_throughput.sh BUILD_DIR [DOCS]
set -eu
build=$1
docs=${2:-200000}
. "$(dirname "$0")/common.sh"
c=$(corpus "$docs")
bytes=$(stat -c %s "$c")
cat "$c" > /dev/null  # warm the page cache: measure sketching, not the disk
for j in 1 $(nproc); do
  out="$work/sketch-out.jsonl"
  /usr/bin/time -f "%U %S" -o "$work/time.txt" \
    "$build/winnow" dedup -v -j "$j" "$c" -o "$out" 2> "$work/log.txt"
  s=$(sed -n 's/.*sketch stage done in \([0-9.]*\) s/\1/p' "$work/log.txt")
  awk -v b="$bytes" -v s="$s" -v j="$j" -v d="$docs" 'BEGIN {
    printf "sketch stage, %d thread(s): %d docs, %.1f MB in %.2f s: %.1f MB/s, %.1f MB/s per thread, %.0f docs/s\n",
      j, d, b / 1e6, s, b / 1e6 / s, b / 1e6 / s / j, d / s }'
  rm -f "$out"
done
echo "load average during the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
drop_corpus "$docs"

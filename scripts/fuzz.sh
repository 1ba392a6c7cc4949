#!/bin/sh
# Runs every fuzz target in BUILD for SECONDS each, keeping the grown corpus
# in build/fuzz-corpus/NAME (the committed seeds stay in fuzz/corpus).
set -eu
build=$1 seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
found=0
for f in "$build"/fuzz/*_fuzzer; do
  [ -x "$f" ] || continue
  found=1
  name=$(basename "$f")
  corpus="$root/build/fuzz-corpus/$name"
  mkdir -p "$corpus"
  [ -d "$root/fuzz/corpus/$name" ] && cp -rn "$root/fuzz/corpus/$name"/. "$corpus/"
  echo "== $name: $seconds s"
  "$f" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 "$corpus"
done
[ $found -eq 1 ] || { echo "no fuzz targets in $build/fuzz" >&2; exit 1; }

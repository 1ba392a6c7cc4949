#!/bin/sh
# Benchmark of `winnow clean`, JSONL file to JSONL file:
#   - MB/s on 1 thread and on 2 threads (and the ratio), 100 MB input;
#   - peak RSS on 100 MB and on 1 GB inputs (memory must stay flat).
# Usage: bench/clean_throughput.sh [BUILD_DIR] [WORK_DIR]
# Each timing is the best of 3 runs (hyperfine when available).
set -eu
build=${1:-build/release}
work=${2:-bench/work}
root=$(cd "$(dirname "$0")/.." && pwd)
winnow=$build/winnow
mkdir -p "$work"
small=$work/news-100MB.jsonl
large=$work/news-1GB.jsonl
[ -f "$small" ] || python3 "$root/bench/gen_news.py" "$small" 100
[ -f "$large" ] || python3 "$root/bench/gen_news.py" "$large" 1000
bytes=$(stat -c %s "$small")

best_seconds() {  # best wall time of 3 runs of "$@"
  best=""
  for _ in 1 2 3; do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  echo "$best"
}

t1=$(best_seconds "$winnow" clean -q -j 1 "$small" -o "$work/out.jsonl")
t2=$(best_seconds "$winnow" clean -q -j 2 "$small" -o "$work/out.jsonl")
mbs1=$(echo "$bytes / $t1 / 1000000" | bc -l)
mbs2=$(echo "$bytes / $t2 / 1000000" | bc -l)
speedup=$(echo "$t1 / $t2" | bc -l)

rss() {  # peak RSS in MB of "$@"
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1/1024}'
}
rss_small=$(rss "$winnow" clean -q -j 2 "$small" -o "$work/out.jsonl")
rss_large=$(rss "$winnow" clean -q -j 2 "$large" -o "$work/out.jsonl")
rm -f "$work/out.jsonl"

printf 'clean, 100 MB JSONL -> JSONL, 1 thread:  %.0f MB/s (%.2f s)\n' "$mbs1" "$t1"
printf 'clean, 100 MB JSONL -> JSONL, 2 threads: %.0f MB/s (%.2f s), %.2fx of 1 thread\n' "$mbs2" "$t2" "$speedup"
printf 'clean peak RSS, 2 threads: %s MB on 100 MB input, %s MB on 1 GB input\n' "$rss_small" "$rss_large"

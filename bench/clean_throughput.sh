#!/bin/sh
# Benchmark of `winnow clean`, JSONL file to JSONL file, on 1 and 2 threads:
#   - MB/s and the 2-thread/1-thread ratio, on 100 MB and 1 GB inputs, with
#     the output on a memory file system (tmpfs: what the program can do)
#     and on the disk next to the input (fsync'ed: what the disk allows);
#   - the disk's own rate for a fsync'ed sequential write of 1 GB;
#   - peak RSS on 100 MB and 1 GB inputs (memory must stay flat).
# Usage: bench/clean_throughput.sh [BUILD_DIR] [WORK_DIR] [RUNS]
# RUNS (default 5) pairs of runs per row; see row() below.
set -eu
build=${1:-build/release}
work=${2:-bench/work}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
winnow=$build/winnow
mkdir -p "$work"
small=$work/news-100MB.jsonl
large=$work/news-1GB.jsonl
[ -f "$small" ] || python3 "$root/bench/gen_news.py" "$small" 100
[ -f "$large" ] || python3 "$root/bench/gen_news.py" "$large" 1000
mem=/dev/shm
[ -d "$mem" ] && [ -w "$mem" ] || mem=$work
mem_out=$mem/winnow-clean-bench.$$.jsonl
disk_out=$work/out.jsonl
trap 'rm -f "$mem_out" "$disk_out" "$work/dd.bin"' EXIT

seconds() {  # wall seconds of one run of "$@"
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}

# row LABEL INPUT OUTPUT: $runs pairs of runs, 1 thread then 2 threads one
# right after the other. Reports each thread count's best time and the
# median of the pairs' ratios: on a shared or virtual machine the speed of
# a core drifts by 10-20% from minute to minute, and a pair sees the same
# conditions.
row() {
  bytes=$(stat -c %s "$2")
  t1=""; t2=""; ratios=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    a=$(seconds "$winnow" clean -q -j 1 "$2" -o "$3")
    b=$(seconds "$winnow" clean -q -j 2 "$2" -o "$3")
    if [ -z "$t1" ] || [ "$(echo "$a < $t1" | bc -l)" = 1 ]; then t1=$a; fi
    if [ -z "$t2" ] || [ "$(echo "$b < $t2" | bc -l)" = 1 ]; then t2=$b; fi
    ratios="$ratios $(echo "$a / $b" | bc -l)"
  done
  median=$(echo $ratios | tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  printf '| %s | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | %.2fx | %.2fx |\n' "$1" \
    "$(echo "$bytes / $t1 / 1000000" | bc -l)" "$t1" \
    "$(echo "$bytes / $t2 / 1000000" | bc -l)" "$t2" \
    "$(echo "$t1 / $t2" | bc -l)" "$median"
}

echo "| input -> output | 1 thread, best | 2 threads, best | ratio of bests | median ratio of pairs |"
echo "|---|---|---|---|---|"
row "1 GB -> tmpfs file" "$large" "$mem_out"
row "100 MB -> tmpfs file" "$small" "$mem_out"
row "1 GB -> disk file (fsync'ed)" "$large" "$disk_out"
row "100 MB -> disk file (fsync'ed)" "$small" "$disk_out"

s=$(date +%s.%N)
dd if=/dev/zero of="$work/dd.bin" bs=1M count=1024 conv=fsync 2>/dev/null
e=$(date +%s.%N)
printf 'disk, dd 1 GiB fsync'"'"'ed sequential write: %.0f MB/s\n' \
  "$(echo "1073741824 / ($e - $s) / 1000000" | bc -l)"

rss() {  # peak RSS in MB of "$@"
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.0f", $1/1024}'
}
rss_small=$(rss "$winnow" clean -q -j 2 "$small" -o "$mem_out")
rss_large=$(rss "$winnow" clean -q -j 2 "$large" -o "$mem_out")
printf 'clean peak RSS, 2 threads: %s MB on 100 MB input, %s MB on 1 GB input\n' "$rss_small" "$rss_large"

#!/bin/sh
# winnow run (clean, boilerplate, dedup, consensus) against winnow dedup
# alone, side by side on the same generated corpus and memory budget: wall
# time, peak resident set, and the ratio run / dedup.
# Usage: run_vs_dedup.sh BUILD_DIR [DOCS]   (default 1000000, ~2.5 GB)
set -eu
build=$1
n=${2:-${RUN_BENCH_DOCS:-1000000}}
. "$(dirname "$0")/dedup/common.sh"
c=$(corpus "$n")
bytes=$(stat -c %s "$c")

measure() {  # NAME ARGS...: prints wall seconds, peak RSS (MiB), CPU seconds
  name=$1
  shift
  /usr/bin/time -v -o "$work/time-$name.txt" "$build/winnow" "$@" \
    2> "$work/log-$name.txt" || { cat "$work/log-$name.txt" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                               for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { m = int($2 / 1024) }
    /User time \(seconds\)/ { u = $2 }
    /System time \(seconds\)/ { k = $2 }
    END { printf "%.1f\t%d\t%.1f\n", s, m, u + k }' "$work/time-$name.txt"
}

d=$(measure dedup dedup -v --memory 2G "$c" -o "$work/bench-dedup.jsonl")
r=$(measure run run -v --memory 2G "$c" -o "$work/bench-run.jsonl")
printf "docs\tinput_GB\tcommand\twall_s\tpeak_rss_MiB\tcpu_s\n"
printf "%d\t%.2f\tdedup\t%s\n" "$n" "$(echo "$bytes / 1000000000" | bc -l)" "$d"
printf "%d\t%.2f\trun\t%s\n" "$n" "$(echo "$bytes / 1000000000" | bc -l)" "$r"
echo "$d $r" | awk '{ printf "run / dedup wall time: %.2fx, CPU time: %.2fx\n", $4 / $1, $6 / $3 }'
grep -E "stage done|stories out|documents in" "$work/log-dedup.txt" \
  "$work/log-run.txt" | sed 's/^/  /' >&2
rm -f "$work/bench-dedup.jsonl" "$work/bench-run.jsonl"
drop_corpus "$n"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

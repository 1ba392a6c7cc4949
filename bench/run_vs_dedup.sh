#!/bin/sh
# winnow run (clean, boilerplate, dedup, consensus) against winnow dedup
# alone, side by side on the same generated corpus and memory budget: wall
# time, peak resident set, CPU time, and the ratios run / dedup.
# REPEAT=R runs R pairs, each pair back to back (dedup, then run), and
# prints every pair's ratios and their medians: on a shared machine a
# single pair measures the neighbours as much as winnow, and the machine's
# drift between pairs cancels within one.
# Usage: run_vs_dedup.sh BUILD_DIR [DOCS]   (default 1000000, ~2.5 GB)
set -eu
build=$1
n=${2:-${RUN_BENCH_DOCS:-1000000}}
repeat=${REPEAT:-1}
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

ratios=""
printf "pair\tdocs\tinput_GB\tcommand\twall_s\tpeak_rss_MiB\tcpu_s\n"
i=1
while [ "$i" -le "$repeat" ]; do
  rm -f "$work/bench-dedup.jsonl" "$work/bench-run.jsonl"
  d=$(measure dedup dedup -v --memory 2G "$c" -o "$work/bench-dedup.jsonl")
  rm -f "$work/bench-dedup.jsonl"
  r=$(measure run run -v --memory 2G "$c" -o "$work/bench-run.jsonl")
  rm -f "$work/bench-run.jsonl"
  gb=$(echo "$bytes / 1000000000" | bc -l)
  printf "%d\t%d\t%.2f\tdedup\t%s\n" "$i" "$n" "$gb" "$d"
  printf "%d\t%d\t%.2f\trun\t%s\n" "$i" "$n" "$gb" "$r"
  pair=$(echo "$d $r" | awk '{ printf "%.2f %.2f", $4 / $1, $6 / $3 }')
  echo "$pair" | awk -v i="$i" '{ printf "pair %d: run / dedup wall time %.2fx, CPU time %.2fx\n", i, $1, $2 }'
  ratios="$ratios$pair
"
  grep -E "stage done|stories out|documents in" "$work/log-dedup.txt" \
    "$work/log-run.txt" | sed 's/^/  /' >&2
  i=$((i + 1))
done
printf "%s" "$ratios" | awk '
  { w[NR] = $1; c[NR] = $2 }
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END { printf "median of %d pairs: run / dedup wall time %.2fx, CPU time %.2fx\n",
               NR, median(w, NR), median(c, NR) }'
drop_corpus "$n"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

#!/bin/sh
# End-to-end winnow dedup on generated corpora of growing size: wall time,
# peak resident set (/usr/bin/time -v) under --memory 2G, and pair
# precision/recall against the planted truth at the default threshold.
# Usage: scale.sh BUILD_DIR [N...]   (default: 1000000 3000000)
# 10 million documents need ~25 GB for the corpus plus ~10 GB of work and
# output; the corpus is deleted after each size unless KEEP_CORPUS=1.
set -eu
build=$1
shift
sizes=${*:-1000000 3000000}
. "$(dirname "$0")/common.sh"
printf "docs\tinput_GB\twall_s\tpeak_rss_MiB\tdocs_per_s\tMB_per_s\tprecision\trecall\n"
for n in $sizes; do
  c=$(corpus "$n")
  bytes=$(stat -c %s "$c")
  out="$work/scale-out.jsonl"
  clusters="$work/scale-clusters.jsonl"
  /usr/bin/time -v -o "$work/time-$n.txt" "$build/winnow" dedup -v --memory 2G \
    "$c" -o "$out" --clusters "$clusters" 2> "$work/log-$n.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time-$n.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$work/time-$n.txt")
  q=$("$bench_dir/dedup/eval_generated.py" "$work/gen-$n.tsv" "$clusters" jaccard 0.8)
  p=$(echo "$q" | cut -f7)
  r=$(echo "$q" | cut -f8)
  awk -v n="$n" -v b="$bytes" -v w="$wall" -v m="$rss" -v p="$p" -v r="$r" 'BEGIN {
    printf "%d\t%.2f\t%.1f\t%d\t%.0f\t%.1f\t%s\t%s\n", n, b / 1e9, w, m, n / w, b / 1e6 / w, p, r }'
  grep -E "stage done" "$work/log-$n.txt" | sed 's/^/  /' >&2
  rm -f "$out" "$clusters"
  drop_corpus "$n"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

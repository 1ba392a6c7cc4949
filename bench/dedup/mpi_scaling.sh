#!/bin/sh
# winnow dedup on N generated documents (default 1 million) in one process
# and on 1 and 2 MPI ranks, each with one core (-j 1; the single process
# pinned to core 0 with taskset, the ranks with --bind-to core):
# wall time, peak resident set per process, speedup of 2 ranks over 1, and
# a check that the three outputs are byte-identical. The corpus is first cut
# into PARTS line-aligned files (default 8, split -n l/PARTS; PARTS=1 reads
# the one generated file, which the ranks then divide by byte ranges); all
# three runs read the same files. Per-stage times, the ranks' CPU time and
# slowest and fastest wall time per stage and rank 0's shuffle volume go to
# stderr.
# As a control of what the machine itself allows, the corpus's two halves
# are also deduplicated by two independent single processes, first one
# alone on core 0, then both at once on cores 0 and 1: "capacity" is twice
# the lone half's time over the pair's, the speedup two perfectly
# independent one-core jobs get here at that moment (below 2 when the two
# cores share caches, memory bandwidth or a host core).
# REPEAT=R runs the three configurations R times, interleaved, and reports
# each one's fastest run (on a shared machine the slow runs measure the
# neighbours).
# Each repeat's own 1-rank over 2-rank ratio (the two run back to back)
# goes to stderr too: the machine's drift between repeats cancels there.
# Usage: mpi_scaling.sh BUILD_DIR [N]
set -eu
build=$1
n=${2:-1000000}
. "$(dirname "$0")/common.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
whole=$(corpus "$n")
bytes=$(stat -c %s "$whole")
parts="$work/mpi-parts-$n"
rm -rf "$parts"
mkdir -p "$parts"
split -n l/2 -d --additional-suffix=.jsonl "$whole" "$parts/half-"
if [ "${PARTS:-8}" = 1 ]; then
  c="$whole"
else
  split -n "l/${PARTS:-8}" -d --additional-suffix=.jsonl "$whole" "$parts/part-"
  c="$parts"
fi
opts="-v -j 1 --memory 4G"
# Every run writes fresh files: the previous run's outputs are removed
# before the clock starts, as replacing a 2.3 GB file by rename frees its
# blocks inside the rename (0.8 s here), a cost of the benchmark's reruns.
run() {
  label=$1
  shift
  rm -f "$work/mpi-out-$label.jsonl" "$work/mpi-clusters-$label.jsonl"
  /usr/bin/time -f "%e %M" -o "$work/mpi-time-$label" "$@" \
    -o "$work/mpi-out-$label.jsonl" --clusters "$work/mpi-clusters-$label.jsonl" \
    2> "$work/mpi-log-$label"
}
# keep_best LABEL: keeps this run's time and log if it is the fastest yet.
keep_best() {
  if [ ! -f "$work/mpi-best-time-$1" ] ||
    awk -v a="$(cut -d' ' -f1 "$work/mpi-time-$1")" \
        -v b="$(cut -d' ' -f1 "$work/mpi-best-time-$1")" \
        'BEGIN { exit !(a + 0 < b + 0) }'; then
    cp "$work/mpi-time-$1" "$work/mpi-best-time-$1"
    cp "$work/mpi-log-$1" "$work/mpi-best-log-$1"
  fi
}
rm -f "$work"/mpi-best-* "$work/mpi-capacity" "$work/mpi-pair-ratios"
# half I TIMEFILE: the corpus's half I deduplicated alone on core I.
half() {
  rm -f "$work/mpi-half-out-$1.jsonl"
  /usr/bin/time -f "%e %M" -o "$2" taskset -c "$1" "$build/winnow" dedup $opts \
    -o "$work/mpi-half-out-$1.jsonl" "$parts/half-0$1.jsonl" 2>/dev/null
}
for r in $(seq "${REPEAT:-1}"); do
  run single taskset -c 0 "$build/winnow" dedup $opts "$c"
  keep_best single
  run np1 mpirun -np 1 --bind-to core "$build/winnow" dedup $opts "$c"
  keep_best np1
  run np2 mpirun -np 2 --bind-to core "$build/winnow" dedup $opts "$c"
  keep_best np2
  # This repeat's 1 rank over its 2 ranks, run back to back: less exposed
  # to the machine's drift than the best of each over all repeats.
  awk -v a="$(cut -d' ' -f1 "$work/mpi-time-np1")" \
      -v b="$(cut -d' ' -f1 "$work/mpi-time-np2")" \
      'BEGIN { printf "%.3f\n", a / b }' >> "$work/mpi-pair-ratios"
  half 0 "$work/mpi-time-half"
  rm -f "$work"/mpi-half-out-*
  /usr/bin/time -f "%e %M" -o "$work/mpi-time-halves" sh -c "
    $(command -v taskset) -c 0 $build/winnow dedup $opts -o $work/mpi-half-out-0.jsonl $parts/half-00.jsonl 2>/dev/null &
    $(command -v taskset) -c 1 $build/winnow dedup $opts -o $work/mpi-half-out-1.jsonl $parts/half-01.jsonl 2>/dev/null &
    wait"
  h=$(cut -d' ' -f1 "$work/mpi-time-half")
  p=$(cut -d' ' -f1 "$work/mpi-time-halves")
  awk -v h="$h" -v p="$p" 'BEGIN { printf "%.3f\n", 2 * h / p }' >> "$work/mpi-capacity"
done
for l in single np1 np2; do
  cp "$work/mpi-best-time-$l" "$work/mpi-time-$l"
  cp "$work/mpi-best-log-$l" "$work/mpi-log-$l"
done
for l in np1 np2; do
  cmp -s "$work/mpi-out-single.jsonl" "$work/mpi-out-$l.jsonl" ||
    { echo "mpi_scaling: $l output differs from the single process" >&2; exit 1; }
  cmp -s "$work/mpi-clusters-single.jsonl" "$work/mpi-clusters-$l.jsonl" ||
    { echo "mpi_scaling: $l clusters differ from the single process" >&2; exit 1; }
done
printf "config\tdocs\tinput_GB\twall_s\tpeak_rss_MiB\tspeedup_vs_1_rank\tspeedup_vs_single\tbusiest_rank_cpu_s\tidentical\n"
t1=$(cut -d' ' -f1 "$work/mpi-time-np1")
ts=$(cut -d' ' -f1 "$work/mpi-time-single")
for l in single np1 np2; do
  read -r wall rss < "$work/mpi-time-$l"
  cpu=$(sed -n 's/.*rank CPU time: busiest \([0-9.]*\) s.*/\1/p' "$work/mpi-log-$l")
  awk -v l="$l" -v n="$n" -v b="$bytes" -v w="$wall" -v m="$rss" -v t1="$t1" -v ts="$ts" -v c="${cpu:--}" 'BEGIN {
    printf "%s\t%d\t%.2f\t%.1f\t%d\t%.2f\t%.2f\t%s\tyes\n", l, n, b / 1e9, w, m / 1024, t1 / w, ts / w, c }'
done
printf "capacity of two independent one-core jobs, per repeat:" >&2
tr '\n' ' ' < "$work/mpi-capacity" >&2
echo >&2
printf "2 ranks vs 1 rank, run back to back, per repeat:" >&2
tr '\n' ' ' < "$work/mpi-pair-ratios" >&2
echo >&2
# Medians over the repeats, and each repeat's pair ratio over the capacity
# measured right after it: how much of what the machine gave two
# independent jobs at that moment the two ranks turned into speed.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END {
  printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median of 2 ranks vs 1 rank, back to back: $(median "$work/mpi-pair-ratios")x;" \
  "median capacity: $(median "$work/mpi-capacity")x" >&2
printf "2 ranks' ratio over capacity, per repeat:" >&2
paste "$work/mpi-pair-ratios" "$work/mpi-capacity" |
  awk '{ printf " %.2f", $1 / $2 }' >&2
echo >&2
for l in single np1 np2; do
  echo "-- $l" >&2
  grep -E "stage done|rank 0 dist.*(bytes|rounds|files_cut)|rank CPU|rank wall" "$work/mpi-log-$l" | sed 's/^/  /' >&2
done
rm -rf "$work"/mpi-out-* "$work"/mpi-clusters-* "$work"/mpi-best-* "$work/mpi-capacity" "$work/mpi-pair-ratios" "$work"/mpi-half-out-* "$parts"
drop_corpus "$n"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

#!/bin/sh
# What this machine gives two independent processes over one, for three
# kinds of work (bench/capacity_probe.cc): spin (the core alone), copy
# (streaming memory) and write (new files through the page cache). Each
# kind runs alone on core 0, then twice at once on cores 0 and 1;
# capacity = 2 x alone / pair, 2.00 when the two cores share nothing.
# A distributed job on two ranks cannot exceed the capacity of the work it
# is made of (bench/dedup/mpi_scaling.sh measures its own control, two
# independent dedup jobs, beside it). REPEAT=R (default 3) rounds.
# Usage: machine_capacity.sh BUILD_DIR
set -eu
build=$1
. "$(dirname "$0")/common.sh"
probe="$build/bench/capacity_probe"
[ -x "$probe" ] || { echo "build the benchmarks first (make bench)" >&2; exit 1; }
printf "kind\tround\talone_s\tpair_s\tcapacity\n"
for kind in spin copy write; do
  r=1
  while [ "$r" -le "${REPEAT:-3}" ]; do
    a=$(taskset -c 0 "$probe" "$kind" "$work/capacity-a")
    start=$(date +%s.%N)
    taskset -c 0 "$probe" "$kind" "$work/capacity-b" > /dev/null &
    taskset -c 1 "$probe" "$kind" "$work/capacity-c" > /dev/null
    wait
    end=$(date +%s.%N)
    echo "$kind $r $a $start $end" | awk '{ p = $5 - $4
      printf "%s\t%d\t%.2f\t%.2f\t%.2f\n", $1, $2, $3, p, 2 * $3 / p }'
    r=$((r + 1))
  done
done

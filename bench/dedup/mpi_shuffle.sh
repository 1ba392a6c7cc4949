#!/bin/sh
# GB/s of the dedup shuffle between 2 MPI ranks on this machine (one core
# each): over shared memory (Open MPI's vader) and over TCP on the loopback
# interface, as between hosts. GB gigabytes produced per rank (default 4),
# made record by record (as the dedup stages do) and in bulk (the rate of
# the shuffle itself). "in AllToAll" is the time spent in the exchange,
# waiting for the other rank included.
# Usage: mpi_shuffle.sh BUILD_DIR [GB]   (needs make bench: bench/dist_shuffle)
set -eu
build=$1
gb=${2:-4}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
for t in "shared-memory self,vader" "tcp-loopback self,tcp"; do
  for mode in records bulk; do
    set -- $t
    printf "%s %s\t" "$1" "$mode"
    mpirun -np 2 --bind-to core --mca btl "$2" --mca btl_tcp_if_include lo \
      "$build/bench/dist_shuffle" "$gb" 64 "$mode"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

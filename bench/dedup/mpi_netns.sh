#!/bin/sh
# winnow dedup and winnow run on two MPI ranks in two network namespaces joined by a veth
# pair, so that every shuffle crosses a network interface (TCP, as between
# two hosts), checked byte for byte against a single process. Also reports
# the shuffle rate over the veth pair when bench/dist_shuffle is built.
# Needs root (ip netns, ip link) and iproute2; exits 77 (skipped) without.
# Usage: mpi_netns.sh BUILD_DIR [DOCS]   (default 20000 generated documents)
# NETNS_SHUFFLE=0 skips the shuffle rate (ctest runs it so, as mpi_netns).
set -eu
# Open MPI keeps some allocations until exit; a sanitizer build's leak
# check would report them.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
build=$(cd "$1" && pwd)
n=${2:-20000}
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null 2>&1; then
  echo "mpi_netns: needs root and iproute2 (ip netns); skipped" >&2
  exit 77
fi
tag="wn$$"
a="$tag-a"
b="$tag-b"
work=$(mktemp -d /tmp/winnow-netns.XXXXXX)
cleanup() {
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if ! ip netns add "$a" 2>/dev/null; then
  echo "mpi_netns: cannot create network namespaces here; skipped" >&2
  exit 77
fi
ip netns add "$b"
ip link add "$tag-va" type veth peer name "$tag-vb"
ip link set "$tag-va" netns "$a"
ip link set "$tag-vb" netns "$b"
ip -n "$a" addr add 10.231.0.1/24 dev "$tag-va"
ip -n "$b" addr add 10.231.0.2/24 dev "$tag-vb"
for ns in "$a" "$b"; do
  ip -n "$ns" link set lo up
done
ip -n "$a" link set "$tag-va" up
ip -n "$b" link set "$tag-vb" up

# mpirun starts the remote daemon through this agent instead of ssh: the
# "host" 10.231.0.2 is the namespace $b.
cat > "$work/agent.sh" <<AGENT
#!/bin/sh
while [ \$# -gt 0 ]; do
  case "\$1" in -*) shift ;; *) break ;; esac
done
host=\$1
shift
case "\$host" in
  10.231.0.2) ns=$b ;;
  *) ns=$a ;;
esac
exec ip netns exec "\$ns" env OMPI_ALLOW_RUN_AS_ROOT=1 \
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 sh -c "\$*"
AGENT
chmod +x "$work/agent.sh"
printf '10.231.0.1 slots=1\n10.231.0.2 slots=1\n' > "$work/hosts"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() {
  ip netns exec "$a" mpirun --hostfile "$work/hosts" -np 2 --map-by node \
    --mca plm_rsh_agent "$work/agent.sh" \
    --mca btl self,tcp --mca btl_tcp_if_include 10.231.0.0/24 \
    --mca oob_tcp_if_include 10.231.0.0/24 "$@"
}

# Ranks divide the input by files: four of them, two per rank.
"$build/winnow-gencorpus" --docs "$n" --seed 1 -o "$work/corpus.jsonl"
cd "$work"
mkdir corpus
split -n l/4 -d --additional-suffix=.jsonl corpus.jsonl corpus/part-
"$build/winnow" dedup corpus --shard-docs 1000 -o single.jsonl \
  --clusters single-clusters.jsonl -q
mpi "$build/winnow" dedup corpus --shard-docs 1000 -v \
  -o two.jsonl --clusters two-clusters.jsonl 2> two.log
hosts=$(mpi sh -c 'ip -o -4 addr show | grep -o "10\.231\.0\.[12]"' | sort | tr '\n' ' ')
cmp -s single.jsonl two.jsonl || { echo "mpi_netns: the output differs" >&2; exit 1; }
cmp -s single-clusters.jsonl two-clusters.jsonl ||
  { echo "mpi_netns: the clusters differ" >&2; exit 1; }
echo "two ranks on $hosts over a veth pair: output and clusters identical to one process ($n docs)"
grep -E "rank 0 dist\..*bytes_out" two.log | sed 's/^/  /'
# The main job the same way: the repeat counts and the clustered captures
# cross the veth pair too.
"$build/winnow" run corpus --shard-docs 1000 -o single-run.jsonl -q
mpi "$build/winnow" run corpus --shard-docs 1000 -v -o two-run.jsonl 2> two-run.log
cmp -s single-run.jsonl two-run.jsonl ||
  { echo "mpi_netns: winnow run's stories differ" >&2; exit 1; }
echo "winnow run, two ranks over the veth pair: stories identical to one process"
grep -E "dist\.(repeat_bytes_out|captures_shipped)" two-run.log | sed 's/^/  /'
if [ "${NETNS_SHUFFLE:-1}" = 1 ] && [ -x "$build/bench/dist_shuffle" ]; then
  printf "shuffle over the veth pair:\t"
  mpi "$build/bench/dist_shuffle" 2 64
fi

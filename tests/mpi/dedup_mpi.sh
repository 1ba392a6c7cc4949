#!/bin/sh
# winnow dedup under MPI: the outputs of 1, 2, 3 and 4 ranks (oversubscribed
# on a small machine) are byte-identical to a single process's, for every
# cluster rule and keep rule and with rejected records; a rank that fails or
# dies stops the whole job with a message naming it, never a hang; --resume
# after a dead rank gives the same bytes.
# Usage: dedup_mpi.sh WINNOW MPIRUN [quick]
# "quick" (the sanitizer build, where every launch is slow) runs one cluster
# rule and one kill point.
set -u
abspath() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
WINNOW=$(abspath "$1")
MPIRUN=$2
QUICK=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/winnow-mpi.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
CASE=mpi
. "$HERE/../e2e/lib.sh"

# Root is allowed here (containers, CI); every rank gets one core's worth.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# Open MPI keeps some allocations until exit; the sanitizer build's leak
# check would report them.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
mpi() { timeout 120 "$MPIRUN" --oversubscribe --bind-to none "$@"; }

# Five inputs of near-duplicate documents (lib.sh), one bad
# line; ranks take whole files, so with 4 ranks some have one file.
near_dup_corpus 11 1000 0.35 200 333

base="in0.jsonl in1.jsonl in2.jsonl in3.jsonl in4.jsonl --shard-docs 97 --on-error skip"
# (Every keep rule and cluster rule against one process: the unit test
# dist_dedup_test.cc, in-process; here the rules that travel differently.)
variants='"representative longest" "connected last" "annotate"'
points="sketch:2 cluster:1 filter:2"
if [ "$QUICK" = quick ]; then
  variants='"representative longest"'
  points="cluster:1"
fi
eval "set -- $variants"
for variant in "$@"; do
  set -- $variant
  if [ "$1" = annotate ]; then
    opts="$base --annotate-only"
  else
    opts="$base --cluster $1 --keep $2"
  fi
  expect_exit 0 "$WINNOW" dedup $opts -o ref.jsonl --clusters ref-clusters.jsonl \
    --rejects ref-rejects.jsonl -q
  [ "$(wc -l < ref-clusters.jsonl)" -gt 50 ] || fail "the corpus should have clusters"
  [ "$(wc -l < ref-rejects.jsonl)" = 1 ] || fail "the corpus should have a rejected line"
  case "$variant" in
    representative\ longest) ranks="1 2 3 4" ;;
    connected*) ranks=3 ;;
    *) ranks=2 ;;
  esac
  for n in $ranks; do
    rm -f out.jsonl clusters.jsonl rejects.jsonl
    expect_exit 0 mpi -np $n "$WINNOW" dedup $opts -o out.jsonl \
      --clusters clusters.jsonl --rejects rejects.jsonl
    expect_stderr "ranks: $n (MPI)"
    cmp -s ref.jsonl out.jsonl || fail "$variant, $n ranks: the output differs"
    cmp -s ref-clusters.jsonl clusters.jsonl || fail "$variant, $n ranks: the clusters differ"
    cmp -s ref-rejects.jsonl rejects.jsonl || fail "$variant, $n ranks: the rejects differ"
    [ ! -e out.jsonl.dedup-work ] || fail "$variant, $n ranks: the work directory was left"
  done
done

# More ranks than files (a rank with nothing to read), and an empty input.
expect_exit 0 "$WINNOW" dedup in0.jsonl in2.jsonl -o ref.jsonl --clusters ref-clusters.jsonl -q
expect_exit 0 mpi -np 3 "$WINNOW" dedup in0.jsonl in2.jsonl -o out.jsonl --clusters clusters.jsonl -q
cmp -s ref.jsonl out.jsonl || fail "3 ranks, 2 files: the output differs"
cmp -s ref-clusters.jsonl clusters.jsonl || fail "3 ranks, 2 files: the clusters differ"
: > empty.jsonl
expect_exit 0 mpi -np 2 "$WINNOW" dedup empty.jsonl -o out.jsonl --clusters clusters.jsonl -q
[ ! -s out.jsonl ] && [ -f out.jsonl ] || fail "2 ranks, empty input: output not empty"

# Compressed output: the same documents. (The gzip members are cut where
# reading batches end, and a rank's batches begin at its first file, so
# the compressed bytes may differ; the decompressed bytes may not.)
expect_exit 0 "$WINNOW" dedup $base -o ref.jsonl.gz -q
expect_exit 0 mpi -np 3 "$WINNOW" dedup $base -o out.jsonl.gz -q
gzip -dc ref.jsonl.gz > ref-gz.jsonl
gzip -dc out.jsonl.gz > out-gz.jsonl || fail "3 ranks: the gzip output is damaged"
cmp -s ref-gz.jsonl out-gz.jsonl || fail "3 ranks: the gzip output differs"

# A file that cannot be read stops every rank with a message naming the rank.
printf 'not gzip at all' > bad.jsonl.gz
expect_exit 1 mpi -np 2 "$WINNOW" dedup in2.jsonl bad.jsonl.gz -o x.jsonl -q
expect_stderr "winnow: rank 1 of 2: "
expect_stderr "bad.jsonl.gz"
[ ! -e x.jsonl ] || fail "a failed run left an output"
# An option a distributed run does not support: refused, naming the rank.
expect_exit 2 mpi -np 2 "$WINNOW" dedup in0.jsonl --verify exact -o x.jsonl -q
expect_stderr "--verify exact is not supported in a distributed run"

# winnow run is one process: on several ranks it stops, saying so, and
# writes nothing.
expect_exit 2 mpi -np 2 "$WINNOW" run in0.jsonl -o run.jsonl -q
expect_stderr "winnow run runs in one process only"
[ ! -e run.jsonl ] || fail "winnow run on 2 ranks left an output"

# A rank that dies (SIGKILL, through the test hook of dedup_resume.sh, on
# rank 1 only) stops the job: the launcher names the rank and the signal.
opts="$base --clusters clusters.jsonl"
expect_exit 0 "$WINNOW" dedup $opts -o ref.jsonl -q
cp clusters.jsonl ref-clusters.jsonl
for point in $points; do
  rm -rf out.jsonl clusters.jsonl out.jsonl.dedup-work
  expect_exit 137 mpi -np 1 "$WINNOW" dedup $opts -o out.jsonl -q : \
    -np 1 env WINNOW_DEDUP_TEST_KILL=$point "$WINNOW" dedup $opts -o out.jsonl -q
  expect_stderr "rank 1"
  expect_stderr "signal 9"
  [ ! -e out.jsonl ] || fail "$point: a killed run left an output"
  expect_exit 0 mpi -np 2 "$WINNOW" dedup $opts -o out.jsonl --resume
  expect_stderr "finished shards skipped"
  cmp -s ref.jsonl out.jsonl || fail "$point: the resumed output differs"
  cmp -s ref-clusters.jsonl clusters.jsonl || fail "$point: the resumed clusters differ"
done
echo "ok:   mpi dedup (1-4 ranks identical, faults, resume)"

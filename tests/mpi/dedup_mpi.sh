#!/bin/sh
# winnow dedup under MPI: the outputs of 1, 2, 3 and 4 ranks (oversubscribed
# on a small machine) are byte-identical to a single process's, for every
# cluster rule and keep rule and with rejected records, also when one big
# file is divided into byte ranges; a rank that fails or dies stops the
# whole job with a message naming it, never a hang; --resume after a dead
# rank gives the same bytes.
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
# line; ranks take whole files and ranges of those their shares meet in.
near_dup_corpus 11 1000 0.35 200 333

base="in0.jsonl in1.jsonl in2.jsonl in3.jsonl in4.jsonl --shard-docs 97 --on-error skip"
# (Every keep rule and cluster rule against one process: the unit test
# dist_dedup_test.cc, in-process; here the rules that travel differently.)
variants='"representative longest" "connected last" "annotate"'
points="sketch:2 cluster:1 filter:2 join:1"
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

# One big file, cut into byte ranges at the ranks' shares of its bytes:
# every seventh document has no id (its id is then "big.jsonl:LINE", the
# line in the whole file), some lines are blank, and a malformed line lies
# inside the share of a rank after the first for 2, 3 and 4 ranks.
near_dup_corpus 12 3000 0.35 | awk '
  NR % 7 == 0 { sub(/"id":"[^"]*",/, "") }
  NR == 1900 { print "{\"id\": broken" }
  NR % 500 == 0 { print "" }
  { print }' > big.jsonl
bad=$(grep -n '"id": broken' big.jsonl | cut -d: -f1)
big="big.jsonl --shard-docs 97 --on-error skip"
for mode in plain annotate; do
  opts=$big
  [ $mode = annotate ] && opts="$big --annotate-only"
  expect_exit 0 "$WINNOW" dedup $opts -o ref.jsonl --clusters ref-clusters.jsonl \
    --rejects ref-rejects.jsonl -q
  grep -q "\"line\":$bad," ref-rejects.jsonl || fail "big file: the reject names line $bad"
  [ "$(grep -c '"cluster_size"' ref.jsonl)" -gt 0 ] || fail "big file: no output"
  if [ $mode = annotate ]; then
    grep -q '"duplicate_of":"big.jsonl:' ref.jsonl ||
      fail "big file: no duplicate of a document without an id"
    ranks=3
  else
    ranks="1 2 3 4"
  fi
  for n in $ranks; do
    rm -f out.jsonl clusters.jsonl rejects.jsonl
    expect_exit 0 mpi -np $n "$WINNOW" dedup $opts -o out.jsonl \
      --clusters clusters.jsonl --rejects rejects.jsonl -v
    [ $n = 1 ] || expect_stderr "rank 0 dist.files_cut: 1"
    cmp -s ref.jsonl out.jsonl || fail "big file, $mode, $n ranks: the output differs"
    cmp -s ref-clusters.jsonl clusters.jsonl || fail "big file, $mode, $n ranks: the clusters differ"
    cmp -s ref-rejects.jsonl rejects.jsonl || fail "big file, $mode, $n ranks: the rejects differ"
  done
done
# --on-error fail: the rank whose range holds the bad line stops the job
# with the single process's message, which names the line in the file.
expect_exit 1 "$WINNOW" dedup big.jsonl -o x.jsonl -q
expect_stderr "big.jsonl:$bad: "
msg=$(grep -o "big.jsonl:$bad: .*" stderr)
for n in 2 3 4; do
  expect_exit 1 mpi -np $n "$WINNOW" dedup big.jsonl -o x.jsonl -q
  expect_stderr "of $n: $msg"
  [ ! -e x.jsonl ] || fail "$n ranks: a failed run left an output"
done
# A file of fewer lines than ranks: some ranks' ranges hold no line start.
head -n 2 big.jsonl > two.jsonl
expect_exit 0 "$WINNOW" dedup two.jsonl -o ref.jsonl --clusters ref-clusters.jsonl -q
expect_exit 0 mpi -np 4 "$WINNOW" dedup two.jsonl -o out.jsonl --clusters clusters.jsonl -v
expect_stderr "rank 0 dist.files_cut: 1"
# A plain output file the ranks share: each writes its share in place,
# of the documents and of the clusters.
expect_stderr "rank 0 dist.filter.in_place: 1"
expect_stderr "rank 0 dist.clusters.in_place: 1"
# -v tells how evenly each stage divided: CPU and wall time of the ranks.
expect_stderr "rank wall time, sketch stage: slowest "
! grep -q "dist.wall_ms" stderr || fail "-v lists the wall-time counters as rank 0's"
cmp -s ref.jsonl out.jsonl || fail "4 ranks, 2 lines: the output differs"
cmp -s ref-clusters.jsonl clusters.jsonl || fail "4 ranks, 2 lines: the clusters differ"
# A compressed file is never cut: one rank reads it whole.
gzip -c big.jsonl > big.jsonl.gz
expect_exit 0 "$WINNOW" dedup big.jsonl.gz --on-error skip -o ref.jsonl -q
expect_exit 0 mpi -np 2 "$WINNOW" dedup big.jsonl.gz --on-error skip -o out.jsonl -v
expect_stderr "rank 0 dist.files_cut: 0"
cmp -s ref.jsonl out.jsonl || fail "2 ranks, gzip file: the output differs"

# More ranks than files (a rank with nothing to read), and an empty input.
expect_exit 0 "$WINNOW" dedup in0.jsonl in2.jsonl -o ref.jsonl --clusters ref-clusters.jsonl -q
expect_exit 0 mpi -np 3 "$WINNOW" dedup in0.jsonl in2.jsonl -o out.jsonl --clusters clusters.jsonl -q
cmp -s ref.jsonl out.jsonl || fail "3 ranks, 2 files: the output differs"
cmp -s ref-clusters.jsonl clusters.jsonl || fail "3 ranks, 2 files: the clusters differ"
: > empty.jsonl
expect_exit 0 mpi -np 2 "$WINNOW" dedup empty.jsonl -o out.jsonl --clusters clusters.jsonl -q
[ ! -s out.jsonl ] && [ -f out.jsonl ] || fail "2 ranks, empty input: output not empty"
[ ! -s clusters.jsonl ] && [ -f clusters.jsonl ] ||
  fail "2 ranks, empty input: clusters file missing or not empty"

# Compressed output: the same documents. (The gzip members are cut where
# reading batches end, and a rank's batches begin at its first file, so
# the compressed bytes may differ; the decompressed bytes may not.)
expect_exit 0 "$WINNOW" dedup $base -o ref.jsonl.gz -q
expect_exit 0 mpi -np 3 "$WINNOW" dedup $base -o out.jsonl.gz -v
# Compressed sizes are not known in advance: part files, joined.
expect_stderr "rank 0 dist.filter.in_place: 0"
gzip -dc ref.jsonl.gz > ref-gz.jsonl
gzip -dc out.jsonl.gz > out-gz.jsonl || fail "3 ranks: the gzip output is damaged"
cmp -s ref-gz.jsonl out-gz.jsonl || fail "3 ranks: the gzip output differs"

# Two copies of one document: one cluster, on a file that leaves two of
# four ranks without documents.
first=$(head -n 1 in0.jsonl)
printf '%s\n%s\n' "$first" "$(echo "$first" | sed 's/"id":"[^"]*"/"id":"copy"/')" > dup2.jsonl
# The clusters file: every rank writes its clusters' lines, each encoded
# alone as one process encodes them, so compressed files are identical too;
# in place in a file all ranks see, through rank 0 to stdout.
for ext in .gz .zst; do
  expect_exit 0 "$WINNOW" dedup $base -o ref.jsonl --clusters ref-clusters.jsonl$ext -q
  expect_exit 0 mpi -np 3 "$WINNOW" dedup $base -o out.jsonl --clusters clusters.jsonl$ext -v
  expect_stderr "rank 0 dist.clusters.in_place: 1"
  cmp -s ref-clusters.jsonl$ext clusters.jsonl$ext || fail "3 ranks: the $ext clusters differ"
  # Ranks without documents: empty shares.
  expect_exit 0 "$WINNOW" dedup dup2.jsonl -o ref.jsonl --clusters ref-clusters.jsonl$ext -q
  expect_exit 0 mpi -np 4 "$WINNOW" dedup dup2.jsonl -o out.jsonl --clusters clusters.jsonl$ext -q
  [ $ext != .gz ] || [ "$(gzip -dc clusters.jsonl.gz | wc -l)" = 1 ] ||
    fail "two copies of one document should make one cluster"
  cmp -s ref-clusters.jsonl$ext clusters.jsonl$ext || fail "4 ranks, 2 lines: the $ext clusters differ"
done
expect_exit 0 "$WINNOW" dedup $base -o ref.jsonl --clusters - -q
mv stdout ref-clusters.jsonl
[ "$(wc -l < ref-clusters.jsonl)" -gt 50 ] || fail "the corpus should have clusters"
mpi -np 3 "$WINNOW" dedup $base -o out.jsonl --clusters - -v > clusters.jsonl 2> stderr ||
  fail "3 ranks, clusters to stdout: exit $?"
expect_stderr "rank 0 dist.clusters.in_place: 0"
cmp -s ref-clusters.jsonl clusters.jsonl || fail "3 ranks, clusters to stdout: they differ"

# Output to stdout: no file the ranks could write their parts into, so
# they stream them to rank 0.
expect_exit 0 "$WINNOW" dedup $base -o ref.jsonl -q
mpi -np 3 "$WINNOW" dedup $base -o - -q > out.jsonl 2> stderr ||
  fail "3 ranks to stdout: exit $?"
cmp -s ref.jsonl out.jsonl || fail "3 ranks to stdout: the output differs"

# A file that cannot be read stops every rank with a message naming the rank.
printf 'not gzip at all' > bad.jsonl.gz
expect_exit 1 mpi -np 2 "$WINNOW" dedup in2.jsonl bad.jsonl.gz -o x.jsonl -q
expect_stderr "winnow: rank 1 of 2: "
expect_stderr "bad.jsonl.gz"
[ ! -e x.jsonl ] || fail "a failed run left an output"
# An option a distributed run does not support: refused, naming the rank.
expect_exit 2 mpi -np 2 "$WINNOW" dedup in0.jsonl --verify exact -o x.jsonl -q
expect_stderr "--verify exact is not supported in a distributed run"

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
# The same with the big file read in ranges: the resumed ranks read the
# same ranges, numbered as before.
opts="$big --clusters clusters.jsonl"
expect_exit 0 "$WINNOW" dedup $opts -o ref.jsonl -q
cp clusters.jsonl ref-clusters.jsonl
for point in $points; do
  rm -rf out.jsonl clusters.jsonl out.jsonl.dedup-work
  expect_exit 137 mpi -np 1 "$WINNOW" dedup $opts -o out.jsonl -q : \
    -np 1 env WINNOW_DEDUP_TEST_KILL=$point "$WINNOW" dedup $opts -o out.jsonl -q
  expect_exit 0 mpi -np 2 "$WINNOW" dedup $opts -o out.jsonl --resume
  expect_stderr "finished shards skipped"
  cmp -s ref.jsonl out.jsonl || fail "big file, $point: the resumed output differs"
  cmp -s ref-clusters.jsonl clusters.jsonl || fail "big file, $point: the resumed clusters differ"
done
echo "ok:   mpi dedup (1-4 ranks identical, one file in ranges, faults, resume)"

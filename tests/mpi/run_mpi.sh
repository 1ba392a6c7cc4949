#!/bin/sh
# winnow run under MPI: the stories of 1, 2, 3 and 4 ranks (oversubscribed
# on a small machine) are byte-identical to a single process's — the demo
# corpus with --explain, near-duplicate files whose sources share
# boilerplate that only the whole corpus shows to be repeated (so the
# ranks' repeat counts must meet), rejected records, one big file divided
# into byte ranges; a rank that dies stops the whole job, naming it, and
# --resume gives the same bytes.
# Usage: run_mpi.sh WINNOW MPIRUN EXAMPLES_DIR [quick]
set -u
abspath() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
WINNOW=$(abspath "$1")
MPIRUN=$2
EXAMPLES=$(cd "$3" && pwd)
QUICK=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/winnow-mpi-run.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
CASE=mpi-run
. "$HERE/../e2e/lib.sh"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
mpi() { timeout 180 "$MPIRUN" --oversubscribe --bind-to none "$@"; }

ranks="1 2 3 4"
[ "$QUICK" = quick ] && ranks="2 3"

# The demo corpus: text files, JSONL files of two sites and a wire.
expect_exit 0 "$WINNOW" run --explain "$EXAMPLES" -o ref.jsonl -q
for n in $ranks; do
  rm -f out.jsonl
  expect_exit 0 mpi -np $n "$WINNOW" run --explain "$EXAMPLES" -o out.jsonl
  expect_stderr "12 stories out"
  cmp -s ref.jsonl out.jsonl || fail "demo corpus, $n ranks: the stories differ"
  [ ! -e out.jsonl.run-work ] || fail "demo corpus, $n ranks: the work directory was left"
done

# Near-duplicates in five files, one bad line; three sites, each closing
# every second of its documents with the same line, in every file: about
# 30 a site in each file, 150 in all, so that with --min-repeats 40 only
# the counts of all ranks together make it a repeat.
near_dup_corpus 21 900 0.35 180 250
for f in in0.jsonl in1.jsonl in2.jsonl in3.jsonl in4.jsonl; do
  awk '{
    if ($0 !~ /"text":"/) { print; next }
    n++; site = "site" (n % 3) ".example";
    sub(/^\{/, "{\"url\":\"https://" site "/" n "\",");
    if (n % 2 == 0) sub(/"\}$/, "\\nThis story appeared first in the " site " weekly edition.\"}");
    print }' "$f" > tmp && mv tmp "$f"
done
base="in0.jsonl in1.jsonl in2.jsonl in3.jsonl in4.jsonl --shard-docs 97 --on-error skip --min-repeats 40"
expect_exit 0 "$WINNOW" run $base --explain -o ref.jsonl --rejects ref-rejects.jsonl -v
[ "$(wc -l < ref-rejects.jsonl)" = 1 ] || fail "the corpus should have a rejected line"
grep -q '"class":"repeat"' ref.jsonl || fail "the newsletter lines should go as repeats"
for n in $ranks; do
  rm -f out.jsonl rejects.jsonl
  expect_exit 0 mpi -np $n "$WINNOW" run $base --explain -o out.jsonl --rejects rejects.jsonl
  cmp -s ref.jsonl out.jsonl || fail "near-duplicates, $n ranks: the stories differ"
  cmp -s ref-rejects.jsonl rejects.jsonl || fail "near-duplicates, $n ranks: the rejects differ"
done

# One big file, cut into byte ranges: documents without an id are named
# by their line in the whole file.
cat in0.jsonl in1.jsonl in2.jsonl in3.jsonl in4.jsonl |
  awk 'NR % 5 == 0 { sub(/"id":"[^"]*",/, "") } { print }' > big.jsonl
expect_exit 0 "$WINNOW" run big.jsonl --on-error skip -o ref.jsonl -q
grep -q '"big.jsonl:' ref.jsonl || fail "big file: no story named by its line"
for n in 2 3; do
  rm -f out.jsonl
  expect_exit 0 mpi -np $n "$WINNOW" run big.jsonl --on-error skip -o out.jsonl -q
  cmp -s ref.jsonl out.jsonl || fail "big file, $n ranks: the stories differ"
done

# Compressed output: the same stories.
expect_exit 0 mpi -np 3 "$WINNOW" run $base -o out.jsonl.zst -q
expect_exit 0 "$WINNOW" run $base -o ref2.jsonl -q
zstd -dcq out.jsonl.zst > out-zst.jsonl || fail "3 ranks: the zstd output is damaged"
cmp -s ref2.jsonl out-zst.jsonl || fail "3 ranks: the zstd output differs"

# Standard output: no file the ranks could write their shares into, so
# the shares go through rank 0.
mpi -np 3 "$WINNOW" run $base -o - -q > out-stdout.jsonl 2> stderr ||
  fail "3 ranks to stdout: exit $?"
cmp -s ref2.jsonl out-stdout.jsonl || fail "3 ranks to stdout: the stories differ"

# A file that cannot be read stops every rank, naming the rank; standard
# input is refused.
printf 'not gzip at all' > bad.jsonl.gz
expect_exit 1 mpi -np 2 "$WINNOW" run in2.jsonl bad.jsonl.gz -o x.jsonl -q
expect_stderr "winnow: rank 1 of 2: "
expect_stderr "bad.jsonl.gz"
[ ! -e x.jsonl ] || fail "a failed run left an output"
expect_exit 2 mpi -np 2 "$WINNOW" run - -o x.jsonl -q < in0.jsonl
expect_stderr "give files, not standard input"

# A rank that dies stops the job; --resume (on the same number of ranks)
# gives the same stories.
points="prepare:1 sketch:2 cluster:1"
[ "$QUICK" = quick ] && points="sketch:2"
expect_exit 0 "$WINNOW" run $base --explain -o ref.jsonl -q
for point in $points; do
  rm -rf out.jsonl out.jsonl.run-work
  expect_exit 137 mpi -np 1 "$WINNOW" run $base --explain -o out.jsonl -q : \
    -np 1 env WINNOW_DEDUP_TEST_KILL=$point "$WINNOW" run $base --explain -o out.jsonl -q
  expect_stderr "rank 1"
  [ ! -e out.jsonl ] || fail "$point: a killed run left an output"
  expect_exit 0 mpi -np 2 "$WINNOW" run $base --explain -o out.jsonl --resume
  cmp -s ref.jsonl out.jsonl || fail "$point: the resumed stories differ"
done
echo "mpi-run: all cases passed"

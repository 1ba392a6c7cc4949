# A run killed with SIGKILL in the middle of each stage resumes with
# --resume, skips the shards it had finished, and writes the same bytes as
# an uninterrupted run — which are also the same for 1 and 2 threads.
# The test hook WINNOW_DEDUP_TEST_KILL=STAGE:N makes winnow kill itself
# (SIGKILL) right after its N-th finished shard of STAGE.
near_dup_corpus 7 1500 0.3 > corpus.jsonl

opts="--shard-docs 200 --clusters clusters.jsonl"
expect_exit 0 "$WINNOW" dedup corpus.jsonl -j 1 $opts -o ref.jsonl -q
cp clusters.jsonl ref-clusters.jsonl
[ "$(wc -l < ref-clusters.jsonl)" -gt 50 ] || fail "the corpus should have clusters"
expect_exit 0 "$WINNOW" dedup corpus.jsonl -j 2 $opts -o two.jsonl -q
cmp -s ref.jsonl two.jsonl || fail "-j 1 and -j 2 outputs differ"
cmp -s ref-clusters.jsonl clusters.jsonl || fail "-j 1 and -j 2 clusters differ"

for point in sketch:3 exact:1 bands:2 pairs:5 verify:1 cluster:1 filter:4 filter:8; do
  rm -f out.jsonl clusters.jsonl
  WINNOW_DEDUP_TEST_KILL=$point expect_exit 137 "$WINNOW" dedup corpus.jsonl $opts -o out.jsonl
  [ ! -e out.jsonl ] || fail "$point: a killed run left an output"
  [ -f out.jsonl.dedup-work/manifest.txt ] || fail "$point: no manifest after the kill"
  expect_exit 0 "$WINNOW" dedup corpus.jsonl $opts -o out.jsonl --resume
  expect_stderr "finished shards skipped"
  cmp -s ref.jsonl out.jsonl || fail "$point: the resumed output differs"
  cmp -s ref-clusters.jsonl clusters.jsonl || fail "$point: the resumed clusters differ"
done

# Resuming with other options is refused, naming the difference.
WINNOW_DEDUP_TEST_KILL=bands:1 expect_exit 137 "$WINNOW" dedup corpus.jsonl $opts -o out.jsonl
expect_exit 2 "$WINNOW" dedup corpus.jsonl $opts -o out.jsonl --resume --threshold 0.7
expect_stderr "it was made with other options (threshold was 0.80000000000000004, now 0.69999999999999996)"
# Without --resume the old work is cleared and the run starts over.
expect_exit 0 "$WINNOW" dedup corpus.jsonl $opts -o out.jsonl -q
cmp -s ref.jsonl out.jsonl || fail "a fresh run over old work differs"

# The seed pair: word 5-gram Jaccard 0.57, containment 0.89. By containment
# at the default threshold they are one cluster, raw or cleaned; by Jaccard
# they stay apart.
if [ ! -d "$SHARED/seeds" ]; then
  echo "  (skipped: $SHARED/seeds is absent)"
  return 0
fi
expect_exit 0 "$WINNOW" dedup --measure containment "$SHARED/seeds" -o raw.jsonl \
  --clusters raw-clusters.jsonl
expect_stderr "containment >= 0.8"
expect_stderr "42 bands x 3 rows (chosen"
expect_stderr "clusters: 1 (holding 2 documents)"
[ "$(wc -l < raw.jsonl)" = 1 ] || fail "raw seeds: want one document kept"

expect_exit 0 "$WINNOW" clean -q "$SHARED/seeds" -o clean.jsonl
expect_exit 0 "$WINNOW" dedup -q --measure containment clean.jsonl -o kept.jsonl \
  --clusters clusters.jsonl
golden dedup_seeds_clusters.jsonl clusters.jsonl
golden dedup_seeds_kept.jsonl kept.jsonl

expect_exit 0 "$WINNOW" dedup clean.jsonl -o jaccard.jsonl
expect_stderr "jaccard >= 0.8 with 128 permutations: 14 bands x 9 rows"
expect_stderr "removed: 0"
[ "$(wc -l < jaccard.jsonl)" = 2 ] || fail "by Jaccard the seeds stay apart"

# --annotate-only keeps both and says which is the duplicate of which.
expect_exit 0 "$WINNOW" dedup -q --measure containment --annotate-only clean.jsonl \
  -o annotated.jsonl
[ "$(wc -l < annotated.jsonl)" = 2 ] || fail "annotate-only keeps everything"
grep -q '"duplicate_of":"001_68847ea854be56bd.txt","similarity":0.' annotated.jsonl ||
  fail "annotate-only: duplicate_of and similarity missing"

# winnow run, the main job: golden stories for the example corpus and the
# seeds (with --explain), the same bytes for any thread count, runs killed
# with SIGKILL in several stages and resumed byte-identically, bad input.
ex="$DATA/../../examples/corpus"

expect_exit 0 "$WINNOW" run --explain "$ex" -o ex.jsonl
golden run_examples.jsonl ex.jsonl
expect_stderr "22 documents in"
expect_stderr "12 stories out"
expect_stderr "stories told by more than one capture: 7 (merging 17 captures)"
expect_stderr "caption"
[ ! -e ex.jsonl.run-work ] || fail "the work directory was left behind"
# Every capture is in exactly one story.
n=$(grep -o '"captures":\[[^]]*\]' ex.jsonl | tr ',' '\n' | grep -c '"')
[ "$n" = 22 ] || fail "captures listed $n times, want 22"

expect_exit 0 "$WINNOW" run -q --explain -j 1 --memory 300M "$ex" -o one.jsonl
cmp -s one.jsonl ex.jsonl || fail "output depends on threads or memory"

if [ -d "$SHARED/seeds" ]; then
  expect_exit 0 "$WINNOW" run -q --explain "$SHARED/seeds" -o seeds.jsonl
  golden run_seeds.jsonl seeds.jsonl
  [ "$(wc -l < seeds.jsonl)" = 1 ] || fail "the seed pair is not one story"
else
  echo "  (seeds part skipped: $SHARED/seeds is absent)"
fi

# Killed after the prepare pass, in the sketch stage, after clustering:
# --resume finishes with the same bytes.
for point in prepare:1 sketch:2 cluster:1; do
  rm -f out.jsonl
  WINNOW_DEDUP_TEST_KILL=$point expect_exit 137 "$WINNOW" run --explain \
    --shard-docs 5 "$ex" -o out.jsonl
  [ ! -e out.jsonl ] || fail "$point: a killed run left an output"
  expect_exit 0 "$WINNOW" run --explain --shard-docs 5 "$ex" -o out.jsonl --resume
  expect_stderr "the prepare pass found done"
  cmp -s out.jsonl ex.jsonl || fail "$point: the resumed output differs"
done
# Texts that cleaning leaves as they are stay in a plain JSONL input (the
# work file says where); compressed inputs have them held in the work file.
# The stories are the same bytes.
cp -r "$ex" gzcorpus
gzip gzcorpus/web/*.jsonl gzcorpus/wire/*.jsonl
expect_exit 0 "$WINNOW" run -q --explain gzcorpus -o gz.jsonl
cmp -s gz.jsonl ex.jsonl || fail "compressed inputs give other stories"
# An input rewritten after the prepare pass, with its size and time kept
# (so that a resumed run takes it for the same input), is an error naming
# it and the record's byte, not a story with another text.
cp -r "$ex" mine
WINNOW_DEDUP_TEST_KILL=prepare:1 expect_exit 137 "$WINNOW" run mine -o mine.jsonl
f=mine/web/halvardledger.jsonl
cp -p "$f" keep.jsonl
sed -i 's/Dockworkers at the port/Dockworkers at the pier/' "$f"
touch -r keep.jsonl "$f"
[ "$(wc -c < "$f")" = "$(wc -c < keep.jsonl)" ] || fail "the rewrite changed the size"
expect_exit 1 "$WINNOW" run mine -o mine.jsonl --resume
expect_stderr "halvardledger.jsonl: byte 0: the record there no longer holds the text"
[ ! -e mine.jsonl ] || fail "a failed run left an output"

# Resuming with other options is refused.
WINNOW_DEDUP_TEST_KILL=prepare:1 expect_exit 137 "$WINNOW" run "$ex" -o out.jsonl
expect_exit 2 "$WINNOW" run "$ex" -o out.jsonl --resume --min-repeats 9
expect_stderr "it was made with other options"
expect_exit 0 "$WINNOW" run -q "$ex" -o out.jsonl

# A malformed record: an error naming file and line, no output; with
# --on-error=skip, kept in the rejects file and counted.
printf '{"id":"a","text":"One story about the harbour and the boats."}\n{"id":"b","text":\n{"id":"c","text":"Another story, about a school."}\n' > bad.jsonl
expect_exit 1 "$WINNOW" run bad.jsonl -o bad-out.jsonl
expect_stderr "bad.jsonl:2"
[ ! -e bad-out.jsonl ] || fail "a failed run left an output"
expect_exit 0 "$WINNOW" run --on-error=skip bad.jsonl -o bad-out.jsonl
expect_stderr "rejected: 1"
[ "$(wc -l < bad-out.jsonl)" = 2 ] || fail "want 2 stories from the good records"
grep -q '"line":2' bad-out.rejects.jsonl || fail "reject lacks its line"

# The input is read once, so standard input works, repeats counted or not.
head -n 1 bad.jsonl | "$WINNOW" run -q - > stdin.jsonl 2>stderr ||
  fail "run from stdin failed"
grep -q '"captures":\["a"\]' stdin.jsonl || fail "stdin story missing"
head -n 1 bad.jsonl | "$WINNOW" run -q --no-repeats - > stdin2.jsonl 2>stderr ||
  fail "--no-repeats from stdin failed"
cmp -s stdin.jsonl stdin2.jsonl || fail "one story read from stdin differs"

# Usage errors exit 2 naming the flag.
expect_exit 2 "$WINNOW" run "$ex" --memory 12Q
expect_stderr "--memory"
expect_exit 2 "$WINNOW" run "$ex" --threshold 2

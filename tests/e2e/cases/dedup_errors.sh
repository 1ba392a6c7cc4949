# Usage errors exit 2, data errors 1, each with a message naming the cause.
printf '{"id":"a","text":"one two three four five six"}\n{"id":"b","text":\n' > bad.jsonl
expect_exit 2 "$WINNOW" dedup bad.jsonl -o out.jsonl --bands 4
expect_stderr "give both --bands and --rows, or neither"
expect_exit 2 "$WINNOW" dedup bad.jsonl -o out.jsonl --bands 20 --rows 8
expect_stderr "--bands 20 x --rows 8 = 160 is more than --num-perm 128"
expect_exit 2 "$WINNOW" dedup bad.jsonl -o out.jsonl --memory 2X
expect_stderr 'size "2X" has an unknown unit'
expect_exit 1 "$WINNOW" dedup bad.jsonl -o out.jsonl
expect_stderr "bad.jsonl:2: malformed JSON"
[ ! -e out.jsonl ] || fail "a failed run must not leave an output"
expect_exit 0 "$WINNOW" dedup -q bad.jsonl -o out.jsonl --on-error skip
[ "$(wc -l < out.jsonl)" = 1 ] || fail "skip: the good record is kept"
grep -q '"line":2' out.rejects.jsonl || fail "skip: the bad record is in the rejects"
[ ! -e out.jsonl.dedup-work ] || fail "the work directory is removed after success"
printf '{"text":"x"}\n' > one.jsonl
expect_exit 2 "$WINNOW" dedup - --resume -o o2.jsonl < one.jsonl
expect_stderr "--resume needs file inputs"
mkdir -p foreign.jsonl.dedup-work && echo keep > foreign.jsonl.dedup-work/mine.txt
expect_exit 2 "$WINNOW" dedup bad.jsonl --on-error skip -o foreign.jsonl
expect_stderr "is not a winnow dedup work directory"
[ -e foreign.jsonl.dedup-work/mine.txt ] || fail "a foreign directory was touched"
# stdin works (it is read once into the work directory).
printf '{"text":"one two three four five six"}\n{"text":"One two three, four five six!"}\n' > two.jsonl
expect_exit 0 "$WINNOW" dedup -q - -o from-stdin.jsonl < two.jsonl
[ "$(wc -l < from-stdin.jsonl)" = 1 ] || fail "stdin: exact duplicates"
# An output that cannot be written fails at once, before any work.
expect_exit 1 "$WINNOW" dedup two.jsonl -o no/such/dir/out.jsonl
expect_stderr "no/such/dir/out.jsonl: cannot create output file"
[ ! -e no ] || fail "a failed run created directories"
# An empty input is not an error: empty outputs.
: > empty.jsonl
expect_exit 0 "$WINNOW" dedup -q empty.jsonl -o empty-out.jsonl --clusters empty-clusters.jsonl
[ -f empty-out.jsonl ] && [ ! -s empty-out.jsonl ] || fail "empty input: want an empty output"

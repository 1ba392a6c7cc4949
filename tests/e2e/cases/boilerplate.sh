# winnow boilerplate: golden output with --explain on a small site corpus
# and on the seeds; flags and errors.
site="$DATA/boilerplate/site.jsonl"

expect_exit 0 "$WINNOW" boilerplate -q --explain "$site" -o site.jsonl
golden boilerplate_site.jsonl site.jsonl
# The appeal is gone from every story of the site, and the other
# publisher's quotation of "Remind me later." stays.
grep -q "Remind me later" site.jsonl || fail "quoted sentence lost"
n=$(grep -c '"rule":"cue.interface\[remind me later\]"' site.jsonl)
[ "$n" = 5 ] || fail "appeal end removed from $n stories, want 5"

# Summary counters per class.
expect_exit 0 "$WINNOW" boilerplate "$site" -o site2.jsonl
expect_stderr "boilerplate.removed.appeal:"
expect_stderr "boilerplate.removed.caption: 1"
cmp -s site2.jsonl site.jsonl && fail "--explain made no difference"

# Without the cross-document pass the appeal still goes: its cues bridge
# the paragraph that has none.
expect_exit 0 "$WINNOW" boilerplate -q --no-repeats "$site" -o norep.jsonl
cmp -s norep.jsonl site2.jsonl || fail "--no-repeats changed the output of this corpus"

# Same output whatever the thread count and memory budget (spilling).
expect_exit 0 "$WINNOW" boilerplate -q --explain -j 1 --memory 1M "$site" -o one.jsonl
cmp -s one.jsonl site.jsonl || fail "output depends on threads or memory"

# Tight per-source threshold: two documents already count.
expect_exit 0 "$WINNOW" boilerplate -q --explain --min-repeats 2 "$site" -o min2.jsonl

# Seeds, when present.
if [ -d "$SHARED/seeds" ]; then
  expect_exit 0 "$WINNOW" boilerplate -q --explain "$SHARED/seeds" -o seeds.jsonl
  golden boilerplate_seeds.jsonl seeds.jsonl
else
  echo "  (seeds part skipped: $SHARED/seeds is absent)"
fi

# Usage errors exit 2 with a message naming the flag.
expect_exit 2 "$WINNOW" boilerplate "$site" --memory 12Q
expect_stderr "--memory"
expect_exit 2 "$WINNOW" boilerplate "$site" --memory 10K
expect_stderr "--memory must be at least 1M"
expect_exit 2 "$WINNOW" boilerplate "$site" --min-repeats 1
# Runtime errors exit 1 and name the place.
expect_exit 1 "$WINNOW" boilerplate "$site" --tmp-dir /nonexistent/winnow-tmp -o x.jsonl
expect_stderr "/nonexistent/winnow-tmp"
[ -e x.jsonl ] && fail "output left behind after an error"
printf '{"id":"a","text":"fine"}\n{"id":"b","text":\n' > bad.jsonl
expect_exit 1 "$WINNOW" boilerplate bad.jsonl -o y.jsonl
expect_stderr "bad.jsonl:2"
expect_exit 0 "$WINNOW" boilerplate -q bad.jsonl --on-error=skip -o y.jsonl
[ "$(wc -l < y.jsonl)" = 1 ] || fail "skip mode wrote $(wc -l < y.jsonl) records"
[ "$(wc -l < y.rejects.jsonl)" = 1 ] || fail "rejects file should hold one record"
# Stdin cannot be read twice: a usage error unless the repeat pass is off.
expect_exit 2 sh -c "\"$WINNOW\" boilerplate - < \"$site\""
expect_stderr "stdin can be read only once"
expect_exit 0 sh -c "\"$WINNOW\" boilerplate -q --no-repeats - < \"$site\" > stdin.jsonl"
[ "$(wc -l < stdin.jsonl)" = 6 ] || fail "stdin run wrote $(wc -l < stdin.jsonl) records"

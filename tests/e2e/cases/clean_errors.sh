# Bad input: each case gives one clear message naming the file and the line
# or byte offset, and exit code 1; --on-error=skip keeps going and writes
# the rejects file; usage errors exit 2.
R=$DATA/reader

expect_exit 1 "$WINNOW" clean "$R/bad.jsonl" -o out.jsonl
expect_stderr "winnow: $R/bad.jsonl:2: malformed JSON ("
[ ! -e out.jsonl ] || fail "a failed run left out.jsonl behind"
[ -z "$(ls -A . | grep -v '^std')" ] || fail "a failed run left files: $(ls -A)"

expect_exit 1 "$WINNOW" clean "$R/truncated.jsonl.gz" -o out.jsonl
expect_stderr "winnow: $R/truncated.jsonl.gz: byte 60: truncated gzip stream"

expect_exit 1 "$WINNOW" clean "$R/truncated.jsonl.zst"
expect_stderr "winnow: $R/truncated.jsonl.zst: byte 50: truncated zstd stream"

expect_exit 1 "$WINNOW" clean /nonexistent/input.jsonl
expect_stderr "winnow: /nonexistent/input.jsonl: No such file or directory"

expect_exit 1 "$WINNOW" clean /proc/self/mem
expect_stderr "winnow: /proc/self/mem: byte 0: read failed: Input/output error"

printf '{"id":1,"body":"x"}\n' > nofield.jsonl
expect_exit 1 "$WINNOW" clean nofield.jsonl
expect_stderr "winnow: nofield.jsonl:1: text field \"text\" is missing (--text-field)"

# Skip mode: the good records are written, the bad ones kept with reasons.
expect_exit 0 "$WINNOW" clean --on-error=skip "$R/bad.jsonl" "$R/truncated.jsonl.gz" -o out.jsonl
[ "$(wc -l < out.jsonl)" -eq 2 ] || fail "expected 2 good records, got $(wc -l < out.jsonl)"
[ "$(wc -l < out.rejects.jsonl)" -eq 5 ] || fail "expected 5 rejects, got $(wc -l < out.rejects.jsonl)"
expect_stderr "2 documents in, 2 out, 5 rejected"
expect_stderr "rejected records: out.rejects.jsonl"
grep -q '"reason":".*truncated gzip stream' out.rejects.jsonl || fail "truncation not in rejects"
grep -q '"record":"{\\"id\\":\\"num\\",\\"text\\":42}"' out.rejects.jsonl || fail "bad record not kept verbatim"

# Usage errors exit 2.
expect_exit 2 "$WINNOW" clean
expect_exit 2 "$WINNOW" clean --on-error=maybe "$R/sample.jsonl"
expect_exit 2 "$WINNOW" clean --max-record-bytes=12Q "$R/sample.jsonl"
expect_stderr "unknown unit"
cp "$R/sample.jsonl" same.jsonl
expect_exit 2 "$WINNOW" clean same.jsonl -o same.jsonl
expect_stderr "is also an input"
expect_exit 2 "$WINNOW" frobnicate
expect_exit 0 "$WINNOW" --version
grep -q '^winnow ' stdout || fail "--version printed: $(cat stdout)"

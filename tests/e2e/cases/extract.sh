# winnow extract: HTML files, a WARC archive, JSONL with an HTML field, and
# the error paths of a WARC whose Content-Lengths lie.
X="$DATA/extract"

expect_exit 0 "$WINNOW" extract -q "$X/pages" -o pages.jsonl
golden extract_pages.jsonl pages.jsonl

expect_exit 0 "$WINNOW" extract -q "$X/crawl.warc.gz" -o crawl.jsonl
golden extract_crawl.jsonl crawl.jsonl

# The same archive, decompressed and recompressed as one zstd stream.
if command -v zstd >/dev/null; then
  gzip -dc "$X/crawl.warc.gz" | zstd -q -o crawl.warc.zst
  expect_exit 0 "$WINNOW" extract -q crawl.warc.zst -o crawl-zst.jsonl
  cmp -s crawl.jsonl crawl-zst.jsonl || fail "zstd WARC differs from gzip WARC"
fi

# Lying Content-Length: the default stops at the first bad record, naming
# the file and its byte offset.
expect_exit 1 "$WINNOW" extract -q "$X/lying.warc" -o lying.jsonl
expect_stderr "lying.warc: byte 939: WARC record Content-Length 1083 does not end at a record boundary"
[ ! -e lying.jsonl ] || fail "a failed run left its output"

# Skipping: the good records before and after each bad one are kept.
expect_exit 0 "$WINNOW" extract "$X/lying.warc" --on-error=skip -o lying.jsonl
golden extract_lying.jsonl lying.jsonl
expect_stderr "3 rejected"
[ "$(wc -l < lying.rejects.jsonl)" = 3 ] || fail "expected 3 rejected records"
grep -q "byte 3799: WARC record Content-Length 683 runs past the end of the input" \
  lying.rejects.jsonl || fail "truncated record not reported"

# JSONL with the page in a field: other fields carried, html dropped; a
# record whose field is not a string is an error naming its line.
expect_exit 1 "$WINNOW" extract -q "$X/pages.jsonl" --html-field html -o j.jsonl
expect_stderr "pages.jsonl:3: HTML field \"html\" is a number, not a string"
expect_exit 0 "$WINNOW" extract -q "$X/pages.jsonl" --html-field html --on-error=skip -o j.jsonl
golden extract_jsonl.jsonl j.jsonl

# Usage errors.
expect_exit 2 "$WINNOW" extract -q "$X/pages" --threshold 2
expect_exit 2 "$WINNOW" extract -q "$X/pages" --max-html-bytes 12Q

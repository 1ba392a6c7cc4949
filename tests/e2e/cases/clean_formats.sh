# Inputs in every format and compression produce the same records; outputs
# compress by extension; stdin works; non-ASCII text round-trips.
R=$DATA/reader
"$WINNOW" clean -q "$R/sample.jsonl" -o plain.jsonl || fail "plain"
"$WINNOW" clean -q "$R/sample.jsonl.gz" -o gz.jsonl || fail "gz"
"$WINNOW" clean -q "$R/sample.jsonl.zst" -o zst.jsonl || fail "zst"
cmp -s plain.jsonl gz.jsonl || fail "gzip input differs"
cmp -s plain.jsonl zst.jsonl || fail "zstd input differs"
golden clean_sample.jsonl plain.jsonl

"$WINNOW" clean -q - < "$R/sample.jsonl" > stdin.jsonl || fail "stdin"
cmp -s plain.jsonl stdin.jsonl || fail "stdin output differs"
gzip -dc < "$R/sample.jsonl.gz" | "$WINNOW" clean -q - > stdin2.jsonl || fail "stdin pipe"
cmp -s plain.jsonl stdin2.jsonl || fail "piped output differs"

"$WINNOW" clean -q "$R/sample.jsonl" -o out.jsonl.gz || fail "gz out"
"$WINNOW" clean -q "$R/sample.jsonl" -o out.jsonl.zst || fail "zst out"
gzip -dc out.jsonl.gz | cmp -s - plain.jsonl || fail "gzip output differs"
zstd -qdc out.jsonl.zst | cmp -s - plain.jsonl || fail "zstd output differs"

"$WINNOW" clean -q "$R/dir" -o dir.jsonl || fail "dir"
golden clean_dir.jsonl dir.jsonl

for t in 1 2 4; do
  "$WINNOW" clean -q -j $t "$R/concat.jsonl.gz" -o t$t.jsonl || fail "threads $t"
done
cmp -s t1.jsonl t2.jsonl && cmp -s t1.jsonl t4.jsonl || fail "thread counts differ"

# A closed pipe is not an error.
"$WINNOW" clean -q "$R/concat.jsonl.gz" | head -c 10 > /dev/null

# winnow compare on the seed pair: Jaccard 0.57, containment 0.89, the
# photo caption only in the print capture, the appeal only in the web one.
if [ ! -d "$SHARED/seeds" ]; then
  echo "  (skipped: $SHARED/seeds is absent)"
  return 0
fi
expect_exit 0 "$WINNOW" compare "$SHARED/seeds/000_686b4e63baf677cf.txt" \
  "$SHARED/seeds/001_68847ea854be56bd.txt"
sed "s|$SHARED|SHARED|g" stdout > compare.txt
golden compare_seeds.txt compare.txt
expect_exit 0 "$WINNOW" compare --json "$SHARED/seeds/000_686b4e63baf677cf.txt" \
  "$SHARED/seeds/001_68847ea854be56bd.txt"
grep -q '"jaccard":0.573626' stdout || fail "compare --json: jaccard"
grep -q '"containment":0.887755' stdout || fail "compare --json: containment"

# Two records of one JSONL file, by id; a missing id is an error.
expect_exit 0 "$WINNOW" clean -q "$SHARED/seeds" -o seeds.jsonl
expect_exit 0 "$WINNOW" compare seeds.jsonl
grep -q "seeds.jsonl (record 2)" stdout || fail "compare of a two-record file"
expect_exit 1 "$WINNOW" compare seeds.jsonl --a-id nope --b-id 001_68847ea854be56bd.txt
expect_stderr 'seeds.jsonl: no record with id "nope" (2 records read)'

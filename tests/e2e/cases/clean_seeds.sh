# winnow clean on the seed folder: golden output, when the seeds exist.
if [ ! -d "$SHARED/seeds" ]; then
  echo "  (skipped: $SHARED/seeds is absent)"
  return 0
fi
expect_exit 0 "$WINNOW" clean -q "$SHARED/seeds" -o seeds.jsonl
golden clean_seeds.jsonl seeds.jsonl

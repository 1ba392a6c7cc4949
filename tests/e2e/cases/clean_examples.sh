# winnow clean on the bundled example corpus (examples/corpus): print
# captures reflowed to one paragraph per line, web and wire records kept as
# they are. See examples/README.md for what the corpus holds.
expect_exit 0 "$WINNOW" clean -q "$DATA/../../examples/corpus" -o ex.jsonl
golden clean_examples.jsonl ex.jsonl

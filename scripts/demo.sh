#!/bin/sh
# make demo: runs the main job (winnow run) on the bundled example corpus,
# prints a short report and says where the results are.
# Usage: demo.sh WINNOW OUT_DIR
set -eu
winnow=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
echo "winnow demo: the example corpus in examples/corpus (print, web and wire"
echo "captures of a dozen news stories; see examples/README.md)"
echo
"$winnow" run --explain "$root/examples/corpus" -o "$out/stories.jsonl"
echo
echo "Results: $out/stories.jsonl: one record per story, its clean canonical"
echo "text (one paragraph per line), \"cluster\", the ids of the \"captures\""
echo "merged into it, and \"removed\": every paragraph left out, with its class,"
echo "the rule that decided and its score. Look at one with:"
echo "  head -n 1 $out/stories.jsonl | python3 -m json.tool"

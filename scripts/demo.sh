#!/bin/sh
# make demo: runs winnow on the bundled example corpus and says where the
# results are. Usage: demo.sh WINNOW OUT_DIR
set -eu
winnow=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
echo "winnow demo: cleaning the example corpus in examples/"
"$winnow" clean "$root/examples/corpus" -o "$out/clean.jsonl"
echo
echo "Results: $out/clean.jsonl (one JSON record per document, text cleaned"
echo "to one paragraph per line). Look at one with:"
echo "  head -n 1 $out/clean.jsonl | python3 -m json.tool"

# Shared by the dedup benchmark scripts: where generated corpora go, and
# how to make one. Corpora are large (2.5 KB per document); scripts delete
# what they generate unless KEEP_CORPUS=1.
bench_dir=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_WORK:-$bench_dir/work}
mkdir -p "$work"

# corpus N: writes $work/gen-N.jsonl and its truth (seed 1), once.
corpus() {
  n=$1
  c="$work/gen-$n.jsonl"
  if [ ! -s "$c" ]; then
    "$build/winnow-gencorpus" --docs "$n" --seed 1 -o "$c" --truth "$work/gen-$n.tsv"
  fi
  echo "$c"
}

drop_corpus() {
  [ "${KEEP_CORPUS:-0}" = 1 ] || rm -f "$work/gen-$1.jsonl" "$work/gen-$1.tsv"
}

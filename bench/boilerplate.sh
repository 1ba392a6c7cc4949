#!/bin/sh
# End-to-end benchmark of winnow boilerplate (both passes) on a generated
# news corpus, next to winnow clean on the same input (the floor: both
# passes clean every document).
# Usage: boilerplate.sh BUILD_DIR [N_DOCS]   (default 200000 documents, ~440 MB)
# Prints wall time, documents/s, paragraphs/s and MB/s for each job.
set -eu
winnow=$1/winnow
n=${2:-200000}
here=$(cd "$(dirname "$0")" && pwd)
work=$here/work
mkdir -p "$work"
corpus=$work/news-$n.jsonl
if [ ! -f "$corpus" ]; then
  echo "generating $corpus" >&2
  python3 "$here/gen_news_corpus.py" "$n" "$corpus.tmp" --sources 500
  mv "$corpus.tmp" "$corpus"
fi
bytes=$(wc -c < "$corpus")
threads=$(nproc)

run() {
  label=$1; shift
  start=$(date +%s.%N)
  "$@" 2> "$work/stderr" >/dev/null
  end=$(date +%s.%N)
  paras=$(sed -n 's/^  clean.paragraphs: //p' "$work/stderr" | tr -d ,)
  [ -n "$paras" ] || paras=0
  python3 - "$label" "$start" "$end" "$n" "$paras" "$bytes" <<'PY'
import sys
label, start, end, n, paras, size = sys.argv[1:]
t = float(end) - float(start)
print("%-34s %7.2f s  %9.0f docs/s  %10.0f paragraphs/s  %6.1f MB/s" % (
    label, t, int(n) / t, int(paras) / t, int(size) / t / 1e6))
PY
}

echo "corpus: $n documents, $(python3 -c "print('%.0f MB' % ($bytes/1e6))"), $threads threads"
for j in 1 "$threads"; do
  run "clean -j $j" "$winnow" clean -j "$j" "$corpus" -o "$work/out.jsonl"
  run "boilerplate --no-repeats -j $j" "$winnow" boilerplate -j "$j" --no-repeats "$corpus" -o "$work/out.jsonl"
  run "boilerplate (two passes) -j $j" "$winnow" boilerplate -j "$j" "$corpus" -o "$work/out.jsonl"
  run "boilerplate --memory 16M -j $j" "$winnow" boilerplate -j "$j" --memory 16M "$corpus" -o "$work/out.jsonl"
done
rm -f "$work/out.jsonl"

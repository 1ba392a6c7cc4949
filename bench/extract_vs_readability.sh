#!/bin/sh
# winnow extract vs Mozilla Readability (npm @mozilla/readability with
# jsdom@26), side by side on the same decompressed WCXB dev pages, one
# core each: pages/s and F1 (scripts/extract_score.py) of both, and the
# ratios. Readability and jsdom are installed from the npm registry into
# build/bench-readability (not committed).
#
# Usage: bench/extract_vs_readability.sh [BUILD_DIR] [DATASET_DIR] [PAGES]
#   PAGES: how many pages (default: all 1,497; Readability takes minutes).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
data=${2:-$root/../shared/data/wcxb-dev}
limit=${3:-0}
work=$root/build/bench-readability
mkdir -p "$work/pages"

if [ ! -d "$work/node_modules/@mozilla/readability" ] ||
   [ ! -d "$work/node_modules/jsdom" ]; then
  echo "== installing @mozilla/readability and jsdom@26 into $work" >&2
  (cd "$work" && [ -f package.json ] || echo '{"private": true}' > "$work/package.json")
  (cd "$work" && npm install --no-audit --no-fund --silent @mozilla/readability jsdom@26)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DWINNOW_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target winnow extract_speed >/dev/null

# The same decompressed pages for both tools.
rm -f "$work/pages"/*.html
n=0
for f in "$data"/html/*.html.gz; do
  [ "$limit" -gt 0 ] && [ $n -ge "$limit" ] && break
  gzip -dc "$f" > "$work/pages/$(basename "$f" .gz)"
  n=$((n + 1))
done
ls "$work/pages" | sed 's/\..*//' > "$work/page-ids.txt"
echo "== $n pages, $(du -sh "$work/pages" | cut -f1) decompressed" >&2

echo "== Readability (jsdom@26), one thread" >&2
# Run from the scratch folder so that node finds its node_modules.
cp "$root/bench/readability_extract.js" "$work/"
r_line=$(cd "$work" && node --max-old-space-size=12288 readability_extract.js \
  "$work/readability.jsonl" "$work"/pages/*.html)
echo "$r_line"
echo "== winnow, one thread" >&2
w_line=$("$build/bench/extract_speed" --runs 3 "$work"/pages/*.html)
echo "$w_line"
"$build/winnow" extract -q -j 1 "$work/pages" -o "$work/winnow.jsonl"

f1() {
  python3 "$root/scripts/extract_score.py" "$1" "$data" --pages "$work/page-ids.txt" |
    awk -F'|' '$2 ~ /^ all / {gsub(/ /, "", $6); print $6}'
}
f1_article() {
  python3 "$root/scripts/extract_score.py" "$1" "$data" --pages "$work/page-ids.txt" |
    awk -F'|' '$2 ~ /^ article / {gsub(/ /, "", $6); print $6}'
}
r_rate=$(echo "$r_line" | awk '{for (i = 1; i < NF; i++) if ($i == "pages_per_s") print $(i + 1)}')
w_rate=$(echo "$w_line" | awk '{for (i = 1; i < NF; i++) if ($i == "pages_per_s") print $(i + 1)}')
w_cpu=$(echo "$w_line" | awk '{for (i = 1; i < NF; i++) if ($i == "pages_per_cpu_s") print $(i + 1)}')
r_f1=$(f1 "$work/readability.jsonl")
w_f1=$(f1 "$work/winnow.jsonl")
r_af1=$(f1_article "$work/readability.jsonl")
w_af1=$(f1_article "$work/winnow.jsonl")
echo
printf '%-22s %12s %10s %12s\n' tool "pages/s" "F1" "article F1"
printf '%-22s %12s %10s %12s\n' "readability+jsdom@26" "$r_rate" "$r_f1" "$r_af1"
printf '%-22s %12s %10s %12s\n' "winnow (1 thread)" "$w_rate" "$w_f1" "$w_af1"
echo "winnow pages per CPU second: $w_cpu"
python3 -c "import sys; r, w = float(sys.argv[1]), float(sys.argv[2]); print(f'speed ratio winnow/readability: {w / r:.1f}x')" "$r_rate" "$w_rate"

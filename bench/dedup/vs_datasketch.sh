#!/bin/sh
# winnow dedup side by side with a datasketch-equivalent MinHash-LSH (a
# numpy re-implementation of datasketch's algorithm, datasketch_equiv.py;
# not the datasketch package, which is not installable here), on the same
# generated corpus at threshold 0.8, single-threaded both (winnow also on
# every core). Reports documents per second and the ratio.
# Usage: vs_datasketch.sh BUILD_DIR [DOCS]
set -eu
build=$1
docs=${2:-20000}
. "$(dirname "$0")/common.sh"
c=$(corpus "$docs")
cat "$c" > /dev/null
py=$(/usr/bin/python3 "$bench_dir/dedup/datasketch_equiv.py" "$c" 0.8)
py_sketch=$(echo "$py" | cut -f4)
py_total=$(echo "$py" | cut -f5)
echo "datasketch-equivalent (numpy, 1 thread): $(echo "$py" | cut -f2) s sketching, $(echo "$py" | cut -f3) s total; $py_sketch docs/s sketching, $py_total docs/s end to end; LSH $(echo "$py" | cut -f7), $(echo "$py" | cut -f6) candidate pairs"
for j in 1 $(nproc); do
  /usr/bin/time -f "%e" -o "$work/time.txt" "$build/winnow" dedup -v -j "$j" "$c" \
    -o "$work/vs-out.jsonl" 2> "$work/vs-log.txt"
  wall=$(cat "$work/time.txt")
  s=$(sed -n 's/.*sketch stage done in \([0-9.]*\) s/\1/p' "$work/vs-log.txt")
  awk -v d="$docs" -v w="$wall" -v s="$s" -v j="$j" -v ps="$py_sketch" -v pt="$py_total" 'BEGIN {
    printf "winnow dedup -j %d: %.2f s sketching, %.2f s total; %.0f docs/s sketching (%.0fx), %.0f docs/s end to end (%.0fx)\n",
      j, s, w, d / s, d / s / ps, d / w, d / w / pt }'
done
rm -f "$work/vs-out.jsonl"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
drop_corpus "$docs"

#!/bin/sh
# Runs a fuzzer briefly: every seed input, then SMOKE_SECONDS (default 5)
# of mutation in a scratch copy of the corpus. A crash fails the test.
# A single allocation may reach 2200 MB: a zstd frame may declare the
# 2 GiB window winnow accepts (zstd --long=31), which the decoder reserves
# but a tiny frame never fills; resident memory stays capped at 2048 MB.
set -eu
fuzzer=$1 corpus=$2 work=$3
rm -rf "$work" && mkdir -p "$work/corpus"
[ -d "$corpus" ] && cp -r "$corpus"/. "$work/corpus/"
cd "$work"
exec "$fuzzer" -max_total_time="${SMOKE_SECONDS:-5}" -max_len=65536 \
  -rss_limit_mb=2048 -malloc_limit_mb=2200 -timeout=10 -print_final_stats=1 corpus

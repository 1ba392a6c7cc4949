#!/bin/sh
# Runs a fuzzer briefly: every seed input, then SMOKE_SECONDS (default 5)
# of mutation in a scratch copy of the corpus. A crash fails the test.
set -eu
fuzzer=$1 corpus=$2 work=$3
rm -rf "$work" && mkdir -p "$work/corpus"
[ -d "$corpus" ] && cp -r "$corpus"/. "$work/corpus/"
cd "$work"
exec "$fuzzer" -max_total_time="${SMOKE_SECONDS:-5}" -max_len=65536 \
  -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 corpus

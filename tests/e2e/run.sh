#!/bin/sh
# End-to-end tests of the winnow binary: each case in tests/e2e/cases/*.sh
# runs commands and compares their output with golden files in tests/data.
# Usage: run.sh WINNOW DATA_DIR SHARED_DIR
# Set UPDATE_GOLDEN=1 to rewrite the golden files from the current output.
set -u
abspath() { (cd "$(dirname "$1")" 2>/dev/null && echo "$(pwd)/$(basename "$1")") || echo "$1"; }
WINNOW=$(abspath "$1")
DATA=$(abspath "$2")
SHARED=$(abspath "$3")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/winnow-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export WINNOW DATA SHARED WORK
. "$HERE/lib.sh"

for case in "$HERE"/cases/*.sh; do
  CASE=$(basename "$case" .sh)
  export CASE
  mkdir -p "$WORK/$CASE"
  ( cd "$WORK/$CASE" && . "$case" )
  if [ $? -ne 0 ]; then
    echo "FAIL: $CASE"
    FAILED="${FAILED:-} $CASE"
  else
    echo "ok:   $CASE"
  fi
done
if [ -n "${FAILED:-}" ]; then
  echo "failed cases:$FAILED"
  exit 1
fi

# Helpers for end-to-end cases. Each case runs in its own directory under
# $WORK with `set -e` semantics provided by the `check` helpers below.

fail() { echo "  $CASE: $*" >&2; exit 1; }

# golden NAME FILE: compares FILE with tests/data/golden/NAME.
golden() {
  g="$DATA/golden/$1"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$(dirname "$g")" && cp "$2" "$g"
    return 0
  fi
  [ -f "$g" ] || fail "missing golden file $g"
  if ! cmp -s "$g" "$2"; then
    diff -u "$g" "$2" | head -40 >&2
    fail "$2 differs from golden $1"
  fi
}

# expect_exit CODE CMD...: runs CMD, checks its exit code; stderr goes to
# ./stderr for expect_stderr.
expect_exit() {
  want=$1; shift
  "$@" 2>stderr >stdout
  got=$?
  [ "$got" = "$want" ] || { cat stderr >&2; fail "exit $got, want $want: $*"; }
}

# expect_stderr TEXT: the last command's stderr contains TEXT.
expect_stderr() {
  grep -qF -- "$1" stderr || { cat stderr >&2; fail "stderr lacks: $1"; }
}

# near_dup_corpus SEED DOCS DUP_RATE [PER_FILE BROKEN_AFTER]: JSONL of DOCS
# documents of made-up words (40-119 words from a 600-word vocabulary), a
# DUP_RATE share of them near-copies of an earlier document with 3% of the
# words changed. To stdout; with PER_FILE, to in0.jsonl, in1.jsonl, ... of
# PER_FILE documents each, with a malformed line after document
# BROKEN_AFTER.
near_dup_corpus() {
  awk -v seed="$1" -v docs="$2" -v dup="$3" -v per_file="${4:-0}" \
      -v broken="${5:--1}" 'BEGIN {
    srand(seed);
    split("ka lo mi ne ru sa ti vo ze pa qu ri do fe gi", syl, " ");
    for (w = 0; w < 600; w++) {
      word = ""; n = 2 + int(rand() * 3);
      for (k = 0; k < n; k++) word = word syl[1 + int(rand() * 15)];
      vocab[w] = word;
    }
    for (d = 0; d < docs; d++) {
      if (d > 10 && rand() < dup) {
        b = int(rand() * d); text = doc[b]; nw = split(text, t, " "); text = "";
        for (i = 1; i <= nw; i++) {
          if (rand() < 0.03) t[i] = vocab[int(rand() * 600)];
          text = text (i > 1 ? " " : "") t[i];
        }
      } else {
        text = ""; nw = 40 + int(rand() * 80);
        for (i = 0; i < nw; i++) text = text (i ? " " : "") vocab[int(rand() * 600)];
      }
      doc[d] = text;
      line = sprintf("{\"id\":\"doc%d\",\"text\":\"%s\"}", d, text);
      if (per_file == 0) { print line; continue; }
      out = "in" int(d / per_file) ".jsonl";
      print line > out;
      if (d == broken) print "{\"id\": broken" > out;
    }
  }'
}

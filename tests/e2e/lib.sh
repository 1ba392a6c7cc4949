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

# Shared by the tests/cli scripts: `source "$(dirname "$0")/lib.sh"` after `l2o=$1`.
# Gives $work (a temporary directory removed at exit), ok / bad counters, expect_error, py
# (numpy and json imported) and finish NAME (prints the counts; fails if any check failed).
set -uo pipefail
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fails=0; passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect_error DESCRIPTION REGEX COMMAND...: non-zero exit and an error matching REGEX
expect_error() {
  local what=$1 pattern=$2; shift 2
  local out; out=$("$@" 2>&1); local rc=$?
  if [ $rc -eq 0 ]; then bad "$what: exit 0"; return; fi
  if ! grep -Eq -e "$pattern" <<<"$out"; then bad "$what: message '$out' does not match '$pattern'"; return; fi
  ok
}
py() { /usr/bin/python3 -c "import json, numpy as np; $1"; }
finish() {
  echo "$1: $passes passed, $fails failed"
  [ $fails -eq 0 ]
}

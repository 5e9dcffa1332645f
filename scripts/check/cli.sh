#!/usr/bin/env bash
# The CLI's conventions (build/aegispath-cli): --help/-h on stdout with exit
# 0, --version, exit 2 with a one-line hint for unknown options and extra
# arguments, "-" for stdin, -o FILE, the OS's own words for write errors
# (/dev/full), a progress line only on a terminal; and its output is exactly
# the Go reference engine's bytes.
set -euo pipefail
cli=build/aegispath-cli
work=build/cli-check
rm -rf "$work" && mkdir -p "$work"
fail() { echo "cli check: $*" >&2; exit 1; }

# expect CODE CMD...: runs CMD with stdout and stderr in $work, checks the exit status.
expect() {
  local want=$1 got=0
  shift
  "$@" >"$work/out" 2>"$work/err" || got=$?
  [ "$got" -eq "$want" ] || { cat "$work/err" >&2; fail "'$*' exited $got, want $want"; }
}
stderr_has() { grep -qF -- "$1" "$work/err" || { cat "$work/err" >&2; fail "stderr lacks '$1'"; }; }
one_line_hint() {
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "want one line on stderr, got: $(cat "$work/err")"
  stderr_has "try aegispath-cli --help"
  [ ! -s "$work/out" ] || fail "usage error wrote to stdout"
}

for help in --help -h; do
  expect 0 "$cli" "$help"
  grep -q '^usage: aegispath-cli paths' "$work/out" || fail "$help: no usage on stdout"
  [ ! -s "$work/err" ] || fail "$help wrote to stderr"
done
version=$(sed -nE 's/^#define AEGIS_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' include/aegispath.h | paste -sd.)
for v in --version version; do
  expect 0 "$cli" "$v"
  grep -qx "libaegispath $version (header $version)" "$work/out" || fail "$v: $(cat "$work/out")"
done

for bad in "--bogus" "-x" "paths --output" "paths a b" "findings a b c d" "version extra" "frobnicate f" "" "paths" "findings --edges e f"; do
  # shellcheck disable=SC2086  # word splitting wanted: each case is argv
  expect 2 "$cli" $bad
  one_line_hint
done

doc="$work/findings.json"
go run ./go/cmd/aegis-gen -n 200 -seed 1 -shape upstream -o "$doc"
go run ./tests/cli/reference paths "$doc" >"$work/want-paths.json"
filter='{"severity":"HIGH","cloud_provider":"aws"}'
go run ./tests/cli/reference findings "$doc" "$filter" >"$work/want-findings.json"

expect 0 "$cli" paths "$doc"
cmp -s "$work/out" "$work/want-paths.json" || fail "paths FILE differs from the Go engine's bytes"
[ ! -s "$work/err" ] || fail "paths wrote to stderr without a terminal: $(cat "$work/err")"
expect 0 sh -c "$cli paths - <'$doc'"
cmp -s "$work/out" "$work/want-paths.json" || fail "paths - (stdin) differs"
expect 0 "$cli" -o "$work/paths-o.json" paths "$doc"
cmp -s "$work/paths-o.json" "$work/want-paths.json" || fail "-o FILE (before the command) differs"
expect 0 "$cli" paths "$doc" --output "$work/paths-o2.json"
cmp -s "$work/paths-o2.json" "$work/want-paths.json" || fail "--output FILE (after) differs"
[ ! -s "$work/out" ] || fail "-o FILE also wrote to stdout"
expect 0 "$cli" findings "$doc" "$filter" -o -
cmp -s "$work/out" "$work/want-findings.json" || fail "findings with a filter differs from the Go engine's bytes"
[ "$(wc -c <"$work/want-findings.json")" -gt 2 ] || fail "the filter selects nothing: a weak test"
expect 0 sh -c "$cli -- findings - '$filter' <'$doc'"
cmp -s "$work/out" "$work/want-findings.json" || fail "-- findings - FILTER (stdin) differs"
expect 1 sh -c "$cli findings - </dev/null"
stderr_has "input is empty"

# Errors: the OS's reason, exit 1; the library's message, exit 1.
expect 1 "$cli" paths -o /dev/full "$doc"
stderr_has "writing /dev/full: No space left on device"
expect 1 sh -c "$cli paths '$doc' >/dev/full"
stderr_has "writing standard output: No space left on device"
expect 1 "$cli" findings -o /dev/full "$doc"
stderr_has "No space left on device"
expect 1 "$cli" paths "$work/no-such-file"
stderr_has "no-such-file: No such file or directory"
expect 1 "$cli" paths "$work"
stderr_has "Is a directory"
echo '{"not":"an array"}' >"$work/object.json"
expect 1 "$cli" paths "$work/object.json"
stderr_has "top level is not an array"

# Progress: only when stderr is a terminal (a pseudo-terminal from script(1))
# and the output is not; the line is cleared at the end.
if command -v script >/dev/null 2>&1; then
  script -qec "$cli paths -o $work/paths-tty.json $doc" /dev/null >"$work/tty" </dev/null
  grep -q 'computing attack paths' "$work/tty" || fail "no progress line on a terminal"
  tail -c 4 "$work/tty" | od -An -c | grep -q '\\r 033   \[   K' || fail "the progress line is not cleared at the end"
  cmp -s "$work/paths-tty.json" "$work/want-paths.json" || fail "output under a terminal differs"
else
  echo "cli check: script(1) not found; progress line on a terminal not checked"
fi
echo "CLI conventions hold; paths and findings output equal the Go engine's bytes"

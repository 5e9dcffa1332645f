#!/usr/bin/env bash
# Catch2 suite of the Release build (warnings as errors), through ctest.
# --no-tests=error: a filter or discovery that matches nothing is a failure;
# each discovered test also runs with Catch's --warn NoTests (tests/CMakeLists.txt),
# so a test whose spec matches no case fails. First, the names ctest discovered
# must be exactly the suite's cases (a `;` in a name would split it in two).
set -euo pipefail
# (Catch2 v2's --list-test-names-only exits with the number of cases.)
suite=$({ build/tests/aegispath_tests --list-test-names-only || true; } | sed '/^$/d' | sort)
discovered=$(ctest --test-dir build -N | sed -n 's/^ *Test *#[0-9]*: //p' | sort)
if [ "$suite" != "$discovered" ]; then
  echo "ctest's test names differ from the suite's cases:" >&2
  diff <(echo "$suite") <(echo "$discovered") >&2 || true
  exit 1
fi
echo "$(wc -l <<<"$suite") test cases, each discovered once"
ctest --test-dir build --output-on-failure -j2 --no-tests=error

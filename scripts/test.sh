#!/usr/bin/env bash
# The whole test suite; what CI runs (.ci/run). Installs what it needs first.
#
#   scripts/test.sh           every phase (CI; about 20-25 min on 2 cores)
#   scripts/test.sh --quick   Release build, C++ unit tests, the Python binding's
#                             tests (no Spark), Go tests in -short mode (parity
#                             on small corpora), no sanitizers: for everyday
#                             work, a few minutes
#
# Each phase is one script in scripts/check/; this file lists them in order.
# Every phase prints its name, then its duration; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "test.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

suite_start=$SECONDS
phase() {
  local name=$1
  shift
  local start=$SECONDS
  echo "== $name"
  if ! "$@"; then
    echo "!! $name FAILED after $((SECONDS - start)) s (suite: $((SECONDS - suite_start)) s)" >&2
    exit 1
  fi
  echo "   $name: $((SECONDS - start)) s"
}

phase "setup and Release build (-Werror)" env AEGIS_CMAKE_ARGS="-DAEGIS_WERROR=ON" scripts/setup.sh
phase "C++ tests (Release)" scripts/check/cpp-release.sh
phase "exported symbols" scripts/check/exports.sh
phase "CLI conventions" scripts/check/cli.sh
phase "Python package and Spark job (pytest)" scripts/check/python.sh $([ "$quick" -eq 1 ] && echo --quick)
if [ "$quick" -eq 1 ]; then
  phase "Go tests (cgo, -short)" go test -short -count=1 ./...
else
  phase "C++ tests (ASan + UBSan)" scripts/check/cpp-asan.sh
  phase "C++ tests (ThreadSanitizer, 8-thread stress)" scripts/check/cpp-tsan.sh
  phase "allocation-failure sweep" scripts/check/alloc-failure.sh
  phase "fuzz smoke run (libFuzzer, ASan + UBSan)" scripts/check/fuzz-smoke.sh
  phase "install: installed CLI, pkg-config and find_package consumers (shared, static)" scripts/check/install.sh
  phase "Go module using the installed library (-tags aegispath_system)" scripts/check/go-consumer.sh
  phase "deployment: systemd unit, Docker image (when an engine runs)" scripts/check/deploy.sh
  phase "go vet (cgo and pure Go)" scripts/check/go-vet.sh
  phase "Go tests (cgo + native library, race detector)" scripts/check/go-race.sh
  phase "Go tests (pure Go, no cgo)" scripts/check/go-purego.sh
  phase "web view in headless Chromium" scripts/check/browser.sh
fi
echo "== all phases passed in $((SECONDS - suite_start)) s$([ "$quick" -eq 1 ] && echo ' (quick)')"

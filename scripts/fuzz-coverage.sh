#!/usr/bin/env bash
# Which lines of src/ the fuzz corpora reach: builds the libFuzzer targets
# with clang's source-based coverage (build-fuzz-cov/), runs each target once
# over its corpus (build-fuzz/corpus/<target>, grown by scripts/fuzz.sh) and
# its seeds, and prints llvm-cov's line, function and region coverage per
# target and for all targets together. Run scripts/fuzz.sh first: without a
# corpus only the seeds count.
#
#   scripts/fuzz-coverage.sh                  # every target
#   scripts/fuzz-coverage.sh graph            # one target
#   AEGIS_COVERAGE_FILES=1 scripts/fuzz-coverage.sh   # and the per-file table
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(dropin options store graph)
[ $# -ge 1 ] && targets=("$1")

llvm_bin=$(ls -d /usr/lib/llvm-*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$llvm_bin" ] || [ ! -x "$llvm_bin/llvm-cov" ] || [ ! -d build-fuzz/seeds ]; then
  echo "fuzz-coverage: run scripts/fuzz.sh first (it installs clang and writes the seeds)" >&2
  exit 2
fi

cmake -S . -B build-fuzz-cov -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAEGIS_BUILD_FUZZ=ON -DAEGIS_FUZZ_COVERAGE=ON \
  -DAEGIS_BUILD_TESTS=OFF >/dev/null
ninja -C build-fuzz-cov -j2 "${targets[@]/#/aegis_fuzz_}" >/dev/null

prof=build-fuzz-cov/profiles
rm -rf "$prof"
mkdir -p "$prof"
export ASAN_OPTIONS=detect_leaks=0
objects=()
summary() {  # name, profdata, binaries...
  local name=$1 data=$2
  shift 2
  local args=("$1")
  shift
  for b in "$@"; do args+=(-object "$b"); done
  "$llvm_bin/llvm-cov" report "${args[@]}" -instr-profile="$data" "$PWD/src" |
    awk -v name="$name" '/^TOTAL/ {printf "  %-8s lines %s (%s of %s), functions %s, regions %s\n", name, $10, $8 - $9, $8, $7, $4}'
}
for t in "${targets[@]}"; do
  seeds=build-fuzz/seeds
  [ "$t" = graph ] && seeds=build-fuzz/seeds-graph
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus"
  bin=build-fuzz-cov/tests/fuzz/aegis_fuzz_$t
  # -runs=0: every input of the directories once, nothing new.
  LLVM_PROFILE_FILE="$prof/$t.profraw" "$bin" -runs=0 -timeout=60 -rss_limit_mb=4096 \
    "$corpus" "$seeds" >"$prof/$t.log" 2>&1
  "$llvm_bin/llvm-profdata" merge -sparse "$prof/$t.profraw" -o "$prof/$t.profdata"
  inputs=$(( $(find "$corpus" -type f | wc -l) + $(find "$seeds" -type f | wc -l) ))
  echo "  $t: $inputs inputs"
  summary "$t" "$prof/$t.profdata" "$bin"
  objects+=("$bin")
done
if [ "${#targets[@]}" -gt 1 ]; then
  "$llvm_bin/llvm-profdata" merge -sparse "$prof"/*.profraw -o "$prof/all.profdata"
  summary all "$prof/all.profdata" "${objects[@]}"
fi
if [ "${AEGIS_COVERAGE_FILES:-0}" = 1 ]; then
  data="$prof/all.profdata"
  [ "${#targets[@]}" -gt 1 ] || data="$prof/${targets[0]}.profdata"
  first=${objects[0]}
  rest=()
  for b in "${objects[@]:1}"; do rest+=(-object "$b"); done
  "$llvm_bin/llvm-cov" report "$first" "${rest[@]}" -instr-profile="$data" "$PWD/src"
fi

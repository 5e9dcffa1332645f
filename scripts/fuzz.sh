#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (clang, ASan + UBSan): builds them into
# build-fuzz/, writes the seed corpora (go/parity TestWriteFuzzSeeds for the
# findings targets, TestWriteGraphFuzzSeeds for graph mode), runs each
# target for SECONDS (default 20) on its corpus in build-fuzz/corpus/ (kept
# between runs, never committed), and prints executions, coverage
# (libFuzzer's cov: edges and ft: features) and corpus size per target.
# A crash stops the script with the target's report; the crashing input is
# in build-fuzz/crashes/.
#
#   scripts/fuzz.sh                 # 20 s per target: the test suite's smoke run
#   scripts/fuzz.sh 3600            # an hour per target
#   scripts/fuzz.sh 600 store       # one target (dropin, options, store, graph)
#   AEGIS_FUZZ_JOBS=2 scripts/fuzz.sh 3600   # two processes per target
#
# Reproduce a crash: build-fuzz/tests/fuzz/aegis_fuzz_<target> <crash file>.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
targets=(dropin options store graph)
[ $# -ge 2 ] && targets=("$2")
jobs=${AEGIS_FUZZ_JOBS:-1}

# clang (and its fuzzer runtime) only for this phase.
if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "fuzz: installing clang and its runtime (libclang-rt-14-dev)"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi

cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAEGIS_BUILD_FUZZ=ON -DAEGIS_BUILD_TESTS=OFF >/dev/null
ninja -C build-fuzz -j2 "${targets[@]/#/aegis_fuzz_}" >/dev/null

# Seeds and dictionary per target: the graph target reads findings and an
# edge document (tests/fuzz/fuzz_support.hpp, split_graph), and its
# dictionary adds the edge document's words to the findings'.
rm -rf build-fuzz/seeds build-fuzz/seeds-graph
AEGIS_FUZZ_SEEDS_DIR="$PWD/build-fuzz/seeds" AEGIS_FUZZ_GRAPH_SEEDS_DIR="$PWD/build-fuzz/seeds-graph" \
  go test -count=1 -run '^TestWrite(Graph)?FuzzSeeds$' ./go/parity >/dev/null
cat tests/fuzz/aegis.dict tests/fuzz/graph.dict >build-fuzz/graph.dict
mkdir -p build-fuzz/crashes
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  seeds=seeds dict=../tests/fuzz/aegis.dict
  [ "$t" = graph ] && seeds=seeds-graph dict=graph.dict
  log=build-fuzz/fuzz-$t.log
  # -timeout: one input may take at most 10 s (a hang is a failure);
  # -rss_limit_mb: memory is bounded too.
  # With -jobs, libFuzzer runs workers that log to fuzz-<n>.log in the
  # current directory: run them in build-fuzz/ and gather their logs.
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  rc=0
  (cd build-fuzz && rm -f fuzz-[0-9]*.log &&
    tests/fuzz/aegis_fuzz_$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=16384 -dict="$dict" -artifact_prefix=crashes/$t- \
      -print_final_stats=1 "${parallel[@]}" "corpus/$t" "$seeds") >"$log" 2>&1 || rc=$?
  if [ "$jobs" -gt 1 ]; then cat build-fuzz/fuzz-[0-9]*.log >>"$log" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ]; then
    echo "fuzz: $t FAILED (exit $rc); its report:" >&2
    grep -A40 -E 'ERROR|FUZZ CHECK FAILED|runtime error' "$log" | head -60 >&2
    exit 1
  fi
  execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
  last=$(grep -h -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.*corp: ([0-9]+\/[0-9a-zA-Z]+).*/\1/p' <<<"$last")
  printf '  %-8s %s s: %9s executions, cov %s, ft %s, corpus %s, 0 crashes\n' "$t" "$seconds" \
    "$execs" "${cov:-?}" "${ft:-?}" "${corp:-?}"
done

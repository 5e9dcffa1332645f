#!/usr/bin/env bash
# Where the time of the native drop-in call goes, for the notes in
# bench/results: callgrind instruction counts (stable on a noisy machine),
# collected only inside aegis_compute_attack_paths, and perf cpu-clock samples
# (this VM exposes no hardware counters, so `perf stat -e instructions` shows
# "not supported"). Needs a build with the micro-benchmarks (scripts/bench.sh
# makes one) and valgrind/perf when available.
#
#   bench/profile.sh [FINDINGS]   # default 2000; writes bench/results/profile_*.txt
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-2000}
build=${AEGIS_BENCH_BUILD_DIR:-build}
out=${AEGIS_BENCH_RESULTS:-bench/results}
micro=$build/bench/aegispath_micro_bench
[ -x "$micro" ] || { echo "profile: $micro missing; run scripts/bench.sh first" >&2; exit 1; }
mkdir -p "$out"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./go/cmd/aegis-gen -n "$n" -seed 1 -o "$dir/findings-$n.json"
filter="BM_DropInComputeAttackPaths/$n/"

if command -v valgrind >/dev/null; then
  echo "== callgrind: $filter (only inside aegis_compute_attack_paths)"
  AEGIS_BENCH_CORPUS="$dir/findings-$n.json" valgrind --tool=callgrind \
    --callgrind-out-file="$dir/cg.out" --toggle-collect=aegis_compute_attack_paths \
    "$micro" --benchmark_filter="$filter" --benchmark_min_time=0.000001 >/dev/null 2>"$dir/cg.log"
  # sed, not head: reading all input spares callgrind_annotate a SIGPIPE.
  callgrind_annotate --inclusive=no "$dir/cg.out" 2>/dev/null | sed -n '1,45p' >"$out/profile_callgrind.txt"
  cat "$out/profile_callgrind.txt"

  echo "== callgrind: BM_Decode/$n (only inside decode_findings)"
  AEGIS_BENCH_CORPUS="$dir/findings-$n.json" valgrind --tool=callgrind \
    --callgrind-out-file="$dir/cgd.out" '--toggle-collect=*decode_findings*' \
    "$micro" --benchmark_filter="BM_Decode/$n\$" --benchmark_min_time=0.000001 >/dev/null 2>"$dir/cgd.log"
  {
    echo "input bytes: $(stat -c %s "$dir/findings-$n.json"); the total below covers 2 decodes (the corpus load and one benchmark iteration), so instructions per byte = total / 2 / input bytes"
    grep -E 'Collected' "$dir/cgd.log" || true
    callgrind_annotate --inclusive=no "$dir/cgd.out" 2>/dev/null | sed -n '1,40p'
  } >"$out/profile_callgrind_decode.txt"
  cat "$out/profile_callgrind_decode.txt"
fi

if perf record -e cpu-clock -o "$dir/probe.data" true >/dev/null 2>&1; then
  echo "== perf cpu-clock samples: $filter"
  AEGIS_BENCH_CORPUS="$dir/findings-$n.json" perf record -e cpu-clock -F 999 -o "$dir/perf.data" \
    "$micro" --benchmark_filter="$filter" >/dev/null 2>&1
  perf report -i "$dir/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | awk 'NR <= 30' | cut -c1-160 >"$out/profile_perf.txt"
  cat "$out/profile_perf.txt"
fi

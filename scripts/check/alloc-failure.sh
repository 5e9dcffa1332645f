#!/usr/bin/env bash
# Allocation-failure sweep (tests/alloc/): a full sequence of C API calls on
# small documents (heuristic and graph mode: one-shot, capped, stores with
# every query and the path analysis, streams, cancelled and deadline-bound
# calls), with the K-th allocation failing, for every K (then with every
# allocation from the K-th on failing, for a sample of K), and fresh
# processes whose first library calls (the drop-in call, then a graph store
# with integrity hashes) have their K-th allocation fail. Every
# call must succeed with the undisturbed bytes or report out of memory; no
# signal, no hang (a watchdog per K), and the library must work normally
# afterwards in the same process. Needs the Release build in build/ (or
# AEGIS_BUILD_DIR). Prints runs / violations / signals / hangs.
set -euo pipefail
build=${AEGIS_BUILD_DIR:-build}
ninja -C "$build" aegispath_alloc_sweep aegis_fail_alloc_shim >/dev/null
sweep=$build/tests/aegispath_alloc_sweep
shim=$(cd "$build/tests" && pwd)/libaegis_fail_alloc_shim.so
export AEGIS_SWEEP_HANG_S=${AEGIS_SWEEP_HANG_S:-20}
run() { LD_PRELOAD=$shim "$sweep" "$@"; }

runs=0 signals=0 hangs=0 violations=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs K = $2..$3 in mode $1, starting a new process after any K that ends
# one (a signal or a hang), so one failure does not hide the others.
sweep_range() {
  local mode=$1 from=$2 to=$3 rc last
  while [ "$from" -le "$to" ]; do
    rc=0
    run "$mode" "$from" "$to" >"$log" 2>&1 || rc=$?
    last=$(sed -n 's/^K \([0-9]*\)$/\1/p' "$log" | tail -1)
    last=${last:-$from}
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
      runs=$((runs + to - from + 1))
      if [ "$rc" -eq 1 ]; then
        violations=$((violations + $(grep -c '^K [0-9]*: ' "$log" || true)))
        grep -v '^K [0-9]*$' "$log" | head -20 >&2
      fi
      return
    fi
    runs=$((runs + last - from + 1))
    if [ "$rc" -eq 3 ]; then
      hangs=$((hangs + 1))
      echo "  $mode: HANG at K=$last" >&2
    else
      signals=$((signals + 1))
      echo "  $mode: died (exit $rc) at K=$last" >&2
    fi
    tail -5 "$log" | grep -v '^K [0-9]*$' >&2 || true
    from=$((last + 1))
  done
}

total=$(run count)
# Thread scheduling moves a few allocations between runs: go a little past.
end=$((total + total / 10 + 20))
echo "one sequence makes about $total allocations; failing each K = 1..$end"
sweep_range sweep 1 "$end"
echo "persistent failure from K (every 7th K)"
for k in $(seq 1 7 "$end"); do sweep_range persistent "$k" "$k"; done

first=$(run count-first)
first_end=$((first + first / 10 + 10))
echo "fresh processes: the first calls fail their K-th of about $first allocations, K = 1..$first_end"
for k in $(seq 1 "$first_end"); do
  rc=0
  run first-call "$k" >"$log" 2>&1 || rc=$?
  runs=$((runs + 1))
  case $rc in
    0) ;;
    1) violations=$((violations + 1)); echo "  first-call K=$k: a call misbehaved" >&2; cat "$log" >&2 ;;
    3) hangs=$((hangs + 1)); echo "  first-call K=$k: HANG" >&2 ;;
    *) signals=$((signals + 1)); echo "  first-call K=$k: died (exit $rc)" >&2; tail -3 "$log" >&2 ;;
  esac
done

echo "allocation-failure sweep: $runs runs, violations: $violations, signals: $signals, hangs: $hangs"
[ "$violations" -eq 0 ] && [ "$signals" -eq 0 ] && [ "$hangs" -eq 0 ]

#!/usr/bin/env bash
# The benchmark harness in one command: builds (Release, with the C++
# micro-benchmarks) into build/, generates upstream-shaped corpora, runs the Go
# engine and the native library on each size as separate processes (median of
# several runs; time, MB/s, peak RSS, paths, output bytes; Go ÷ native), then
# the C++ micro-benchmarks, the Go benchmarks (both engines in one process on
# the upstream fixture and 5K findings) and the server benchmarks (both stores
# behind the HTTP handlers at 5K and 20K, the native one at 300K findings of
# the many-accounts shape), and writes
#   bench/results/results.md, results.json, time_vs_findings.svg,
#   runs.jsonl (every run), adversarial.txt (both engines on the input that
#   made the intermediate search cubic), micro_cpp.txt/.json, gobench.jsonl and
#   go_bench.txt (the Go benchmark packages)
#
#   scripts/bench.sh                 # sizes 200 2000 5000 20000, 3 runs each (~7-10 min)
#   scripts/bench.sh --quick         # sizes 200 2000, 1 run, into build/bench-quick/ (smoke check)
#   scripts/bench.sh --sizes "200 5000" --runs 5 --out /tmp/results
#   scripts/bench.sh --server-sizes "5000" --no-300k   # fewer server benchmarks
#   scripts/bench.sh --graph-only    # only graph mode (issue 10), into build/bench-graph/
#   scripts/bench.sh --no-graph      # everything but graph mode
#
# Graph mode (issue 10): corpora with aegis-gen -edges documents (upstream
# 2000 and 5000 and many-accounts 20000 with upstream's backfill; upstream
# 20000 and many-accounts 300000, whose groups exceed the backfill's 500,
# with typed rows and a 2% same_account share); the native one-shot call
# and store open in graph mode next to the heuristic engine on the same
# findings, paths per hop count, the streamed graph result at 20K and 300K,
# and the Go reference's per-pair search once per corpus under its own
# timeout (AEGIS_BENCH_GRAPH_GO_TIMEOUT, default 600 s; skipped above
# AEGIS_BENCH_GRAPH_GO_MAX findings, default 20000, and after it timed out
# on a smaller corpus of the same shape); then the C++ micro-benchmarks of
# graph mode's stages on the corpora up to 20K (bytes per graph path).
# Results: graph_runs.jsonl, micro_graph.txt/.json and the "Graph mode"
# section of results.md.
#
# A run that exceeds its memory cap or time limit is reported as OOM/timeout,
# never fatal. Environment: AEGIS_BENCH_TIMEOUT (seconds per run, default 900),
# AEGIS_BENCH_GO_MEM_GIB (Go engine address-space cap, default 12),
# AEGIS_BENCH_NATIVE_MEM_GIB (native cap, default 18), AEGIS_BENCH_BUILD_DIR
# (default build). Profiles of the native call: bench/profile.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(200 2000 5000 20000)
server_sizes=(5000 20000)
server_300k=1
runs=3
out=bench/results
quick=0
graph=1
graph_only=0
out_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; sizes=(200 2000); server_sizes=(2000); server_300k=0; runs=1; out=build/bench-quick ;;
    --graph-only) graph_only=1 ;;
    --no-graph) graph=0 ;;
    --sizes) read -r -a sizes <<<"$2"; shift ;;
    --server-sizes) read -r -a server_sizes <<<"$2"; shift ;;
    --no-300k) server_300k=0 ;;
    --runs) runs=$2; shift ;;
    --out) out=$2; out_given=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { print } /^set/ { exit }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$graph_only" -eq 1 ]; then
  graph=1
  sizes=() # no heuristic-only runs, micro-benchmarks or Go benchmark packages
  [ "$out_given" -eq 0 ] && [ "$quick" -eq 0 ] && out=build/bench-graph
fi

# build/ is the build the tests and the Go bridge use; another directory
# (AEGIS_BENCH_BUILD_DIR) is linked in through CGO_LDFLAGS/LD_LIBRARY_PATH.
build=${AEGIS_BENCH_BUILD_DIR:-build}
if [ "$build" != build ]; then
  abs=$(mkdir -p "$build" && cd "$build" && pwd)
  export CGO_LDFLAGS="-L$abs -Wl,-rpath,$abs" LD_LIBRARY_PATH="$abs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
corpora=$build/corpora
tmp=$out/tmp
timeout_s=${AEGIS_BENCH_TIMEOUT:-900}
go_cap_gib=${AEGIS_BENCH_GO_MEM_GIB:-12}
native_cap_gib=${AEGIS_BENCH_NATIVE_MEM_GIB:-18}

# ---- tools ---------------------------------------------------------------
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v prlimit >/dev/null || need+=(util-linux)
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q 'install ok installed' || need+=(libbenchmark-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---- build ---------------------------------------------------------------
echo "== build (Release, micro-benchmarks on) into $build/"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAEGIS_BUILD_BENCH=ON >/dev/null
# Only what the harness runs, so a test that does not compile yet cannot stop it.
ninja -C "$build" aegispath aegispath_micro_bench >/dev/null
go build -o "$build/aegis-bench" ./go/cmd/aegis-bench
# Recording and reporting must work even when the native library does not
# load: a pure-Go build of the same tool does them.
CGO_ENABLED=0 go build -o "$build/aegis-bench-report" ./go/cmd/aegis-bench
go build -o "$build/aegis-gen" ./go/cmd/aegis-gen
go test -c -o "$build/bench.test" ./go/bench
go test -c -o "$build/server.test" ./go/server
bench_bin=$build/aegis-bench
report_bin=$build/aegis-bench-report

# ---- corpora -------------------------------------------------------------
mkdir -p "$corpora" "$tmp"
for n in "${sizes[@]}"; do
  f=$corpora/findings-$n.json
  # Deterministic: same options, same bytes. Regenerate so a changed
  # generator is never compared with stale files.
  "$build/aegis-gen" -n "$n" -seed 1 -shape upstream -o "$f"
  echo "corpus $f: $(stat -c %s "$f") bytes"
done
# The input that made the first-intermediate search cubic (one account, region
# and resource; no paths): 4,800 findings took seconds of CPU, doubling ~7.5x.
adversarial_n=4800
"$build/aegis-gen" -n "$adversarial_n" -shape adversarial -o "$corpora/adversarial-$adversarial_n.json"

# ---- process-level runs ---------------------------------------------------
runs_file=$out/runs.jsonl
: >"$runs_file"
# In bytes; mawk prints large products in exponent form, so bash multiplies.
mem_available_bytes() { echo $(($(awk '/^MemAvailable:/ {print $2}' /proc/meminfo) * 1024)); }

# run_one SIZE ENGINE MODE REP CAP_GIB [extra aegis-bench flags...]
# Appends one record to runs.jsonl and echoes its status.
run_one() {
  local n=$1 engine=$2 mode=$3 rep=$4 cap_gib=$5
  shift 5
  local base=$tmp/$n-$engine-$mode-$rep rc
  set +e
  /usr/bin/time -f '%e %M %U %S' -o "$base.time" \
    timeout -k 10 "$timeout_s" prlimit --as=$((cap_gib << 30)) -- \
    "$bench_bin" run -engine "$engine" -mode "$mode" -in "$corpora/findings-$n.json" "$@" \
    >"$base.out" 2>"$base.err"
  rc=$?
  set -e
  "$report_bin" record -rc "$rc" -time "$base.time" -stdout "$base.out" -stderr "$base.err" \
    -timeout "$timeout_s" -memcap "${cap_gib} GiB" \
    -size "$n" -engine "$engine" -mode "$mode" -rep "$rep" >>"$runs_file"
  local line status
  line=$(tail -n 1 "$runs_file")
  status=$(sed -E 's/.*"status":"([^"]*)".*/\1/' <<<"$line")
  printf '  %-6s %-6s %-8s run %d: %-7s wall %ss, peak RSS %s kB\n' "$n" "$engine" "$mode" "$rep" \
    "$status" "$(sed -E 's/.*"wall_seconds":([0-9.e+-]*).*/\1/' <<<"$line")" \
    "$(sed -E 's/.*"maxrss_kb":([0-9]*).*/\1/' <<<"$line")"
  [ "$status" = ok ]
}

skip() { # SIZE ENGINE MODE REASON
  "$report_bin" record -skip "$4" -size "$1" -engine "$2" -mode "$3" -rep 1 >>"$runs_file"
  printf '  %-6s %-6s %-8s skipped: %s\n' "$1" "$2" "$3" "$4"
}

# Streamed output size of the last native stream run of size n (0 if none).
stream_bytes() {
  grep "\"size\":$1,\"engine\":\"native\",\"mode\":\"stream\"" "$runs_file" | grep '"status":"ok"' |
    tail -n 1 | sed -nE 's/.*"output_bytes":([0-9]+).*/\1/p' | grep . || echo 0
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== runs: sizes ${sizes[*]}, $runs run(s) each, timeout ${timeout_s}s, caps go ${go_cap_gib} GiB / native ${native_cap_gib} GiB"
for n in "${sizes[@]}"; do
  hash=()
  [ "$n" -le 5000 ] && hash=(-hash) # same-bytes check; too slow for ~13 GB outputs
  # The native store streams first: it needs little memory at any size and
  # tells how big the buffered results will be.
  for spec in "native stream" "native compute" "native bridge" "go compute" "go stream" \
              "native findings" "go findings"; do
    read -r engine mode <<<"$spec"
    cap=$native_cap_gib
    [ "$engine" = go ] && cap=$go_cap_gib
    out_bytes=$(stream_bytes "$n")
    # A buffered result needs its bytes once in the library (compute), twice
    # through the bridge (copied into Go); skip what cannot fit the machine
    # now rather than push it (and other work on it) into the OOM killer.
    copies=0
    case "$engine/$mode" in native/compute) copies=1 ;; native/bridge) copies=2 ;; esac
    need=$((copies * out_bytes + (1 << 30)))
    if [ "$copies" -gt 0 ] && [ "$need" -gt "$(mem_available_bytes)" ]; then
      skip "$n" "$engine" "$mode" "needs ~$((need >> 30)) GiB, only $(($(mem_available_bytes) >> 30)) GiB available"
      continue
    fi
    if [ "$copies" -gt 0 ] && [ "$need" -gt $((cap << 30)) ]; then
      skip "$n" "$engine" "$mode" "needs ~$((need >> 30)) GiB, over the ${cap} GiB cap"
      continue
    fi
    extra=()
    [ "$mode" != stream ] && extra=("${hash[@]}")
    for rep in $(seq 1 "$runs"); do
      # A run that failed (OOM, timeout) is not repeated: it would fail again.
      run_one "$n" "$engine" "$mode" "$rep" "$cap" "${extra[@]}" || break
    done
  done
done

if [ "$graph_only" -eq 0 ]; then # the micro-benchmarks and Go benchmark packages
# ---- adversarial input (heuristic engine) -----------------------------------
# Both engines once on the adversarial corpus, into adversarial.txt.
echo "== adversarial input ($adversarial_n findings, one account, region and resource)"
: >"$out/adversarial.txt"
for engine in native go; do
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/adversarial.time" timeout -k 10 "$timeout_s" \
    "$bench_bin" run -engine "$engine" -mode compute -in "$corpora/adversarial-$adversarial_n.json" \
    >/dev/null 2>"$tmp/adversarial.err"
  rc=$?
  set -e
  read -r wall user sys rss <"$tmp/adversarial.time" || true
  printf '  %-6s adversarial-%s: exit %s, wall %ss, cpu %ss, peak RSS %s kB\n' "$engine" \
    "$adversarial_n" "$rc" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" "$rss" |
    tee -a "$out/adversarial.txt"
done

# ---- C++ micro-benchmarks ----------------------------------------------------
echo "== C++ micro-benchmarks"
filter="/($(IFS='|'; echo "${sizes[*]}")|adversarial-$adversarial_n)(/|\$)"
micro_args=(--benchmark_filter="$filter" --benchmark_out="$out/micro_cpp.json" --benchmark_out_format=json)
[ "$quick" -eq 0 ] && micro_args+=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
AEGIS_BENCH_CORPUS_DIR=$corpora "$build/bench/aegispath_micro_bench" "${micro_args[@]}" 2>&1 |
  tee "$out/micro_cpp.txt" || echo "bench: the C++ micro-benchmarks failed (see $out/micro_cpp.txt)"

# ---- Go benchmarks (go/bench, go/server) ----------------------------------------
# One process per package, corpus and engine set, timed like the runs above;
# gobench-record keeps the results, status and peak RSS in gobench.jsonl and
# every result line goes to go_bench.txt.
gobench_file=$out/gobench.jsonl
: >"$gobench_file"
: >"$out/go_bench.txt"
run_gobench() { # PACKAGE ENGINES SHAPE SIZE CAP_GIB BENCHTIME [VAR=VALUE...]
  local pkg=$1 engines=$2 shape=$3 n=$4 cap_gib=$5 benchtime=$6 base=$tmp/gobench-$1-$2-$3-$4 rc
  shift 6
  set +e
  env AEGIS_BENCH_ENGINES="$engines" AEGIS_BENCH_SHAPE="$shape" AEGIS_BENCH_FINDINGS="$n" "$@" \
    /usr/bin/time -f '%e %M %U %S' -o "$base.time" \
    timeout -k 10 "$timeout_s" prlimit --as=$((cap_gib << 30)) -- \
    "$build/$pkg.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime" >"$base.out" 2>&1
  rc=$?
  set -e
  grep '^Benchmark' "$base.out" >>"$out/go_bench.txt" || true
  "$report_bin" gobench-record -package "$pkg" -rc "$rc" -time "$base.time" -out "$base.out" \
    -timeout "$timeout_s" -memcap "${cap_gib} GiB" -engines "$engines" -shape "$shape" -size "$n" >>"$gobench_file"
  printf '  %-6s %-10s %-13s %-7s %s\n' "$pkg" "$engines" "$shape" "$n" \
    "$(tail -n 1 "$gobench_file" | sed -E 's/.*"status":"([^"]*)".*/\1/')"
}

echo "== Go benchmarks: both engines in one process (go/bench)"
fixture=../shared/data/upstream/findings_test.json
if [ -f "$fixture" ]; then
  run_gobench bench go,native fixture 200 "$go_cap_gib" 3x AEGIS_BENCH_CORPUS="$PWD/$fixture"
fi
go_bench_n=5000
[ "$quick" -eq 1 ] && go_bench_n=200
run_gobench bench go,native upstream "$go_bench_n" "$go_cap_gib" 3x

# The server benchmarks (issue 5): one process per engine, so each store's
# memory is its own; the Go store runs under the Go engine's cap.
echo "== server benchmarks (go/server)"
for n in "${server_sizes[@]}"; do
  run_gobench server go upstream "$n" "$go_cap_gib" 1s
  run_gobench server native upstream "$n" "$native_cap_gib" 1s
done
if [ "$server_300k" -eq 1 ]; then
  run_gobench server native many-accounts 300000 "$native_cap_gib" 1s
fi

fi # graph_only

# ---- graph mode (issue 10) ---------------------------------------------------------
graph_file=$out/graph_runs.jsonl
: >"$graph_file"
rm -f "$out/micro_graph.json" "$out/micro_graph.txt"
graph_go_timeout=${AEGIS_BENCH_GRAPH_GO_TIMEOUT:-600}
graph_go_max=${AEGIS_BENCH_GRAPH_GO_MAX:-20000}

# graph_run SHAPE SIZE ENGINE MODE REP CAP_GIB TIMEOUT [extra aegis-bench flags...]
# Appends one record to graph_runs.jsonl and echoes its status; fails
# unless the run succeeded.
graph_run() {
  local shape=$1 n=$2 engine=$3 mode=$4 rep=$5 cap_gib=$6 limit=$7
  shift 7
  local base=$tmp/graph-$shape-$n-$engine-$mode-$rep rc edges=()
  case "$mode" in graph-*) edges=(-edges "$corpora/edges-$shape-$n.json") ;; esac
  set +e
  /usr/bin/time -f '%e %M %U %S' -o "$base.time" \
    timeout -k 10 "$limit" prlimit --as=$((cap_gib << 30)) -- \
    "$bench_bin" run -engine "$engine" -mode "$mode" -in "$corpora/findings-$shape-$n.json" "${edges[@]}" "$@" \
    >"$base.out" 2>"$base.err"
  rc=$?
  set -e
  "$report_bin" record -rc "$rc" -time "$base.time" -stdout "$base.out" -stderr "$base.err" \
    -timeout "$limit" -memcap "${cap_gib} GiB" -shape "$shape" -corpus "${graph_note[$shape-$n]}" \
    -size "$n" -engine "$engine" -mode "$mode" -rep "$rep" >>"$graph_file"
  local line status
  line=$(tail -n 1 "$graph_file")
  status=$(sed -E 's/.*"status":"([^"]*)".*/\1/' <<<"$line")
  printf '  %-13s %-6s %-6s %-16s run %d: %-7s wall %ss, peak RSS %s kB\n' "$shape" "$n" "$engine" "$mode" "$rep" \
    "$status" "$(sed -E 's/.*"wall_seconds":([0-9.e+-]*).*/\1/' <<<"$line")" \
    "$(sed -E 's/.*"maxrss_kb":([0-9]*).*/\1/' <<<"$line")"
  [ "$status" = ok ]
}

graph_skip() { # SHAPE SIZE ENGINE MODE REASON
  "$report_bin" record -skip "$5" -shape "$1" -corpus "${graph_note[$1-$2]}" -size "$2" -engine "$3" -mode "$4" \
    -rep 1 >>"$graph_file"
  printf '  %-13s %-6s %-6s %-16s skipped: %s\n' "$1" "$2" "$3" "$4" "$5"
}

if [ "$graph" -eq 1 ]; then
  # SHAPE SIZE EDGE-OPTIONS: the backfill links groups of up to 500
  # resources; the 20K upstream and 300K many-accounts corpora have larger
  # groups, so they get typed rows and a same_account share instead.
  graph_corpora=("upstream 2000" "upstream 5000" "many-accounts 20000"
                 "upstream 20000 -edge-typed -edge-same-account 0.02"
                 "many-accounts 300000 -edge-typed -edge-same-account 0.02")
  [ "$quick" -eq 1 ] && graph_corpora=("upstream 500" "many-accounts 2000")
  declare -A graph_note
  echo "== graph mode: ${#graph_corpora[@]} corpora with edge documents, $runs run(s) each, Go reference timeout ${graph_go_timeout}s"
  declare -A go_timed_out
  for spec in "${graph_corpora[@]}"; do
    read -r shape n edge_args <<<"$spec"
    read -r -a edge_flags <<<"$edge_args"
    f=$corpora/findings-$shape-$n.json e=$corpora/edges-$shape-$n.json
    summary=$("$build/aegis-gen" -n "$n" -seed 1 -shape "$shape" -o "$f" -edges "$e" "${edge_flags[@]}" 2>&1 >/dev/null)
    # "aegis-gen: 106360 edge rows (106360 same_region, 0 same_account, 0 typed), 34675872 bytes; ..."
    graph_note[$shape-$n]=$(sed -nE 's/^aegis-gen: ([0-9]+ edge rows \([^)]*\)).*/\1/p' <<<"$summary")
    echo "corpus $f: $(stat -c %s "$f") bytes; edges $e: ${graph_note[$shape-$n]}, $(stat -c %s "$e") bytes"

    # The one-shot calls hold their whole result; above 20K findings only
    # the store runs (open, and the graph result streamed).
    modes=(heuristic-ex graph-ex heuristic-open graph-open)
    [ "$n" -gt 20000 ] || [ "$edge_args" != "" ] && modes=(heuristic-open graph-open)
    # Repetition by repetition, every mode in turn, so that each graph run
    # has a heuristic run next to it: the report takes the median of those
    # pairs' ratios, which a burst of load on the shared machine moves less
    # than a ratio of medians.
    declare -A mode_failed=()
    for rep in $(seq 1 "$runs"); do
      for mode in "${modes[@]}"; do
        # A run that failed (OOM, timeout) is not repeated: it would fail again.
        [ -n "${mode_failed[$mode]:-}" ] && continue
        flags=(-hops)
        # The one-shot calls hash after the clock stops: same bytes as Go.
        case "$mode" in *-ex) flags+=(-hash) ;; esac
        graph_run "$shape" "$n" native "$mode" "$rep" "$native_cap_gib" "$timeout_s" "${flags[@]}" ||
          mode_failed[$mode]=1
      done
    done
    unset mode_failed
    if [ "$n" -ge 20000 ]; then
      graph_run "$shape" "$n" native graph-stream 1 "$native_cap_gib" "$timeout_s" -hops || true
    fi
    # The Go reference: once, under its own timeout; same bytes as native.
    if [ "$n" -gt "$graph_go_max" ]; then
      graph_skip "$shape" "$n" go graph-ex "over AEGIS_BENCH_GRAPH_GO_MAX=$graph_go_max findings"
    elif [ -n "${go_timed_out[$shape]:-}" ]; then
      graph_skip "$shape" "$n" go graph-ex "timed out at ${go_timed_out[$shape]} findings"
    else
      graph_run "$shape" "$n" go graph-ex 1 "$go_cap_gib" "$graph_go_timeout" -hops -hash ||
        go_timed_out[$shape]=$n
    fi
  done

  # The C++ stages of graph mode on the corpora up to 20K (edge decoding,
  # graph building, the engine alone with the memory its result holds per
  # path), into micro_graph.txt/.json.
  echo "== C++ micro-benchmarks of graph mode"
  # A directory of just those pairs, so no other corpus is loaded.
  micro_dir=$tmp/graph-micro
  mkdir -p "$micro_dir"
  names=()
  for spec in "${graph_corpora[@]}"; do
    read -r shape n _ <<<"$spec"
    [ "$n" -le 20000 ] || continue
    names+=("$shape-$n")
    for kind in findings edges; do
      ln -sf "$(cd "$corpora" && pwd)/$kind-$shape-$n.json" "$micro_dir/$kind-$shape-$n.json"
    done
  done
  if [ ${#names[@]} -gt 0 ]; then
    filter="^BM_(DecodeEdges|GraphBuild|GraphEngine)/($(IFS='|'; echo "${names[*]}"))(/|\$)"
    micro_args=(--benchmark_filter="$filter" --benchmark_out="$out/micro_graph.json" --benchmark_out_format=json)
    [ "$quick" -eq 0 ] && micro_args+=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true)
    AEGIS_BENCH_CORPUS_DIR=$micro_dir "$build/bench/aegispath_micro_bench" "${micro_args[@]}" 2>&1 |
      tee "$out/micro_graph.txt" || echo "bench: the graph micro-benchmarks failed (see $out/micro_graph.txt)"
  fi
fi

# ---- report ----------------------------------------------------------------------
cpu=$(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
micro_json=()
[ -s "$out/micro_cpp.json" ] && micro_json=(-micro "$out/micro_cpp.json")
gobench_args=()
[ -s "${gobench_file:-}" ] && gobench_args=(-gobench "$gobench_file")
graph_args=()
[ -s "$graph_file" ] && graph_args=(-graph "$graph_file")
[ -s "$out/micro_graph.json" ] && graph_args+=(-micro-graph "$out/micro_graph.json")
"$report_bin" report -runs "$runs_file" -out "$out" "${micro_json[@]}" "${gobench_args[@]}" "${graph_args[@]}" \
  -machine "$(nproc) cores ($cpu), $mem RAM, $(go env GOVERSION), g++ $(g++ -dumpfullversion); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' + uncommitted changes in src/'); load average (1/5/15 min) $load_start when the runs began, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
rm -rf "$tmp"
echo "== wrote $out/results.md, results.json, time_vs_findings.svg"

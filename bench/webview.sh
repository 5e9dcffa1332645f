#!/usr/bin/env bash
# Measures the web view at 20K findings: builds the library and the server,
# starts aegis-server with the native engine on the generated 20K corpus
# (38 MB, under the default 64 MiB input cap), waits for the path index and
# runs bench/webview (first paint, overview, page switches in headless
# Chromium; medians of fresh-browser runs). Writes bench/results/webview.md.
#
#   bench/webview.sh                       # 20000 findings, 5 runs
#   FINDINGS=2000 RUNS=3 bench/webview.sh
set -euo pipefail
cd "$(dirname "$0")/.."

findings=${FINDINGS:-20000}
runs=${RUNS:-5}
port=${PORT:-18480}
scripts/setup.sh >/dev/null
command -v chromium >/dev/null 2>&1 || scripts/check/browser.sh -run '^$' >/dev/null
go build -o build/aegis-server ./go/cmd/aegis-server

start_ns=$(date +%s%N)
build/aegis-server -engine native -corpus-findings "$findings" -addr "127.0.0.1:$port" > build/webview-server.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat build/webview-server.log >&2; exit 1; }
  sleep 0.1
done
echo "server up after $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"
go run ./bench/webview -url "http://127.0.0.1:$port" -runs "$runs" -out bench/results/webview.md
grep -E 'store loaded|path index ready' build/webview-server.log | sed 's/^/server log: /'

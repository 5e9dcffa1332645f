#!/usr/bin/env bash
# Stalled export readers: starts an aegis-server on a generated corpus, and N
# clients request /api/v1/attack-paths/export and never read a byte. Prints the server
# process's RSS and thread count before, after the clients have been stalled
# for a while, and after they left (docs/http-api.md, "Slow and stalled
# clients", has the measured table).
#
#   bench/stalled_readers.sh                        # 200 clients, 30 s, defaults
#   bench/stalled_readers.sh -- -write-timeout 10s -max-exports 0
#   AEGIS_SERVER=/path/to/old/aegis-server bench/stalled_readers.sh
#
# Arguments after -- go to the server. AEGIS_SERVER picks the binary (default:
# this checkout's, built with the native engine); an older release's binary
# gives the "before" row. CLIENTS, STALL_SECONDS and FINDINGS set the size.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-200}
stall=${STALL_SECONDS:-30}
findings=${FINDINGS:-5000}
[ "${1:-}" = "--" ] && shift

work=build/stalled-readers
mkdir -p "$work"
corpus=$work/findings-$findings.json
[ -s "$corpus" ] || go run ./go/cmd/aegis-gen -n "$findings" -seed 1 -o "$corpus"
server=${AEGIS_SERVER:-}
if [ -z "$server" ]; then
  ninja -C build aegispath >/dev/null
  go build -o "$work/aegis-server" ./go/cmd/aegis-server
  server=$work/aegis-server
fi

port=$((20000 + RANDOM % 20000))
AEGIS_PATH_ENGINE=native "$server" -addr "127.0.0.1:$port" -findings "$corpus" "$@" \
  >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null

sample() { # label: RSS (MB, 10^6 bytes) and threads of the server process
  awk -v label="$1" '/^VmRSS/ {rss=$2} /^Threads/ {thr=$2}
    END {printf "%-22s RSS %6.0f MB  threads %4d\n", label, rss*1024/1e6, thr}' "/proc/$pid/status"
}
sample "before"

# The clients: one process holding N sockets with a small receive buffer, each
# having sent its request; it reads nothing and closes them all 2 s after the
# stalled sample is taken.
python3 - "$port" "$clients" "$stall" <<'EOF' &
import socket, sys, time
port, n, stall = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
conns = []
for _ in range(n):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /api/v1/attack-paths/export HTTP/1.1\r\nHost: x\r\n\r\n")
    conns.append(s)
time.sleep(stall + 2)  # sampled at stall seconds, still connected
for s in conns:
    s.close()
EOF
clients_pid=$!
sleep "$stall"
sample "$clients stalled ${stall}s"
wait $clients_pid
sleep 5
sample "5 s after they left"

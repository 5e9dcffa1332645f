#!/usr/bin/env bash
# Go tests with the native library (cgo) under the race detector. Each line
# is stamped with the seconds since the phase began; `go test` prints a
# package's line when it finishes (in package order), and when nothing has
# come for a while a "still running" line says the phase is alive (building
# with -race, or a long package such as go/parity or go/server).
set -euo pipefail
t0=$SECONDS
quiet_limit=20
go test -race -count=1 "$@" ./... 2>&1 | {
  pending="" # a partial line that read's timeout cut
  while :; do
    if IFS= read -r -t "$quiet_limit" line; then
      printf '  [%4ds] %s\n' $((SECONDS - t0)) "$pending$line"
      pending=""
    elif [ $? -gt 128 ]; then
      pending+=$line
      printf '  [%4ds] ... still running (no package finished in the last %d s)\n' $((SECONDS - t0)) "$quiet_limit"
    else
      [ -z "$pending$line" ] || printf '  [%4ds] %s\n' $((SECONDS - t0)) "$pending$line"
      break
    fi
  done
}

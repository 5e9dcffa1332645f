#!/usr/bin/env bash
# Go tests with the native library (cgo) under the race detector. Each line
# is stamped with the seconds since the phase began, so long packages show.
set -euo pipefail
t0=$SECONDS
go test -race -count=1 "$@" ./... 2>&1 | while IFS= read -r line; do
  printf '  [%4ds] %s\n' $((SECONDS - t0)) "$line"
done

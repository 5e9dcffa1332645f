#!/usr/bin/env bash
# The pure-Go build: no cgo, the bridge's stub, the Go engine everywhere.
set -euo pipefail
CGO_ENABLED=0 go test -count=1 "$@" ./...

#!/usr/bin/env bash
# Builds everything and starts the server on an embedded default corpus, with
# the native engine. Pass server flags through, e.g. scripts/run.sh -findings F
# -edges E (graph mode over the edge document E; see docs/http-api.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
go build -o build/aegis-server ./go/cmd/aegis-server
AEGIS_PATH_ENGINE="${AEGIS_PATH_ENGINE:-native}" exec build/aegis-server "$@"

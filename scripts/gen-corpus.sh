#!/usr/bin/env bash
# Generate a deterministic synthetic findings corpus (the upstream shape, go/internal/corpus).
#   scripts/gen-corpus.sh -n 20000 -shape upstream -seed 1 -o bench/data/c20k.json
#   scripts/gen-corpus.sh -n 300000 -shape many-accounts -ndjson -o /tmp/c300k.ndjson
# All flags are passed to go/cmd/aegis-gen; run with -h for the list.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./go/cmd/aegis-gen "$@"

#!/usr/bin/env bash
# A short libFuzzer run of every target of tests/fuzz (20 s each): builds
# them with clang (installed for this phase if missing), seeds, runs, and
# prints executions and coverage. Longer runs: scripts/fuzz.sh SECONDS.
set -euo pipefail
scripts/fuzz.sh "${AEGIS_FUZZ_SECONDS:-20}"

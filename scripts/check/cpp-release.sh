#!/usr/bin/env bash
# Catch2 suite of the Release build (warnings as errors), through ctest.
# --no-tests=error: a filter or discovery that matches nothing is a failure.
set -euo pipefail
ctest --test-dir build --output-on-failure -j2 --no-tests=error

#!/usr/bin/env bash
# The Catch2 suite again, built with AddressSanitizer + UBSan (Debug).
set -euo pipefail
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DAEGIS_WERROR=ON \
  -DAEGIS_SANITIZE=ON >/dev/null
ninja -C build-sanitize aegispath_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build-sanitize/tests/aegispath_tests

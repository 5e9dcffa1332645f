#!/usr/bin/env bash
# The Catch2 suite built with ThreadSanitizer (its [stress] cases run 8
# threads of one-shot calls, one store queried and streamed from every
# thread, limits and cancellation from other threads). oneTBB is not
# instrumented: src/common/parallel.hpp states its fork/join edges to TSan,
# and tests/tsan/tbb.supp silences reports inside oneTBB's own code only
# (that file says why this hides no race of ours; a race planted in a loop
# body is reported with it). history_size=7 keeps enough history to name
# oneTBB's earlier accesses to a reused stack slot, so their suppressions
# apply instead of an anonymous report.
set -euo pipefail
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAEGIS_WERROR=ON \
  -DAEGIS_TSAN=ON >/dev/null
ninja -C build-tsan aegispath_tests
TSAN_OPTIONS="suppressions=$PWD/tests/tsan/tbb.supp halt_on_error=1 history_size=7 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
  build-tsan/tests/aegispath_tests "$@"

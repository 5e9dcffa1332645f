// What the shared library does when it is loaded: the one-time setup of
// simdjson, oneTBB and libcrypto (common/runtime_warmup.hpp), so that no call has to do
// it lazily under memory pressure.
#include "common/runtime_warmup.hpp"

namespace {

// A namespace-scope object with a dynamic initialiser runs at load time
// (dlopen, or program start for a linked library).
[[maybe_unused]] const bool g_warmed_up = aegis::common::warm_up_runtime();

}  // namespace

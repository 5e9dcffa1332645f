// One-time setup of the libraries underneath, done once when the shared
// library is loaded rather than lazily inside the first call. Both lazy setups
// misbehave when an allocation fails inside them, and neither can be retried:
// simdjson's CPU detection runs in a noexcept function (std::bad_alloc there
// terminates the process), and oneTBB's topology setup runs under a once-flag
// that a failed attempt leaves "in progress" (every later parallel call then
// spins forever). At load time memory is normally available; if it is not,
// the failure is recorded and every call reports it instead of hanging.
#pragma once

namespace aegis::common {

// Runs simdjson's implementation detection and oneTBB's topology and arena
// setup. false when an allocation (or anything else) failed; oneTBB must then
// not be used again in this process.
bool warm_up_runtime() noexcept;

// Whether the load-time warm-up succeeded (the result of the one call the
// shared library makes while it is loaded; true in programs that link the
// core directly and never call warm_up_runtime).
bool runtime_ready() noexcept;

}  // namespace aegis::common

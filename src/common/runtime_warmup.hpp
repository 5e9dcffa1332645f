// One-time setup of the libraries underneath, done once when the shared
// library is loaded rather than lazily inside the first call. These lazy
// setups misbehave when an allocation fails inside them, and none can be
// retried: simdjson's CPU detection runs in a noexcept function
// (std::bad_alloc there terminates the process), oneTBB's topology setup
// runs under a once-flag that a failed attempt leaves "in progress" (every
// later parallel call then spins forever), and libcrypto's initialisation
// and provider loading crash or leave every later SHA-256 fetch failing. At
// load time memory is normally available; if it is not, a simdjson or
// oneTBB failure is recorded and every call reports it instead of hanging
// (a libcrypto failure only affects the integrity hashes, fetched again by
// the first call that needs them).
#pragma once

namespace aegis::common {

// Runs simdjson's implementation detection, oneTBB's topology and arena
// setup, and libcrypto's SHA-256 setup. false when an allocation (or
// anything else) failed in the first two; oneTBB must then not be used
// again in this process.
bool warm_up_runtime() noexcept;

// Whether the load-time warm-up succeeded (the result of the one call the
// shared library makes while it is loaded; true in programs that link the
// core directly and never call warm_up_runtime).
bool runtime_ready() noexcept;

}  // namespace aegis::common

// What a caller may set for one call into the library, whatever the front end
// (the one-shot C calls, a store). The C API fills it from aegis_options in
// one place (src/abi/options.cpp); the core never sees the C struct. A new
// option is a member here (with its default), a line there, and whatever
// stage reads it.
#pragma once

#include <cstddef>

#include "decode/decoder.hpp"
#include "engine/options.hpp"

namespace aegis::pipeline {

struct Options {
  size_t max_input_bytes = decode::kDefaultMaxInputBytes;  // larger inputs are refused
  unsigned max_threads = 0;     // worker threads of every parallel stage; 0 = all cores
  bool integrity_hash = false;  // stores only: fill each finding's integrity_hash

  engine::Options engine() const noexcept { return engine::Options{max_threads}; }
};

}  // namespace aegis::pipeline

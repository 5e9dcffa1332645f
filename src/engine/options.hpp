// What a caller may set for one run of the engine.
#pragma once

namespace aegis::engine {

struct Options {
  unsigned max_threads = 0;  // worker threads of every parallel stage; 0 = all cores
};

}  // namespace aegis::engine

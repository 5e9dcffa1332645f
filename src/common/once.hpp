// Run-once initialisation whose work may throw (std::bad_alloc, a stop), and
// then runs again on the next call — what std::call_once promises too, but
// libstdc++'s std::call_once runs the work inside glibc's pthread_once, and
// an exception leaving it unwinds through glibc's frames: the first such
// unwind makes glibc dlopen libgcc_s, which allocates, so under memory
// exhaustion the process aborts ("libgcc_s.so.1 must be installed for
// unwinding to work"). Here the work runs in our own frame, under a mutex.
#pragma once

#include <atomic>
#include <mutex>

namespace aegis::common {

class RetryableOnce {
 public:
  // Runs f unless an earlier call's f returned; concurrent callers wait for
  // the one running it. When f throws, the exception propagates and the
  // next call runs f again.
  template <typename F>
  void run(const F& f) {
    if (done_.load(std::memory_order_acquire)) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (done_.load(std::memory_order_relaxed)) return;
    f();
    done_.store(true, std::memory_order_release);
  }

 private:
  std::atomic<bool> done_{false};
  std::mutex mu_;
};

}  // namespace aegis::common

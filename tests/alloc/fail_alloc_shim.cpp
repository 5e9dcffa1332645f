// An LD_PRELOAD allocator shim for allocation-failure tests: it counts the
// process's allocations and makes a chosen one fail (returns NULL, as an
// exhausted allocator does). It replaces malloc, calloc, realloc,
// posix_memalign, aligned_alloc, memalign, valloc and pvalloc; operator new
// (every form) reaches malloc or aligned_alloc through libstdc++, so a
// failure there becomes std::bad_alloc as it would under real pressure.
// Anonymous mmap (the library's huge-page buffers) is counted and failed too.
//
// Control, from the test program (looked up with dlsym, so the program also
// runs without the shim):
//   aegis_failalloc_arm(k, persistent)  the k-th allocation from now fails
//                                       (k >= 1); persistent: and every later
//                                       one, until disarmed
//   aegis_failalloc_disarm()            allocations succeed again
//   aegis_failalloc_count()             allocations since the last arm
//   aegis_failalloc_failed()            allocations failed since the last arm
// The real allocations are glibc's __libc_* entry points and the mmap system
// call, so the shim never recurses into itself.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {

std::atomic<long> g_count{0};      // allocations since arm
std::atomic<long> g_fail_at{0};    // 0 = never
std::atomic<bool> g_persistent{false};
std::atomic<long> g_failed{0};

// Counts one allocation; true when it must fail.
bool should_fail() noexcept {
  const long at = g_fail_at.load(std::memory_order_relaxed);
  if (at == 0) return false;
  const long n = g_count.fetch_add(1, std::memory_order_relaxed) + 1;
  const bool fail = n == at || (n > at && g_persistent.load(std::memory_order_relaxed));
  if (fail) g_failed.fetch_add(1, std::memory_order_relaxed);
  return fail;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void aegis_failalloc_arm(long k, int persistent) {
  g_fail_at.store(0);
  g_count.store(0);
  g_failed.store(0);
  g_persistent.store(persistent != 0);
  g_fail_at.store(k);
}

__attribute__((visibility("default"))) void aegis_failalloc_disarm(void) { g_fail_at.store(0); }
__attribute__((visibility("default"))) long aegis_failalloc_count(void) { return g_count.load(); }
__attribute__((visibility("default"))) long aegis_failalloc_failed(void) { return g_failed.load(); }

__attribute__((visibility("default"))) void* malloc(size_t n) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  return __libc_malloc(n);
}

__attribute__((visibility("default"))) void* calloc(size_t n, size_t size) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  return __libc_calloc(n, size);
}

__attribute__((visibility("default"))) void* realloc(void* p, size_t n) {
  if (n != 0 && should_fail()) {
    errno = ENOMEM;
    return nullptr;  // p stays valid, as with a real failure
  }
  return __libc_realloc(p, n);
}

__attribute__((visibility("default"))) void free(void* p) { __libc_free(p); }

__attribute__((visibility("default"))) void* memalign(size_t align, size_t n) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  return __libc_memalign(align, n);
}

__attribute__((visibility("default"))) void* aligned_alloc(size_t align, size_t n) {
  return memalign(align, n);
}

__attribute__((visibility("default"))) int posix_memalign(void** out, size_t align, size_t n) {
  if (should_fail()) return ENOMEM;
  void* p = __libc_memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

__attribute__((visibility("default"))) void* valloc(size_t n) {
  return memalign(static_cast<size_t>(sysconf(_SC_PAGESIZE)), n);
}

__attribute__((visibility("default"))) void* pvalloc(size_t n) {
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return memalign(page, (n + page - 1) / page * page);
}

__attribute__((visibility("default"))) void* mmap(void* addr, size_t len, int prot, int flags,
                                                  int fd, off_t offset) {
  if ((flags & MAP_ANONYMOUS) != 0 && should_fail()) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  // glibc's syscall() returns -1 and sets errno on failure, as mmap does.
  const long r = syscall(SYS_mmap, addr, len, prot, flags, fd, offset);
  return r == -1 ? MAP_FAILED : reinterpret_cast<void*>(r);
}

}  // extern "C"

#include "common/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace aegis::common {

void advise_huge_pages(void* p, size_t bytes) noexcept {
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = (begin + kHugePageBytes - 1) & ~uintptr_t{kHugePageBytes - 1};
  const uintptr_t last = (begin + bytes) & ~uintptr_t{kHugePageBytes - 1};
  if (p == nullptr || last <= first) return;
  (void)::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace aegis::common

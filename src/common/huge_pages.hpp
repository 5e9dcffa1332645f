// Transparent huge pages for large fresh buffers. On this kind of VM the
// first touch of fresh 4 KiB pages costs more than the work done in them
// (docs/design.md, on fresh memory): one fault per 2 MiB instead of per 4 KiB cuts that cost
// several-fold. Advice only: contents, ownership and lifetime do not change.
#pragma once

#include <cstddef>

namespace aegis::common {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Asks the kernel to back the 2 MiB-aligned interior of [p, p + bytes) with
// huge pages (madvise MADV_HUGEPAGE). Best done before the range is first
// touched. No-op for ranges without a whole aligned huge page, and where the
// kernel declines. [p, p + bytes) must lie inside one live allocation.
void advise_huge_pages(void* p, size_t bytes) noexcept;

}  // namespace aegis::common

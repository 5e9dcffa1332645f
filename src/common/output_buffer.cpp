#include "common/output_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

#include "common/huge_pages.hpp"

namespace aegis::common {

OutputBuffer OutputBuffer::allocate(size_t len) {
  if (len == 0) return OutputBuffer{};
  if (len < kLargeBufferBytes) {
    void* p = std::malloc(len);
    if (p == nullptr) throw std::bad_alloc();
    return OutputBuffer{static_cast<uint8_t*>(p), len};
  }
  // Over-map by one huge page and trim, so the buffer starts on a 2 MiB
  // boundary: only aligned ranges can be backed by transparent huge pages,
  // which cut the first-touch page faults ~500-fold (docs/design.md).
  const size_t span = len + kHugePageBytes;
  void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto base = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t start = (base + kHugePageBytes - 1) & ~uintptr_t{kHugePageBytes - 1};
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t end = (start + len + page - 1) & ~(page - 1);
  if (start > base) ::munmap(raw, start - base);
  if (base + span > end) ::munmap(reinterpret_cast<void*>(end), base + span - end);
  auto* p = reinterpret_cast<uint8_t*>(start);
  advise_huge_pages(p, len);
  return OutputBuffer{p, len};
}

OutputBuffer::OutputBuffer(OutputBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

OutputBuffer& OutputBuffer::operator=(OutputBuffer&& other) noexcept {
  if (this != &other) {
    release_output(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

OutputBuffer::~OutputBuffer() { release_output(data_, size_); }

uint8_t* OutputBuffer::release() noexcept {
  size_ = 0;
  return std::exchange(data_, nullptr);
}

void release_output(uint8_t* ptr, size_t len) noexcept {
  if (ptr == nullptr || len == 0) return;
  if (len < kLargeBufferBytes) {
    std::free(ptr);
  } else {
    ::munmap(ptr, len);
  }
}

}  // namespace aegis::common

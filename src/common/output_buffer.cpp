#include "common/output_buffer.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <new>
#include <utility>

namespace aegis {

OutputBuffer OutputBuffer::allocate(size_t len) {
  if (len == 0) return OutputBuffer{};
  if (len < kLargeBufferBytes) {
    void* p = std::malloc(len);
    if (p == nullptr) throw std::bad_alloc();
    return OutputBuffer{static_cast<uint8_t*>(p), len};
  }
  void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  // Advisory only: fewer page faults when the kernel can back it with 2 MiB pages.
  (void)::madvise(p, len, MADV_HUGEPAGE);
  return OutputBuffer{static_cast<uint8_t*>(p), len};
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

}  // namespace aegis

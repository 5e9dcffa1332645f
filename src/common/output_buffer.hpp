// Library-owned byte buffers handed to C callers and released with
// aegis_free(ptr, len); also the storage of large internal arrays (a padded
// input copy, the path records), which want the same allocation. Small buffers
// come from malloc; large ones from mmap with transparent huge pages, because
// first-touching a fresh multi-hundred-MB buffer is dominated by page faults
// (docs/design.md, on fresh memory). Contents start unspecified (never zero-filled). The choice
// depends only on the length, so release_output(ptr, len) can undo it without
// a header.
#pragma once

#include <cstddef>
#include <cstdint>

namespace aegis::common {

inline constexpr size_t kLargeBufferBytes = size_t{1} << 20;  // 1 MiB

class OutputBuffer {
 public:
  OutputBuffer() noexcept = default;
  // A buffer of exactly len bytes (contents unspecified). len 0 gives an
  // empty buffer with a null data pointer. Throws std::bad_alloc on failure.
  static OutputBuffer allocate(size_t len);

  OutputBuffer(OutputBuffer&& other) noexcept;
  OutputBuffer& operator=(OutputBuffer&& other) noexcept;
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;
  ~OutputBuffer();

  uint8_t* data() noexcept { return data_; }
  const uint8_t* data() const noexcept { return data_; }
  size_t size() const noexcept { return size_; }
  // Hands the bytes to the caller, who releases them with release_output(ptr, size()).
  uint8_t* release() noexcept;

 private:
  OutputBuffer(uint8_t* data, size_t size) noexcept : data_(data), size_(size) {}
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Frees a buffer obtained from OutputBuffer::release(); what aegis_free calls.
// NULL or len 0 is a no-op.
void release_output(uint8_t* ptr, size_t len) noexcept;

}  // namespace aegis::common

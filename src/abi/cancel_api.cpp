// aegis_cancel_create / _request / _destroy.
#include <memory>
#include <new>

#include "abi/cancel.hpp"
#include "aegispath.h"

extern "C" {

aegis_cancel* aegis_cancel_create(void) {
  try {
    return std::make_unique<aegis_cancel>().release();
  } catch (...) {
    return nullptr;
  }
}

void aegis_cancel_request(aegis_cancel* cancel) {
  if (cancel != nullptr) cancel->requested.store(true, std::memory_order_relaxed);
}

void aegis_cancel_destroy(aegis_cancel* cancel) {
  // Adopting the handle frees it.
  std::unique_ptr<aegis_cancel> owned(cancel);
}

}  // extern "C"

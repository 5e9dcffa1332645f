// Shared plumbing of the exported functions: the out-parameters, the error
// report, and the catch-everything wrapper that turns core errors and
// exceptions into a status.
#pragma once

#include <cstdio>
#include <exception>
#include <new>
#include <string_view>

#include "abi/struct_size.hpp"
#include "aegispath.h"
#include "common/output_buffer.hpp"
#include "common/runtime_warmup.hpp"
#include "common/status.hpp"

namespace aegis::abi {

inline std::string_view as_view(const uint8_t* data, size_t len) noexcept {
  return {reinterpret_cast<const char*>(data), len};
}

// Fills the caller's aegis_error (when given) and out-parameters for one call.
class CallGuard {
 public:
  CallGuard(aegis_error* error, uint8_t** out, size_t* out_len) noexcept
      : error_(error), out_(out), out_len_(out_len) {
    if (out_ != nullptr) *out_ = nullptr;
    if (out_len_ != nullptr) *out_len_ = 0;
  }

  // Runs body (returning common::Error) and converts whatever happens into a status.
  template <typename Body>
  aegis_status run(Body&& body) noexcept {
    try {
      if (out_ == nullptr || out_len_ == nullptr)
        return report(common::make_error(AEGIS_ERR_INVALID_ARGUMENT,
                                         "out and out_len must not be NULL"));
      if (!common::runtime_ready())
        return report_static(AEGIS_ERR_OUT_OF_MEMORY,
                             "out of memory while the library was loaded: its thread pool "
                             "could not be set up (restart the process)");
      return report(body());
    } catch (const common::StatusError& e) {
      return report_static(e.status(), e.what());
    } catch (const std::bad_alloc&) {
      return report_static(AEGIS_ERR_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception& e) {
      return report_static(AEGIS_ERR_INTERNAL, e.what());
    } catch (...) {
      return report_static(AEGIS_ERR_INTERNAL, "unknown internal error");
    }
  }

  // Passes ownership of a finished buffer to the caller.
  void hand_over(common::OutputBuffer& buffer) noexcept {
    *out_len_ = buffer.size();
    *out_ = buffer.release();
  }

 private:
  aegis_status report(const common::Error& e) noexcept {
    return report_static(e.status, e.message.c_str());
  }
  aegis_status report_static(aegis_status status, const char* message) noexcept {
    if (status != AEGIS_OK && out_ != nullptr && *out_ != nullptr) {
      // A buffer handed over before a later failure is taken back.
      common::release_output(*out_, *out_len_);
      *out_ = nullptr;
      *out_len_ = 0;
    }
    if (error_ == nullptr) return status;
    // Only what fits the caller's struct_size (the header's struct rule).
    if (has_member(*error_, error_->status)) error_->status = status;
    if (has_member(*error_, error_->message))
      std::snprintf(error_->message, sizeof error_->message, "%s",
                    status == AEGIS_OK ? "" : message);
    return status;
  }

  aegis_error* error_;
  uint8_t** out_;
  size_t* out_len_;
};

// The C-level checks of an input buffer: a pointer and a length.
inline common::Error check_input(const uint8_t* json, size_t len) {
  if (json == nullptr) return common::make_error(AEGIS_ERR_INVALID_ARGUMENT, "input is NULL");
  if (len == 0) return common::make_error(AEGIS_ERR_INVALID_ARGUMENT, "input is empty");
  return {};
}

}  // namespace aegis::abi

// Shared plumbing of the exported functions: argument checks, the error
// report, and the catch-everything wrapper.
#pragma once

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

#include "aegispath.h"
#include "common/output_buffer.hpp"
#include "common/status.hpp"
#include "decode/decoder.hpp"

namespace aegis {

// Fills the caller's aegis_error (when given) and out-parameters for one call.
class CallGuard {
 public:
  CallGuard(aegis_error* error, uint8_t** out, size_t* out_len) noexcept
      : error_(error), out_(out), out_len_(out_len) {
    if (out_ != nullptr) *out_ = nullptr;
    if (out_len_ != nullptr) *out_len_ = 0;
  }

  // Runs body (returning aegis::Error) and converts whatever happens into a status.
  template <typename Body>
  aegis_status run(Body&& body) noexcept {
    try {
      if (out_ == nullptr || out_len_ == nullptr)
        return report(make_error(AEGIS_ERR_INVALID_ARGUMENT, "out and out_len must not be NULL"));
      return report(body());
    } catch (const std::bad_alloc&) {
      return report_static(AEGIS_ERR_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception& e) {
      return report_static(AEGIS_ERR_INTERNAL, e.what());
    } catch (...) {
      return report_static(AEGIS_ERR_INTERNAL, "unknown internal error");
    }
  }

  // Passes ownership of a finished buffer to the caller.
  void hand_over(OutputBuffer& buffer) noexcept {
    *out_len_ = buffer.size();
    *out_ = buffer.release();
  }

 private:
  aegis_status report(const Error& e) noexcept {
    return report_static(e.status, e.message.c_str());
  }
  aegis_status report_static(aegis_status status, const char* message) noexcept {
    if (status != AEGIS_OK && out_ != nullptr && *out_ != nullptr) {
      // A buffer handed over before a later failure is taken back.
      release_output(*out_, *out_len_);
      *out_ = nullptr;
      *out_len_ = 0;
    }
    if (error_ != nullptr) {
      error_->status = status;
      std::snprintf(error_->message, sizeof error_->message, "%s",
                    status == AEGIS_OK ? "" : message);
    }
    return status;
  }

  aegis_error* error_;
  uint8_t** out_;
  size_t* out_len_;
};

// Validates the input pointer/length and merges caller options over defaults.
inline Error resolve_input(const uint8_t* json, size_t len, const aegis_options* given,
                           aegis_options& resolved) {
  aegis_options_init(&resolved);
  if (given != nullptr) {
    if (given->struct_size < sizeof(size_t) || given->struct_size > sizeof(aegis_options))
      return make_error(AEGIS_ERR_INVALID_ARGUMENT,
                        "options.struct_size is not set (call aegis_options_init)");
    // Copy only the members the caller's (possibly older, smaller) struct has.
    std::memcpy(&resolved, given, given->struct_size);
    resolved.struct_size = sizeof(aegis_options);
    if (resolved.max_input_bytes == 0) resolved.max_input_bytes = kDefaultMaxInputBytes;
  }
  if (json == nullptr) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "input is NULL");
  if (len == 0) return make_error(AEGIS_ERR_INVALID_ARGUMENT, "input is empty");
  if (len > resolved.max_input_bytes)
    return make_error(AEGIS_ERR_TOO_LARGE, "input of " + std::to_string(len) +
                                               " bytes is over the cap of " +
                                               std::to_string(resolved.max_input_bytes));
  return {};
}

}  // namespace aegis

// The one-shot calls of the C API: C arguments -> pipeline::Options and
// views, the pipeline (src/pipeline/one_shot.hpp), its status and buffer
// back. Every function catches everything: no exception crosses into C (or Go).
#include <string_view>

#include "abi/call_guard.hpp"
#include "abi/convert.hpp"
#include "aegispath.h"
#include "common/output_buffer.hpp"
#include "pipeline/one_shot.hpp"

using aegis::abi::as_view;
using aegis::abi::CallGuard;
using aegis::common::Error;
using aegis::common::make_error;
using aegis::common::OutputBuffer;

extern "C" {

unsigned aegis_version_number(void) { return AEGIS_VERSION_NUMBER; }

const char* aegis_version_string(void) {
#define AEGIS_STR2(x) #x
#define AEGIS_STR(x) AEGIS_STR2(x)
  return AEGIS_STR(AEGIS_VERSION_MAJOR) "." AEGIS_STR(AEGIS_VERSION_MINOR) "." AEGIS_STR(
      AEGIS_VERSION_PATCH);
#undef AEGIS_STR
#undef AEGIS_STR2
}

const char* aegis_status_string(aegis_status status) {
  switch (status) {
    case AEGIS_OK: return "ok";
    case AEGIS_ERR_INVALID_ARGUMENT: return "invalid argument";
    case AEGIS_ERR_TOO_LARGE: return "input too large";
    case AEGIS_ERR_MALFORMED_JSON: return "malformed JSON";
    case AEGIS_ERR_INVALID_UTF8: return "invalid UTF-8";
    case AEGIS_ERR_SCHEMA: return "input does not match the findings schema";
    case AEGIS_ERR_INVALID_FILTER: return "invalid filter";
    case AEGIS_ERR_NOT_FOUND: return "not found";
    case AEGIS_ERR_OUT_OF_MEMORY: return "out of memory";
    case AEGIS_ERR_WRITE_ABORTED: return "write aborted by the callback";
    case AEGIS_ERR_INTERNAL: return "internal error";
    case AEGIS_ERR_CANCELLED: return "cancelled";
    case AEGIS_ERR_TIMED_OUT: return "timed out";
    case AEGIS_ERR_RESULT_TOO_LARGE: return "result too large";
  }
  return "unknown status";
}

aegis_status aegis_compute_attack_paths_ex(const uint8_t* json, size_t len,
                                           const aegis_options* options, uint8_t** out,
                                           size_t* out_len, aegis_error* error) {
  CallGuard guard(error, out, out_len);
  return guard.run([&]() -> Error {
    aegis::pipeline::Options opts;
    if (Error e = aegis::abi::to_pipeline_options(options, opts)) return e;
    if (Error e = aegis::abi::check_input(json, len)) return e;
    OutputBuffer buffer;
    if (Error e = aegis::pipeline::compute_attack_paths(as_view(json, len), opts, buffer)) return e;
    guard.hand_over(buffer);
    return {};
  });
}

aegis_status aegis_load_and_serialize_findings_ex(const uint8_t* json, size_t len,
                                                  const uint8_t* filter, size_t filter_len,
                                                  const aegis_options* options,
                                                  uint8_t** out, size_t* out_len,
                                                  aegis_error* error) {
  CallGuard guard(error, out, out_len);
  return guard.run([&]() -> Error {
    aegis::pipeline::Options opts;
    if (Error e = aegis::abi::to_pipeline_options(options, opts)) return e;
    if (Error e = aegis::abi::check_input(json, len)) return e;
    if (filter == nullptr && filter_len != 0)
      return make_error(AEGIS_ERR_INVALID_ARGUMENT, "filter is NULL but filter_len is not 0");
    // A non-NULL filter of length 0 is no filter, as NULL is.
    const std::string_view filter_text =
        filter == nullptr ? std::string_view() : as_view(filter, filter_len);
    OutputBuffer buffer;
    if (Error e = aegis::pipeline::load_and_serialize_findings(as_view(json, len), filter_text,
                                                               opts, buffer))
      return e;
    guard.hand_over(buffer);
    return {};
  });
}

// The drop-in calls need out_len: without it the caller could not free the result.
uint8_t* aegis_compute_attack_paths(const uint8_t* json, size_t len, size_t* out_len) {
  if (out_len == nullptr) return nullptr;
  uint8_t* out = nullptr;
  size_t n = 0;
  aegis_compute_attack_paths_ex(json, len, nullptr, &out, &n, nullptr);
  *out_len = n;
  return out;
}

uint8_t* aegis_load_and_serialize_findings(const uint8_t* json, size_t len,
                                           const uint8_t* filter, size_t filter_len,
                                           size_t* out_len) {
  if (out_len == nullptr) return nullptr;
  uint8_t* out = nullptr;
  size_t n = 0;
  aegis_load_and_serialize_findings_ex(json, len, filter, filter_len, nullptr, &out, &n,
                                       nullptr);
  *out_len = n;
  return out;
}

void aegis_free(uint8_t* ptr, size_t len) {
  if (ptr == nullptr || len == 0) return;
  aegis::common::release_output(ptr, len);
}

}  // extern "C"

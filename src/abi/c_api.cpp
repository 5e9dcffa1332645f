// The C boundary: every exported function lives here. Each one translates
// aegis::Error values into aegis_status + message, and catches everything —
// no exception crosses into C (or Go).
#include <algorithm>
#include <cstring>
#include <new>
#include <span>
#include <string_view>

#include "aegispath.h"
#include "abi/call_guard.hpp"
#include "common/output_buffer.hpp"
#include "decode/decoder.hpp"
#include "encode/finding_encoder.hpp"
#include "engine/attack_paths.hpp"
#include "filter/filter.hpp"

namespace aegis {
namespace {

std::string_view as_view(const uint8_t* data, size_t len) {
  return {reinterpret_cast<const char*>(data), len};
}

EngineOptions engine_options(const aegis_options& o) { return EngineOptions{o.max_threads}; }

Error compute_paths(std::string_view json, const aegis_options& opts, OutputBuffer& out) {
  FindingsDoc doc;
  if (Error e = decode_findings(json, opts.max_input_bytes, doc)) return e;
  const EngineOptions eo = engine_options(opts);
  const AttackPaths paths = AttackPaths::compute(doc, eo);
  out = paths.result_json(eo);
  return {};
}

Error load_findings(std::string_view json, const uint8_t* filter, size_t filter_len,
                    const aegis_options& opts, OutputBuffer& out) {
  FindingsFilter parsed;
  const bool has_filter = filter != nullptr && filter_len != 0;
  // The filter is checked first: it is small, and a bad one fails fast.
  if (has_filter) {
    if (Error e = parse_filter(as_view(filter, filter_len), parsed)) return e;
  }
  FindingsDoc doc;
  if (Error e = decode_findings(json, opts.max_input_bytes, doc)) return e;
  std::vector<uint32_t> selected;
  if (has_filter) {
    selected = select_findings(doc, parsed);
  } else {
    selected.resize(doc.findings.size());
    for (uint32_t i = 0; i < selected.size(); ++i) selected[i] = i;
  }
  out = encode_findings_array(doc, selected);
  return {};
}

}  // namespace
}  // namespace aegis

using aegis::CallGuard;

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
  }
  return "unknown status";
}

void aegis_options_init(aegis_options* options) {
  if (options == nullptr) return;
  *options = aegis_options{};
  options->struct_size = sizeof(aegis_options);
  options->max_input_bytes = aegis::kDefaultMaxInputBytes;
}

aegis_status aegis_compute_attack_paths_ex(const uint8_t* json, size_t len,
                                           const aegis_options* options, uint8_t** out,
                                           size_t* out_len, aegis_error* error) {
  CallGuard guard(error, out, out_len);
  return guard.run([&]() -> aegis::Error {
    aegis_options opts;
    if (aegis::Error e = aegis::resolve_input(json, len, options, opts)) return e;
    aegis::OutputBuffer buffer;
    if (aegis::Error e = aegis::compute_paths(aegis::as_view(json, len), opts, buffer)) return e;
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
  return guard.run([&]() -> aegis::Error {
    aegis_options opts;
    if (aegis::Error e = aegis::resolve_input(json, len, options, opts)) return e;
    if (filter == nullptr && filter_len != 0)
      return aegis::make_error(AEGIS_ERR_INVALID_ARGUMENT, "filter is NULL but filter_len is not 0");
    aegis::OutputBuffer buffer;
    if (aegis::Error e =
            aegis::load_findings(aegis::as_view(json, len), filter, filter_len, opts, buffer))
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
  aegis::release_output(ptr, len);
}

}  // extern "C"

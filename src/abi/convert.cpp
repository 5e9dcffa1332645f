#include "abi/convert.hpp"

#include <string_view>

#include "abi/cancel.hpp"
#include "abi/struct_size.hpp"

namespace aegis::abi {
namespace {

static_assert(AEGIS_DEFAULT_MAX_INPUT_BYTES == pipeline::Options{}.max_input_bytes);
static_assert(AEGIS_DEFAULT_MAX_EDGE_BYTES == pipeline::Options{}.max_edge_bytes);

std::string_view as_view(const char* data, size_t len) noexcept {
  return data == nullptr ? std::string_view() : std::string_view(data, len);
}

// The limits at the end of aegis_options (a struct_size before them: none).
void read_limits(const aegis_options& given, pipeline::Options& out) noexcept {
  if (has_member(given, given.max_paths)) out.max_paths = given.max_paths;
  if (has_member(given, given.max_result_bytes)) out.max_result_bytes = given.max_result_bytes;
  if (has_member(given, given.timeout_ms)) out.timeout_ms = given.timeout_ms;
  if (has_member(given, given.cancel) && given.cancel != nullptr)
    out.cancel = &given.cancel->requested;
}

}  // namespace

common::Error to_pipeline_options(const aegis_options* given, pipeline::Options& out) {
  out = pipeline::Options{};
  if (given == nullptr) return {};
  if (common::Error e = check_struct_size(*given, "options", "aegis_options_init")) return e;
  if (has_member(*given, given->max_input_bytes) && given->max_input_bytes != 0)
    out.max_input_bytes = given->max_input_bytes;
  if (has_member(*given, given->max_threads)) out.max_threads = given->max_threads;
  if (has_member(*given, given->compute_integrity_hash))
    out.integrity_hash = given->compute_integrity_hash != 0;
  // The edge document counts only when its length is inside struct_size too.
  if (has_member(*given, given->edges_len)) {
    if (given->edges != nullptr && given->edges_len == 0)
      return common::make_error(AEGIS_ERR_INVALID_ARGUMENT,
                                "options.edges is not NULL but options.edges_len is 0");
    if (given->edges == nullptr && given->edges_len != 0)
      return common::make_error(AEGIS_ERR_INVALID_ARGUMENT,
                                "options.edges is NULL but options.edges_len is not 0");
    if (given->edges != nullptr)
      out.edges = std::string_view(reinterpret_cast<const char*>(given->edges), given->edges_len);
  }
  if (has_member(*given, given->max_edge_bytes) && given->max_edge_bytes != 0)
    out.max_edge_bytes = given->max_edge_bytes;
  read_limits(*given, out);
  return {};
}

common::Error to_call_limits(const aegis_options* given, uint64_t store_max_result_bytes,
                             store::CallLimits& out) {
  out = store::CallLimits{};
  out.max_result_bytes = store_max_result_bytes;
  if (given == nullptr) return {};
  if (common::Error e = check_struct_size(*given, "options", "aegis_options_init")) return e;
  pipeline::Options limits;
  read_limits(*given, limits);
  out.max_result_bytes = limits.max_result_bytes;
  out.stop = limits.stop_token();
  return {};
}

common::Error to_finding_query(const aegis_finding_query* given, store::FindingQuery& out) {
  out = store::FindingQuery{};
  if (given == nullptr) return {};
  if (common::Error e = check_struct_size(*given, "query", "aegis_finding_query_init")) return e;
  // A string counts when its length is inside struct_size too.
  if (has_member(*given, given->severity_len))
    out.severity = as_view(given->severity, given->severity_len);
  if (has_member(*given, given->provider_len))
    out.provider = as_view(given->provider, given->provider_len);
  if (has_member(*given, given->status_len)) out.status = as_view(given->status, given->status_len);
  if (has_member(*given, given->page)) out.page = given->page;
  if (has_member(*given, given->per_page)) out.per_page = given->per_page;
  return {};
}

}  // namespace aegis::abi

#include "filter/filter.hpp"

#include <simdjson.h>

#include <array>
#include <limits>

#include "decode/go_syntax.hpp"
#include "decode/key_match.hpp"

namespace aegis::filter {
namespace {

using common::Error;
using common::make_error;

using simdjson::dom::element;
using simdjson::dom::element_type;

Error filter_error(std::string message) {
  return make_error(AEGIS_ERR_INVALID_FILTER, "filter: " + std::move(message));
}

Error out_of_memory() { return make_error(AEGIS_ERR_OUT_OF_MEMORY, "filter: out of memory"); }

constexpr decode::KeyTable<6> kFilterKeys{std::array<std::string_view, 6>{
    "severity", "provider", "status", "category", "offset", "limit"}};

// Go's int (int64) decoding: only integer tokens within int64 are accepted
// (`1.0`, `1e2` and overflow are errors; `-0` is 0).
bool read_int(element v, int64_t& dst) {
  switch (v.type()) {
    case element_type::NULL_VALUE: return true;
    case element_type::INT64: dst = v.get_int64().value_unsafe(); return true;
    default: return false;  // uint64 (> int64 max), double, non-numbers
  }
}

bool read_string(element v, std::string& dst) {
  switch (v.type()) {
    case element_type::NULL_VALUE: return true;
    case element_type::STRING: dst = v.get_string().value_unsafe(); return true;
    default: return false;
  }
}

}  // namespace

Error parse_filter(std::string_view json, FindingsFilter& out) {
  out = FindingsFilter{};
  if (json.size() > kMaxFilterBytes) {
    return filter_error("over the " + std::to_string(kMaxFilterBytes) + "-byte cap");
  }
  if (!simdjson::validate_utf8(json.data(), json.size())) return filter_error("invalid UTF-8");
  const size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || json[first] != '{') {
    return filter_error("not a JSON object");
  }

  // Allocation failures are out of memory, never a malformed filter: the
  // padded copy is a std::string (it throws std::bad_alloc, where
  // simdjson::padded_string would hand the parser a NULL buffer), and the
  // parser reports MEMALLOC.
  simdjson::dom::parser parser;
  if (parser.allocate(json.size(), decode::kGoMaxDepth)) return out_of_memory();
  element root;
  std::string padded;
  padded.reserve(json.size() + simdjson::SIMDJSON_PADDING);
  padded.append(json).append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::error_code err = parser.parse(padded.data(), json.size(), false).get(root);
  if (err == simdjson::MEMALLOC) return out_of_memory();
  if (err) {
    // simdjson rejects some numbers and escapes Go accepts: Go's scanner decides.
    std::string text;
    decode::ScanResult scan = decode::scan_and_rewrite(json, text, decode::RewriteOptions{});
    if (!scan.ok) return filter_error(std::move(scan.message));
    const size_t len = text.size();
    text.append(simdjson::SIMDJSON_PADDING, '\0');
    // simdjson counts a value inside the deepest container as one more
    // level; the Go scanner has already enforced Go's limit exactly.
    if (parser.allocate(len, decode::kGoMaxDepth + 1)) return out_of_memory();
    err = parser.parse(text.data(), len, false).get(root);
    if (err == simdjson::MEMALLOC) return out_of_memory();
    if (err) return filter_error("malformed JSON");
  }

  int64_t offset = 0;
  int64_t limit = 0;
  simdjson::dom::object object;
  if (root.get_object().get(object)) return filter_error("not a JSON object");
  for (auto kv : object) {
    bool ok = true;
    switch (kFilterKeys.find(kv.key)) {
      case 0: ok = read_string(kv.value, out.severity); break;
      case 1: ok = read_string(kv.value, out.provider); break;
      case 2: ok = read_string(kv.value, out.status); break;
      case 3: ok = read_string(kv.value, out.category); break;
      case 4: ok = read_int(kv.value, offset); break;
      case 5: ok = read_int(kv.value, limit); break;
      default: break;  // unknown keys are ignored
    }
    if (!ok) {
      out = FindingsFilter{};
      return filter_error("field \"" + std::string(kv.key) + "\" has the wrong type");
    }
  }
  // Checked after all keys, as Go does: a later duplicate may fix an earlier one.
  if (offset < 0 || limit < 0) {
    out = FindingsFilter{};
    return filter_error("offset and limit must not be negative");
  }
  out.offset = static_cast<uint64_t>(offset);
  out.limit = (limit == 0 || static_cast<uint64_t>(limit) > kMaxFilterLimit)
                  ? kMaxFilterLimit
                  : static_cast<uint64_t>(limit);
  return {};
}

std::vector<uint32_t> select_findings(const model::FindingsDoc& doc, const FindingsFilter& filter) {
  std::vector<uint32_t> picked;
  const auto passes = [](std::string_view want, std::string_view have) {
    return want.empty() || want == have;
  };
  uint64_t skipped = 0;
  const auto& all = doc.findings;
  for (size_t i = 0; i < all.size() && picked.size() < filter.limit; ++i) {
    const model::Finding& f = all[i];
    if (!passes(filter.severity, f.severity) || !passes(filter.provider, f.cloud_provider) ||
        !passes(filter.status, f.status) || !passes(filter.category, f.category)) {
      continue;
    }
    if (skipped < filter.offset) {
      ++skipped;
      continue;
    }
    picked.push_back(static_cast<uint32_t>(i));
  }
  return picked;
}

}  // namespace aegis::filter

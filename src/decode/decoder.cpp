#include "decode/decoder.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "common/huge_pages.hpp"
#include "common/output_buffer.hpp"
#include "decode/go_syntax.hpp"
#include "decode/json_type_name.hpp"
#include "decode/key_match.hpp"
#include "decode/parse_cache.hpp"
#include "model/field_visit.hpp"

namespace aegis::decode {
namespace {

using common::Error;
using common::make_error;
using model::Assignee;
using model::ComplianceMapping;
using model::Contact;
using model::Cve;
using model::Finding;
using model::Fields;
using model::GoSlice;
using model::StringMap;
using simdjson::dom::element;
using simdjson::dom::element_type;

// Key -> field index of each struct, built at compile time from the model's
// field table (model/finding_fields.hpp).
template <typename T>
constexpr KeyTable<Fields<T>::kCount> kKeys{Fields<T>::kNames};

// ---- the walk --------------------------------------------------------------

// `v` is known to be an object (checked with type()).
simdjson::dom::object as_object(element v) noexcept {
  simdjson::dom::object obj;
  const auto err = v.get_object().get(obj);
  (void)err;
  return obj;
}

const char* type_name(element_type t) noexcept { return json_type_name(t); }

// Where the walk is, for error messages; set cheaply, formatted only on error.
struct Walk {
  bool rewritten = false;         // the DOM comes from a go_syntax rewrite
  bool saw_integer_zero = false;  // a float field got the integer 0 (maybe `-0`)
  uint32_t finding = 0;
  std::string_view field, sub_field;
  int64_t element = -1;  // index inside the current array field, or -1
  Error error;

  std::string where() const {
    std::string s = "finding ";
    s.append(std::to_string(finding)).append(": field \"").append(field);
    if (element >= 0) s.append("[").append(std::to_string(element)).append("]");
    if (!sub_field.empty()) s.append(".").append(sub_field);
    s.append("\"");
    return s;
  }
  bool type_error(const char* expected, element_type got) {
    error = make_error(AEGIS_ERR_SCHEMA,
                       where() + ": expected " + expected + ", got " + type_name(got));
    return false;
  }
  bool range_error() {
    error = make_error(AEGIS_ERR_SCHEMA, where() + ": number out of float64 range");
    return false;
  }
};

bool decode_value(Walk& w, element v, std::string_view& dst) {
  switch (v.type()) {
    case element_type::STRING: dst = v.get_string().value_unsafe(); return true;
    case element_type::NULL_VALUE: return true;  // Go leaves the field as is
    default: return w.type_error("string", v.type());
  }
}

bool decode_value(Walk& w, element v, bool& dst) {
  switch (v.type()) {
    case element_type::BOOL: dst = v.get_bool().value_unsafe(); return true;
    case element_type::NULL_VALUE: return true;
    default: return w.type_error("bool", v.type());
  }
}

// A number for a float64 field; false (error set) when out of range.
bool read_float(Walk& w, element v, double& dst) {
  switch (v.type()) {
    case element_type::DOUBLE: dst = v.get_double().value_unsafe(); return true;
    case element_type::INT64: {
      const int64_t i = v.get_int64().value_unsafe();
      if (i == 0) w.saw_integer_zero = true;
      dst = static_cast<double>(i);  // correctly rounded, like ParseFloat
      return true;
    }
    case element_type::UINT64: {
      const uint64_t u = v.get_uint64().value_unsafe();
      if (w.rewritten && u == std::numeric_limits<uint64_t>::max()) return w.range_error();
      dst = static_cast<double>(u);
      return true;
    }
    default: return w.type_error("number", v.type());
  }
}

bool decode_value(Walk& w, element v, double& dst) {
  if (v.type() == element_type::NULL_VALUE) return true;
  return read_float(w, v, dst);
}

bool decode_value(Walk& w, element v, std::optional<double>& dst) {
  if (v.type() == element_type::NULL_VALUE) {
    dst.reset();
    return true;
  }
  double d = 0;
  if (!read_float(w, v, d)) return false;
  dst = d;
  return true;
}

template <typename T>
bool decode_struct(Walk& w, simdjson::dom::object obj, T& dst);

// Elements of a slice: strings, or structs decoded in place (Go reuses them).
bool decode_element(Walk& w, element v, std::string_view& dst) { return decode_value(w, v, dst); }

template <typename T>
bool decode_element(Walk& w, element v, T& dst) {
  switch (v.type()) {
    case element_type::OBJECT: return decode_struct(w, as_object(v), dst);
    case element_type::NULL_VALUE: return true;  // element kept as is
    default: return w.type_error("object", v.type());
  }
}

// Go's array-into-slice: decode into existing elements (stale ones beyond len
// included), grow with zero elements, `[]` and null drop the backing array.
template <typename T>
bool decode_value(Walk& w, element v, GoSlice<T>& dst) {
  switch (v.type()) {
    case element_type::NULL_VALUE:
      dst = GoSlice<T>{};
      return true;
    case element_type::ARRAY: {
      simdjson::dom::array items;
      if (v.get_array().get(items)) return w.type_error("array", v.type());
      // Reserve once instead of growing element by element; backing.size()
      // (not capacity) is what models Go's capacity.
      if (dst.backing.size() < items.size()) dst.backing.reserve(items.size());
      uint32_t i = 0;
      for (element item : items) {
        if (i >= dst.backing.size()) dst.backing.emplace_back();
        w.element = i;
        if (!decode_element(w, item, dst.backing[i])) return false;
        ++i;
      }
      w.element = -1;
      if (i == 0) {
        dst = GoSlice<T>{};
        dst.nil = false;
      } else {
        dst.len = i;
        dst.nil = false;
      }
      return true;
    }
    default: return w.type_error("array", v.type());
  }
}

template <typename T>
bool decode_value(Walk& w, element v, std::optional<T>& dst) {
  switch (v.type()) {
    case element_type::NULL_VALUE: dst.reset(); return true;
    case element_type::OBJECT:
      if (!dst) dst.emplace();  // an existing struct is merged into, as in Go
      return decode_struct(w, as_object(v), *dst);
    default: return w.type_error("object", v.type());
  }
}

// map[string]string: merges into the existing map; a null value stores "".
bool decode_value(Walk& w, element v, StringMap& dst) {
  switch (v.type()) {
    case element_type::NULL_VALUE: dst = StringMap{}; return true;
    case element_type::OBJECT: break;
    default: return w.type_error("object", v.type());
  }
  dst.nil = false;
  auto& e = dst.entries;
  const size_t before = e.size();
  for (auto kv : as_object(v)) {
    std::string_view value;
    switch (kv.value.type()) {
      case element_type::STRING: value = kv.value.get_string().value_unsafe(); break;
      case element_type::NULL_VALUE: break;
      default:
        w.sub_field = kv.key;
        return w.type_error("string", kv.value.type());
    }
    e.emplace_back(kv.key, value);
  }
  if (e.size() - before == 0 || e.size() == 1) return true;
  // Stable sort keeps document order among equal keys; the last one wins.
  std::stable_sort(e.begin(), e.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t out = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    if (i + 1 < e.size() && e[i + 1].first == e[i].first) continue;
    e[out++] = e[i];
  }
  e.resize(out);
  return true;
}

// Decodes `v` into field `index` of dst (an index from kKeys<T>).
template <typename T>
bool apply_field(Walk& w, size_t index, element v, T& dst) {
  return Fields<T>::visit(dst, index, [&](auto& member) { return decode_value(w, v, member); });
}

// Nested structs: the field of the enclosing finding stays in Walk::field.
template <typename T>
bool decode_struct(Walk& w, simdjson::dom::object obj, T& dst) {
  constexpr const auto& keys = kKeys<T>;
  for (auto kv : obj) {
    const int index = keys.find(kv.key);
    if (index < 0) continue;  // unknown keys are ignored (syntax already checked)
    w.sub_field = keys.name(static_cast<size_t>(index));
    if (!apply_field(w, static_cast<size_t>(index), kv.value, dst)) return false;
  }
  w.sub_field = {};
  return true;
}

bool decode_finding(Walk& w, simdjson::dom::object obj, Finding& dst) {
  constexpr const auto& keys = kKeys<Finding>;
  // Documents usually list the fields in struct order: try the field after
  // the previous one before hashing.
  size_t predicted = 0;
  for (auto kv : obj) {
    size_t index;
    if (predicted < keys.size() && same_key(keys.name(predicted), kv.key)) {
      index = predicted;
    } else {
      const int found = keys.find(kv.key);
      if (found < 0) continue;
      index = static_cast<size_t>(found);
    }
    predicted = index + 1;
    w.field = keys.name(index);
    if (!apply_field(w, index, kv.value, dst)) return false;
  }
  return true;
}

Error walk_document(element root, Walk& w, std::vector<Finding>& findings) {
  if (root.type() != element_type::ARRAY) {
    return make_error(AEGIS_ERR_SCHEMA, std::string("top level is not an array (got ") +
                                            type_name(root.type()) + ")");
  }
  simdjson::dom::array array;
  if (root.get_array().get(array)) return make_error(AEGIS_ERR_INTERNAL, "not an array");
  findings.clear();
  findings.reserve(array.size());
  common::advise_huge_pages(findings.data(), findings.capacity() * sizeof(Finding));
  for (element item : array) {
    if (item.type() != element_type::OBJECT) {
      return make_error(AEGIS_ERR_SCHEMA, "finding " + std::to_string(w.finding) +
                                              " is not an object (got " +
                                              type_name(item.type()) + ")");
    }
    Finding& f = findings.emplace_back();
    if (!decode_finding(w, as_object(item), f)) return std::move(w.error);
    ++w.finding;
  }
  return {};
}

// Owns the parsed DOM (tape and string buffer) the findings' string views
// point into, and gives it back to the parse cache when the findings die.
struct ParsedDocument {
  std::unique_ptr<simdjson::dom::document> dom;
  explicit ParsedDocument(size_t len) : dom(take_cached_document(len)) {}
  ParsedDocument(const ParsedDocument&) = delete;
  ParsedDocument& operator=(const ParsedDocument&) = delete;
  ~ParsedDocument() { give_cached_document(std::move(dom)); }
};

// A parser from the parse cache for one decode, given back when it ends (the
// document it filled does not need it).
class CachedParser {
 public:
  CachedParser() : p_(take_cached_parser()) {}
  CachedParser(const CachedParser&) = delete;
  CachedParser& operator=(const CachedParser&) = delete;
  ~CachedParser() { give_cached_parser(std::move(p_)); }
  simdjson::dom::parser& operator*() noexcept { return *p_; }

 private:
  std::unique_ptr<simdjson::dom::parser> p_;
};

// Parses `text` (already padded by SIMDJSON_PADDING bytes past `len`) into
// `doc`, with Go's nesting limit. The parser and the document keep buffers
// that are large enough from earlier decodes, and grow the others.
// simdjson sizes its buffers from the input length, and on a large input
// their first touch costs more than parsing (page faults): buffers allocated
// here get huge pages before they are touched. Only lower bounds of their
// sizes are advised (at least 4 bytes of structural indexes, 8 of tape and
// 5/3 of strings per input byte, from simdjson's allocate functions), so each
// range stays inside its allocation whatever simdjson rounds up to.
simdjson::error_code parse_padded(simdjson::dom::parser& parser, ParsedDocument& doc,
                                  const char* text, size_t len, element& root,
                                  size_t max_depth = kGoMaxDepth) {
  if (parser.capacity() < len || parser.max_depth() != max_depth) {
    if (auto err = parser.allocate(std::max(len, parser.capacity()), max_depth)) return err;
    common::advise_huge_pages(parser.implementation->structural_indexes.get(), len * sizeof(uint32_t));
  }
  simdjson::dom::document& dom = *doc.dom;
  if (dom.capacity() < len) {
    if (auto err = dom.allocate(len)) return err;
    common::advise_huge_pages(dom.tape.get(), len * sizeof(uint64_t));
    common::advise_huge_pages(dom.string_buf.get(), len / 3 * 5);
  }
  return parser.parse_into_document(dom, text, len, false).get(root);
}

// simdjson may read SIMDJSON_PADDING bytes past the end of its input, and
// their values never change its result (simdjson's "page trick"). When they
// lie on the page of the input's last byte they are readable, so the caller's
// buffer can be parsed in place; 4096 bytes is the smallest page size of the
// platforms we build for. Memory checkers such as valgrind flag these reads.
bool padding_is_readable(std::string_view json) noexcept {
  constexpr uintptr_t kMinPageBytes = 4096;
  const auto last = reinterpret_cast<uintptr_t>(json.data() + json.size() - 1);
  return last % kMinPageBytes + simdjson::SIMDJSON_PADDING < kMinPageBytes;
}

// The input with the SIMDJSON_PADDING bytes simdjson may read past its end,
// when the caller's buffer does not have them; large copies get huge pages.
common::OutputBuffer padded_copy(std::string_view json) {
  common::OutputBuffer buf = common::OutputBuffer::allocate(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(buf.data(), json.data(), json.size());
  std::memset(buf.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  return buf;
}

// Rewrites `json` with the Go scanner and parses the copy. On success `root`
// lives in `doc`; the rewritten text itself is not needed after parsing.
Error parse_rewritten(std::string_view json, const RewriteOptions& opts,
                      simdjson::dom::parser& parser, ParsedDocument& doc, element& root,
                      size_t* rewrites) {
  std::string text;
  ScanResult scan = scan_and_rewrite(json, text, opts);
  if (!scan.ok) return make_error(AEGIS_ERR_MALFORMED_JSON, std::move(scan.message));
  if (rewrites != nullptr) *rewrites = scan.rewrites;
  const size_t len = text.size();
  text.append(simdjson::SIMDJSON_PADDING, '\0');
  // simdjson counts a value inside the deepest container as one more level;
  // the Go scanner has already enforced Go's limit exactly.
  if (auto err = parse_padded(parser, doc, text.data(), len, root, kGoMaxDepth + 1)) {
    if (err == simdjson::MEMALLOC) return make_error(AEGIS_ERR_OUT_OF_MEMORY, "out of memory");
    if (err == simdjson::CAPACITY) return make_error(AEGIS_ERR_TOO_LARGE, "input too large");
    return make_error(AEGIS_ERR_MALFORMED_JSON,
                      std::string("JSON rejected after rewrite: ") + simdjson::error_message(err));
  }
  return {};
}

bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Can the `-0` at `i` be a whole number token? A token starts after `:` `[`
// `,` or a space and ends before `,` `]` `}`, a space or the end, which rules
// out the "-0" inside dates and ids like "sg-0da4".
bool negative_zero_token_at(std::string_view json, size_t i) noexcept {
  const char before = i == 0 ? ' ' : json[i - 1];
  const char after = i + 2 >= json.size() ? ' ' : json[i + 2];
  return (before == ':' || before == '[' || before == ',' || is_json_space(before)) &&
         (after == ',' || after == ']' || after == '}' || is_json_space(after));
}

// Cheap pre-check: can `json` contain the integer token `-0` at all? Only
// then is a rescan needed to recover the sign of a float field's zero. Scans
// 16 bytes at a time for '-', '0', terminator (dates make a plain memchr for
// '-' slow), then checks the few candidates.
bool may_contain_negative_zero(std::string_view json) noexcept {
  using v16 = unsigned char __attribute__((vector_size(16)));
  const char* p = json.data();
  const size_t n = json.size();
  size_t i = 0;
  const auto any = [](const v16& m) {
    uint64_t lo, hi;
    std::memcpy(&lo, &m, 8);
    std::memcpy(&hi, reinterpret_cast<const char*>(&m) + 8, 8);
    return (lo | hi) != 0;
  };
  for (; i + 18 <= n; i += 16) {
    v16 a, b;
    std::memcpy(&a, p + i, 16);
    std::memcpy(&b, p + i + 1, 16);
    v16 hit = (a == '-') & (b == '0');
    if (!any(hit)) continue;  // most blocks
    v16 c;
    std::memcpy(&c, p + i + 2, 16);
    hit &= (c == ',') | (c == ']') | (c == '}') | (c == ' ') | (c == '\n') | (c == '\r') |
           (c == '\t');
    if (!any(hit)) continue;
    for (size_t k = i; k < i + 16; ++k) {
      if (p[k] == '-' && p[k + 1] == '0' && negative_zero_token_at(json, k)) return true;
    }
  }
  for (; i + 1 < n; ++i) {
    if (p[i] == '-' && p[i + 1] == '0' && negative_zero_token_at(json, i)) return true;
  }
  return false;
}

}  // namespace

Error decode_findings(std::string_view json, size_t max_input_bytes, model::FindingsDoc& out) {
  out.findings.clear();
  if (json.size() > max_input_bytes) {
    return make_error(AEGIS_ERR_TOO_LARGE, "input is " + std::to_string(json.size()) +
                                               " bytes, over the cap of " +
                                               std::to_string(max_input_bytes));
  }
  if (json.empty()) return make_error(AEGIS_ERR_MALFORMED_JSON, "unexpected end of JSON input");

  CachedParser cached_parser;
  simdjson::dom::parser& parser = *cached_parser;
  auto doc = std::make_shared<ParsedDocument>(json.size());
  element root;
  Walk w;
  simdjson::error_code err;
  if (padding_is_readable(json)) {
    err = parse_padded(parser, *doc, json.data(), json.size(), root);
  } else {
    const common::OutputBuffer padded = padded_copy(json);
    err = parse_padded(parser, *doc, reinterpret_cast<const char*>(padded.data()), json.size(), root);
  }
  if (err == simdjson::MEMALLOC) return make_error(AEGIS_ERR_OUT_OF_MEMORY, "out of memory");
  if (err == simdjson::CAPACITY) return make_error(AEGIS_ERR_TOO_LARGE, "input too large");
  if (err == simdjson::UTF8_ERROR) return make_error(AEGIS_ERR_INVALID_UTF8, "invalid UTF-8");
  if (err) {
    // simdjson reports the first problem it meets; invalid UTF-8 anywhere
    // takes precedence over syntax, and Go's scanner decides syntax.
    if (!simdjson::validate_utf8(json.data(), json.size())) {
      return make_error(AEGIS_ERR_INVALID_UTF8, "invalid UTF-8");
    }
    RewriteOptions opts;
    opts.negative_zero_as_double = true;
    if (Error e = parse_rewritten(json, opts, parser, *doc, root, nullptr)) return e;
    w.rewritten = true;
  }

  if (Error e = walk_document(root, w, out.findings)) {
    out.findings.clear();
    return e;
  }

  if (!w.rewritten && w.saw_integer_zero && may_contain_negative_zero(json)) {
    // simdjson reads `-0` as the integer 0; Go's float64 keeps the sign.
    RewriteOptions opts;
    opts.negative_zero_as_double = true;
    size_t rewrites = 0;
    auto again = std::make_shared<ParsedDocument>(json.size());
    if (Error e = parse_rewritten(json, opts, parser, *again, root, &rewrites)) return e;
    if (rewrites != 0) {
      Walk w2;
      w2.rewritten = true;
      if (Error e = walk_document(root, w2, out.findings)) {
        out.findings.clear();
        return e;
      }
      doc = std::move(again);
    }
  }
  out.keep_alive(std::move(doc));
  return {};
}

}  // namespace aegis::decode

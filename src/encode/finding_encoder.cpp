#include "encode/finding_encoder.hpp"


#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/status.hpp"
#include "common/parallel.hpp"
#include "encode/json_writer.hpp"
#include "encode/object_writer.hpp"
#include "model/field_visit.hpp"

namespace aegis::encode {
namespace {

using model::Finding;
using model::FindingsDoc;
using model::GoSlice;
using model::StringMap;

// Each field is written with Go's rules for its type and its omitempty tag
// (F is the field's model::FieldInfo): an omitempty field is left out when
// empty (a Go "empty value": "", 0, false, nil pointer, no elements); a nil
// slice, map or pointer otherwise writes null.

template <typename S, typename T>
void emit_object(S& s, const T& obj);

template <typename S>
void emit_element(S& s, std::string_view v) {
  s.quoted(v);
}
template <typename S, typename T>
void emit_element(S& s, const T& v) {
  emit_object(s, v);
}

template <typename F, typename S>
void emit_field(ObjectWriter<S>& o, F, std::string_view v) {
  if constexpr (F::kOmitEmpty) {
    if (v.empty()) return;
  }
  o.template string<F::kName>(v);
}

template <typename F, typename S>
void emit_field(ObjectWriter<S>& o, F, double v) {
  if constexpr (F::kOmitEmpty) {
    if (v == 0) return;
  }
  o.template number<F::kName>(v);
}

template <typename F, typename S>
void emit_field(ObjectWriter<S>& o, F, bool v) {
  if constexpr (F::kOmitEmpty) {
    if (!v) return;
  }
  o.template boolean<F::kName>(v);
}

// A Go *float64.
template <typename F, typename S>
void emit_field(ObjectWriter<S>& o, F, const std::optional<double>& v) {
  if (v) {
    o.template number<F::kName>(*v);
  } else if constexpr (!F::kOmitEmpty) {
    o.template key<F::kName>();
    o.sink().raw("null");
  }
}

// A Go pointer to a struct.
template <typename F, typename S, typename T>
void emit_field(ObjectWriter<S>& o, F, const std::optional<T>& v) {
  if (!v) {
    if constexpr (!F::kOmitEmpty) {
      o.template key<F::kName>();
      o.sink().raw("null");
    }
    return;
  }
  o.template key<F::kName>();
  emit_object(o.sink(), *v);
}

// A Go slice: nil -> null, otherwise [..] (empty non-nil -> []).
template <typename F, typename S, typename T>
void emit_field(ObjectWriter<S>& o, F, const GoSlice<T>& v) {
  if constexpr (F::kOmitEmpty) {
    if (v.empty()) return;
  }
  o.template key<F::kName>();
  S& s = o.sink();
  if (v.nil) {
    s.raw("null");
    return;
  }
  s.ch('[');
  bool first = true;
  for (const T& e : v) {
    if (!first) s.ch(',');
    first = false;
    emit_element(s, e);
  }
  s.ch(']');
}

// A Go map[string]string, keys already sorted.
template <typename F, typename S>
void emit_field(ObjectWriter<S>& o, F, const StringMap& v) {
  if constexpr (F::kOmitEmpty) {
    if (v.entries.empty()) return;
  }
  o.template key<F::kName>();
  if (v.nil) {
    o.sink().raw("null");
    return;
  }
  ObjectWriter<S> map(o.sink());
  for (const auto& [k, value] : v.entries) {
    map.key(k);
    map.sink().quoted(value);
  }
  map.end();
}

// A model struct: its fields in the field table's order.
template <typename S, typename T>
void emit_object(S& s, const T& obj) {
  ObjectWriter<S> o(s);
  model::Fields<T>::for_each(obj,
                             [&o](auto field, const auto& value) { emit_field(o, field, value); });
  o.end();
}

}  // namespace

void append_finding_json(const Finding& f, std::string& out) {
  StringSink s{out};
  emit_object(s, f);
}

size_t finding_json_length(const Finding& f) noexcept {
  CountSink s;
  emit_object(s, f);
  return s.n;
}

char* write_finding_json(const Finding& f, char* dst) noexcept {
  PtrSink s{dst};
  emit_object(s, f);
  return s.p;
}

common::OutputBuffer encode_findings_array(const FindingsDoc& doc,
                                           std::span<const uint32_t> indices) {
  return encode_findings_array(doc, indices, 1);
}

common::OutputBuffer encode_findings_array(const FindingsDoc& doc,
                                           std::span<const uint32_t> indices,
                                           unsigned max_threads, uint64_t max_bytes) {
  const size_t n = indices.size();
  for (uint32_t i : indices) {
    if (i >= doc.findings.size()) throw std::out_of_range("finding index out of range");
  }
  // offsets[k] = where finding k starts; one measuring pass, then disjoint writes.
  std::vector<size_t> offsets(n + 1);
  size_t pos = 1;  // '['
  for (size_t k = 0; k < n; ++k) {
    if (k > 0) ++pos;  // ','
    offsets[k] = pos;
    pos += finding_json_length(doc.findings[indices[k]]);
  }
  offsets[n] = pos;
  const size_t total = pos + 1;  // ']'
  common::check_result_bytes(total, max_bytes);
  common::OutputBuffer buf = common::OutputBuffer::allocate(total);
  char* base = reinterpret_cast<char*>(buf.data());
  base[0] = '[';
  base[total - 1] = ']';
  auto write_range = [&](size_t lo, size_t hi) {
    for (size_t k = lo; k < hi; ++k) {
      if (k > 0) base[offsets[k] - 1] = ',';
      write_finding_json(doc.findings[indices[k]], base + offsets[k]);
    }
  };
  // Threads only pay off for big pages; a filter page is usually small.
  if (max_threads == 1 || total < (size_t{4} << 20)) {
    write_range(0, n);
  } else {
    common::make_arena(max_threads).execute([&] {
      common::parallel_ranges(0, n, 256, write_range);
    });
  }
  return buf;
}

}  // namespace aegis::encode

// What the libFuzzer targets of tests/fuzz/ share: the input layout, a
// reader of fuzzed parameters, and small helpers over the C API.
//
// Input layout: a findings document, then optionally kSeparator and parameter
// bytes that each target reads as it needs (missing bytes read as 0). A plain
// JSON document is therefore a valid input with every parameter 0, so seeds
// stay readable, and the parameters mutate independently of the document.
// The graph-mode target reads the document part as findings, then
// optionally kEdgesSeparator and an edge document (split_graph).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "aegispath.h"

namespace aegis_fuzz {

inline constexpr std::string_view kSeparator = "\n\x01PARAMS\x01";
inline constexpr std::string_view kEdgesSeparator = "\n\x01" "EDGES\x01";  // split: E is a hex digit

// Fails the run with a message (libFuzzer reports the crash and keeps the input).
[[noreturn]] inline void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n%.2000s\n", what, detail.c_str());
  std::abort();
}

inline void check(bool ok, const char* what, const std::string& detail = {}) {
  if (!ok) fail(what, detail);
}

struct Input {
  std::string_view doc;
  std::string_view params;
};

inline Input split(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const size_t at = all.find(kSeparator);
  if (at == std::string_view::npos) return {all, {}};
  return {all.substr(0, at), all.substr(at + kSeparator.size())};
}

// A graph-mode input: findings, the edge document ("[]" when the input has
// no kEdgesSeparator: graph mode without edges), parameters.
struct GraphInput {
  std::string_view findings;
  std::string_view edges;
  std::string_view params;
};

inline GraphInput split_graph(const uint8_t* data, size_t size) {
  const Input in = split(data, size);
  const size_t at = in.doc.find(kEdgesSeparator);
  if (at == std::string_view::npos) return {in.doc, "[]", in.params};
  return {in.doc.substr(0, at), in.doc.substr(at + kEdgesSeparator.size()), in.params};
}

// Reads fuzzed values front to back; 0 once the bytes run out.
class Params {
 public:
  explicit Params(std::string_view bytes) : bytes_(bytes) {}
  uint8_t u8() { return pos_ < bytes_.size() ? static_cast<uint8_t>(bytes_[pos_++]) : 0; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{u8()} << (8 * i);
    return v;
  }
  uint64_t u64() { return uint64_t{u32()} | (uint64_t{u32()} << 32); }
  // A string of up to max bytes (its length read first).
  std::string_view str(size_t max) {
    const size_t n = std::min<size_t>(u8() % (max + 1), bytes_.size() - std::min(pos_, bytes_.size()));
    const std::string_view s = bytes_.substr(std::min(pos_, bytes_.size()), n);
    pos_ += n;
    return s;
  }
  std::string_view rest() { return pos_ < bytes_.size() ? bytes_.substr(pos_) : std::string_view(); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

inline const uint8_t* u8p(std::string_view s) {
  // A non-NULL pointer even for an empty view, as callers with a buffer pass.
  static const uint8_t empty = 0;
  return s.empty() ? &empty : reinterpret_cast<const uint8_t*>(s.data());
}

// Takes a library buffer: its bytes, then aegis_free.
inline std::string take(uint8_t* p, size_t n) {
  std::string s = p == nullptr ? std::string() : std::string(reinterpret_cast<char*>(p), n);
  aegis_free(p, n);
  return s;
}

// A call's status, bytes and error message, with its error report checked
// for agreement.
struct Answer {
  aegis_status status;
  std::string bytes;
  std::string message;
};

template <typename Call>
Answer answer(Call&& call) {
  aegis_error e;
  aegis_error_init(&e);
  uint8_t* out = nullptr;
  size_t len = 0;
  const aegis_status st = call(&out, &len, &e);
  check(e.status == st, "the error report's status differs from the returned one");
  check(st == AEGIS_OK || out == nullptr, "a failed call handed over a buffer");
  check(st == AEGIS_OK || e.message[0] != '\0', "a failure without a message");
  check(st != AEGIS_OK || out != nullptr, "a successful call without a buffer");
  return {st, take(out, len), e.message};
}

// The "paths" array and "stats" object of a result {"paths":[...],"stats":{...}}.
struct ResultParts {
  std::string_view paths;  // inside the brackets
  std::string_view stats;
};

inline ResultParts parts(std::string_view result) {
  constexpr std::string_view head = "{\"paths\":[", mid = "],\"stats\":";
  check(result.substr(0, head.size()) == head, "a result does not start with {\"paths\":[",
        std::string(result.substr(0, 200)));
  const size_t at = result.rfind(mid);
  check(at != std::string_view::npos && result.back() == '}', "a result without its stats");
  return {result.substr(head.size(), at - head.size()),
          result.substr(at + mid.size(), result.size() - at - mid.size() - 1)};
}

// The "data" array of a page {"data":[...],"page":...}.
inline std::string_view page_data(std::string_view page) {
  constexpr std::string_view head = "{\"data\":[";
  check(page.substr(0, head.size()) == head, "a page does not start with {\"data\":[");
  const size_t at = page.rfind("],\"page\":");
  check(at != std::string_view::npos, "a page without its envelope");
  return page.substr(head.size(), at - head.size());
}

// Splits a JSON array's inside into its top-level elements (the library's
// own output: valid JSON, strings escaped).
inline std::vector<std::string_view> elements(std::string_view inside) {
  std::vector<std::string_view> out;
  size_t depth = 0, start = 0;
  bool in_string = false;
  for (size_t i = 0; i < inside.size(); ++i) {
    const char c = inside[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') --depth;
    else if (c == ',' && depth == 0) {
      out.push_back(inside.substr(start, i - start));
      start = i + 1;
    }
  }
  if (!inside.empty()) out.push_back(inside.substr(start));
  return out;
}

// The paths of a result with their numbers (ap-<number>).
inline std::vector<std::pair<uint64_t, std::string_view>> numbered(std::string_view result) {
  std::vector<std::pair<uint64_t, std::string_view>> out;
  for (std::string_view p : elements(parts(result).paths)) {
    constexpr std::string_view head = "{\"id\":\"ap-";
    check(p.substr(0, head.size()) == head, "a path does not start with its id");
    out.emplace_back(std::strtoull(std::string(p.substr(head.size(), 20)).c_str(), nullptr, 10), p);
  }
  return out;
}

// The truncation rule (docs/algorithms.md, "Limits and truncation"): a
// result capped at max_paths holds the uncapped result's paths numbered
// 1..max_paths, in the uncapped result's order, and its stats end with
// "truncated":true exactly when paths were cut; a cap that cuts nothing
// changes no byte.
inline void check_capped(std::string_view full, std::string_view capped, uint64_t max_paths) {
  const auto all = numbered(full);
  const auto kept = numbered(capped);
  size_t k = 0;
  for (const auto& [num, path] : all) {
    if (num > max_paths) continue;
    check(k < kept.size() && kept[k].second == path, "a capped result is not the first paths",
          std::string(capped.substr(0, 600)));
    ++k;
  }
  check(k == kept.size(), "a capped result has paths the uncapped one lacks");
  const bool cut = all.size() > max_paths;
  // The stats object (with its braces) ends with the mark as its last key.
  constexpr std::string_view mark = ",\"truncated\":true}";
  const std::string_view stats = parts(capped).stats;
  check((stats.size() >= mark.size() && stats.substr(stats.size() - mark.size()) == mark) == cut,
        "the truncated mark is wrong", std::string(stats));
  if (!cut) check(capped == full, "a cap that cut nothing changed the bytes");
}

// Streams a store's result, stopping (non-zero) at chunk `abort_at` (0 =
// never); returns the status and what arrived.
struct Streamed {
  aegis_status status;
  std::string bytes;
  size_t chunks = 0;
};

inline Streamed stream(const aegis_store* store, const aegis_options* options, size_t abort_at) {
  struct Sink {
    std::string bytes;
    size_t chunks = 0, abort_at = 0;
  } sink;
  sink.abort_at = abort_at;
  aegis_error e;
  aegis_error_init(&e);
  auto write = [](void* user, const uint8_t* chunk, size_t len) -> int {
    auto* s = static_cast<Sink*>(user);
    check(len > 0, "an empty chunk");
    if (++s->chunks == s->abort_at) return 1;
    s->bytes.append(reinterpret_cast<const char*>(chunk), len);
    return 0;
  };
  const aegis_status st = aegis_store_write_paths_ex(store, options, write, &sink, &e);
  check(e.status == st, "stream: the error report's status differs");
  return {st, std::move(sink.bytes), sink.chunks};
}

}  // namespace aegis_fuzz

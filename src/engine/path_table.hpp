// The paths of a result in result order, as compact records, and what turns
// a record into JSON: the finding texts, the chain store and the edge kinds.
// Nothing else is kept per path: any path's bytes, or their length, are
// derived on demand (docs/design.md, on tiny records).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/output_buffer.hpp"
#include "encode/json_writer.hpp"
#include "engine/chains.hpp"
#include "engine/finding_text.hpp"
#include "engine/path_json.hpp"
#include "engine/path_order.hpp"
#include "engine/path_view.hpp"

namespace aegis::engine {

struct PathTable {
  // Result order, numbered: 16 bytes per path. In a buffer that gets huge
  // pages when large and is never zero-filled: the sort fills it once.
  common::OutputBuffer storage;
  std::span<PathRec> recs;
  // recs[bucket_begin[b], bucket_begin[b + 1]) is sort bucket b; inside a
  // bucket, the stable sort keeps generation order, which is number order.
  std::array<uint64_t, kSortBuckets + 1> bucket_begin{};
  ChainStore chains;      // what stored-form records name (global finding indices)
  EdgeKinds edge_kinds;   // what stored chains' edges name
  const FindingText* texts = nullptr;  // by finding index

  // Room for n records (contents unspecified until the sort writes them).
  void allocate(size_t n);
  size_t size() const noexcept { return recs.size(); }

  PathView view(size_t i) const noexcept { return view_of(recs[i], texts, chains, edge_kinds); }
  size_t path_length(size_t i) const noexcept { return engine::path_length(view(i)); }
  // Writes paths [lo, hi), with a comma before each but the very first of
  // the table, at dst; returns the end.
  char* write_paths(size_t lo, size_t hi, char* dst) const noexcept {
    encode::PtrSink s{dst};
    for (size_t i = lo; i < hi; ++i) {
      if (i > 0) s.ch(',');
      emit_path(s, view(i));
    }
    return s.p;
  }

  // "ap-007" -> its index in result order; nullopt for anything else
  // (including a non-canonical spelling such as "ap-7").
  std::optional<size_t> find(std::string_view path_id) const noexcept;

  // Bytes held per path: records and stored chains (capacity).
  size_t memory_bytes() const noexcept { return recs.size_bytes() + chains.memory_bytes(); }
};

}  // namespace aegis::engine

// simdjson parsers and DOM documents of finished decodes, kept for the next
// ones. simdjson's first performance advice is to reuse a parser; here reuse
// also spares the first touch of fresh pages, which on these VMs costs more
// than the parse itself (docs/design.md, on fresh memory).
//
// The library's one piece of process-wide mutable state, on purpose:
// - thread-safe: one mutex, held only to move a pointer in or out;
// - bounded: at most kCachedParsers parsers and kCachedDocuments documents,
//   each sized for at most kMaxCachedInputBytes of input (larger ones are
//   freed when given back). What stays resident is what recent decodes
//   touched, about 2 bytes per input byte of the largest ones.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <memory>

namespace aegis::decode {

inline constexpr size_t kCachedParsers = 2;
inline constexpr size_t kCachedDocuments = 2;
inline constexpr size_t kMaxCachedInputBytes = size_t{64} << 20;

// A parser from the cache, or a new one (unallocated). Throws std::bad_alloc.
std::unique_ptr<simdjson::dom::parser> take_cached_parser();
// Keeps p for a later take_cached_parser when there is room and it is small enough.
void give_cached_parser(std::unique_ptr<simdjson::dom::parser> p) noexcept;

// A document from the cache (the smallest one with capacity for len bytes,
// else the largest one), or a new one (unallocated). Throws std::bad_alloc.
std::unique_ptr<simdjson::dom::document> take_cached_document(size_t len);
void give_cached_document(std::unique_ptr<simdjson::dom::document> d) noexcept;

}  // namespace aegis::decode

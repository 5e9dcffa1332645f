#include "engine/chains.hpp"

#include <limits>
#include <stdexcept>

#include "encode/json_writer.hpp"

namespace aegis::engine {
namespace {

std::string escaped(std::string_view s) {
  std::string out(encode::escaped_length(s), '\0');
  encode::write_escaped(out.data(), s);
  return out;
}

}  // namespace

EdgeKindId EdgeKinds::add(std::string_view type, std::string_view label) {
  if (entries_.size() > std::numeric_limits<EdgeKindId>::max())
    throw std::length_error("too many edge kinds");
  auto entry = std::make_unique<Entry>();
  entry->type = escaped(type);
  entry->label = escaped(label);
  entry->kind = EdgeKind{entry->label, entry->type};
  entries_.push_back(std::move(entry));
  return static_cast<EdgeKindId>(entries_.size() - 1);
}

PathRec ChainStore::add(std::span<const uint32_t> nodes, std::span<const EdgeKindId> edges) {
  const size_t len = nodes.size();
  if (len < 2 || len > kMaxChainNodes || edges.size() + 1 != len)
    throw std::invalid_argument("a chain has 2 to 5 findings and one edge less");
  for (uint32_t x : nodes) {
    if (x > kMaxFindingIndex) throw std::invalid_argument("a finding index past kMaxFindingIndex");
  }
  const size_t entry = len / 2 + len - 2;
  if (words_.size() + entry > kMaxWords) throw std::length_error("too many chained findings");
  const auto at = static_cast<uint32_t>(words_.size());
  for (size_t i = 0; i < len - 1; i += 2) {
    const uint32_t hi = i + 1 < len - 1 ? edges[i + 1] : 0;
    words_.push_back(uint32_t{edges[i]} | (hi << 16));
  }
  words_.insert(words_.end(), nodes.begin() + 1, nodes.end() - 1);
  return PathRec{nodes.front(), PathRec::kStoredBit | static_cast<uint32_t>((len - 2) << 29) | at,
                 nodes.back(), 0};
}

uint32_t ChainStore::append(const ChainStore& other) {
  if (words_.size() + other.words_.size() > kMaxWords)
    throw std::length_error("too many chained findings");
  const auto offset = static_cast<uint32_t>(words_.size());
  words_.insert(words_.end(), other.words_.begin(), other.words_.end());
  return offset;
}

}  // namespace aegis::engine

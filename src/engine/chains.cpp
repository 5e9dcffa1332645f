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
  if (nodes.size() < 2 || nodes.size() > kMaxChainNodes || edges.size() + 1 != nodes.size())
    throw std::invalid_argument("a chain has 2 to 5 findings and one edge less");
  if (nodes_.size() + nodes.size() >= kNoNode) throw std::length_error("too many chained findings");
  const auto first = static_cast<uint32_t>(nodes_.size());
  nodes_.insert(nodes_.end(), nodes.begin(), nodes.end());
  edges_.insert(edges_.end(), edges.begin(), edges.end());
  edges_.push_back(0);  // the last node's unused slot
  return PathRec{first, kNoNode, static_cast<uint32_t>(nodes.size()), 0};
}

uint32_t ChainStore::append(const ChainStore& other) {
  if (nodes_.size() + other.nodes_.size() >= kNoNode)
    throw std::length_error("too many chained findings");
  const auto offset = static_cast<uint32_t>(nodes_.size());
  nodes_.insert(nodes_.end(), other.nodes_.begin(), other.nodes_.end());
  edges_.insert(edges_.end(), other.edges_.begin(), other.edges_.end());
  return offset;
}

}  // namespace aegis::engine

#include "engine/chain_dedup.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace aegis::engine {
namespace {

// A chain as its finding ids, at most kMaxChainNodes of them.
struct IdSequence {
  std::string_view ids[kMaxChainNodes];
  uint32_t len = 0;

  bool operator==(const IdSequence& o) const noexcept {
    return std::equal(ids, ids + len, o.ids, o.ids + o.len);
  }
};

struct IdSequenceHash {
  size_t operator()(const IdSequence& s) const noexcept {
    size_t h = s.len;
    for (uint32_t i = 0; i < s.len; ++i)
      h = h * 0x9E3779B97F4A7C15u ^ std::hash<std::string_view>{}(s.ids[i]);
    return h;
  }
};

IdSequence id_sequence(const PathRec& r, const ChainStore& stored, const model::FindingsDoc& doc,
                       std::span<const uint32_t> members) {
  IdSequence s;
  auto add = [&](uint32_t x) { s.ids[s.len++] = doc.findings[members[x]].id; };
  if (r.is_stored()) {
    for (uint32_t x : stored.nodes(r)) add(x);
    return s;
  }
  add(r.n0);
  add(r.n1);
  if (r.n2 != kNoNode) add(r.n2);
  return s;
}

}  // namespace

void drop_repeated_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                          std::span<GroupChains> chains) {
  std::unordered_set<IdSequence, IdSequenceHash> seen;
  for (size_t g = 0; g < groups.size(); ++g) {
    GroupChains& group = chains[g];
    for (auto& chunk : group.chunks) {
      std::erase_if(chunk, [&](const PathRec& r) {
        return !seen.insert(id_sequence(r, group.stored, doc, groups[g].members)).second;
      });
    }
  }
}

}  // namespace aegis::engine

// The first usable intermediate of one candidate list of the heuristic
// engine's step 4, in constant time (docs/design.md, section 3).
//
// A candidate m of a list is usable for (entry e, target t) when its resource
// id is neither e's nor t's and its finding id is neither e's nor t's (the
// list's region and type already give the links). So at most four values
// block a candidate. Each list keeps a small tree of answers: node 0 is the
// list's first element; a node's children are the first element of what is
// left when every element with the node's resource id (left child) or finding
// id (right child) is removed as well. A search starts at the root: an element
// blocked by its resource id sends it left, one blocked by its finding id
// right, and every later element with that blocking value is gone from the
// subtree, so each step removes one of the (at most four) blocking values.
// Depth 4 therefore always answers: at most five lookups per pair, whatever
// the input (equal resource ids and repeated finding ids included), and the
// answer is exactly the first usable element in input order.
//
// A list of s elements needs min(s, 5) levels (each level removes at least
// one element): at most 31 entries, never more than about six per element.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/chains.hpp"

namespace aegis::engine {

class FirstUsableTrees {
 public:
  static constexpr uint32_t kMaxLevels = 5;

  // One list's tree, inside the shared node array.
  struct Tree {
    uint32_t first = 0;   // offset of node 0
    uint32_t levels = 0;  // 0 = an empty list
  };

  // rid[x] and fid[x] are the interned resource id and finding id of element
  // x; both must outlive this object.
  FirstUsableTrees(const std::vector<uint32_t>& rid, const std::vector<uint32_t>& fid) noexcept
      : rid_(rid), fid_(fid) {}

  // Builds the tree of list (elements in input order). Throws std::bad_alloc.
  Tree add(std::span<const uint32_t> list);

  // The first element of the tree's list whose resource id is neither rid_a
  // nor rid_b and whose finding id is neither fid_a nor fid_b, or kNoNode.
  uint32_t first_usable(Tree tree, uint32_t rid_a, uint32_t rid_b, uint32_t fid_a,
                        uint32_t fid_b) const noexcept {
    const size_t size = (size_t{1} << tree.levels) - 1;
    size_t node = 0;
    while (node < size) {
      const uint32_t m = nodes_[tree.first + node];
      if (m == kNoNode) return kNoNode;
      if (rid_[m] == rid_a || rid_[m] == rid_b) {
        node = 2 * node + 1;
      } else if (fid_[m] == fid_a || fid_[m] == fid_b) {
        node = 2 * node + 2;
      } else {
        return m;
      }
    }
    return kNoNode;  // a list of fewer elements than blocking values, all blocked
  }

  size_t memory_bytes() const noexcept { return nodes_.capacity() * sizeof(uint32_t); }

 private:
  // A value removed on the way to a node: a resource id or a finding id.
  struct Removed {
    uint32_t value;
    bool is_fid;
  };

  bool removed(uint32_t m, const Removed* gone, uint32_t depth) const noexcept;
  void fill(std::span<const uint32_t> list, Tree tree, size_t node, uint32_t depth, size_t from,
            Removed* gone);

  const std::vector<uint32_t>& rid_;
  const std::vector<uint32_t>& fid_;
  std::vector<uint32_t> nodes_;
};

}  // namespace aegis::engine

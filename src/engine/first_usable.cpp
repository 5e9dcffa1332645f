#include "engine/first_usable.hpp"

#include <algorithm>

namespace aegis::engine {

FirstUsableTrees::Tree FirstUsableTrees::add(std::span<const uint32_t> list) {
  Tree tree;
  tree.levels = static_cast<uint32_t>(std::min<size_t>(list.size(), kMaxLevels));
  tree.first = static_cast<uint32_t>(nodes_.size());
  nodes_.resize(nodes_.size() + ((size_t{1} << tree.levels) - 1), kNoNode);
  Removed gone[kMaxLevels];
  if (tree.levels > 0) fill(list, tree, 0, 0, 0, gone);
  return tree;
}

bool FirstUsableTrees::removed(uint32_t m, const Removed* gone, uint32_t depth) const noexcept {
  for (uint32_t d = 0; d < depth; ++d) {
    if (gone[d].value == (gone[d].is_fid ? fid_[m] : rid_[m])) return true;
  }
  return false;
}

// Fills `node` (at `depth`) and its subtree: the first element from position
// `from` on that no value of gone[0..depth) removes. A scan per node: at most
// 31 passes over the list, linear in all.
void FirstUsableTrees::fill(std::span<const uint32_t> list, Tree tree, size_t node, uint32_t depth,
                            size_t from, Removed* gone) {
  size_t i = from;
  while (i < list.size() && removed(list[i], gone, depth)) ++i;
  if (i == list.size()) return;  // the subtree stays kNoNode
  const uint32_t m = list[i];
  nodes_[tree.first + node] = m;
  if (depth + 1 >= tree.levels) return;
  gone[depth] = Removed{rid_[m], false};
  fill(list, tree, 2 * node + 1, depth + 1, i + 1, gone);
  gone[depth] = Removed{fid_[m], true};
  fill(list, tree, 2 * node + 2, depth + 1, i + 1, gone);
}

}  // namespace aegis::engine

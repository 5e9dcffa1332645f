#include "engine/graph_search.hpp"

#include <algorithm>
#include <bit>

namespace aegis::engine {

ResourceSearch::ResourceSearch(const GraphGroup& g)
    : g_(g),
      visited_((g.resources + 63) / 64, 0),
      depth_(g.resources, 0),
      parent_(g.resources, kNoNode),
      kind_into_(g.resources, kNoKind) {
  queue_.reserve(g.resources);
}

void ResourceSearch::run(uint32_t source) {
  if (source == source_) return;
  source_ = source;
  std::fill(visited_.begin(), visited_.end(), 0);
  for (uint32_t r : touched_kinds_) kind_into_[r] = kNoKind;
  touched_kinds_.clear();
  queue_.clear();
  visited_[source / 64] |= uint64_t{1} << (source % 64);
  depth_[source] = 0;
  queue_.push_back(source);
  const uint32_t words = g_.words;
  open_words_.clear();
  if (words != 0) {
    // Resources outside the source's component are never reached: marked
    // visited up front, so the words of the component drop out as it fills.
    const uint64_t at = g_.component_offset[g_.component[source]];
    if (at == kNoComponentBits) {
      queue_.clear();  // no neighbour at all
    } else {
      const uint64_t* members = g_.component_bits.data() + at;
      for (uint32_t w = 0; w < words; ++w) {
        visited_[w] |= ~members[w] & full_word(w);
        if (visited_[w] != full_word(w)) open_words_.push_back(w);
      }
    }
  }
  for (size_t head = 0; head < queue_.size() && queue_.size() < g_.resources; ++head) {
    const uint32_t r = queue_[head];
    const uint8_t d = depth_[r];
    if (d >= kMaxHops) break;  // depths only grow along the queue
    if (words != 0) {
      // Only words that still have unvisited resources are read: once a
      // region is visited, later expansions skip it.
      const uint64_t* row = g_.row(r);
      size_t kept = 0;
      for (size_t k = 0; k < open_words_.size(); ++k) {
        const uint32_t w = open_words_[k];
        uint64_t fresh = row[w] & ~visited_[w];
        if (fresh != 0) {
          visited_[w] |= fresh;
          for (; fresh != 0; fresh &= fresh - 1) {
            const uint32_t next = w * 64 + static_cast<uint32_t>(std::countr_zero(fresh));
            depth_[next] = static_cast<uint8_t>(d + 1);
            parent_[next] = r;
            queue_.push_back(next);
          }
        }
        if (visited_[w] != full_word(w)) open_words_[kept++] = w;
      }
      open_words_.resize(kept);
      if (kept == 0) break;  // the whole component is visited
    } else {
      for (const LocalNeighbor& nb : g_.neighbors(r)) {
        if (visited(nb.resource)) continue;
        visited_[nb.resource / 64] |= uint64_t{1} << (nb.resource % 64);
        depth_[nb.resource] = static_cast<uint8_t>(d + 1);
        parent_[nb.resource] = r;
        queue_.push_back(nb.resource);
      }
    }
  }
  const auto around = g_.neighbors(source);
  first_neighbor_ = around.empty() ? kNoNode : around.front().resource;
}

EdgeKindId ResourceSearch::kind_into(uint32_t r) {
  if (kind_into_[r] == kNoKind) {
    kind_into_[r] = g_.kind_between(parent_[r], r);
    touched_kinds_.push_back(r);
  }
  return kind_into_[r];
}

bool ResourceSearch::chain(uint32_t s, uint32_t t, GraphChain& out) {
  const uint32_t rt = g_.res[t];
  if (rt == source_) {
    // t shares the source's resource: reached from the first neighbour.
    if (first_neighbor_ == kNoNode) return false;
    const EdgeKindId k = kind_into(first_neighbor_);
    out.len = 3;
    out.nodes[0] = s;
    out.nodes[1] = g_.first_rec[first_neighbor_];
    out.nodes[2] = t;
    out.kinds[0] = out.kinds[1] = k;
    return true;
  }
  // Outside the component (marked visited up front) or not reached.
  if (!visited(rt) || (g_.words != 0 && g_.component[rt] != g_.component[source_])) return false;
  const uint32_t d = depth_[rt];
  out.len = d + 1;
  out.nodes[d] = t;
  uint32_t r = rt;
  for (uint32_t i = d; i > 0; --i) {
    out.kinds[i - 1] = kind_into(r);
    r = parent_[r];
    out.nodes[i - 1] = i == 1 ? s : g_.first_rec[r];
  }
  return true;
}

IdSearch::IdSearch(const GraphGroup& g, const FallbackKinds& fallback)
    : g_(g),
      fallback_(fallback),
      visited_at_(g.last.size(), 0),
      parent_(g.last.size(), kNoNode),
      depth_(g.last.size(), 0),
      hit_at_(g.resources, 0),
      expanded_at_(g.resources, 0) {}

void IdSearch::run(uint32_t s) {
  if (++stamp_ == 0) {  // wrapped: forget every earlier search
    std::fill(visited_at_.begin(), visited_at_.end(), 0);
    std::fill(hit_at_.begin(), hit_at_.end(), 0);
    std::fill(expanded_at_.begin(), expanded_at_.end(), 0);
    stamp_ = 1;
  }
  source_ = s;
  const uint32_t source_id = g_.fid[s];
  visited_at_[source_id] = stamp_;
  depth_[source_id] = 0;
  parent_[source_id] = kNoNode;
  queue_.assign(1, source_id);
  for (size_t head = 0; head < queue_.size(); ++head) {
    const uint32_t c = queue_[head];
    if (depth_[c] >= kMaxHops) break;
    // by_id: the source itself for its id, else the id's last record.
    const uint32_t cur = c == source_id ? s : g_.last[c];
    const uint32_t r = g_.res[cur];
    if (expanded_at_[r] == stamp_) continue;  // r's neighbours are all hit already
    expanded_at_[r] = stamp_;
    // Every finding on a newly hit neighbour, in input order.
    batch_.clear();
    for (const LocalNeighbor& nb : g_.neighbors(r)) {
      if (hit_at_[nb.resource] == stamp_) continue;
      hit_at_[nb.resource] = stamp_;
      batch_.insert(batch_.end(), g_.recs.begin() + static_cast<std::ptrdiff_t>(g_.rec_offsets[nb.resource]),
                    g_.recs.begin() + static_cast<std::ptrdiff_t>(g_.rec_offsets[nb.resource + 1]));
    }
    std::sort(batch_.begin(), batch_.end());
    for (uint32_t n : batch_) {
      const uint32_t id = g_.fid[n];
      if (visited_at_[id] == stamp_) continue;
      visited_at_[id] = stamp_;
      parent_[id] = c;
      depth_[id] = static_cast<uint8_t>(depth_[c] + 1);
      queue_.push_back(id);
    }
  }
}

bool IdSearch::chain(uint32_t t, GraphChain& out) const {
  uint32_t id = g_.fid[t];
  if (id == g_.fid[source_] || visited_at_[id] != stamp_) return false;
  const uint32_t d = depth_[id];
  out.len = d + 1;
  out.nodes[d] = t;
  for (uint32_t i = d; i > 0; --i) {
    id = parent_[id];
    out.nodes[i - 1] = i == 1 ? source_ : g_.last[id];
  }
  for (uint32_t i = 0; i < d; ++i)
    out.kinds[i] = g_.chain_edge_kind(out.nodes[i], out.nodes[i + 1], fallback_);
  return true;
}

}  // namespace aegis::engine

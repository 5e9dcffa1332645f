#include "engine/chain_dedup.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace aegis::engine {
namespace {

// A chain as its finding ids, at most kMaxChainNodes of them. Two chains
// are the same when their fingerprints, the ids joined by "->", are equal
// (docs/algorithms.md, "Graph mode", step 7): ["a->b", "c"] and
// ["a", "b->c"] are one chain. Hash and equality walk the joined bytes
// without building them.
struct IdSequence {
  std::string_view ids[kMaxChainNodes];
  uint32_t len = 0;

  // Calls f(piece) for the pieces whose concatenation is the fingerprint.
  template <typename F>
  void for_each_piece(const F& f) const {
    for (uint32_t i = 0; i < len; ++i) {
      if (i > 0) f(std::string_view("->"));
      f(ids[i]);
    }
  }
  size_t joined_size() const noexcept {
    size_t n = len > 0 ? 2 * (len - 1) : 0;
    for (uint32_t i = 0; i < len; ++i) n += ids[i].size();
    return n;
  }

  bool operator==(const IdSequence& o) const noexcept {
    if (joined_size() != o.joined_size()) return false;
    // Two cursors over the pieces of each side.
    uint32_t oi = 0;  // piece index on o: 2*k = id k, 2*k+1 = the separator after it
    size_t opos = 0;
    auto o_piece = [&](uint32_t p) {
      return p % 2 == 0 ? o.ids[p / 2] : std::string_view("->");
    };
    bool same = true;
    for_each_piece([&](std::string_view piece) {
      size_t pos = 0;
      while (same && pos < piece.size()) {
        const std::string_view cur = o_piece(oi);
        if (opos == cur.size()) {
          ++oi;
          opos = 0;
          continue;
        }
        const size_t n = std::min(piece.size() - pos, cur.size() - opos);
        if (piece.substr(pos, n) != cur.substr(opos, n)) same = false;
        pos += n;
        opos += n;
      }
    });
    return same;
  }
};

// FNV-1a over the joined bytes (the fingerprint).
struct IdSequenceHash {
  size_t operator()(const IdSequence& s) const noexcept {
    uint64_t h = 0xcbf29ce484222325u;
    s.for_each_piece([&](std::string_view piece) {
      for (char c : piece) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
    });
    return static_cast<size_t>(h);
  }
};

IdSequence id_sequence(const PathRec& r, const ChainStore& stored, const model::FindingsDoc& doc,
                       std::span<const uint32_t> members) {
  IdSequence s;
  auto add = [&](uint32_t x) { s.ids[s.len++] = doc.findings[members[x]].id; };
  if (r.is_stored()) {
    for (uint32_t k = 0; k < ChainStore::size(r); ++k) add(stored.node(r, k));
    return s;
  }
  add(r.n0);
  add(r.n1);
  if (r.n2 != kNoNode) add(r.n2);
  return s;
}

}  // namespace

struct ChainFingerprints::Impl {
  std::unordered_set<IdSequence, IdSequenceHash> seen;
};

ChainFingerprints::ChainFingerprints() : impl_(std::make_unique<Impl>()) {}
ChainFingerprints::~ChainFingerprints() = default;
ChainFingerprints::ChainFingerprints(ChainFingerprints&&) noexcept = default;
ChainFingerprints& ChainFingerprints::operator=(ChainFingerprints&&) noexcept = default;

bool ChainFingerprints::insert(const PathRec& r, const ChainStore& stored,
                               const model::FindingsDoc& doc, std::span<const uint32_t> members) {
  return impl_->seen.insert(id_sequence(r, stored, doc, members)).second;
}

bool ChainFingerprints::insert(std::span<const uint32_t> nodes, const model::FindingsDoc& doc,
                               std::span<const uint32_t> members) {
  IdSequence s;
  for (uint32_t x : nodes) s.ids[s.len++] = doc.findings[members[x]].id;
  return impl_->seen.insert(s).second;
}

void drop_repeated_chains(const model::FindingsDoc& doc, std::span<const AccountGroup> groups,
                          std::span<GroupChains> chains) {
  ChainFingerprints seen;
  for (size_t g = 0; g < groups.size(); ++g) {
    GroupChains& group = chains[g];
    for (auto& chunk : group.chunks) {
      std::erase_if(chunk, [&](const PathRec& r) {
        return !seen.insert(r, group.stored, doc, groups[g].members);
      });
    }
  }
}

}  // namespace aegis::engine

#include "engine/attack_paths.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/output_buffer.hpp"
#include "common/parallel.hpp"
#include "encode/json_writer.hpp"
#include "engine/classify.hpp"
#include "engine/path_json.hpp"

namespace aegis {

using engine::FindingText;
using engine::kNoNode;
using engine::PathRec;
using engine::Role;
using engine::Tactic;
using std::string_view;

namespace {

// Paths per block: the unit of parallel writing and of stream chunks. Block
// offsets are computed when a result is written, never kept, so the result
// holds nothing per path but its 16-byte record.
constexpr size_t kBlock = 256;
// Blocks measured at a time while streaming: a few 4 MiB chunks' worth.
constexpr size_t kStreamWindowBlocks = 64;
constexpr string_view kPrefix = "{\"paths\":[";
constexpr string_view kMid = "],\"stats\":";
// Sort buckets: (path severity rank 4..1) x (score 100..0), most severe first.
constexpr size_t kBuckets = 4 * 5;

inline size_t bucket_of(uint8_t sev_rank, uint32_t score) noexcept {
  return static_cast<size_t>(4 - sev_rank) * 5 + (4 - score / 25);
}

// Small dense ids for the strings of one account group.
class Interner {
 public:
  uint32_t get(string_view s) {
    auto [it, inserted] = map_.try_emplace(s, static_cast<uint32_t>(map_.size()));
    return it->second;
  }
  uint32_t size() const noexcept { return static_cast<uint32_t>(map_.size()); }

 private:
  std::unordered_map<string_view, uint32_t> map_;
};

// What one account group contributes; filled by one task, read in group order.
struct GroupOut {
  // The group's chains in generation order: step 4's chunks of entries in
  // order, then step 5's lateral pairs as the last chunk. Group-local finding
  // indices until the end of compute_group, global ones after; num unset.
  std::vector<std::vector<PathRec>> chunks;
  size_t n_recs = 0;
  template <typename F>
  void for_each_rec(const F& f) {
    for (auto& chunk : chunks) {
      for (PathRec& r : chunk) f(r);
    }
  }
  std::array<uint64_t, kBuckets> bucket_count{};
  std::unordered_map<string_view, uint64_t> providers;  // first node's provider -> paths
  std::vector<uint32_t> in_members;  // one finding per distinct id on this group's chains
};

// SPEC §3 steps 2–5 for one group. Texts of the findings used on a path go to
// texts[global index] (groups own disjoint indices), their bytes to arena.
void compute_group(const FindingsDoc& doc, const std::vector<uint32_t>& members, GroupOut& out,
                   std::string& arena, std::vector<Tactic>& tactics,
                   std::vector<std::string>& tactic_table, FindingText* texts) {
  const uint32_t k = static_cast<uint32_t>(members.size());
  std::vector<uint32_t> reg(k), typ(k), rid(k), fid(k);
  std::vector<uint8_t> rank(k);
  std::vector<uint32_t> entries, targets, inters;
  {
    Interner ri, ti, di, fi;
    for (uint32_t x = 0; x < k; ++x) {
      const Finding& f = doc.findings[members[x]];
      reg[x] = ri.get(f.region);
      typ[x] = ti.get(f.resource_type);
      rid[x] = di.get(f.resource_id);
      fid[x] = fi.get(f.id);
      rank[x] = engine::severity_rank(f.severity);
      switch (engine::classify(f)) {
        case Role::kEntry: entries.push_back(x); break;
        case Role::kTarget: targets.push_back(x); break;
        case Role::kIntermediate: inters.push_back(x); break;
      }
    }
  }
  const uint32_t n_fids = *std::max_element(fid.begin(), fid.end()) + 1;
  const uint32_t n_regions = *std::max_element(reg.begin(), reg.end()) + 1;
  const uint32_t n_types = *std::max_element(typ.begin(), typ.end()) + 1;

  // Intermediates per region and per (region, type), input order (DESIGN-NOTES §3).
  std::vector<std::vector<uint32_t>> by_region(n_regions);
  std::vector<std::vector<uint32_t>> rt_lists;
  std::unordered_map<uint64_t, uint32_t> rt_index;
  auto rt_key = [](uint32_t r, uint32_t t) { return (uint64_t{r} << 32) | t; };
  for (uint32_t m : inters) {
    by_region[reg[m]].push_back(m);
    auto [it, inserted] =
        rt_index.try_emplace(rt_key(reg[m], typ[m]), static_cast<uint32_t>(rt_lists.size()));
    if (inserted) rt_lists.emplace_back();
    rt_lists[it->second].push_back(m);
  }
  // A dense (region, type) table when small; the hash map otherwise.
  std::vector<uint32_t> rt_dense;
  const bool dense = uint64_t{n_regions} * n_types <= (uint64_t{1} << 20);
  if (dense) {
    rt_dense.assign(size_t{n_regions} * n_types, UINT32_MAX);
    for (const auto& [key, idx] : rt_index) {
      rt_dense[(key >> 32) * n_types + (key & 0xFFFFFFFFu)] = idx;
    }
  }
  auto rt_list = [&](uint32_t r, uint32_t t) -> const std::vector<uint32_t>* {
    uint32_t idx;
    if (dense) {
      idx = rt_dense[size_t{r} * n_types + t];
    } else {
      auto it = rt_index.find(rt_key(r, t));
      idx = it == rt_index.end() ? UINT32_MAX : it->second;
    }
    return idx == UINT32_MAX ? nullptr : &rt_lists[idx];
  };

  auto connect = [&](uint32_t a, uint32_t b) {
    return rid[a] != rid[b] && (reg[a] == reg[b] || typ[a] == typ[b]);
  };
  // First m of list (input order) below limit that passes the id/resource checks.
  auto first_passing = [&](const std::vector<uint32_t>& list, uint32_t e, uint32_t t,
                           uint32_t limit) {
    for (uint32_t m : list) {
      if (m >= limit) break;
      if (fid[m] != fid[e] && fid[m] != fid[t] && rid[m] != rid[e] && rid[m] != rid[t]) return m;
    }
    return kNoNode;
  };

  // Step 4, entries in fixed chunks so that chunk order is the sequential
  // order. Each chunk reserves its most paths (entries x targets): address
  // space only until written, and no copies as it grows.
  constexpr size_t kEntriesPerChunk = 8;
  const size_t n_chunks = (entries.size() + kEntriesPerChunk - 1) / kEntriesPerChunk;
  out.chunks.resize(n_chunks + 1);  // + the lateral pairs
  tbb::parallel_for(size_t{0}, n_chunks, [&](size_t c) {
    std::vector<PathRec>& recs = out.chunks[c];
    const size_t hi = std::min(entries.size(), (c + 1) * kEntriesPerChunk);
    recs.reserve((hi - c * kEntriesPerChunk) * targets.size());
    for (size_t ei = c * kEntriesPerChunk; ei < hi; ++ei) {
      const uint32_t e = entries[ei];
      for (uint32_t t : targets) {
        if (fid[e] == fid[t]) continue;
        if (connect(e, t)) {
          recs.push_back(PathRec{e, t, kNoNode, 0});
          continue;
        }
        uint32_t best = kNoNode;
        if (reg[e] == reg[t]) {
          best = first_passing(by_region[reg[e]], e, t, kNoNode);
        } else {
          if (const auto* l = rt_list(reg[e], typ[t])) best = first_passing(*l, e, t, kNoNode);
          if (const auto* l = rt_list(reg[t], typ[e])) best = std::min(best, first_passing(*l, e, t, best));
        }
        if (best != kNoNode) recs.push_back(PathRec{e, best, t, 0});
      }
    }
  });

  // Step 5: lateral pairs among HIGH/CRITICAL findings not yet on a chain.
  std::vector<uint8_t> in(n_fids, 0);
  out.for_each_rec([&](const PathRec& r) {
    for (uint32_t i = 0; i < r.size(); ++i) in[fid[r.node(i)]] = 1;
  });
  std::vector<PathRec>& laterals = out.chunks.back();
  std::vector<uint32_t> high;
  for (uint32_t x = 0; x < k; ++x) {
    if (rank[x] >= 3) high.push_back(x);
  }
  for (size_t hi = 0; hi < high.size(); ++hi) {
    const uint32_t a = high[hi];
    if (in[fid[a]]) continue;
    for (size_t hj = hi + 1; hj < high.size(); ++hj) {
      const uint32_t b = high[hj];
      if (in[fid[b]] || !connect(a, b)) continue;
      laterals.push_back(PathRec{a, b, kNoNode, 0});
      in[fid[a]] = 1;
      in[fid[b]] = 1;
    }
  }

  // Texts for the findings on some chain; ids for the distinct-id count.
  std::vector<uint8_t> used(k, 0);
  out.for_each_rec([&](const PathRec& r) {
    for (uint32_t i = 0; i < r.size(); ++i) used[r.node(i)] = 1;
  });
  std::vector<uint8_t> seen_fid(n_fids, 0);
  std::vector<std::pair<size_t, size_t>> starts;  // (arena offset, first tactic) per used x
  starts.reserve(k);
  for (uint32_t x = 0; x < k; ++x) {
    if (in[fid[x]] && !seen_fid[fid[x]]) {
      seen_fid[fid[x]] = 1;
      out.in_members.push_back(members[x]);
    }
    if (!used[x]) continue;
    starts.emplace_back(arena.size(), tactics.size());
    engine::append_finding_text(doc.findings[members[x]], arena, tactics, texts[members[x]]);
  }
  size_t u = 0;
  for (uint32_t x = 0; x < k; ++x) {
    if (!used[x]) continue;
    FindingText& t = texts[members[x]];
    t.base = arena.data() + starts[u].first;
    t.tactics = tactics.data() + starts[u].second;
    ++u;
  }

  // Few distinct tactics (the usual case: MITRE has 14): one bit each, in
  // byte order, so a path's sorted union is an OR of masks.
  std::vector<string_view> distinct;
  for (const Tactic& t : tactics) distinct.push_back(t.raw);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() <= 64) {
    for (string_view d : distinct) {
      std::string& e = tactic_table.emplace_back(json::escaped_length(d), '\0');
      json::write_escaped(e.data(), d);
    }
    for (uint32_t x = 0; x < k; ++x) {
      if (!used[x]) continue;
      FindingText& t = texts[members[x]];
      t.tactic_table = tactic_table.data();
      for (uint32_t j = 0; j < t.n_tactics; ++j) {
        const auto at = std::lower_bound(distinct.begin(), distinct.end(), t.tactics[j].raw);
        t.tactic_mask |= uint64_t{1} << (at - distinct.begin());
      }
    }
  }

  // Local -> global indices; sort-bucket counts; paths per first node (a
  // hash lookup per path would cost more than the rest of the loop).
  std::vector<uint64_t> first_count(k, 0);
  out.for_each_rec([&](PathRec& r) {
    ++first_count[r.n0];
    r.n0 = members[r.n0];
    r.n1 = members[r.n1];
    if (r.n2 != kNoNode) r.n2 = members[r.n2];
    out.bucket_count[bucket_of(engine::path_severity_rank(r, texts), engine::path_score(r, texts))]++;
    ++out.n_recs;
  });
  for (uint32_t x = 0; x < k; ++x) {
    if (first_count[x] != 0) out.providers[doc.findings[members[x]].cloud_provider] += first_count[x];
  }
}

}  // namespace

struct AttackPaths::Impl {
  const FindingsDoc* doc = nullptr;
  std::vector<std::string> arenas;               // per group: escaped strings
  std::vector<std::vector<Tactic>> tactic_store;  // per group
  std::vector<std::vector<std::string>> tactic_tables;  // per group, escaped, byte order
  std::vector<FindingText> texts;                // by finding index (used ones)
  // Result order, numbered; the 16 bytes per path are all the result keeps
  // per path. In a buffer that gets huge pages when large and is never
  // zero-filled: it is filled once, by the sort.
  OutputBuffer rec_storage;
  std::span<PathRec> recs;
  // recs[bucket_begin[b], bucket_begin[b + 1]) is sort bucket b; inside a
  // bucket, the stable sort keeps generation order, which is number order.
  std::array<uint64_t, kBuckets + 1> bucket_begin{};
  AttackPathStats stats;
  std::map<std::string, uint64_t> by_provider;
  std::string stats_json;

  size_t path_len(size_t i) const noexcept { return engine::path_length(recs[i], texts.data()); }
  // Writes paths [lo, hi) with their separating commas at dst; returns the end.
  char* write_paths(size_t lo, size_t hi, char* dst) const noexcept {
    json::PtrSink s{dst};
    for (size_t i = lo; i < hi; ++i) {
      if (i > 0) s.ch(',');
      engine::emit_path(s, recs[i], texts.data());
    }
    return s.p;
  }
  size_t n_blocks() const noexcept { return (recs.size() + kBlock - 1) / kBlock; }
  size_t block_end(size_t b) const noexcept { return std::min(recs.size(), (b + 1) * kBlock); }
  // Bytes of block b with the comma before each of its paths but the first of all.
  uint64_t block_length(size_t b) const noexcept {
    uint64_t len = 0;
    for (size_t i = b * kBlock; i < block_end(b); ++i) len += path_len(i) + (i > 0 ? 1 : 0);
    return len;
  }
  // Runs one(b) for every block of [b0, b1), in parallel when asked.
  template <typename F>
  static void for_blocks(size_t b0, size_t b1, bool parallel, const F& one) {
    if (!parallel || b1 - b0 < 2) {
      for (size_t b = b0; b < b1; ++b) one(b);
      return;
    }
    tbb::parallel_for(tbb::blocked_range<size_t>(b0, b1), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t b = r.begin(); b < r.end(); ++b) one(b);
    });
  }
  // Offsets of blocks [b0, b1) relative to b0: cum[i] = bytes of blocks
  // [b0, b0 + i); cum gets b1 - b0 + 1 entries (DESIGN-NOTES §5).
  void block_offsets(size_t b0, size_t b1, bool parallel, std::vector<uint64_t>& cum) const {
    cum.assign(b1 - b0 + 1, 0);
    for_blocks(b0, b1, parallel, [&](size_t b) { cum[b - b0 + 1] = block_length(b); });
    for (size_t i = 1; i < cum.size(); ++i) cum[i] += cum[i - 1];
  }
  // Writes blocks [b0, b1) at dst: block b at dst + (at[b - b0] - at[0]),
  // with `at` a slice of offsets from block_offsets.
  void write_blocks(size_t b0, size_t b1, const uint64_t* at, char* dst, bool parallel) const {
    for_blocks(b0, b1, parallel,
               [&](size_t b) { write_paths(b * kBlock, block_end(b), dst + (at[b - b0] - at[0])); });
  }
  size_t result_length(uint64_t paths_bytes) const noexcept {
    return kPrefix.size() + paths_bytes + kMid.size() + stats_json.size() + 1;
  }
  // The whole result at dst, whose size is result_length(cum.back()).
  void write_result(const std::vector<uint64_t>& cum, char* dst, bool parallel) const {
    std::memcpy(dst, kPrefix.data(), kPrefix.size());
    dst += kPrefix.size();
    write_blocks(0, n_blocks(), cum.data(), dst, parallel);
    dst += cum.back();
    std::memcpy(dst, kMid.data(), kMid.size());
    dst += kMid.size();
    std::memcpy(dst, stats_json.data(), stats_json.size());
    dst[stats_json.size()] = '}';
  }
};

AttackPaths::AttackPaths(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
AttackPaths::AttackPaths(AttackPaths&&) noexcept = default;
AttackPaths& AttackPaths::operator=(AttackPaths&&) noexcept = default;
AttackPaths::~AttackPaths() = default;

AttackPaths AttackPaths::compute(const FindingsDoc& doc, const EngineOptions& opts) {
  auto impl = std::make_unique<Impl>();
  Impl& im = *impl;
  im.doc = &doc;
  const size_t n = doc.findings.size();
  if (n >= kNoNode) throw std::length_error("too many findings");

  // Step 1: groups by account_id, byte order, input order inside.
  std::vector<std::vector<uint32_t>> groups;
  std::vector<string_view> keys;
  {
    std::unordered_map<string_view, uint32_t> index;
    for (uint32_t i = 0; i < n; ++i) {
      auto [it, inserted] = index.try_emplace(doc.findings[i].account_id,
                                              static_cast<uint32_t>(groups.size()));
      if (inserted) {
        groups.emplace_back();
        keys.push_back(doc.findings[i].account_id);
      }
      groups[it->second].push_back(i);
    }
  }
  std::vector<uint32_t> order;
  for (uint32_t g = 0; g < groups.size(); ++g) {
    if (groups[g].size() >= 2) order.push_back(g);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  const size_t n_groups = order.size();

  im.texts.resize(n);
  im.arenas.resize(n_groups);
  im.tactic_store.resize(n_groups);
  im.tactic_tables.resize(n_groups);
  std::vector<GroupOut> outs(n_groups);
  tbb::task_arena arena = make_arena(opts.max_threads);
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, n_groups, [&](size_t g) {
      compute_group(doc, groups[order[g]], outs[g], im.arenas[g], im.tactic_store[g],
                    im.tactic_tables[g], im.texts.data());
    });
  });

  // Step 6 numbering (group order, generation order) and step 7's stable
  // sort as a counting sort: each group scatters into its own slots of each bucket.
  size_t total = 0;
  std::vector<size_t> base(n_groups);
  for (size_t g = 0; g < n_groups; ++g) {
    base[g] = total;
    total += outs[g].n_recs;
  }
  if (total >= UINT32_MAX) throw std::length_error("too many attack paths");
  std::array<uint64_t, kBuckets> bucket_total{};
  for (const GroupOut& o : outs) {
    for (size_t b = 0; b < kBuckets; ++b) bucket_total[b] += o.bucket_count[b];
  }
  std::vector<std::array<uint64_t, kBuckets>> slot(n_groups);
  {
    std::array<uint64_t, kBuckets> next{};
    uint64_t acc = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      next[b] = acc;
      acc += bucket_total[b];
    }
    for (size_t g = 0; g < n_groups; ++g) {
      slot[g] = next;
      for (size_t b = 0; b < kBuckets; ++b) next[b] += outs[g].bucket_count[b];
    }
    std::copy(next.begin(), next.end(), im.bucket_begin.begin() + 1);
  }
  im.rec_storage = OutputBuffer::allocate(total * sizeof(PathRec));
  im.recs = {reinterpret_cast<PathRec*>(im.rec_storage.data()), total};
  const FindingText* texts = im.texts.data();
  arena.execute([&] {
    tbb::parallel_for(size_t{0}, n_groups, [&](size_t g) {
      auto next = slot[g];
      size_t num = base[g];
      outs[g].for_each_rec([&](PathRec r) {
        r.num = static_cast<uint32_t>(++num);
        im.recs[next[bucket_of(engine::path_severity_rank(r, texts), engine::path_score(r, texts))]++] = r;
      });
      std::vector<std::vector<PathRec>>().swap(outs[g].chunks);
    });
  });

  // Stats.
  AttackPathStats& st = im.stats;
  st.total_findings = n;
  {
    std::unordered_set<string_view> ids;
    for (const GroupOut& o : outs) {
      for (uint32_t i : o.in_members) ids.insert(doc.findings[i].id);
    }
    st.findings_in_paths = ids.size();
  }
  st.isolated_findings = st.total_findings - st.findings_in_paths;
  st.coverage_percent = n == 0 ? 0.0
                               : static_cast<double>(st.findings_in_paths) /
                                     static_cast<double>(st.total_findings) * 100;
  st.total_paths = total;
  for (size_t b = 0; b < 5; ++b) st.critical_paths += bucket_total[b];
  for (size_t b = 5; b < 10; ++b) st.high_paths += bucket_total[b];
  st.medium_paths = total - st.critical_paths - st.high_paths;
  for (const GroupOut& o : outs) {
    for (const auto& [p, c] : o.providers) im.by_provider[std::string(p)] += c;
  }
  {
    std::string& js = im.stats_json;
    json::StringSink s{js};
    s.raw("{\"total_findings\":");
    s.uint(st.total_findings);
    s.raw(",\"findings_in_paths\":");
    s.uint(st.findings_in_paths);
    s.raw(",\"isolated_findings\":");
    s.uint(st.isolated_findings);
    s.raw(",\"coverage_percent\":");
    s.number(st.coverage_percent);
    s.raw(",\"total_paths\":");
    s.uint(st.total_paths);
    s.raw(",\"critical_paths\":");
    s.uint(st.critical_paths);
    s.raw(",\"high_paths\":");
    s.uint(st.high_paths);
    s.raw(",\"medium_paths\":");
    s.uint(st.medium_paths);
    s.raw(",\"by_provider\":{");
    bool first = true;
    for (const auto& [p, c] : im.by_provider) {  // std::map: byte order, as Go sorts
      if (!first) s.ch(',');
      first = false;
      s.quoted(p);
      s.ch(':');
      s.uint(c);
    }
    s.raw("}}");
  }
  outs.clear();

  return AttackPaths(std::move(impl));
}

size_t AttackPaths::path_count() const noexcept { return impl_->recs.size(); }
const AttackPathStats& AttackPaths::stats() const noexcept { return impl_->stats; }
size_t AttackPaths::result_json_length() const noexcept {
  uint64_t paths_bytes = 0;
  for (size_t b = 0; b < impl_->n_blocks(); ++b) paths_bytes += impl_->block_length(b);
  return impl_->result_length(paths_bytes);
}

AttackPaths::Memory AttackPaths::memory() const noexcept {
  const Impl& im = *impl_;
  Memory m;
  m.per_path_bytes = im.recs.size_bytes();
  m.per_finding_bytes = im.texts.capacity() * sizeof(FindingText) + im.stats_json.capacity();
  for (const std::string& a : im.arenas) m.per_finding_bytes += a.capacity();
  for (const auto& t : im.tactic_store) m.per_finding_bytes += t.capacity() * sizeof(Tactic);
  for (const auto& table : im.tactic_tables) {
    for (const std::string& t : table) m.per_finding_bytes += sizeof(std::string) + t.capacity();
  }
  return m;
}

void AttackPaths::write_result_json(uint8_t* dst, const EngineOptions& opts) const {
  const Impl& im = *impl_;
  const bool parallel = opts.max_threads != 1;
  std::vector<uint64_t> cum;
  make_arena(opts.max_threads).execute([&] {
    im.block_offsets(0, im.n_blocks(), parallel, cum);
    im.write_result(cum, reinterpret_cast<char*>(dst), parallel);
  });
}

OutputBuffer AttackPaths::result_json(const EngineOptions& opts) const {
  const Impl& im = *impl_;
  const bool parallel = opts.max_threads != 1;
  std::vector<uint64_t> cum;
  OutputBuffer out;
  make_arena(opts.max_threads).execute([&] {
    im.block_offsets(0, im.n_blocks(), parallel, cum);
    out = OutputBuffer::allocate(im.result_length(cum.back()));
    im.write_result(cum, reinterpret_cast<char*>(out.data()), parallel);
  });
  return out;
}

size_t AttackPaths::path_json_length(size_t i) const noexcept { return impl_->path_len(i); }

void AttackPaths::write_path_json(size_t i, uint8_t* dst) const noexcept {
  json::PtrSink s{reinterpret_cast<char*>(dst)};
  engine::emit_path(s, impl_->recs[i], impl_->texts.data());
}

std::string AttackPaths::path_json(size_t i) const {
  // Appends rather than pre-sizing, so tests comparing its size with
  // path_json_length check the length formula independently.
  std::string out;
  json::StringSink s{out};
  engine::emit_path(s, impl_->recs[i], impl_->texts.data());
  return out;
}

std::optional<size_t> AttackPaths::find_path(string_view id) const noexcept {
  if (id.size() < 6 || id.size() > 13 || id.substr(0, 3) != "ap-") return std::nullopt;
  const string_view digits = id.substr(3);
  uint64_t num = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    num = num * 10 + static_cast<uint64_t>(c - '0');
  }
  if (num == 0 || num > impl_->recs.size()) return std::nullopt;
  // Only the canonical spelling names a path: "ap-007", not "ap-7" or "ap-0007".
  if (digits.size() != std::max<size_t>(3, json::uint_digits(num))) return std::nullopt;
  // Path numbers increase inside each sort bucket: binary-search every
  // bucket whose number range holds num (at most 20 searches, no index).
  const auto& recs = impl_->recs;
  const auto by_num = [](const PathRec& r, uint64_t v) { return r.num < v; };
  for (size_t b = 0; b < kBuckets; ++b) {
    const auto first = recs.begin() + static_cast<std::ptrdiff_t>(impl_->bucket_begin[b]);
    const auto last = recs.begin() + static_cast<std::ptrdiff_t>(impl_->bucket_begin[b + 1]);
    if (first == last || num < first->num || num > (last - 1)->num) continue;
    const auto it = std::lower_bound(first, last, num, by_num);
    if (it != last && it->num == num) return static_cast<size_t>(it - recs.begin());
  }
  return std::nullopt;  // unreachable: every number 1..size names a path
}

std::string AttackPaths::stats_json() const { return impl_->stats_json; }

bool AttackPaths::stream_result_json(const std::function<bool(string_view)>& sink,
                                     const EngineOptions& opts) const {
  const Impl& im = *impl_;
  if (!sink(kPrefix)) return false;
  tbb::task_arena arena = make_arena(opts.max_threads);
  const bool parallel = opts.max_threads != 1;
  std::vector<char> buf;
  std::vector<uint64_t> cum;
  const size_t nb = im.n_blocks();
  for (size_t w0 = 0; w0 < nb; w0 += kStreamWindowBlocks) {
    const size_t w1 = std::min(nb, w0 + kStreamWindowBlocks);
    arena.execute([&] { im.block_offsets(w0, w1, parallel, cum); });
    // Chunks of whole blocks, at most kStreamChunkBytes unless one block is larger.
    for (size_t b0 = w0; b0 < w1;) {
      size_t b1 = b0 + 1;
      while (b1 < w1 && cum[b1 + 1 - w0] - cum[b0 - w0] <= kStreamChunkBytes) ++b1;
      const size_t len = cum[b1 - w0] - cum[b0 - w0];
      if (buf.size() < len) buf.resize(len);
      arena.execute([&] { im.write_blocks(b0, b1, cum.data() + (b0 - w0), buf.data(), parallel); });
      if (!sink(string_view(buf.data(), len))) return false;
      b0 = b1;
    }
  }
  if (!sink(kMid) || !sink(im.stats_json)) return false;
  return sink("}");
}

}  // namespace aegis

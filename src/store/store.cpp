#include "store/store.hpp"


#include <charconv>
#include <cstring>
#include <string>

#include "common/parallel.hpp"
#include "encode/finding_encoder.hpp"

namespace aegis::store {
namespace {

using common::Error;
using common::make_error;
using common::OutputBuffer;
using model::Finding;

bool ascii_equal_fold(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; };
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool matches(const Finding& f, const FindingQuery& q) noexcept {
  return (q.severity.empty() || ascii_equal_fold(f.severity, q.severity)) &&
         (q.provider.empty() || ascii_equal_fold(f.cloud_provider, q.provider)) &&
         (q.status.empty() || ascii_equal_fold(f.status, q.status)) &&
         (q.category.empty() || ascii_equal_fold(f.category, q.category));
}

void append_int(std::string& out, int64_t v) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, r.ptr);
}

// `],"page":P,...}` closes a {"data":[ ... envelope.
std::string envelope_tail(const PageWindow& w) {
  std::string tail = "],\"page\":";
  append_int(tail, w.page);
  tail += ",\"per_page\":";
  append_int(tail, w.per_page);
  tail += ",\"total\":";
  append_int(tail, w.total);
  tail += ",\"total_pages\":";
  append_int(tail, w.total_pages);
  tail += '}';
  return tail;
}

constexpr std::string_view kEnvelopeHead = "{\"data\":[";

OutputBuffer copy_out(std::string_view bytes) {
  OutputBuffer out = OutputBuffer::allocate(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace

PageWindow clamp_page(int64_t page, int64_t per_page, size_t total, int64_t default_per_page,
                      int64_t max_per_page) {
  PageWindow w{};
  w.per_page = (per_page < 1 || per_page > max_per_page) ? default_per_page : per_page;
  w.total = static_cast<int64_t>(total);
  w.total_pages = (w.total + w.per_page - 1) / w.per_page;
  w.page = page < 1 ? 1 : page;
  if (w.page > w.total_pages) w.page = w.total_pages > 0 ? w.total_pages : 1;
  w.begin = std::min(total, static_cast<size_t>((w.page - 1) * w.per_page));
  w.end = std::min(total, w.begin + static_cast<size_t>(w.per_page));
  return w;
}

Error Store::open(std::string_view json, const pipeline::Options& options,
                  std::unique_ptr<Store>& out) {
  auto store = std::make_unique<Store>(Key{});
  const common::StopToken stop = options.stop_token();
  if (Error e = pipeline::Analysis::open(json, options, stop, store->analysis_)) return e;
  const auto& findings = store->doc().findings;
  const size_t n = findings.size();
  // Encode every finding once (lengths, prefix sum, then disjoint writes), so
  // finding queries only copy bytes.
  auto& offsets = store->finding_offsets_;
  offsets.assign(n + 1, 0);
  common::make_arena(options.max_threads).execute([&] {
    common::parallel_ranges(0, n, 512, [&](size_t lo, size_t hi) {
      for (size_t i = lo; i != hi; ++i)
        offsets[i + 1] = encode::finding_json_length(findings[i]);
    });
    for (size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
    store->findings_json_.resize(offsets[n]);
    common::parallel_ranges(0, n, 512, [&](size_t lo, size_t hi) {
      for (size_t i = lo; i != hi; ++i)
        encode::write_finding_json(findings[i], store->findings_json_.data() + offsets[i]);
    });
  });
  store->first_by_id_.reserve(n);
  for (uint32_t i = 0; i < n; ++i)
    store->first_by_id_.try_emplace(findings[i].id, i);  // keeps the first
  out = std::move(store);
  return {};
}

Error Store::get_finding(std::string_view id, OutputBuffer& out) const {
  auto it = first_by_id_.find(id);
  if (it == first_by_id_.end())
    return make_error(AEGIS_ERR_NOT_FOUND, "no finding with id \"" + std::string(id) + "\"");
  out = copy_out(finding_json(it->second));
  return {};
}

Error Store::list_findings(const FindingQuery& query, OutputBuffer& out) const {
  const bool unfiltered = query.severity.empty() && query.provider.empty() &&
                          query.status.empty() && query.category.empty();
  std::vector<uint32_t> matching;
  if (!unfiltered) {
    for (uint32_t i = 0; i < doc().findings.size(); ++i)
      if (matches(doc().findings[i], query)) matching.push_back(i);
  }
  const size_t total = unfiltered ? doc().findings.size() : matching.size();
  auto finding_at = [&](size_t k) { return unfiltered ? static_cast<uint32_t>(k) : matching[k]; };
  const PageWindow w = clamp_page(query.page, query.per_page, total, 50, 200);
  const std::string tail = envelope_tail(w);

  size_t len = kEnvelopeHead.size() + tail.size();
  for (size_t k = w.begin; k < w.end; ++k) len += finding_json(finding_at(k)).size() + (k != w.begin);
  out = OutputBuffer::allocate(len);
  uint8_t* p = out.data();
  auto put = [&p](std::string_view bytes) {
    std::memcpy(p, bytes.data(), bytes.size());
    p += bytes.size();
  };
  put(kEnvelopeHead);
  for (size_t k = w.begin; k < w.end; ++k) {
    if (k != w.begin) *p++ = ',';
    put(finding_json(finding_at(k)));
  }
  put(tail);
  return {};
}

Error Store::path_stats(OutputBuffer& out) const {
  out = copy_out(paths().stats_json());
  return {};
}

Error Store::get_path(std::string_view id, OutputBuffer& out) const {
  const std::optional<size_t> index = paths().find_path(id);
  if (!index)
    return make_error(AEGIS_ERR_NOT_FOUND, "no attack path with id \"" + std::string(id) + "\"");
  out = OutputBuffer::allocate(paths().path_json_length(*index));
  paths().write_path_json(*index, out.data());
  return {};
}

Error Store::list_paths(int64_t page, int64_t per_page, OutputBuffer& out) const {
  const PageWindow w = clamp_page(page, per_page, paths().path_count(), 20, 100);
  const std::string tail = envelope_tail(w);
  size_t len = kEnvelopeHead.size() + tail.size();
  for (size_t i = w.begin; i < w.end; ++i) len += paths().path_json_length(i) + (i != w.begin);
  out = OutputBuffer::allocate(len);
  uint8_t* p = out.data();
  std::memcpy(p, kEnvelopeHead.data(), kEnvelopeHead.size());
  p += kEnvelopeHead.size();
  for (size_t i = w.begin; i < w.end; ++i) {
    if (i != w.begin) *p++ = ',';
    paths().write_path_json(i, p);
    p += paths().path_json_length(i);
  }
  std::memcpy(p, tail.data(), tail.size());
  return {};
}

Error Store::path_analysis(std::string_view id, OutputBuffer& out) const {
  const std::optional<size_t> index = paths().find_path(id);
  if (!index)
    return make_error(AEGIS_ERR_NOT_FOUND, "no attack path with id \"" + std::string(id) + "\"");
  // Built once, on first use: a store that is never asked pays nothing. A
  // throwing build leaves the flag unset, so a later query retries.
  near_once_.run([&] {
    near_ = analysis_->graph_mode()
                ? std::make_unique<Neighbourhood>(analysis_->resources(), *analysis_->graph())
                : std::make_unique<Neighbourhood>(doc());
  });
  const engine::CaseRule rule =
      analysis_->graph_mode() ? engine::CaseRule::kGoCaseMapping : engine::CaseRule::kExact;
  out = copy_out(path_analysis_json(doc(), paths().path_findings(*index), rule, *near_));
  return {};
}

OutputBuffer Store::paths_json() const {
  return paths_json(CallLimits{max_result_bytes(), common::StopToken{}});
}

OutputBuffer Store::paths_json(const CallLimits& limits) const {
  engine::Options opts = engine_options(limits.stop);
  opts.max_result_bytes = limits.max_result_bytes;
  return paths().result_json(opts);
}

bool Store::stream_paths(const std::function<bool(std::string_view)>& sink,
                         const common::StopToken& stop) const {
  return paths().stream_result_json(sink, engine_options(stop));
}

}  // namespace aegis::store

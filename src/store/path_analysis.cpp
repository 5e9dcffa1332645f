#include "store/path_analysis.hpp"

#include <algorithm>
#include <functional>
#include <unordered_set>

#include "encode/json_writer.hpp"

namespace aegis::store {
namespace {

using model::Finding;

bool contains(const std::vector<std::string_view>& xs, std::string_view v) {
  return std::find(xs.begin(), xs.end(), v) != xs.end();
}

// The distinct values of field over recs in order of first appearance,
// without the empty value when non_empty.
template <typename Field>
std::vector<std::string_view> distinct(const std::vector<const Finding*>& recs, Field field,
                                       bool non_empty) {
  std::vector<std::string_view> out;
  for (const Finding* f : recs) {
    const std::string_view v = field(*f);
    if ((non_empty && v.empty()) || contains(out, v)) continue;
    out.push_back(v);
  }
  return out;
}

void append_joined(std::string& out, const std::vector<std::string_view>& xs, std::string_view sep) {
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) out.append(sep);
    out.append(xs[i]);
  }
}

bool ascii_lower_is(std::string_view s, std::string_view lower) {
  return engine::ascii_iequals(s, lower);
}

// The path's severity and score as the path object has them
// (docs/algorithms.md, "The path object"; "Graph mode", step 9).
std::string_view path_severity(const std::vector<const Finding*>& recs, engine::CaseRule rule) {
  std::string_view sev = "LOW";
  uint8_t best = 1;
  for (const Finding* f : recs) {
    const uint8_t r = engine::severity_rank(f->severity, rule);
    if (r > best) {
      best = r;
      sev = f->severity;
    }
  }
  return sev;
}

uint32_t path_score(const std::vector<const Finding*>& recs, engine::CaseRule rule) {
  uint32_t sum = 0;
  for (const Finding* f : recs) sum += 25u * engine::severity_rank(f->severity, rule);
  return std::min<uint32_t>(sum, 100);
}

std::vector<std::string_view> path_tactics(const std::vector<const Finding*>& recs) {
  std::vector<std::string_view> all;
  for (const Finding* f : recs) all.insert(all.end(), f->mitre_tactics.begin(), f->mitre_tactics.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

std::string analysis_text(const std::vector<const Finding*>& recs, std::string_view severity) {
  const Finding& first = *recs.front();
  const Finding& last = *recs.back();
  const size_t hops = recs.size() - 1;
  std::string s = std::to_string(hops);
  s.append("-hop ").append(severity).append(" path in ").append(first.cloud_provider);
  s.append(" account ").append(first.account_id).append(": ").append(first.resource_name);
  s.append(" (").append(first.resource_type).append(", ").append(first.category);
  s.append(") reaches ").append(last.resource_name).append(" (").append(last.resource_type);
  s.append(", ").append(last.category).append(")");
  if (hops >= 2) {
    std::vector<std::string_view> via;
    for (size_t k = 1; k < hops; ++k) via.push_back(recs[k]->resource_name);
    s.append(" via ");
    append_joined(s, via, ", ");
  }
  s.append(".");
  const auto titles = distinct(recs, [](const Finding& f) { return f.title; }, true);
  if (!titles.empty()) {
    s.append(" Findings: ");
    append_joined(s, titles, "; ");
    s.append(".");
  }
  return s;
}

std::vector<std::string> remediation_steps(const std::vector<const Finding*>& recs) {
  std::vector<std::string> steps;
  for (std::string_view d : distinct(recs, [](const Finding& f) { return f.remediation; }, true)) {
    std::vector<std::string_view> names;
    for (const Finding* f : recs) {
      if (f->remediation == d && !f->resource_name.empty() && !contains(names, f->resource_name))
        names.push_back(f->resource_name);
    }
    std::string step;
    if (!names.empty()) {
      append_joined(step, names, ", ");
      step.append(": ");
    }
    step.append(d);
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<std::string> risk_factors(const std::vector<const Finding*>& recs,
                                      std::string_view severity, uint32_t score) {
  std::vector<std::string> out;
  out.push_back("Path score " + std::to_string(score) + "/100, severity " + std::string(severity));
  for (const Finding* f : recs) {
    std::string s(f->severity);
    s.append(" ").append(f->category).append(" finding on ").append(f->resource_name);
    if (!f->title.empty()) s.append(": ").append(f->title);
    out.push_back(std::move(s));
  }
  for (const Finding* f : recs) {
    if (f->exploit_available) out.push_back("Exploit available: " + std::string(f->resource_name));
  }
  std::vector<std::string_view> cves;
  for (const Finding* f : recs) {
    for (const model::Cve& c : f->cves) {
      if (c.id.empty() || contains(cves, c.id)) continue;
      cves.push_back(c.id);
      std::string s(c.id);
      s.append(" on ").append(f->resource_name);
      if (c.cisa_known_exploited) s.append(" (CISA known exploited)");
      out.push_back(std::move(s));
    }
  }
  for (const Finding* f : recs) {
    if (f->category == "NETWORK") out.push_back("Network-exposed: " + std::string(f->resource_name));
  }
  for (const Finding* f : recs) {
    const std::string_view t = f->resource_type;
    if (ascii_lower_is(t, "storage") || ascii_lower_is(t, "database") ||
        ascii_lower_is(t, "secret") || ascii_lower_is(t, "encryption")) {
      std::string s = "Data store: ";
      s.append(f->resource_name).append(" (").append(t).append(")");
      out.push_back(std::move(s));
    }
  }
  const auto tactics = path_tactics(recs);
  if (!tactics.empty()) {
    std::string s = "MITRE tactics: ";
    append_joined(s, tactics, ", ");
    out.push_back(std::move(s));
  }
  const auto regions = distinct(recs, [](const Finding& f) { return f.region; }, false);
  if (regions.size() > 1) {
    std::string s = "Crosses regions: ";
    append_joined(s, regions, ", ");
    out.push_back(std::move(s));
  }
  return out;
}

template <typename Strings>
void write_string_array(encode::StringSink& s, const Strings& xs) {
  s.ch('[');
  for (size_t i = 0; i < xs.size(); ++i) {
    if (i > 0) s.ch(',');
    s.quoted(xs[i]);
  }
  s.ch(']');
}

}  // namespace

size_t Neighbourhood::PlaceHash::operator()(
    const std::pair<std::string_view, std::string_view>& p) const noexcept {
  const size_t a = std::hash<std::string_view>{}(p.first);
  return a ^ (std::hash<std::string_view>{}(p.second) + 0x9E3779B97F4A7C15u + (a << 6) + (a >> 2));
}

Neighbourhood::Neighbourhood(const model::FindingsDoc& doc) : own_resources_(doc) {
  resources_ = &own_resources_;
  std::unordered_set<uint64_t> listed;  // (place number, resource)
  std::unordered_map<std::pair<std::string_view, std::string_view>, uint32_t, PlaceHash> number;
  for (uint32_t i = 0; i < doc.findings.size(); ++i) {
    const Finding& f = doc.findings[i];
    const auto key = std::make_pair(f.account_id, f.region);
    const auto [it, inserted] = number.try_emplace(key, static_cast<uint32_t>(number.size()));
    const uint32_t r = own_resources_.of_finding(i);
    if (listed.insert((uint64_t{it->second} << 32) | r).second) by_place_[key].push_back(r);
  }
}

BlastRadius Neighbourhood::blast_radius(const model::FindingsDoc& doc,
                                        std::span<const uint32_t> records) const {
  std::unordered_set<uint32_t> seen;
  std::vector<uint32_t> frontier;
  for (uint32_t i : records) {
    const uint32_t r = resources_->of_finding(i);
    if (seen.insert(r).second) frontier.push_back(r);
  }
  BlastRadius b;
  b.direct = frontier.size();
  // True once the cap is reached.
  auto reach = [&](uint32_t r) {
    if (seen.insert(r).second) ++b.indirect;
    return b.indirect == kMaxBlastRadiusIndirect;
  };
  if (graph_ != nullptr) {
    // Resources within 2 edges (self-loops link nothing).
    for (int depth = 0; depth < 2; ++depth) {
      std::vector<uint32_t> next;
      for (uint32_t r : frontier) {
        for (const model::Neighbor& n : graph_->neighbors(r)) {
          if (seen.count(n.resource) != 0) continue;
          next.push_back(n.resource);
          if (reach(n.resource)) return b;
        }
      }
      frontier = std::move(next);
    }
    return b;
  }
  // Heuristic mode: the resources sharing (account_id, region) with a record.
  std::vector<std::pair<std::string_view, std::string_view>> places;
  for (uint32_t i : records) {
    const Finding& f = doc.findings[i];
    const auto key = std::make_pair(f.account_id, f.region);
    if (std::find(places.begin(), places.end(), key) != places.end()) continue;
    places.push_back(key);
    const auto it = by_place_.find(key);
    if (it == by_place_.end()) continue;
    for (uint32_t r : it->second) {
      if (reach(r)) return b;
    }
  }
  return b;
}

std::string path_analysis_json(const model::FindingsDoc& doc, std::span<const uint32_t> records,
                               engine::CaseRule rule, const Neighbourhood& near) {
  std::vector<const Finding*> recs;
  for (uint32_t i : records) recs.push_back(&doc.findings[i]);
  const std::string_view severity = path_severity(recs, rule);
  const uint32_t score = path_score(recs, rule);
  const BlastRadius blast = near.blast_radius(doc, records);

  std::string out;
  encode::StringSink s{out};
  s.raw("{\"analysis\":");
  s.quoted(analysis_text(recs, severity));
  s.raw(",\"remediation_steps\":");
  write_string_array(s, remediation_steps(recs));
  s.raw(",\"risk_factors\":");
  write_string_array(s, risk_factors(recs, severity, score));
  s.raw(",\"blast_radius\":{\"direct\":");
  s.uint(blast.direct);
  s.raw(",\"indirect\":");
  s.uint(blast.indirect);
  s.raw(",\"total\":");
  s.uint(blast.direct + blast.indirect);
  s.raw("}}");
  return out;
}

}  // namespace aegis::store

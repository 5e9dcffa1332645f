#include "engine/path_stats.hpp"

#include "encode/json_writer.hpp"
#include "encode/object_writer.hpp"

namespace aegis::engine {

AttackPathStats count_stats(uint64_t total_findings, uint64_t findings_in_paths,
                            const BucketCounts& bucket_totals) {
  AttackPathStats st;
  st.total_findings = total_findings;
  st.findings_in_paths = findings_in_paths;
  st.isolated_findings = total_findings - findings_in_paths;
  st.coverage_percent = total_findings == 0 ? 0.0
                                            : static_cast<double>(findings_in_paths) /
                                                  static_cast<double>(total_findings) * 100;
  // Buckets 0..4 hold the CRITICAL paths, 5..9 the HIGH ones (path_order.hpp).
  for (size_t b = 0; b < kSortBuckets; ++b) {
    st.total_paths += bucket_totals[b];
    if (b < 5) st.critical_paths += bucket_totals[b];
    if (b >= 5 && b < 10) st.high_paths += bucket_totals[b];
  }
  st.medium_paths = st.total_paths - st.critical_paths - st.high_paths;
  return st;
}

std::string stats_json(const AttackPathStats& st) {
  std::string out;
  encode::StringSink s{out};
  encode::ObjectWriter o(s);
  o.uint<"total_findings">(st.total_findings);
  o.uint<"findings_in_paths">(st.findings_in_paths);
  o.uint<"isolated_findings">(st.isolated_findings);
  o.number<"coverage_percent">(st.coverage_percent);
  o.uint<"total_paths">(st.total_paths);
  o.uint<"critical_paths">(st.critical_paths);
  o.uint<"high_paths">(st.high_paths);
  o.uint<"medium_paths">(st.medium_paths);
  o.key<"by_provider">();
  encode::ObjectWriter providers(s);
  for (const auto& [provider, paths] : st.by_provider) {
    providers.key(provider);
    s.uint(paths);
  }
  providers.end();
  if (st.truncated) o.boolean<"truncated">(true);
  o.end();
  return out;
}

}  // namespace aegis::engine

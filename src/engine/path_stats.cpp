#include "engine/path_stats.hpp"

#include "encode/json_writer.hpp"
#include "encode/object_writer.hpp"

namespace aegis::engine {

AttackPathStats count_stats(uint64_t total_findings, uint64_t findings_in_paths,
                            uint64_t total_paths, uint64_t critical_paths, uint64_t high_paths) {
  AttackPathStats st;
  st.total_findings = total_findings;
  st.findings_in_paths = findings_in_paths;
  st.isolated_findings = total_findings - findings_in_paths;
  st.coverage_percent = total_findings == 0 ? 0.0
                                            : static_cast<double>(findings_in_paths) /
                                                  static_cast<double>(total_findings) * 100;
  st.total_paths = total_paths;
  st.critical_paths = critical_paths;
  st.high_paths = high_paths;
  st.medium_paths = total_paths - critical_paths - high_paths;
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

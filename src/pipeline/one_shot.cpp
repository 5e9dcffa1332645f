#include "pipeline/one_shot.hpp"

#include <cstdint>
#include <numeric>
#include <vector>

#include "encode/finding_encoder.hpp"
#include "filter/filter.hpp"
#include "pipeline/analysis.hpp"
#include "pipeline/input.hpp"

namespace aegis::pipeline {

common::Error compute_attack_paths(std::string_view json, const Options& opts,
                                   common::OutputBuffer& out) {
  Options o = opts;
  o.integrity_hash = false;  // the result has no place for them
  const common::StopToken stop = o.stop_token();  // one deadline for the whole call
  std::unique_ptr<Analysis> analysis;
  if (common::Error e = Analysis::open(json, o, stop, analysis)) return e;
  out = analysis->paths().result_json(o.engine(stop));
  return {};
}

common::Error load_and_serialize_findings(std::string_view json, std::string_view filter,
                                          const Options& opts, common::OutputBuffer& out) {
  if (common::Error e = check_input_size(json, opts)) return e;
  const bool has_filter = !filter.empty();
  filter::FindingsFilter parsed;
  if (has_filter) {
    if (common::Error e = filter::parse_filter(filter, parsed)) return e;
  }
  const common::StopToken stop = opts.stop_token();
  model::FindingsDoc doc;
  if (common::Error e = decode_input(json, opts, doc)) return e;
  stop.throw_if_stopped();
  std::vector<uint32_t> selected;
  if (has_filter) {
    selected = filter::select_findings(doc, parsed);
  } else {
    selected.resize(doc.findings.size());
    std::iota(selected.begin(), selected.end(), uint32_t{0});
  }
  out = encode::encode_findings_array(doc, selected, 1, opts.max_result_bytes);
  return {};
}

}  // namespace aegis::pipeline

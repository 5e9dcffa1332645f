#include "pipeline/input.hpp"

#include <string>

#include "decode/decoder.hpp"

namespace aegis::pipeline {

common::Error check_input_size(std::string_view json, const Options& opts) {
  if (json.size() <= opts.max_input_bytes) return {};
  return common::make_error(AEGIS_ERR_TOO_LARGE, "input of " + std::to_string(json.size()) +
                                                     " bytes is over the cap of " +
                                                     std::to_string(opts.max_input_bytes));
}

common::Error decode_input(std::string_view json, const Options& opts,
                           model::FindingsDoc& doc) {
  if (common::Error e = check_input_size(json, opts)) return e;
  return decode::decode_findings(json, opts.max_input_bytes, doc);
}

}  // namespace aegis::pipeline

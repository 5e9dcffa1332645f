// The one-shot pipelines behind aegis_compute_attack_paths and
// aegis_load_and_serialize_findings (and their _ex forms): bytes in, one
// library buffer out.
#pragma once

#include <string_view>

#include "common/output_buffer.hpp"
#include "common/status.hpp"
#include "pipeline/options.hpp"

namespace aegis::pipeline {

// Decode -> engine -> the result {"paths":[...],"stats":{...}} in one buffer.
common::Error compute_attack_paths(std::string_view json, const Options& opts,
                                   common::OutputBuffer& out);

// Parse the filter (empty = none; checked first: it is small, and a bad one
// fails fast) -> decode -> select -> the selected findings as a JSON array.
common::Error load_and_serialize_findings(std::string_view json, std::string_view filter,
                                          const Options& opts, common::OutputBuffer& out);

}  // namespace aegis::pipeline

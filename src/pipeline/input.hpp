// The first stage of every pipeline: the input size cap, then the findings
// decoder (this is the one place it runs).
#pragma once

#include <string_view>

#include "common/status.hpp"
#include "model/findings.hpp"
#include "pipeline/options.hpp"

namespace aegis::pipeline {

// AEGIS_ERR_TOO_LARGE when json is over opts.max_input_bytes.
common::Error check_input_size(std::string_view json, const Options& opts);

// check_input_size, then decodes json into doc (docs/input.md). Errors as
// decode::decode_findings.
common::Error decode_input(std::string_view json, const Options& opts,
                           model::FindingsDoc& doc);

}  // namespace aegis::pipeline

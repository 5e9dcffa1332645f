// C structs -> the core's own types, in one place: whatever a new option or
// query member is, it is read here and nowhere else in src/abi/.
#pragma once

#include "aegispath.h"
#include "common/status.hpp"
#include "pipeline/options.hpp"
#include "store/store.hpp"

namespace aegis::abi {

// given may be NULL (every default). AEGIS_ERR_INVALID_ARGUMENT for a bad
// struct_size.
common::Error to_pipeline_options(const aegis_options* given, pipeline::Options& out);

// The limits of one store call (aegis_store_*_ex): of given only
// max_result_bytes, timeout_ms and cancel; given NULL = the store's
// max_result_bytes and no deadline. The deadline starts now.
// AEGIS_ERR_INVALID_ARGUMENT for a bad struct_size.
common::Error to_call_limits(const aegis_options* given, uint64_t store_max_result_bytes,
                             store::CallLimits& out);

// given may be NULL (every finding, first page). AEGIS_ERR_INVALID_ARGUMENT
// for a bad struct_size.
common::Error to_finding_query(const aegis_finding_query* given, store::FindingQuery& out);

}  // namespace aegis::abi

#include "pipeline/analysis.hpp"

#include "pipeline/input.hpp"
#include "pipeline/integrity.hpp"

namespace aegis::pipeline {

common::Error Analysis::open(std::string_view json, const Options& opts,
                             const common::StopToken& stop, std::unique_ptr<Analysis>& out) {
  auto analysis = std::make_unique<Analysis>(Key{});
  analysis->opts_ = opts;
  analysis->opts_.timeout_ms = 0;
  analysis->opts_.cancel = nullptr;
  if (common::Error e = decode_input(json, opts, analysis->doc_)) return e;
  stop.throw_if_stopped();
  if (opts.integrity_hash) fill_integrity_hashes(analysis->doc_, opts.max_threads);
  analysis->paths_.emplace(engine::AttackPaths::compute(analysis->doc_, opts.engine(stop)));
  out = std::move(analysis);
  return {};
}

}  // namespace aegis::pipeline

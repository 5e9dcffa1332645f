// A findings document decoded once, with its attack paths computed: the
// first thing every front end builds (the one-shot compute call streams it
// out; a store keeps it and answers queries from it). Immutable once open.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "common/status.hpp"
#include "engine/attack_paths.hpp"
#include "model/findings.hpp"
#include "pipeline/options.hpp"

namespace aegis::pipeline {

class Analysis {
  struct Key {  // lets only open() construct one, through make_unique
    explicit Key() = default;
  };

 public:
  explicit Analysis(Key) {}
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  // Decodes json (the analysis keeps what it needs: json may be freed
  // afterwards), fills the integrity hashes when opts asks, and computes the
  // attack paths under opts' path cap; stop is the call's deadline and
  // cancellation. Throws std::bad_alloc, std::length_error,
  // common::StatusError (stopped). options() keeps opts without what belongs
  // to the call alone (timeout_ms, cancel).
  static common::Error open(std::string_view json, const Options& opts,
                            const common::StopToken& stop, std::unique_ptr<Analysis>& out);

  const model::FindingsDoc& doc() const noexcept { return doc_; }
  const engine::AttackPaths& paths() const noexcept { return *paths_; }
  const Options& options() const noexcept { return opts_; }

 private:
  Options opts_;
  model::FindingsDoc doc_;
  std::optional<engine::AttackPaths> paths_;  // refers to doc_, which never moves
};

}  // namespace aegis::pipeline

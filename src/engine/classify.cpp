#include "engine/classify.hpp"

#include "engine/go_case.hpp"

namespace aegis::engine {

uint8_t severity_rank(std::string_view s) noexcept {
  if (s == "CRITICAL") return 4;
  if (s == "HIGH") return 3;
  if (s == "MEDIUM") return 2;
  if (s == "LOW") return 1;
  return 0;
}

std::string_view severity_name(uint8_t rank) noexcept {
  switch (rank) {
    case 4: return "CRITICAL";
    case 3: return "HIGH";
    case 2: return "MEDIUM";
    default: return "LOW";
  }
}

bool ascii_iequals(std::string_view s, std::string_view lower) noexcept {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

Role classify(const model::Finding& f) noexcept {
  const std::string_view t = f.resource_type;
  if (f.category == "NETWORK") return Role::kEntry;
  if (f.category == "VULNERABILITY" && f.exploit_available) return Role::kEntry;
  if ((ascii_iequals(t, "compute") || ascii_iequals(t, "container") ||
       ascii_iequals(t, "serverless")) &&
      (f.severity == "CRITICAL" || f.severity == "HIGH")) {
    return Role::kEntry;
  }
  if (ascii_iequals(t, "storage") || ascii_iequals(t, "database") || ascii_iequals(t, "secret") ||
      ascii_iequals(t, "encryption")) {
    return Role::kTarget;
  }
  return Role::kIntermediate;
}

uint8_t edge_flags(const model::Finding& f) noexcept {
  const std::string_view t = f.resource_type;
  uint8_t flags = 0;
  if (ascii_iequals(t, "storage") || ascii_iequals(t, "database") || ascii_iequals(t, "secret")) {
    flags |= kFlagDataTarget;
  }
  if (f.category == "IDENTITY") flags |= kFlagIdentity;
  if (f.category == "NETWORK") flags |= kFlagNetwork;
  return flags;
}

uint8_t severity_flags(std::string_view severity) noexcept {
  if (severity == "CRITICAL") return kFlagSeverityCritical;
  if (severity == "HIGH") return kFlagSeverityHigh;
  return 0;
}

uint8_t graph_severity_rank(std::string_view s) noexcept {
  if (go_upper_equals(s, "CRITICAL")) return 4;
  if (go_upper_equals(s, "HIGH")) return 3;
  if (go_upper_equals(s, "MEDIUM")) return 2;
  if (go_upper_equals(s, "LOW")) return 1;
  return 0;
}

Role graph_classify(const model::Finding& f) noexcept {
  const std::string_view t = f.resource_type;
  if (go_upper_equals(f.category, "NETWORK")) return Role::kEntry;
  if (go_upper_equals(f.category, "VULNERABILITY") && f.exploit_available) return Role::kEntry;
  if ((go_lower_equals(t, "compute") || go_lower_equals(t, "container") ||
       go_lower_equals(t, "serverless")) &&
      (go_upper_equals(f.severity, "CRITICAL") || go_upper_equals(f.severity, "HIGH"))) {
    return Role::kEntry;
  }
  if (go_lower_equals(t, "storage") || go_lower_equals(t, "database") ||
      go_lower_equals(t, "secret") || go_lower_equals(t, "encryption")) {
    return Role::kTarget;
  }
  return Role::kIntermediate;
}

uint8_t graph_edge_flags(const model::Finding& f) noexcept {
  const std::string_view t = f.resource_type;
  uint8_t flags = 0;
  if (go_lower_equals(t, "storage") || go_lower_equals(t, "database") ||
      go_lower_equals(t, "secret")) {
    flags |= kFlagDataTarget;
  }
  if (go_upper_equals(f.category, "IDENTITY")) flags |= kFlagIdentity;
  if (go_upper_equals(f.category, "NETWORK")) flags |= kFlagNetwork;
  return flags;
}

}  // namespace aegis::engine

#include "engine/account_groups.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "engine/chains.hpp"

namespace aegis::engine {

std::vector<AccountGroup> group_by_account(const model::FindingsDoc& doc) {
  const size_t n = doc.findings.size();
  if (n > kMaxFindingIndex) throw std::length_error("too many findings");
  std::vector<AccountGroup> groups;
  std::unordered_map<std::string_view, uint32_t> index;
  for (uint32_t i = 0; i < n; ++i) {
    const std::string_view account = doc.findings[i].account_id;
    auto [it, inserted] = index.try_emplace(account, static_cast<uint32_t>(groups.size()));
    if (inserted) groups.push_back(AccountGroup{account, {}});
    groups[it->second].members.push_back(i);
  }
  std::erase_if(groups, [](const AccountGroup& g) { return g.members.size() < 2; });
  std::sort(groups.begin(), groups.end(), [](const AccountGroup& a, const AccountGroup& b) {
    return a.account_id < b.account_id;
  });
  return groups;
}

}  // namespace aegis::engine

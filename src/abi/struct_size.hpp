// The header's one struct_size rule (include/aegispath.h, "Structs"): the
// library reads and writes only the members of a caller's struct that lie
// wholly inside its struct_size.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.hpp"

namespace aegis::abi {

// Whether `member`, a member of `given`, lies wholly inside given.struct_size.
template <typename Struct, typename Member>
bool has_member(const Struct& given, const Member& member) noexcept {
  const auto offset = static_cast<size_t>(reinterpret_cast<const char*>(&member) -
                                          reinterpret_cast<const char*>(&given));
  return given.struct_size >= offset + sizeof(Member);
}

// A struct the caller passes in must hold at least its struct_size and be
// no larger than this library's struct (a newer header's is refused).
template <typename Struct>
common::Error check_struct_size(const Struct& given, const char* name, const char* init) {
  if (given.struct_size < sizeof(size_t))
    return common::make_error(AEGIS_ERR_INVALID_ARGUMENT, std::string(name) +
                                                              ".struct_size is not set (call " +
                                                              init + ")");
  if (given.struct_size > sizeof(Struct))
    return common::make_error(AEGIS_ERR_INVALID_ARGUMENT,
                              std::string(name) + ".struct_size is " +
                                  std::to_string(given.struct_size) + ", larger than this " +
                                  "library's " + std::to_string(sizeof(Struct)) +
                                  " (a newer header?)");
  return {};
}

}  // namespace aegis::abi

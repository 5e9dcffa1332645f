// The name of a JSON value's type in error messages ("number", "object", …),
// shared by the decoders.
#pragma once

#include <simdjson.h>

namespace aegis::decode {

inline const char* json_type_name(simdjson::dom::element_type t) noexcept {
  using simdjson::dom::element_type;
  switch (t) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "number";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "bool";
    case element_type::NULL_VALUE: return "null";
  }
  return "value";
}

}  // namespace aegis::decode

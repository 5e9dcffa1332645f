#include <catch2/catch.hpp>

#include <string>

#include "common/sha256.hpp"

namespace {
std::string hex_of(std::string_view input) {
  aegis::common::Sha256 h;
  h.update(input);
  char out[64];
  aegis::common::to_hex(h.finish(), out);
  return std::string(out, 64);
}
}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-4 example vectors", "[sha256]") {
  CHECK(hex_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // One million 'a': crosses many block boundaries.
  CHECK(hex_of(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 gives the same digest however the input is split", "[sha256]") {
  const std::string text(200, 'x');
  aegis::common::Sha256 h;
  h.update(std::string_view(text).substr(0, 63));
  h.update(std::string_view(text).substr(63, 1));
  h.update(std::string_view(text).substr(64));
  char out[64];
  aegis::common::to_hex(h.finish(), out);
  CHECK(std::string(out, 64) == hex_of(text));
}

TEST_CASE("SHA-256 starts over after finish, so one context hashes many inputs", "[sha256]") {
  aegis::common::Sha256 h;
  char out[64];
  h.update("abc");
  aegis::common::to_hex(h.finish(), out);
  CHECK(std::string(out, 64) == hex_of("abc"));
  aegis::common::to_hex(h.finish(), out);  // nothing fed since: the empty input
  CHECK(std::string(out, 64) == hex_of(""));
  h.update("ab");
  h.update("c");
  aegis::common::to_hex(h.finish(), out);
  CHECK(std::string(out, 64) == hex_of("abc"));
}

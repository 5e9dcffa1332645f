#include "decode/parse_cache.hpp"

#include <array>
#include <mutex>

namespace aegis::decode {
namespace {

template <typename T, size_t N>
class Slots {
 public:
  // Takes the slot that `better(candidate, best)` prefers, or nullptr.
  template <typename Better>
  std::unique_ptr<T> take(const Better& better) {
    std::lock_guard lock(mu_);
    std::unique_ptr<T>* best = nullptr;
    for (auto& s : slots_) {
      if (s && (best == nullptr || better(*s, **best))) best = &s;
    }
    return best ? std::move(*best) : nullptr;
  }
  // Stores item in an empty slot; returns it back when all are taken.
  std::unique_ptr<T> put(std::unique_ptr<T> item) noexcept {
    std::lock_guard lock(mu_);
    for (auto& s : slots_) {
      if (!s) {
        s = std::move(item);
        return nullptr;
      }
    }
    return item;
  }

 private:
  std::mutex mu_;
  std::array<std::unique_ptr<T>, N> slots_;
};

Slots<simdjson::dom::parser, kCachedParsers>& parsers() {
  static Slots<simdjson::dom::parser, kCachedParsers> slots;
  return slots;
}

Slots<simdjson::dom::document, kCachedDocuments>& documents() {
  static Slots<simdjson::dom::document, kCachedDocuments> slots;
  return slots;
}

}  // namespace

std::unique_ptr<simdjson::dom::parser> take_cached_parser() {
  auto p = parsers().take([](const auto& a, const auto& b) { return a.capacity() > b.capacity(); });
  return p ? std::move(p) : std::make_unique<simdjson::dom::parser>();
}

void give_cached_parser(std::unique_ptr<simdjson::dom::parser> p) noexcept {
  if (p && p->capacity() <= kMaxCachedInputBytes) p = parsers().put(std::move(p));
  // p, if still held, is freed here: no room, or too large to keep.
}

std::unique_ptr<simdjson::dom::document> take_cached_document(size_t len) {
  auto d = documents().take([len](const auto& a, const auto& b) {
    const bool a_fits = a.capacity() >= len, b_fits = b.capacity() >= len;
    if (a_fits != b_fits) return a_fits;
    // Among fitting ones the smallest, among too small ones the largest.
    return a_fits ? a.capacity() < b.capacity() : a.capacity() > b.capacity();
  });
  return d ? std::move(d) : std::make_unique<simdjson::dom::document>();
}

void give_cached_document(std::unique_ptr<simdjson::dom::document> d) noexcept {
  if (d && d->capacity() <= kMaxCachedInputBytes) d = documents().put(std::move(d));
}

}  // namespace aegis::decode

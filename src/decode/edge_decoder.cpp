#include "decode/edge_decoder.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <simdjson.h>

#include <array>
#include <optional>
#include <unordered_map>

#include "common/parallel.hpp"
#include "decode/go_syntax.hpp"
#include "decode/json_type_name.hpp"
#include "decode/key_match.hpp"

namespace aegis::decode {
namespace {

using common::Error;
using common::make_error;
using simdjson::dom::element;
using simdjson::dom::element_type;

// Bytes of document per piece: small enough that a piece and its parse stay
// in cache, large enough that the per-piece work is negligible.
constexpr size_t kPieceBytes = size_t{1} << 20;

// The keys graph mode reads, all strings (docs/input.md, "Keys read").
enum Key : int { kSourceType, kSourceId, kTargetType, kTargetId, kEdgeType };
constexpr std::array<std::string_view, 5> kKeyNames{"source_type", "source_id", "target_type",
                                                    "target_id", "edge_type"};
constexpr KeyTable<5> kKeys{kKeyNames};
// A missing (or null) source_type / target_type means a resource.
constexpr std::string_view kResource = "resource";

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// [begin, end) of the document: whole rows, separated from the next piece by
// the comma at `end`.
struct Piece {
  size_t begin, end;
};

// What one piece yields. Row numbers are local to the piece until merged.
struct PieceResult {
  bool parsed = false;
  simdjson::error_code parse_error = simdjson::SUCCESS;
  uint64_t row_count = 0;
  std::vector<model::EdgeRow> rows;  // type ids local to the piece
  std::vector<std::string> types;
  // The piece's first schema error: its row and the message after "row N".
  std::optional<uint64_t> error_row;
  std::string error;
};

// A simdjson parser and the padded copy "[" + piece + "]" it parses; one
// per thread, reused for every piece that thread takes.
class PieceParser {
 public:
  simdjson::error_code parse(std::string_view piece, size_t max_depth, element& root) {
    text_.assign(1, '[');
    text_.append(piece);
    text_.push_back(']');
    return parse_text(max_depth, root);
  }
  // Parses Go's rewrite of the wrapped piece (for what simdjson rejects and
  // Go accepts: lone surrogates, numbers out of range); false when Go's
  // scanner rejects it too.
  bool parse_rewritten(std::string_view piece, element& root, simdjson::error_code& err) {
    std::string wrapped;
    wrapped.reserve(piece.size() + 2);
    wrapped.push_back('[');
    wrapped.append(piece);
    wrapped.push_back(']');
    text_.clear();
    if (!scan_and_rewrite(wrapped, text_, RewriteOptions{}).ok) return false;
    // simdjson counts a value inside the deepest container as one more
    // level; Go's scanner has already enforced Go's limit.
    err = parse_text(kGoMaxDepth + 1, root);
    return true;
  }

 private:
  simdjson::error_code parse_text(size_t max_depth, element& root) {
    const size_t len = text_.size();
    text_.append(simdjson::SIMDJSON_PADDING, '\0');
    if (parser_.capacity() < len || parser_.max_depth() != max_depth) {
      // Headroom: pieces run a row or so past kPieceBytes, and a parser
      // reallocated for every slightly longer piece would touch fresh pages.
      if (auto err = parser_.allocate(std::max(len + len / 4, parser_.capacity()), max_depth))
        return err;
    }
    return parser_.parse(text_.data(), len, false).get(root);
  }

  simdjson::dom::parser parser_;
  std::string text_;
};

bool has_byte_at_least(std::string_view key, unsigned char lo) noexcept {
  for (char c : key) {
    if (static_cast<unsigned char>(c) >= lo) return true;
  }
  return false;
}
bool has_upper_or_non_ascii(std::string_view key) noexcept {
  for (char c : key) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || (b >= 'A' && b <= 'Z')) return true;
  }
  return false;
}

// Which read key `key` is, or -1, as Go matches keys: exactly or, failing
// that, case-insensitively (key_match.hpp). The names are lower-case ASCII
// of 9 and 11 bytes, so an ASCII key matches only with that length, only
// exactly when it has no upper-case letter; a fold can change the length
// only through U+017F (2 bytes for "s", once per name): the slow table is
// asked only when one of those can apply.
int read_key(std::string_view key) noexcept {
  switch (key.size()) {
    case 9:
      if (key == kKeyNames[kSourceId]) return kSourceId;
      if (key == kKeyNames[kTargetId]) return kTargetId;
      if (key == kKeyNames[kEdgeType]) return kEdgeType;
      return has_upper_or_non_ascii(key) ? kKeys.find(key) : -1;
    case 11:
      if (key == kKeyNames[kSourceType]) return kSourceType;
      if (key == kKeyNames[kTargetType]) return kTargetType;
      return has_upper_or_non_ascii(key) ? kKeys.find(key) : -1;
    default:
      return has_byte_at_least(key, 0x80) ? kKeys.find(key) : -1;
  }
}

// The rows of one parsed piece (an array) into `out`.
void walk_piece(element root, const model::ResourceIndex& resources, PieceResult& out) {
  simdjson::dom::array rows;
  if (root.get_array().get(rows)) return;  // always an array: the piece was wrapped
  std::unordered_map<std::string_view, uint32_t> type_ids;  // views into the parse
  // Rows come in runs of one type: the previous row's is checked first.
  std::string_view last_type;
  uint32_t last_type_id = 0;
  for (element item : rows) {
    const uint64_t row = out.row_count++;
    if (out.error_row) continue;  // only the count matters after an error
    if (item.type() != element_type::OBJECT) {
      out.error_row = row;
      out.error = std::string(" is not an object (got ") + json_type_name(item.type()) + ")";
      continue;
    }
    std::array<std::string_view, 5> value{kResource, {}, kResource, {}, {}};
    simdjson::dom::object obj;
    if (item.get_object().get(obj)) continue;
    for (auto kv : obj) {
      const int key = read_key(kv.key);
      if (key < 0) continue;  // unknown keys are ignored
      switch (kv.value.type()) {
        case element_type::STRING:
          value[static_cast<size_t>(key)] = kv.value.get_string().value_unsafe();
          break;
        case element_type::NULL_VALUE: break;  // Go leaves the field as it was
        default:
          out.error_row = row;
          out.error = std::string(": field \"") + std::string(kKeyNames[static_cast<size_t>(key)]) +
                      "\": expected string, got " + json_type_name(kv.value.type());
          break;
      }
      if (out.error_row) break;
    }
    if (out.error_row) continue;
    // docs/input.md, "Which rows count".
    if (value[kSourceType] != kResource || value[kTargetType] != kResource ||
        value[kEdgeType].empty()) {
      continue;
    }
    const uint32_t a = resources.find(value[kSourceId]);
    const uint32_t b = resources.find(value[kTargetId]);
    if (a == model::kNoResource || b == model::kNoResource) continue;
    if (out.types.empty() || value[kEdgeType] != last_type) {
      auto [it, inserted] =
          type_ids.try_emplace(value[kEdgeType], static_cast<uint32_t>(out.types.size()));
      if (inserted) out.types.emplace_back(value[kEdgeType]);
      last_type = value[kEdgeType];
      last_type_id = it->second;
    }
    out.rows.push_back(model::EdgeRow{a, b, last_type_id});
  }
}

// The first non-space byte at or after i, or json.size().
size_t skip_space(std::string_view json, size_t i) noexcept {
  while (i < json.size() && is_space(json[i])) ++i;
  return i;
}

// Pieces of about kPieceBytes, cut at a comma between "}" and "{" (spaces
// aside). A cut may fall inside a string; then some piece fails to parse and
// the caller starts again with exact_pieces. When every piece parses, the
// cuts were true row boundaries: "[" p1 "," p2 ... "]" with every "[" pi "]"
// a non-empty JSON array is itself a JSON array of all their elements.
std::vector<Piece> speculative_pieces(std::string_view json, size_t begin, size_t end) {
  std::vector<Piece> pieces;
  size_t pos = begin;
  while (end - pos > kPieceBytes) {
    size_t cut = std::string_view::npos;
    for (size_t i = pos + kPieceBytes; i < end; ++i) {
      if (json[i] != ',') continue;
      size_t before = i;
      while (before > pos && is_space(json[before - 1])) --before;
      const size_t after = skip_space(json, i + 1);
      if (before > pos && json[before - 1] == '}' && after < end && json[after] == '{') {
        cut = i;
        break;
      }
    }
    if (cut == std::string_view::npos) break;
    pieces.push_back(Piece{pos, cut});
    pos = cut + 1;
  }
  pieces.push_back(Piece{pos, end});
  return pieces;
}

// Pieces cut at true element boundaries of a document Go's scanner accepts
// (strings and nesting tracked byte by byte): the slow path.
std::vector<Piece> exact_pieces(std::string_view json, size_t begin, size_t end,
                                const common::StopToken& stop) {
  std::vector<Piece> pieces;
  size_t pos = begin;
  size_t depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = begin; i < end; ++i) {
    const char c = json[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{': ++depth; break;
      case ']':
      case '}': --depth; break;
      case ',':
        if (depth == 0 && i - pos >= kPieceBytes) {
          stop.throw_if_stopped();  // a piece's bytes were scanned
          pieces.push_back(Piece{pos, i});
          pos = i + 1;
        }
        break;
      default: break;
    }
  }
  pieces.push_back(Piece{pos, end});
  return pieces;
}

Error out_of_memory() { return make_error(AEGIS_ERR_OUT_OF_MEMORY, "edges: out of memory"); }

// Parses and walks every piece, in parallel. exact: the pieces are true
// boundaries of a document Go accepts, so a piece simdjson rejects is parsed
// from Go's rewrite. Once stop is set the pieces left are skipped, and the
// call throws after the loop.
std::vector<PieceResult> run_pieces(std::string_view json, const std::vector<Piece>& pieces,
                                    bool exact, const model::ResourceIndex& resources,
                                    unsigned max_threads, const common::StopToken& stop) {
  std::vector<PieceResult> results(pieces.size());
  tbb::enumerable_thread_specific<PieceParser> parsers;
  common::make_arena(max_threads).execute([&] {
    common::parallel_each(0, pieces.size(), [&](size_t p) {
      if (stop.stop_requested()) return;
      PieceParser& parser = parsers.local();
      const std::string_view text = json.substr(pieces[p].begin, pieces[p].end - pieces[p].begin);
      PieceResult& r = results[p];
      element root;
      r.parse_error = parser.parse(text, kGoMaxDepth, root);
      if (r.parse_error && exact && r.parse_error != simdjson::MEMALLOC) {
        simdjson::error_code err = simdjson::SUCCESS;
        if (parser.parse_rewritten(text, root, err)) r.parse_error = err;
      }
      if (r.parse_error) return;
      r.parsed = true;
      walk_piece(root, resources, r);
    });
  });
  stop.throw_if_stopped();
  return results;
}

// The first schema error in document order, else the rows with their types
// renumbered over the whole document.
Error merge(std::vector<PieceResult>& results, EdgeDocument& out) {
  uint64_t row_base = 0;
  size_t n_rows = 0;
  for (const PieceResult& r : results) {
    if (r.error_row) {
      return make_error(AEGIS_ERR_SCHEMA,
                        "edges: row " + std::to_string(row_base + *r.error_row) + r.error);
    }
    row_base += r.row_count;
    n_rows += r.rows.size();
  }
  std::unordered_map<std::string, model::EdgeTypeId> type_ids;
  out.rows.clear();
  out.types.clear();
  out.rows.reserve(n_rows);
  for (PieceResult& r : results) {
    std::vector<model::EdgeTypeId> global(r.types.size());
    for (size_t t = 0; t < r.types.size(); ++t) {
      auto [it, inserted] =
          type_ids.try_emplace(r.types[t], static_cast<model::EdgeTypeId>(out.types.size()));
      if (inserted) out.types.push_back(std::move(r.types[t]));
      global[t] = it->second;
    }
    for (const model::EdgeRow& row : r.rows)
      out.rows.push_back(model::EdgeRow{row.a, row.b, global[row.type]});
    std::vector<model::EdgeRow>().swap(r.rows);
  }
  return {};
}

// What a value starting with byte c is, for the top-level error.
const char* kind_of(char c) noexcept {
  switch (c) {
    case '{': return "object";
    case '"': return "string";
    case 't':
    case 'f': return "bool";
    case 'n': return "null";
    default: return "number";
  }
}

// The slow, exact path: Go's judgement of the whole document, then pieces
// at true boundaries.
Error decode_exact(std::string_view json, const model::ResourceIndex& resources,
                   unsigned max_threads, EdgeDocument& out, const common::StopToken& stop) {
  if (!simdjson::validate_utf8(json.data(), json.size()))
    return make_error(AEGIS_ERR_INVALID_UTF8, "edges: invalid UTF-8");
  ScanResult scan = check_go_json(json, stop);
  if (!scan.ok) return make_error(AEGIS_ERR_MALFORMED_JSON, "edges: " + scan.message);
  const size_t first = skip_space(json, 0);
  if (json[first] != '[') {
    return make_error(AEGIS_ERR_SCHEMA,
                      std::string("edges: top level is not an array (got ") + kind_of(json[first]) + ")");
  }
  size_t last = json.size();
  while (is_space(json[last - 1])) --last;  // json[last - 1] == ']'
  const size_t body = skip_space(json, first + 1);
  if (body == last - 1) return {};  // "[]": no rows
  std::vector<PieceResult> results =
      run_pieces(json, exact_pieces(json, first + 1, last - 1, stop), true, resources, max_threads, stop);
  for (const PieceResult& r : results) {
    if (r.parse_error == simdjson::MEMALLOC) return out_of_memory();
    if (!r.parsed) {
      return make_error(AEGIS_ERR_INTERNAL, std::string("edges: a row Go accepts was rejected: ") +
                                                simdjson::error_message(r.parse_error));
    }
  }
  return merge(results, out);
}

}  // namespace

Error decode_edges(std::string_view json, size_t max_bytes, const model::ResourceIndex& resources,
                   unsigned max_threads, EdgeDocument& out, const common::StopToken& stop) {
  out = EdgeDocument{};
  if (json.size() > max_bytes) {
    return make_error(AEGIS_ERR_TOO_LARGE, "edges: the edge document is " +
                                               std::to_string(json.size()) +
                                               " bytes, over its cap of " +
                                               std::to_string(max_bytes));
  }
  // The fast path needs "[" ... "]" around the rows; anything else is
  // judged by the exact path.
  const size_t first = skip_space(json, 0);
  size_t last = json.size();
  while (last > first && is_space(json[last - 1])) --last;
  if (first >= json.size() || json[first] != '[' || last - first < 2 || json[last - 1] != ']')
    return decode_exact(json, resources, max_threads, out, stop);
  const size_t body = skip_space(json, first + 1);
  if (body == last - 1) return {};  // "[]": no rows
  std::vector<PieceResult> results = run_pieces(
      json, speculative_pieces(json, first + 1, last - 1), false, resources, max_threads, stop);
  for (const PieceResult& r : results) {
    if (r.parse_error == simdjson::MEMALLOC) return out_of_memory();
    if (!r.parsed) return decode_exact(json, resources, max_threads, out, stop);
  }
  return merge(results, out);
}

}  // namespace aegis::decode

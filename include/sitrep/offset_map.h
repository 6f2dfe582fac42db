// OffsetMap: maps byte offsets in a derived text (the cleaned body) back to
// byte offsets in the text it was derived from (the original page), so every
// field sitrep reports can be traced to the exact bytes it came from.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

class OffsetMap {
 public:
  // One run of derived text: bytes [derived, derived+len) came from
  // [original, original+original_len). A copy (len == original_len) maps byte
  // for byte; a replacement (a folded letter, a collapsed space, a decoded
  // entity) maps every byte inside it to the start of its original span.
  struct Run {
    size_t derived;
    size_t original;
    size_t len;
    size_t original_len;
    bool copy;
  };

  // Original offset of derived byte `offset`. Offsets at or past the end map
  // to the end of the last run.
  size_t to_original(size_t offset) const;
  // Original span [begin, end) covering derived span [begin, end).
  std::pair<size_t, size_t> to_original(size_t begin, size_t end) const;

  // Appends a run; derived offsets must grow contiguously.
  void add_copy(size_t original, size_t len);
  void add_replacement(size_t original, size_t original_len, size_t derived_len);

  // The map from this map's derived text through `outer`: given
  // `outer` : C -> B and *this : B -> A, returns C -> A.
  OffsetMap then(const OffsetMap& outer) const;

  // Drops every derived byte at or after `new_size`.
  void truncate(size_t new_size);

  // Room for `runs` runs before the vector grows.
  void reserve(size_t runs) { runs_.reserve(runs); }

  size_t derived_size() const { return size_; }
  const std::vector<Run>& runs() const { return runs_; }

  // Identity map over `len` bytes.
  static OffsetMap identity(size_t len);

 private:
  std::vector<Run> runs_;
  size_t size_ = 0;
};

// Builds a derived string and its OffsetMap together.
class MappedText {
 public:
  // Copies original[begin, begin+text.size()) == text.
  void copy(size_t original, std::string_view text);
  // Emits `text` for original[original, original+original_len).
  void replace(size_t original, size_t original_len, std::string_view text);

  const std::string& text() const { return text_; }
  const OffsetMap& map() const { return map_; }
  std::string take_text() { return std::move(text_); }
  OffsetMap take_map() { return std::move(map_); }
  bool empty() const { return text_.empty(); }
  char back() const { return text_.back(); }
  // Appends derived bytes [begin, end) of `other`, keeping their mapping.
  void append(const MappedText& other, size_t begin, size_t end);
  // Drops trailing bytes matching `c` (used to trim spaces before newlines).
  void trim_back(char c);
  // Room for `bytes` of text and `runs` runs before either grows.
  void reserve(size_t bytes, size_t runs) {
    text_.reserve(bytes);
    map_.reserve(runs);
  }

 private:
  std::string text_;
  OffsetMap map_;
};

}  // namespace sitrep

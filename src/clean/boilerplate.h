// The boilerplate lexicon (data/clean/boilerplate.txt) and the line tests
// both body classifiers share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean {

class BoilerplateLexicon {
 public:
  // The lexicon compiled into the binary.
  static const BoilerplateLexicon& get();
  // Parses the KIND<TAB>phrase format.
  explicit BoilerplateLexicon(std::string_view source);

  // True iff `line` is a known boilerplate line (share bars, credits,
  // copyright, cookie notices, playlist labels, ...).
  bool is_boilerplate(std::string_view line) const;
  // True iff `line` is a heading after which the story is over.
  bool is_end_marker(std::string_view line) const;
  // The same two for a line whose line_key() is at hand.
  bool key_is_boilerplate(std::string_view key) const;
  bool key_is_end_marker(std::string_view key) const;

 private:
  std::vector<std::string> exact_, prefix_, contains_, end_;
};

// The line lower-cased, trimmed of spaces and of trailing ":" "." "»" "›" ">".
std::string line_key(std::string_view line);

// "02:00", "1:02:33": a video duration.
bool is_duration(std::string_view line);
// An image file name: "isis mass attacks warning_00001006.jpg".
bool is_image_name(std::string_view line);
// Number of words (runs of letters or digits) in `s`, or `at_most` when
// there are more: callers that only compare with a threshold stop early
// rather than read a long paragraph to its end.
size_t count_words(std::string_view s, size_t at_most = SIZE_MAX);
// Ends like a sentence: . ! ? or a closing quote after one, or ":".
bool ends_sentence(std::string_view s);

}  // namespace sitrep::clean

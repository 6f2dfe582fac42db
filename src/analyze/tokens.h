// Tokens and sentences: the units every later stage counts in.
//
// A token is a word (letters and digits, with inner hyphens and apostrophes
// kept: "M-19", "al-Qaeda", "Qa'ida", "twenty-one"), a dotted initialism
// ("U.S.", "a.m."), or one punctuation character. Sentences end at a
// paragraph break, or at . ! ? (with any closing quote or bracket) followed
// by a space, unless the word before the period is an abbreviation
// (data/analyze/abbreviations.txt), a single-letter initial, or the next
// word starts in lower case in a text that has capitals (mixed-case news);
// lower-case texts (MUC-4's processed form) and all-caps wire copy split at
// every such period.
//
// Tokens carry a hash of their lower-cased form (ASCII letters lowered,
// other bytes kept), which is what the learned models key their features
// on, so "FMLN", "Fmln" and "fmln" are one word to them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::analyze {

enum class Shape : uint8_t { kWord, kNumber, kAlnum, kPunct };

struct Token {
  uint32_t begin = 0;  // byte offsets into the text
  uint32_t end = 0;
  uint64_t key = 0;    // hash64 of the lower-cased form
  Shape shape = Shape::kWord;
  bool capitalised = false;  // first letter upper case
  bool all_caps = false;     // two or more letters, all upper case
};

struct Sentence {
  uint32_t first = 0;  // token range [first, last)
  uint32_t last = 0;
  uint32_t begin = 0;  // byte range in the text
  uint32_t end = 0;
};

struct Tokenized {
  std::string lower;  // the text with ASCII letters lowered (same offsets)
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  bool has_lower = false;  // the text has lower-case letters
  bool has_upper = false;  // ... and upper-case ones
  std::string_view word(const std::string_view text, const Token& t) const {
    return text.substr(t.begin, t.end - t.begin);
  }
  std::string_view lower_word(const Token& t) const {
    return std::string_view(lower).substr(t.begin, t.end - t.begin);
  }
};

// Splits `text` (UTF-8, at most 4 GiB) into tokens and sentences.
Tokenized tokenize(std::string_view text);

// The hash tokens use for their lower-cased form (so callers can key words
// they did not find in a text the same way).
uint64_t word_key(std::string_view lower_word);

// True iff `lower_word` (no period) is a known abbreviation.
bool is_abbreviation(std::string_view lower_word);

}  // namespace sitrep::analyze

// PhraseMatcher: a compiled multi-pattern matcher over folded tokens, used
// for every gazetteer lookup (groups, places, lexicons). Text and patterns
// are folded the same way (fold_tokens), so "Al-Qa'ida", "al Qaida" and
// "AL QAIDA" meet; matches are token-aligned and carry whether the text's
// case matched the pattern's exactly, so callers can demand it for short
// acronyms ("IS", "US").
//
//   PhraseMatcher m;
//   m.add("Islamic State", 7);
//   m.add("ISIS-K", 8);
//   m.compile();
//   for (const Match& x : m.find_all(text)) ...  // byte offsets into text
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::kb {

// Folding, the one normal form text and patterns share:
//   - tokens are maximal runs of letters and digits; every other character
//     (spaces, hyphens, slashes, periods, quotes, symbols) separates tokens
//     and is dropped;
//   - letters are case-folded (full folding: "Straße" -> "strasse") and lose
//     their diacritics (compatibility decomposition, then nonspacing marks
//     removed: é->e, ñ->n, ü->u); a few letters with no decomposition are
//     mapped by hand (ł->l, ø->o, đ->d, ı->i, æ->ae, œ->oe, þ->th); digits of
//     any script become ASCII digits;
//   - combining marks, soft hyphens and zero-width joiners inside a word are
//     dropped without splitting it ("e\u0301" -> "e");
//   - an apostrophe between two letters or digits is dropped and the word
//     goes on ("Qa'ida" -> "qaida", "Shi'ite" -> "shiite"); apostrophes are
//     ' ’ ʼ and the transliteration marks ‘ ʻ ʾ ʿ `;
//   - except the possessive: an apostrophe followed by a final "s" ends the
//     word and the "'s" is dropped ("al-Qaeda's" -> "al" "qaeda"), so names
//     match in their possessive form;
//   - dotted initialisms are joined: single letters separated by single
//     periods ("U.S." -> "us", "U.K." -> "uk", "U.S.-led" -> "us" "led",
//     "a.m." -> "am"); the token's span is "U.S" (without the last period).
// A FoldedToken's [begin, end) are byte offsets of the token in the original
// text, from its first letter to its last letter (or dropped mark).
struct FoldedToken {
  std::string folded;
  size_t begin = 0;
  size_t end = 0;
};

// Splits `text` (UTF-8; invalid bytes separate tokens) into folded tokens.
std::vector<FoldedToken> fold_tokens(std::string_view text);

// The folded tokens of `text` joined by single spaces: the canonical key of a
// name ("Al-Qa'ida" -> "al qaida"). Empty iff `text` has no letter or digit.
std::string fold_key(std::string_view text);

struct Match {
  size_t begin = 0;      // byte offsets into the searched text
  size_t end = 0;
  uint32_t id = 0;       // the id given to add()
  size_t first_token = 0;  // token span in fold_tokens(text)
  size_t last_token = 0;   // inclusive
  // True iff the text's matched tokens equal, byte for byte, the tokens of a
  // phrase added under this id (separators between tokens are ignored, so
  // "Islamic  State" is exact for "Islamic State", "ISIS" is not for "Isis").
  bool exact_case = false;
};

// An Aho-Corasick automaton over interned token ids. Copies share the
// compiled automaton (cheap); const members are safe to call concurrently.
class PhraseMatcher {
 public:
  // Adds `phrase` under `id` (several phrases may share an id; one phrase may
  // carry several ids). Phrases with no letter or digit are ignored.
  // REQUIRES: !compiled().
  void add(std::string_view phrase, uint32_t id);
  // Room for `phrases` more phrases of `bytes` bytes in all, so that adding
  // a large gazetteer does not copy what it has added as it grows.
  // REQUIRES: !compiled().
  void reserve(size_t phrases, size_t bytes);
  // Builds the automaton. Matching before compile() finds nothing.
  void compile();
  bool compiled() const { return compiled_; }
  // The number of (phrase, id) pairs added, ignored phrases not counted.
  size_t size() const { return patterns_; }

  // Every occurrence of every pattern, ordered by begin, then by length
  // (longest first), then by id; overlapping matches are all reported. A
  // phrase added under several ids gives one Match per id.
  std::vector<Match> find_all(std::string_view text) const;
  // The same over tokens already folded (saves folding twice).
  // REQUIRES: tokens == fold_tokens(text).
  std::vector<Match> find_all(std::string_view text, const std::vector<FoldedToken>& tokens) const;
  // Non-overlapping matches, choosing the longest leftmost at each point
  // (every id of that phrase), in the order of find_all.
  std::vector<Match> find_longest(std::string_view text) const;
  // The ids of the phrases that fold to exactly `tokens` (whole phrases, not
  // parts of longer ones), each once and in increasing order, appended to
  // `ids`: a dictionary lookup through the trie, no scan.
  void find_exact(std::span<const FoldedToken> tokens, std::vector<uint32_t>& ids) const;

 private:
  struct Impl;  // the vocabulary, the trie and its links: see matcher.cc
  class Run;    // the state of one scan over a text
  // Before a change, gives this matcher its own Impl if a copy shares it.
  Impl& mutable_impl();

  bool compiled_ = false;
  size_t patterns_ = 0;
  std::shared_ptr<Impl> impl_;
};

}  // namespace sitrep::kb

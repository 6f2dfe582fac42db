// What an element's class, id and role words say about it (the lexicon in
// data/clean/html_hints.txt), for the HTML body classifier.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sitrep::clean {

// Bits of an element's hint; an element may carry several.
enum HtmlHint : uint8_t {
  kHintPositive = 1,  // a word such as "article", "story", "content"
  kHintNegative = 2,  // a word such as "sidebar", "share", "related"
  kHintStrong = 4,    // a whole name such as "article-body"
  kHintDrop = 8,      // a whole name such as "sr-only": never shown to readers
};

class HtmlHints {
 public:
  // The lexicon compiled into the binary.
  static const HtmlHints& get();
  // Parses the KIND<TAB>word format.
  explicit HtmlHints(std::string_view source);

  // Tallies of an element's names: each name (a class, the id, the role)
  // votes positive or negative, a name with both kinds of word ("article-
  // comments", "content-sidebar") negative.
  struct Votes {
    int positive = 0;
    int negative = 0;
    uint8_t whole = 0;  // kHintStrong, kHintDrop from whole names
  };
  // Adds the votes of one attribute value: a space-separated class list, an id
  // or a role. Names are split into words at non-letters and camelCase humps
  // ("storyBody-2" -> "story", "body").
  void classify(std::string_view value, Votes& votes) const;
  // The element's hint bits from its tallies: negative when negative names
  // are at least as many as positive ones.
  static uint8_t hint(const Votes& votes);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, uint8_t, Hash, std::equal_to<>>;

  uint8_t word_hint(std::string_view word) const;

  Map whole_;     // whole names: strong, drop
  Map words_;     // exact words: pos, neg
  Map prefixes_;  // word prefixes ("share*"): pos, neg
  size_t min_prefix_ = 64, max_prefix_ = 0;
};

}  // namespace sitrep::clean

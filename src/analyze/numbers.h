// Counts as news writes them, in digits or words, with their hedges:
// "13", "1,200", "three", "twenty-one", "a dozen", "two hundred", "about
// 100", "over 140", "at least 43", "more than 20", "up to 30", "nearly 50",
// "dozens", "hundreds", "scores", "a handful", "up to half" (a fraction).
// Lower-case (MUC-4's processed texts), upper-case wire copy and mixed case
// alike. Number words and hedges are data: data/analyze/numbers.tsv.
//
// Ranges (the SPEC's killed/injured fields):
//   "13"                 -> min 13,  max 13
//   "about/around/some/approximately/roughly 100"
//                        -> min 100, max 100, approximate
//   "over/more than/upwards of 140"         -> min 140, max open
//   "at least 43", "43 or more"             -> min 43,  max open
//   "up to/as many as/at most 30", "nearly/almost/fewer than/under 50"
//                        -> min open, max N
//   "between 10 and 20", "10 to 20", "10-20" -> min 10, max 20
//   "dozens" -> min 24, max open; "hundreds" -> min 200; "thousands" ->
//   min 2000; "scores" -> min 40; "a dozen" -> 12; "a handful" -> min 3,
//   max 5, approximate
//   "up to half" -> fraction 0.5 with max bound, no count
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::analyze {

inline constexpr int64_t kOpen = -1;  // an unbounded end of a range

// Counts above this are identifiers, phone or account numbers, not things
// news counts; a digit string or number phrase worth more is not a count
// ("99999999999999999999" gives nothing rather than a clamped value; 10^12
// itself still counts). Reading saturates, so no input overflows.
inline constexpr int64_t kMaxCount = 1'000'000'000'000;

// Which side of the quantity its hedge left open. For counts min and max say
// the same; a fraction has no min or max, so this is its only bound ("up to
// half" is kAtMost, "more than 40 percent" kAtLeast).
enum class Bound : uint8_t { kExact, kAtLeast, kAtMost, kRange };

struct Quantity {
  size_t begin = 0;  // byte span of the whole expression, hedge included
  size_t end = 0;
  int64_t min = kOpen;
  int64_t max = kOpen;
  bool approximate = false;
  double fraction = 0;  // > 0 for "half", "a third": a share, not a count
  // Added to the original contract: "half", "a third", "40 percent" are
  // fractions (min and max open, this gives the direction).
  Bound bound = Bound::kExact;
};

// Every count in `text`, in order, non-overlapping (the longest reading at
// each point: "at least 43" is one quantity, not "43"). Years ("in 1989",
// "2015"), times ("2330", "6:01"), dates ("March 22") and ordinals ("3rd")
// are not counts.
//
// Rules the list above leaves open, as decided here:
//   - a bare four-digit number from 1900 to 2100 is a year unless a count
//     hedge introduces it ("about 2000", "more than 1900" are counts);
//   - four digits that read as a clock time are a time when they start with
//     0 ("0530"), are 2100 or more ("2330"), follow "at", or precede a clock
//     word such as "gmt" or "hours" (data/analyze/numbers.tsv, kind clock);
//   - ages ("a 25-year-old", "aged 25"), money ("$5 million"), measures
//     ("10 km"), model names ("AK-47", "M16"), ordinals ("3rd", "twenty-first"),
//     phone numbers ("555-1234", "+44 20 ..."), number chains ("2024-03-23",
//     "1-800-555-0199"), fractions in digits ("3/4"), identifiers with a
//     leading zero ("007") or glued to a file name ("1006.jpg") and decimals
//     without a scale word ("2.5") are not counts;
//   - a number joined by a hyphen to a word is a modifier, not a count
//     ("three-day strike", "10-man squad"), except the hedges "-odd" and
//     "-plus" ("40-odd": min 40, approximate);
//   - "10-20" with the second not above the first is a score or a code, not
//     a count; "10 to 8" is the count 10; "555-1234" is a phone number;
//   - list items ("1." opening a line or following a sentence), ages in
//     apposition ("gonzalez, 20, and"), suspended hyphens ("the 14- and
//     21-km markers") and unit names ("battalion 3-16", data: not-before)
//     are not counts;
//   - percentages are fractions: "40 percent" -> fraction 0.4; a range of
//     them ("10 to 20 percent") is neither a count nor one fraction: skipped;
//   - "half" and "a third" are fractions only after a hedge ("up to half") or
//     before "of", "the", "their" ... ("half of the passengers"); "half a
//     dozen" is the count 6;
//   - "over 140" keeps 140 as its minimum, as the header's table says, though
//     strictly it means 141 or more.
std::vector<Quantity> find_quantities(std::string_view text);

// The quantity `phrase` states as a whole ("over 140"), or nullopt. The phrase
// is taken to be a count, so a bare four-digit number is read as one ("1500",
// "2000") instead of as a year or clock time; dates, ordinals and the other
// non-counts above still give nullopt. Trailing punctuation is ignored.
std::optional<Quantity> parse_quantity(std::string_view phrase);

// ---------------------------------------------------------------------------
// The scanner numbers.cc and when.cc share: one pass over the text makes
// tokens that keep the punctuation the folding tokenizer (kb::fold_tokens)
// drops, since "6:01", "1,200", "10-20" and "Sept." turn on it.
namespace scan {

enum class Kind : uint8_t { kWord, kNumber, kPunct };

struct Token {
  size_t begin = 0;  // byte span in the text
  size_t end = 0;
  // Numbers: the integer part (commas skipped), kMaxCount + 1 when larger.
  int64_t value = 0;
  Kind kind = Kind::kPunct;
  bool gap = true;       // whitespace (or the start of the text) comes before it
  char sym = 0;          // punctuation, normalised: '-' every dash and the minus
                         // sign, '\'' every apostrophe and single quote, '"'
                         // double quotes and guillemets, '$' currency signs
  uint8_t digits = 0;    // numbers: digits of the integer part (255 at most)
  bool grouped = false;  // numbers: written with thousands commas ("1,200")
  bool decimal = false;  // numbers: a decimal part follows ("1.5")
};

// The tokens of one text: words are runs of letters (ASCII and any non-ASCII
// letter), numbers runs of digits with their thousands commas and decimal
// part, punctuation one character each. Letters and digits never share a
// token ("3rd" is "3" then "rd" with no gap). Apostrophes split words ("year's"
// is "year" "'" "s"). Case is folded for ASCII letters only. The text must
// outlive its Tokens.
class Tokens {
 public:
  explicit Tokens(std::string_view text);
  // The same, given `text` with its ASCII letters lowered (same length),
  // as analyze::tokenize makes it; `lower` must outlive the Tokens too.
  Tokens(std::string_view text, std::string_view lower);
  Tokens(const Tokens&) = delete;
  Tokens& operator=(const Tokens&) = delete;

  std::string_view text() const { return text_; }
  size_t size() const { return tokens_.size(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  // The token lower-cased; for punctuation its one-character symbol; "" past
  // the end (so lookahead needs no bounds check).
  std::string_view key(size_t i) const {
    if (i >= tokens_.size()) return {};
    const Token& t = tokens_[i];
    if (t.kind == Kind::kPunct) return std::string_view(&t.sym, 1);
    return lower_.substr(t.begin, t.end - t.begin);
  }
  // hash_word(key(i)), computed once per token since phrase tables look
  // each token up several times.
  uint64_t key_hash(size_t i) const { return hashes_[i]; }
  // True iff token i is written with a capital and then lower case ("May").
  bool title_case(size_t i) const;
  // Token i is punctuation `sym` written right after the token before it.
  bool glued_punct(size_t i, char sym) const {
    return i < tokens_.size() && tokens_[i].kind == Kind::kPunct && tokens_[i].sym == sym &&
           !tokens_[i].gap;
  }
  // The decimal value of number token i ("1.5" -> 1.5).
  double real(size_t i) const;

 private:
  std::string_view text_;
  void split_text(std::string_view text, std::string_view lower);
  std::string own_lower_;   // when not given
  std::string_view lower_;  // the text with ASCII letters lowered
  std::vector<Token> tokens_;
  std::vector<uint64_t> hashes_;
};

// Phrases (runs of tokens) with a kind and an argument, matched against
// tokens: one hash lookup on the first word, then the rest word by word.
// Hyphens, periods and apostrophes between the words of a phrase are
// optional in the text; a phrase written with a final period ("no.") matches
// with or without it. Kinds are small integers (0..31) so a caller can ask
// for several at once with a bit mask.
class PhraseTable {
 public:
  struct Entry {
    uint32_t kind = 0;
    uint32_t arg = 0;  // the caller's: a value or an index into its own rows
  };
  // Adds `phrase` (tokenised like text). False if it has no token.
  bool add(std::string_view phrase, uint32_t kind, uint32_t arg);
  // Bit k set iff some phrase of kind k starts with token i's word.
  uint32_t kinds_at(const Tokens& t, size_t i) const;
  // The longest phrase of a kind in `kinds` starting at token i; sets *end
  // to the token after it. nullptr if none.
  const Entry* match(const Tokens& t, size_t i, uint32_t kinds, size_t* end) const;

 private:
  struct Phrase {
    std::vector<std::string> rest;  // the words after the first
    bool dot = false;               // a final period may follow
    Entry entry;
  };
  struct Bucket {
    std::string first;
    uint32_t kinds = 0;
    std::vector<Phrase> phrases;  // longest first
  };
  // `hash` is hash_word(word).
  uint32_t find_index(std::string_view word, uint64_t hash) const;  // ~0u if absent
  const Bucket* find(const Tokens& t, size_t i) const;
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> slots_;  // open addressing into buckets_, ~0u empty
};

// A cardinal number at token i: digits ("13", "1,200", "1.5 million"),
// words ("twenty-one", "one hundred and twenty", "a hundred", "two dozen")
// or both ("3 million"). Context is not judged here: "1989" and the "3" of
// "3rd" are read as numbers; find_quantities decides what counts.
struct Cardinal {
  size_t end = 0;                 // the token after the number
  int64_t value = 0;              // kMaxCount + 1 when larger
  int64_t scale = 1;              // the scale word it ends with ("three million": 10^6)
  bool digits = false;            // starts with a digit token
  bool decimal_unscaled = false;  // "2.5" with no scale word: value is 2
};
std::optional<Cardinal> read_cardinal(const Tokens& t, size_t i);

}  // namespace scan

// find_quantities over text already scanned (share one scan with find_times).
std::vector<Quantity> find_quantities(const scan::Tokens& tokens);

}  // namespace sitrep::analyze

// Counts in news text (see numbers.h). One scan makes tokens; a left-to-right
// pass tries, at each token that can start a quantity, the grammar
//   [hedge] (fraction | vague | cardinal [percent] [after-hedge | join cardinal])
// and keeps the first reading that holds. Everything that is knowledge (number
// words, hedges, what a number next to "km" or "aged" means) is in
// data/analyze/numbers.tsv; this file holds only the grammar and the checks
// that tell a count from a year, a clock time, a date or a label.
#include "analyze/numbers.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "analyze/when.h"
#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kAnalyzeNumbers;
}

namespace sitrep::analyze {

// ===========================================================================
// The scanner.
namespace scan {
namespace {

constexpr int64_t kHuge = kMaxCount + 1;

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// What the UTF-8 sequence at s[i] (lead byte >= 0x80) is: a space, a
// punctuation mark (sym != 0) or part of a word. Only the marks news text
// uses are told apart (general punctuation, Latin-1 signs, the euro); every
// other non-ASCII character is taken as a letter, which is right for the
// scripts we read and harmless for the rest.
struct U8 {
  size_t len = 1;
  char sym = 0;
  bool space = false;
};

U8 classify(std::string_view s, size_t i) {
  auto at = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  unsigned char c = at(0);
  if (c == 0xC2) {
    unsigned char d = at(1);
    if (d == 0xA0) return {2, 0, true};                               // no-break space
    if (d == 0xA2 || d == 0xA3 || d == 0xA5) return {2, '$', false};  // cent, pound, yen
    if (d == 0xAB || d == 0xBB) return {2, '"', false};               // guillemets
    if (d == 0xAD) return {2, '-', false};                            // soft hyphen
    if (d >= 0xA1 && d <= 0xBF) return {2, '*', false};               // other Latin-1 signs
  } else if (c == 0xE2 && at(1) == 0x80) {
    unsigned char d = at(2);
    if (d <= 0x8B || d == 0xAF) return {3, 0, true};      // U+2000..U+200B, U+202F
    if (d >= 0x90 && d <= 0x95) return {3, '-', false};   // hyphens and dashes
    if (d >= 0x98 && d <= 0x9B) return {3, '\'', false};  // single quotes
    if (d >= 0x9C && d <= 0x9F) return {3, '"', false};   // double quotes
    if (d == 0xA6) return {3, '.', false};                // ellipsis
    return {3, '*', false};
  } else if (c == 0xE2 && at(1) == 0x82 && at(2) == 0xAC) {
    return {3, '$', false};  // euro
  } else if (c == 0xE2 && at(1) == 0x88 && at(2) == 0x92) {
    return {3, '-', false};  // minus sign
  } else if (c == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    return {3, 0, true};  // byte-order mark
  }
  // A letter: the whole sequence when well formed, else this byte alone.
  size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  for (size_t k = 1; k < len; ++k) {
    if ((at(k) & 0xC0) != 0x80) return {1, 0, false};
  }
  return {len, 0, false};
}

size_t word_end(std::string_view s, size_t i) {
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!is_alpha(c)) break;
      ++i;
    } else {
      U8 u = classify(s, i);
      if (u.space || u.sym != 0) break;
      i += u.len;
    }
  }
  return i;
}

int64_t push_digit(int64_t v, unsigned char c) {
  if (v > kMaxCount / 10) return kHuge;
  v = v * 10 + (c - '0');
  return v > kMaxCount ? kHuge : v;
}

uint64_t hash_word(std::string_view w) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a: short keys, no setup
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

bool skippable(const Token& t) {
  return t.kind == Kind::kPunct && (t.sym == '-' || t.sym == '.' || t.sym == '\'');
}

}  // namespace

Tokens::Tokens(std::string_view text) : own_lower_(ascii_lower(text)) { split_text(text, own_lower_); }

Tokens::Tokens(std::string_view text, std::string_view lower) { split_text(text, lower); }

void Tokens::split_text(std::string_view text, std::string_view lower) {
  text_ = text;
  lower_ = lower;
  tokens_.reserve(text.size() / 5 + 4);
  const size_t n = text.size();
  size_t i = 0;
  bool gap = true;
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    Token tok;
    tok.begin = i;
    if (c < 0x80) {
      if (c <= ' ' || c == 0x7F) {  // spaces and control characters
        gap = true;
        ++i;
        continue;
      }
      if (is_digit(c)) {
        tok.kind = Kind::kNumber;
        int64_t v = 0;
        unsigned digits = 0;
        size_t j = i;
        for (; j < n && is_digit(text[j]); ++j, ++digits) v = push_digit(v, text[j]);
        // Thousands commas: groups of exactly three digits after a lead of
        // one to three ("1,200,000"; "12,34" is two numbers).
        if (digits <= 3) {
          while (j + 3 < n && text[j] == ',' && is_digit(text[j + 1]) && is_digit(text[j + 2]) &&
                 is_digit(text[j + 3]) && (j + 4 >= n || !is_digit(text[j + 4]))) {
            for (size_t k = 1; k <= 3; ++k) v = push_digit(v, text[j + k]);
            digits += 3;
            tok.grouped = true;
            j += 4;
          }
        }
        if (j + 1 < n && text[j] == '.' && is_digit(text[j + 1])) {
          tok.decimal = true;
          for (++j; j < n && is_digit(text[j]);) ++j;
        }
        tok.value = v;
        tok.digits = static_cast<uint8_t>(digits > 255 ? 255 : digits);
        i = j;
      } else if (is_alpha(c)) {
        tok.kind = Kind::kWord;
        i = word_end(text, i);
      } else {
        tok.kind = Kind::kPunct;
        tok.sym = c == '`' ? '\'' : static_cast<char>(c);
        ++i;
      }
    } else {
      U8 u = classify(text, i);
      if (u.space) {
        gap = true;
        i += u.len;
        continue;
      }
      if (u.sym != 0) {
        tok.kind = Kind::kPunct;
        tok.sym = u.sym;
        i += u.len;
      } else {
        tok.kind = Kind::kWord;
        i = word_end(text, i);
      }
    }
    tok.end = i;
    tok.gap = gap;
    gap = false;
    tokens_.push_back(tok);
  }
  hashes_.resize(tokens_.size());
  for (size_t k = 0; k < tokens_.size(); ++k) hashes_[k] = hash_word(key(k));
}

bool Tokens::title_case(size_t i) const {
  const Token& t = tokens_[i];
  if (t.kind != Kind::kWord || t.end - t.begin < 2) return false;
  char a = text_[t.begin], b = text_[t.begin + 1];
  return a >= 'A' && a <= 'Z' && b >= 'a' && b <= 'z';
}

double Tokens::real(size_t i) const {
  const Token& t = tokens_[i];
  double v = static_cast<double>(t.value);
  if (!t.decimal) return v;
  size_t dot = text_.find('.', t.begin);
  double place = 0.1;
  for (size_t k = dot + 1; k < t.end; ++k, place /= 10) v += (text_[k] - '0') * place;
  return v;
}

// ---------------------------------------------------------------------------
// PhraseTable: buckets by first word in an open-addressing table of indices.

uint32_t PhraseTable::find_index(std::string_view word, uint64_t hash) const {
  if (slots_.empty()) return ~0u;
  size_t mask = slots_.size() - 1;
  for (size_t s = hash & mask;; s = (s + 1) & mask) {
    uint32_t b = slots_[s];
    if (b == ~0u || buckets_[b].first == word) return b;
  }
}

const PhraseTable::Bucket* PhraseTable::find(const Tokens& t, size_t i) const {
  uint32_t b = find_index(t.key(i), t.key_hash(i));
  return b == ~0u ? nullptr : &buckets_[b];
}

bool PhraseTable::add(std::string_view phrase, uint32_t kind, uint32_t arg) {
  Tokens pt(phrase);
  std::vector<std::string> words;
  bool dot = false;
  for (size_t i = 0; i < pt.size(); ++i) {
    if (i > 0 && skippable(pt[i])) {
      dot = pt[i].sym == '.' && i + 1 == pt.size();
      continue;
    }
    words.emplace_back(pt.key(i));
  }
  if (words.empty()) return false;
  uint32_t index = find_index(words[0], hash_word(words[0]));
  if (index == ~0u) {
    // Grow to keep the load under one half, then insert.
    if ((buckets_.size() + 1) * 2 > slots_.size()) {
      size_t size = slots_.empty() ? 64 : slots_.size() * 2;
      slots_.assign(size, ~0u);
      for (uint32_t b = 0; b < buckets_.size(); ++b) {
        for (size_t s = hash_word(buckets_[b].first) & (size - 1);; s = (s + 1) & (size - 1)) {
          if (slots_[s] == ~0u) {
            slots_[s] = b;
            break;
          }
        }
      }
    }
    buckets_.push_back(Bucket{words[0], 0, {}});
    index = static_cast<uint32_t>(buckets_.size() - 1);
    size_t mask = slots_.size() - 1;
    for (size_t s = hash_word(words[0]) & mask;; s = (s + 1) & mask) {
      if (slots_[s] == ~0u) {
        slots_[s] = index;
        break;
      }
    }
  }
  Bucket* bucket = &buckets_[index];
  Phrase p;
  p.rest.assign(words.begin() + 1, words.end());
  p.dot = dot;
  p.entry = Entry{kind, arg};
  bucket->kinds |= 1u << kind;
  // Longest first, so the first phrase that matches is the longest.
  auto it = bucket->phrases.begin();
  while (it != bucket->phrases.end() && it->rest.size() >= p.rest.size()) ++it;
  bucket->phrases.insert(it, std::move(p));
  return true;
}

uint32_t PhraseTable::kinds_at(const Tokens& t, size_t i) const {
  if (i >= t.size()) return 0;
  const Bucket* b = find(t, i);
  return b == nullptr ? 0 : b->kinds;
}

const PhraseTable::Entry* PhraseTable::match(const Tokens& t, size_t i, uint32_t kinds,
                                             size_t* end) const {
  if (i >= t.size()) return nullptr;
  const Bucket* b = find(t, i);
  if (b == nullptr || (b->kinds & kinds) == 0) return nullptr;
  for (const Phrase& p : b->phrases) {
    if (((1u << p.entry.kind) & kinds) == 0) continue;
    size_t j = i + 1;
    bool ok = true;
    for (const std::string& w : p.rest) {
      while (j < t.size() && skippable(t[j])) ++j;
      if (j >= t.size() || t.key(j) != w) {
        ok = false;
        break;
      }
      ++j;
    }
    if (!ok) continue;
    if (p.dot && t.glued_punct(j, '.')) ++j;
    *end = j;
    return &p.entry;
  }
  return nullptr;
}

}  // namespace scan

// ===========================================================================
// The lexicon.
namespace {

using scan::Kind;
using scan::PhraseTable;
using scan::Tokens;

enum NumKind : uint32_t {
  kUnit,
  kTeen,
  kTens,
  kScale,
  kGroup,
  kArticle,
  kVague,
  kFraction,
  kFractionNext,
  kPercent,
  kHedge,
  kAfter,
  kJoin,
  kNotAfter,
  kNotBefore,
  kClock,
};
constexpr uint32_t bit(uint32_t k) { return 1u << k; }
constexpr uint32_t kNumberWords = bit(kUnit) | bit(kTeen) | bit(kTens) | bit(kScale) | bit(kGroup);
constexpr uint32_t kStarters =
    kNumberWords | bit(kArticle) | bit(kVague) | bit(kFraction) | bit(kHedge);

enum class Meaning : uint8_t { kNone, kApprox, kOpenMax, kOpenMin, kRange };

struct Row {
  int64_t a = 0;    // value; vague: min
  int64_t b = 0;    // vague: max (kOpen)
  int64_t per = 0;  // vague plural scales: the multiplier after "X of"
  double fraction = 0;
  Meaning meaning = Meaning::kNone;
  bool approximate = false;
  bool needs_of = false;  // vague: only before "of"
  bool times = false;     // vague: multiplies a following scale
  bool bare = false;      // group: may stand alone
  bool between = false;   // join: only after "between"
};

struct Lexicon {
  PhraseTable table;
  std::vector<Row> rows;
};

[[noreturn]] void bad_table(int line, std::string_view why) {
  std::fprintf(stderr, "sitrep: data/analyze/numbers.tsv:%d: %.*s\n", line,
               static_cast<int>(why.size()), why.data());
  std::abort();
}

int64_t parse_int(std::string_view s, int line) {
  s = trim(s);
  if (s == "open") return kOpen;
  if (s.empty()) bad_table(line, "missing number");
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') bad_table(line, fmt::format("not a number: {}", s));
    v = v * 10 + (c - '0');
  }
  return v;
}

Meaning parse_meaning(std::string_view s, int line) {
  s = trim(s);
  if (s == "approximate") return Meaning::kApprox;
  if (s == "open-max") return Meaning::kOpenMax;
  if (s == "open-min") return Meaning::kOpenMin;
  if (s == "range") return Meaning::kRange;
  bad_table(line, fmt::format("unknown meaning: {}", s));
}

Lexicon build(std::string_view source) {
  static constexpr std::pair<std::string_view, NumKind> kKinds[] = {
      {"unit", kUnit},       {"teen", kTeen},          {"tens", kTens},
      {"scale", kScale},     {"group", kGroup},        {"article", kArticle},
      {"vague", kVague},     {"fraction", kFraction},  {"fraction-next", kFractionNext},
      {"percent", kPercent}, {"hedge", kHedge},        {"after", kAfter},
      {"join", kJoin},       {"not-after", kNotAfter}, {"not-before", kNotBefore},
      {"clock", kClock},
  };
  Lexicon lx;
  for_each_data_line(source, [&](std::string_view line, size_t n) {
    const int line_no = static_cast<int>(n);
    std::vector<std::string_view> f = split(line, '\t');
    if (f.size() < 2) bad_table(line_no, "expected KIND<TAB>phrase");
    std::string_view kind_name = trim(f[0]);
    const NumKind* kind = nullptr;
    for (const auto& [name, k] : kKinds) {
      if (name == kind_name) kind = &k;
    }
    if (kind == nullptr) bad_table(line_no, fmt::format("unknown kind: {}", kind_name));
    Row r;
    auto arg = [&](size_t k) -> std::string_view {
      if (k >= f.size()) bad_table(line_no, "missing column");
      return trim(f[k]);
    };
    switch (*kind) {
      case kUnit:
      case kTeen:
      case kTens:
      case kScale:
        r.a = parse_int(arg(2), line_no);
        break;
      case kGroup:
        r.a = parse_int(arg(2), line_no);
        r.bare = f.size() > 3 && trim(f[3]) == "bare";
        break;
      case kVague:
        r.a = parse_int(arg(2), line_no);
        r.b = parse_int(arg(3), line_no);
        for (size_t k = 4; k < f.size(); ++k) {
          std::string_view flag = trim(f[k]);
          if (flag == "approximate") {
            r.approximate = true;
          } else if (flag == "of") {
            r.needs_of = true;
          } else if (flag == "times") {
            r.times = true;
          } else if (flag.substr(0, 4) == "per=") {
            r.per = parse_int(flag.substr(4), line_no);
          } else if (!flag.empty()) {
            bad_table(line_no, fmt::format("unknown flag: {}", flag));
          }
        }
        break;
      case kFraction: {
        std::string v(arg(2));
        char* end = nullptr;
        r.fraction = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || r.fraction <= 0 || r.fraction >= 1)
          bad_table(line_no, "bad fraction");
        break;
      }
      case kHedge:
      case kAfter:
        r.meaning = parse_meaning(arg(2), line_no);
        break;
      case kJoin:
        r.between = arg(2) == "between";
        break;
      default:
        break;
    }
    auto index = static_cast<uint32_t>(lx.rows.size());
    lx.rows.push_back(r);
    if (!lx.table.add(trim(f[1]), *kind, index)) bad_table(line_no, "empty phrase");
    return true;
  });
  return lx;
}

const Lexicon& lexicon() {
  static const Lexicon lx = build(data::kAnalyzeNumbers);
  return lx;
}

int64_t sat_mul(int64_t a, int64_t b) {
  if (a > kMaxCount) return scan::kHuge;
  if (b != 0 && a > kMaxCount / b) return scan::kHuge;
  return a * b;
}

}  // namespace

// ===========================================================================
// Cardinal numbers.
namespace scan {

std::optional<Cardinal> read_cardinal(const Tokens& t, size_t i) {
  const Lexicon& lx = lexicon();
  if (i >= t.size()) return std::nullopt;
  Cardinal c;
  size_t end = 0;
  if (t[i].kind == Kind::kNumber) {
    c.digits = true;
    c.value = t[i].value;
    size_t j = i + 1;
    bool decimal = t[i].decimal;
    // "3 million", "1.5 million", "2 dozen", "300 thousand".
    int64_t last = kMaxCount + 2;
    while (j < t.size() && t[j].kind == Kind::kWord) {
      const PhraseTable::Entry* e = lx.table.match(t, j, bit(kScale) | bit(kGroup), &end);
      if (e == nullptr) break;
      int64_t s = lx.rows[e->arg].a;
      // A second scale only after "hundred": "3 hundred thousand", not
      // "999 billion thousand".
      if (last <= kMaxCount && (last != 100 || s <= 100)) break;
      c.value = decimal ? (t.real(i) * s > kMaxCount ? kHuge : std::llround(t.real(i) * s))
                        : sat_mul(c.value, s);
      decimal = false;
      c.scale = s;
      last = s;
      j = end;
    }
    c.decimal_unscaled = decimal;
    c.end = j;
    return c;
  }
  if (t[i].kind != Kind::kWord) return std::nullopt;
  // Number words, combined the way English writes them. `last` is what the
  // previous word was; it decides what may follow.
  enum class Last { kNone, kArticle, kUnit, kTeen, kTens, kHundred, kBig, kGroup };
  Last last = Last::kNone;
  int64_t total = 0, cur = 0;
  int64_t smallest_big = kMaxCount + 2;  // "million ... thousand", never back up
  size_t j = i;
  bool any = false;
  while (j < t.size()) {
    size_t w = j;
    if (any && t.glued_punct(w, '-') && w + 1 < t.size() && !t[w + 1].gap) {
      ++w;  // "twenty-one"
    } else if (any && (last == Last::kHundred || last == Last::kBig) && t.key(w) == "and") {
      ++w;  // "one hundred and twenty"
    }
    if (w >= t.size() || t[w].kind != Kind::kWord) break;
    const PhraseTable::Entry* e = lx.table.match(t, w, kNumberWords | bit(kArticle), &end);
    if (e == nullptr || end != w + 1) break;
    const Row& r = lx.rows[e->arg];
    bool ok = false;
    switch (e->kind) {
      case kArticle:
        ok = last == Last::kNone;
        if (ok) {
          cur = 1;
          last = Last::kArticle;
          j = w + 1;
          continue;  // "a" alone is not a number: `any` stays false
        }
        break;
      case kUnit:
      case kTeen:
        ok = last == Last::kNone || last == Last::kHundred || last == Last::kBig ||
             (last == Last::kTens && e->kind == kUnit);
        if (ok) {
          cur += r.a;
          last = e->kind == kUnit ? Last::kUnit : Last::kTeen;
        }
        break;
      case kTens:
        ok = last == Last::kNone || last == Last::kHundred || last == Last::kBig;
        if (ok) {
          cur += r.a;
          last = Last::kTens;
        }
        break;
      case kScale:
        if (r.a < 1000) {
          ok = (last == Last::kUnit || last == Last::kTeen || last == Last::kArticle) && cur < 100;
          if (ok) {
            cur *= r.a;
            last = Last::kHundred;
          }
        } else {
          ok = (last == Last::kUnit || last == Last::kTeen || last == Last::kTens ||
                last == Last::kHundred || last == Last::kArticle) &&
               r.a < smallest_big;
          if (ok) {
            total = total + sat_mul(cur, r.a);
            if (total > kMaxCount) total = kHuge;
            cur = 0;
            smallest_big = r.a;
            last = Last::kBig;
          }
        }
        if (ok) c.scale = r.a;
        break;
      case kGroup:
        ok = last == Last::kUnit || last == Last::kTeen || last == Last::kTens ||
             last == Last::kArticle || (last == Last::kNone && r.bare);
        if (ok) {
          cur = sat_mul(cur == 0 ? 1 : cur, r.a);
          last = Last::kGroup;
          c.scale = r.a;
        }
        break;
      default:
        break;
    }
    if (!ok || last == Last::kArticle) break;
    if (e->kind != kScale && e->kind != kGroup) c.scale = 1;
    any = true;
    j = w + 1;
    c.end = j;
    if (last == Last::kGroup) break;  // "two dozen" takes nothing after it
  }
  if (!any) return std::nullopt;
  c.value = total + cur > kMaxCount ? kHuge : total + cur;
  return c;
}

}  // namespace scan

// ===========================================================================
// Quantities.
namespace {

struct Scanner {
  const Tokens& t;
  const Lexicon& lx;
  bool whole_phrase = false;  // parse_quantity: the phrase is known to be a count

  bool word(size_t k) const { return k < t.size() && t[k].kind == Kind::kWord; }
  bool number(size_t k) const { return k < t.size() && t[k].kind == Kind::kNumber; }
  bool glued(size_t k) const { return k < t.size() && !t[k].gap; }
  const Row* at(size_t k, uint32_t kinds, size_t* end) const {
    const PhraseTable::Entry* e = lx.table.match(t, k, kinds, end);
    return e == nullptr ? nullptr : &lx.rows[e->arg];
  }
  const Row* at(size_t k, uint32_t kinds) const {
    size_t end;
    return at(k, kinds, &end);
  }

  // A phrase of `kinds` right after a number ending at k, allowing a glued
  // hyphen before it ("25-year-old", "43-plus"); sets *end.
  const Row* after(size_t k, uint32_t kinds, size_t* end) const {
    if (const Row* r = at(k, kinds, end)) return r;
    if (t.glued_punct(k, '-') && glued(k + 1)) return at(k + 1, kinds, end);
    return nullptr;
  }

  // Digit groups glued by one separator character from token k on ("1-800-
  // 555-0199", "2024-03-23"): the number of groups and the token after them.
  size_t chain(size_t k, char sep, size_t* end) const {
    size_t groups = 1;
    while (t.glued_punct(k + 1, sep) && number(k + 2) && glued(k + 2)) {
      k += 2;
      ++groups;
    }
    *end = k + 1;
    return groups;
  }

  bool is_not_count(const scan::Cardinal& c, size_t n, size_t start, Meaning hedge, bool range_tail,
                    size_t* skip) const;
  bool read(size_t i, Quantity* q, size_t* next, size_t* skip) const;
};

// Whether the cardinal at tokens [n, c.end), whose expression starts at token
// `start`, is something other than a count. *skip is where the scan resumes
// when a whole construction (a date, a number chain) should be passed over.
bool Scanner::is_not_count(const scan::Cardinal& c, size_t n, size_t start, Meaning hedge,
                           bool range_tail, size_t* skip) const {
  *skip = n + 1;
  if (c.value > kMaxCount) return true;
  size_t end;
  if (after(c.end, bit(kNotAfter), &end) != nullptr) return true;
  // A suspended hyphen: "the 14- and 21-km markers".
  if (t.glued_punct(c.end, '-') && c.end + 1 < t.size() && t[c.end + 1].gap) return true;
  // A hyphen compound is a modifier: "three-day", "twenty-first", "10-man".
  if (t.glued_punct(c.end, '-') && word(c.end + 1) && glued(c.end + 1) &&
      at(c.end + 1, bit(kAfter)) == nullptr) {
    return true;
  }
  // Labels and ages: "aged 25", "No. 5", "flight 93", "no one".
  for (size_t back = 1; back <= 2 && back <= start; ++back) {
    if (at(start - back, bit(kNotBefore), &end) != nullptr && end == start) return true;
  }
  if (!c.digits) return false;

  const scan::Token& tk = t[n];
  // An age in apposition: "jorge gonzalez, 20, and mario gonzalez, 19."
  if (c.end == n + 1 && tk.digits <= 3 && tk.value <= 120 && n >= 2 && t.glued_punct(n - 1, ',') &&
      word(n - 2) && n + 1 < t.size() && !t[n + 1].gap && t[n + 1].kind == Kind::kPunct &&
      (t[n + 1].sym == ',' || t[n + 1].sym == '.' || t[n + 1].sym == ';' || t[n + 1].sym == ')')) {
    return true;
  }
  // A list item: "1." or "2)" opening a line or following a sentence.
  if (c.end == n + 1 && (t.glued_punct(n + 1, '.') || t.glued_punct(n + 1, ')')) &&
      (n + 2 >= t.size() || t[n + 2].gap)) {
    bool opens = n == 0 || t.text().substr(t[n - 1].end, tk.begin - t[n - 1].end).find('\n') !=
                               std::string_view::npos;
    if (opens || (t[n - 1].kind == Kind::kPunct && (t[n - 1].sym == '.' || t[n - 1].sym == ':'))) {
      return true;
    }
  }
  // Glued to what comes before: "M16", "F-16", "$5", "#3", "+44", "3/4", "'89",
  // ".5", or the tail of "2024-03" / "10-20" reached on its own.
  if (!range_tail && n > 0 && !tk.gap) {
    const scan::Token& p = t[n - 1];
    if (p.kind == Kind::kWord) return true;
    if (p.kind == Kind::kPunct) {
      switch (p.sym) {
        case '+':  // "+44 20 7946 0958": the groups after it belong to it
          for (size_t k = n + 1; k < t.size() && (number(k) || t[k].sym == '-'); ++k) *skip = k + 1;
          return true;
        case '$':
        case '#':
        case '/':
        case ':':
        case '.':
        case '\'':
        case '*':
        case '_':  // "lead_00001006.jpg"
        case '@':
        case '=':
          return true;
        case '-':
          if (n >= 2 && !p.gap && t[n - 2].kind != Kind::kPunct) return true;
          break;
        default:
          break;
      }
    }
  }
  // Identifiers: "007", "00001006" (four digits are left to the clock test).
  if (tk.digits >= 2 && tk.digits != 4 && !tk.grouped && t.text()[tk.begin] == '0') return true;
  // Glued to what follows: "3rd", "5pm", "10km", "1990s", "6:01", "9/11",
  // "1006.jpg".
  if (c.end == n + 1 && glued(n + 1)) {
    if (word(n + 1)) return true;
    if (t.glued_punct(n + 1, '.') && word(n + 2) && glued(n + 2)) return true;
    if (number(n + 2) && glued(n + 2) && (t.glued_punct(n + 1, ':') || t.glued_punct(n + 1, '/'))) {
      chain(n, t[n + 1].sym, skip);
      return true;
    }
    if (t.glued_punct(n + 1, '-') && chain(n, '-', &end) >= 3) {  // "2024-03-23", phone numbers
      *skip = end;
      return true;
    }
    // An area code: "(503) 555-1234".
    if (tk.digits == 3 && t.glued_punct(n + 1, ')') && n > 0 && !tk.gap && t[n - 1].sym == '(' &&
        number(n + 2)) {
      return true;
    }
  }
  // Dates: a day or year written with a month ("2 february", "March 22",
  // "Sept. 11, 2001", "3 FEB 90", ISO). Only digit runs of 1, 2 or 4.
  if (!tk.grouped && !tk.decimal && (tk.digits <= 2 || tk.digits == 4)) {
    if (auto d = scan::read_calendar_date(t, n)) {
      *skip = d->end;
      return true;
    }
    size_t m = n;
    if (m > 0 && t.glued_punct(m - 1, '.')) --m;
    if (m > 0 && word(m - 1)) {
      if (auto d = scan::read_calendar_date(t, m - 1); d && d->end > n) {
        *skip = d->end;
        return true;
      }
    }
  }
  // Years and clock times among four-digit numbers.
  if (!whole_phrase && !range_tail && tk.digits == 4 && !tk.grouped && !tk.decimal &&
      c.scale == 1) {
    int64_t v = tk.value;
    bool clock = v / 100 < 24 && v % 100 < 60;
    bool counted =
        hedge == Meaning::kApprox || hedge == Meaning::kOpenMax || hedge == Meaning::kOpenMin;
    if (clock) {
      if (at(n + 1, bit(kClock)) != nullptr) return true;      // "0530 gmt", "2330 hours"
      if (t.text()[tk.begin] == '0') return true;              // "0530"
      if (start > 0 && t.key(start - 1) == "at") return true;  // "at 1200"
      if (v >= 2100 && !counted) return true;                  // "2330"
    }
    if (v >= 1900 && v <= 2100 && !counted) return true;  // "in 1989", "2015"
  }
  return false;
}

void set_bounds(Quantity* q, Meaning m, int64_t value) {
  switch (m) {
    case Meaning::kOpenMax:
      q->min = value;
      q->max = kOpen;
      q->bound = Bound::kAtLeast;
      break;
    case Meaning::kOpenMin:
      q->min = kOpen;
      q->max = value;
      q->bound = Bound::kAtMost;
      break;
    case Meaning::kApprox:
      q->approximate = true;
      [[fallthrough]];
    default:
      q->min = q->max = value;
      q->bound = Bound::kExact;
      break;
  }
}

void set_fraction(Quantity* q, Meaning m, double f) {
  q->fraction = f;
  q->min = q->max = kOpen;
  q->bound = m == Meaning::kOpenMax   ? Bound::kAtLeast
             : m == Meaning::kOpenMin ? Bound::kAtMost
                                      : Bound::kExact;
  q->approximate = m == Meaning::kApprox;
}

// The quantity starting at token i, if one does. *next is the token after it;
// on failure *skip is where the scan should go on.
bool Scanner::read(size_t i, Quantity* q, size_t* next, size_t* skip) const {
  *skip = i + 1;
  size_t j = i;
  Meaning hedge = Meaning::kNone;
  size_t end;
  if (const Row* h = at(i, bit(kHedge), &end)) {
    hedge = h->meaning;
    j = end;
  }
  *q = Quantity{};
  q->begin = t[i].begin;
  auto finish = [&](size_t stop) {
    q->end = t[stop - 1].end;
    *next = stop;
    return true;
  };

  // Fractions: "half of", "up to half", "a third of the", "half a dozen".
  if (const Row* f = at(j, bit(kFraction), &end)) {
    size_t e2;
    if (at(end, bit(kArticle)) != nullptr &&
        at(end + 1, bit(kGroup) | bit(kScale), &e2) != nullptr) {
      const Row* g = at(end + 1, bit(kGroup) | bit(kScale));
      set_bounds(q, hedge == Meaning::kRange ? Meaning::kNone : hedge,
                 std::llround(f->fraction * static_cast<double>(g->a)));
      return finish(e2);
    }
    if ((hedge != Meaning::kNone && hedge != Meaning::kRange) ||
        at(end, bit(kFractionNext)) != nullptr) {
      set_fraction(q, hedge, f->fraction);
      return finish(end);
    }
  }

  // Vague quantities: "dozens", "scores of", "tens of thousands", "several
  // hundred", "a handful".
  if (const Row* v = at(j, bit(kVague), &end)) {
    int64_t lo = v->a, hi = v->b;
    bool approximate = v->approximate;
    size_t stop = end;
    bool of_next = t.key(end) == "of" && word(end);
    size_t e2;
    const Row* per = of_next ? at(end + 1, bit(kVague), &e2) : nullptr;
    if (per != nullptr && per->per > 0) {  // "tens of thousands"
      lo = sat_mul(lo, per->per);
      hi = hi == kOpen ? kOpen : sat_mul(hi, per->per);
      stop = e2;
    } else if (v->needs_of && !of_next) {
      return false;
    } else if (const Row* s = v->times ? at(end, bit(kScale) | bit(kGroup), &e2) : nullptr) {
      lo = sat_mul(lo, s->a);  // "several hundred"
      hi = hi == kOpen ? kOpen : sat_mul(hi, s->a);
      stop = e2;
    }
    if (lo > kMaxCount) return false;
    switch (hedge) {
      case Meaning::kOpenMax:
        q->min = lo;
        q->max = kOpen;
        q->bound = Bound::kAtLeast;
        break;
      case Meaning::kOpenMin:
        q->min = kOpen;
        q->max = hi == kOpen ? lo : hi;
        q->bound = Bound::kAtMost;
        break;
      default:
        q->min = lo;
        q->max = hi;
        q->bound = hi == kOpen ? Bound::kAtLeast : hi == lo ? Bound::kExact : Bound::kRange;
        break;
    }
    q->approximate = approximate || hedge == Meaning::kApprox;
    return finish(stop);
  }

  std::optional<scan::Cardinal> a = scan::read_cardinal(t, j);
  if (!a) return false;
  // Percentages are shares: "40 percent", "40%", "over 40 per cent".
  if (const Row* p = at(a->end, bit(kPercent), &end); p != nullptr && a->value <= 100) {
    double v = a->digits && a->end == j + 1 ? t.real(j) : static_cast<double>(a->value);
    set_fraction(q, hedge == Meaning::kRange ? Meaning::kNone : hedge, v / 100.0);
    return finish(end);
  }
  // An after-hedge takes precedence over a join that starts the same way
  // ("10 or more" before "10 or 20").
  const Row* post = after(a->end, bit(kAfter), &end);
  size_t post_end = end;
  if (is_not_count(*a, j, i, hedge, false, skip)) {
    if (*skip <= i) *skip = i + 1;
    return false;
  }
  if (post != nullptr) {
    set_bounds(q, hedge != Meaning::kNone && hedge != Meaning::kRange ? hedge : post->meaning,
               a->value);
    if (post->meaning == Meaning::kApprox) q->approximate = true;
    if (hedge == Meaning::kRange) q->begin = t[j].begin;
    return finish(post_end);
  }
  // Ranges: "10 to 20", "two or three", "10-20", "between 10 and 20",
  // "two to three million".
  if (const Row* join = at(a->end, bit(kJoin), &end);
      join != nullptr && (!join->between || hedge == Meaning::kRange)) {
    bool hyphen = t[a->end].kind == Kind::kPunct;
    std::optional<scan::Cardinal> b = scan::read_cardinal(t, end);
    if (b && !b->decimal_unscaled && (!hyphen || (a->digits == b->digits))) {
      size_t b_first = end, b_skip;
      bool tight = hyphen && !t[a->end].gap && !t[b_first].gap;
      if (tight && a->digits && t[j].digits == 3 && t[b_first].digits == 4 && a->end == j + 1) {
        *skip = b->end;  // "555-1234": a phone number
        return false;
      }
      if (is_not_count(*b, b_first, b_first, Meaning::kNone, true, &b_skip)) {
        *skip = std::max(b_skip, b->end);  // "5 to 6 pm": the first is a time too
        return false;
      }
      int64_t lo = a->value;
      double lo_real = a->digits && a->end == j + 1 ? t.real(j) : static_cast<double>(lo);
      bool scaled = false;
      if (b->scale > 1 && a->scale == 1 && lo_real < static_cast<double>(b->scale)) {
        lo = std::llround(lo_real * static_cast<double>(b->scale));  // "two to three million"
        scaled = true;
      }
      if (at(b->end, bit(kPercent)) != nullptr) {  // "10 to 20 percent": no one share to give
        *skip = b->end;
        return false;
      }
      if (lo < b->value && (!a->decimal_unscaled || scaled)) {
        q->min = lo;
        q->max = b->value;
        q->bound = Bound::kRange;
        q->approximate = hedge == Meaning::kApprox;
        return finish(b->end);
      }
      if (tight) {  // "2-1", "10-10": a score or a code
        *skip = b->end;
        return false;
      }
    }
  }
  if (a->decimal_unscaled) return false;  // "2.5", "1.5 km": a measure
  if (hedge == Meaning::kRange) {         // "between 10" with no second number
    q->begin = t[j].begin;
    hedge = Meaning::kNone;
  }
  set_bounds(q, hedge, a->value);
  return finish(a->end);
}

}  // namespace

std::vector<Quantity> find_quantities(const scan::Tokens& t) {
  Scanner s{t, lexicon()};
  std::vector<Quantity> out;
  size_t i = 0;
  while (i < t.size()) {
    const scan::Token& tok = t[i];
    bool starts = tok.kind == Kind::kNumber ||
                  (tok.kind == Kind::kWord && (s.lx.table.kinds_at(t, i) & kStarters) != 0);
    size_t next = i + 1, skip = i + 1;
    Quantity q;
    if (starts && s.read(i, &q, &next, &skip)) {
      out.push_back(q);
      i = next;
    } else {
      i = std::max(skip, i + 1);
    }
  }
  return out;
}

std::vector<Quantity> find_quantities(std::string_view text) {
  scan::Tokens t(text);
  return find_quantities(t);
}

std::optional<Quantity> parse_quantity(std::string_view phrase) {
  scan::Tokens t(phrase);
  size_t i = 0;
  while (i < t.size() && t[i].kind == Kind::kPunct) ++i;
  if (i >= t.size()) return std::nullopt;
  Scanner s{t, lexicon(), true};
  Quantity q;
  size_t next = 0, skip = 0;
  if (!s.read(i, &q, &next, &skip)) return std::nullopt;
  for (size_t k = next; k < t.size(); ++k) {
    if (t[k].kind != Kind::kPunct) return std::nullopt;
  }
  return q;
}

}  // namespace sitrep::analyze

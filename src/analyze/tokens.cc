#include "analyze/tokens.h"

#include <unordered_set>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kAnalyzeAbbreviations;
}

namespace sitrep::analyze {
namespace {

inline bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// The length of a multi-byte punctuation or space character at `i`, or 0
// when the bytes there are a letter of some script. Only the characters news
// text uses as punctuation are listed; every other non-ASCII character is
// taken as part of a word.
size_t unicode_punct_len(std::string_view s, size_t i) {
  unsigned char c = s[i];
  if (c == 0xC2 && i + 1 < s.size()) {
    unsigned char d = s[i + 1];
    // NBSP, «, », ·, ¡, ¿, §, ©, ®, °
    if (d == 0xA0 || d == 0xAB || d == 0xBB || d == 0xB7 || d == 0xA1 || d == 0xBF ||
        d == 0xA7 || d == 0xA9 || d == 0xAE || d == 0xB0)
      return 2;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = s[i + 2];
    // U+2000..U+203F: spaces, dashes, quotes, bullets, ellipsis, per mille.
    if (d >= 0x80 && d <= 0xBF) return 3;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    return 3;  // CJK punctuation block (、。「」...)
  }
  return 0;
}

inline bool is_space_char(std::string_view s, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *len = 2;
    return true;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = s[i + 2];
    if ((d >= 0x80 && d <= 0x8B) || d == 0xAF) {  // en/em spaces, thin, narrow nbsp
      *len = 3;
      return true;
    }
  }
  return false;
}

inline bool word_byte_at(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = s[i];
  if (c < 0x80) return is_ascii_alnum(c);
  return unicode_punct_len(s, i) == 0 && !(c == 0xC2 && i + 1 < s.size() &&
                                          static_cast<unsigned char>(s[i + 1]) == 0xA0);
}

// An apostrophe inside a word: ' or the right single quote ’ (E2 80 99).
inline size_t inner_apostrophe_len(std::string_view s, size_t i) {
  if (s[i] == '\'') return 1;
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
      static_cast<unsigned char>(s[i + 1]) == 0x80 && static_cast<unsigned char>(s[i + 2]) == 0x99)
    return 3;
  return 0;
}

const std::unordered_set<std::string_view>& abbreviations() {
  static const auto* set = [] {
    auto* s = new std::unordered_set<std::string_view>();
    for_each_data_line(data::kAnalyzeAbbreviations, [&](std::string_view line, size_t) { return s->insert(line), true; });
    return s;
  }();
  return *set;
}

bool is_closing(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "\xE2\x80\x9D" ||
         t == "\xE2\x80\x99" || t == "\xC2\xBB";
}
bool is_opening(std::string_view t) {
  return t == "\"" || t == "'" || t == "(" || t == "[" || t == "\xE2\x80\x9C" ||
         t == "\xE2\x80\x98" || t == "\xC2\xAB";
}

}  // namespace

uint64_t word_key(std::string_view lower_word) { return hash64(lower_word); }

bool is_abbreviation(std::string_view lower_word) { return abbreviations().contains(lower_word); }

Tokenized tokenize(std::string_view text) {
  Tokenized out;
  out.lower.assign(text);
  size_t upper = 0, lowerc = 0;
  for (char& ch : out.lower) {
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch + 32);
      ++upper;
    } else if (ch >= 'a' && ch <= 'z') {
      ++lowerc;
    }
  }
  size_t letters = upper + lowerc;
  out.has_upper = upper * 50 > letters;
  out.has_lower = lowerc * 50 > letters;
  const bool mixed = out.has_upper && out.has_lower;
  out.tokens.reserve(text.size() / 5 + 1);

  // Token boundaries. `newline_before` marks a token after a line break.
  std::vector<bool> newline_before;
  newline_before.reserve(text.size() / 5 + 1);
  bool saw_newline = false;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    size_t len = 0;
    if (is_space_char(text, i, &len)) {
      if (text[i] == '\n') saw_newline = true;
      i += len;
      continue;
    }
    Token t;
    t.begin = static_cast<uint32_t>(i);
    if (word_byte_at(text, i)) {
      size_t j = i;
      size_t part = i;  // where the last hyphen-joined part begins
      bool digits = true, digit_seen = false;  // all digits / some digit
      for (;;) {
        while (j < n && word_byte_at(text, j)) {
          bool d = is_digit(text[j]);
          digits = digits && d;
          digit_seen = digit_seen || d;
          ++j;
        }
        if (j + 1 >= n) break;
        // Decimal and grouped numbers: 1.5, 1,200.
        if (is_digit(text[j - 1]) && (text[j] == '.' || text[j] == ',') && is_digit(text[j + 1])) {
          ++j;
          continue;
        }
        // Inner hyphens and apostrophes join words: M-19, al-Qaeda, Qa'ida.
        if (text[j] == '-' && word_byte_at(text, j + 1)) {
          part = ++j;
          continue;
        }
        size_t ap = inner_apostrophe_len(text, j);
        if (ap && word_byte_at(text, j + ap)) {
          j += ap;
          continue;
        }
        break;
      }
      // Dotted initialisms: U.S., a.m., U.N. (single letters and periods),
      // also as the last part of a hyphenated word ("Chilean-U.S.").
      if (j - part == 1 && !is_digit(text[part]) && j + 2 < n && text[j] == '.' && word_byte_at(text, j + 1) &&
          !is_digit(text[j + 1]) && (j + 2 == n || !word_byte_at(text, j + 2))) {
        size_t k = j;
        while (k + 1 < n && text[k] == '.' && word_byte_at(text, k + 1) && !is_digit(text[k + 1]) &&
               (k + 2 >= n || !word_byte_at(text, k + 2)))
          k += 2;
        if (k < n && text[k] == '.') ++k;
        j = k;
      }
      t.end = static_cast<uint32_t>(j);
      t.shape = digits ? Shape::kNumber : digit_seen ? Shape::kAlnum : Shape::kWord;
      unsigned char c0 = text[i];
      t.capitalised = c0 >= 'A' && c0 <= 'Z';
      if (t.capitalised && j - i >= 2) {
        bool all = true;
        for (size_t k = i; k < j; ++k) {
          unsigned char c = text[k];
          if (c >= 'a' && c <= 'z') {
            all = false;
            break;
          }
        }
        t.all_caps = all;
      }
      i = j;
    } else {
      size_t ul = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : unicode_punct_len(text, i);
      if (ul == 0) ul = 1;
      i += ul;
      // Runs of the same ASCII punctuation are one token ("--", "...").
      if (ul == 1)
        while (i < n && text[i] == text[t.begin] && (text[i] == '-' || text[i] == '.')) ++i;
      t.end = static_cast<uint32_t>(i);
      t.shape = Shape::kPunct;
    }
    t.key = word_key(std::string_view(out.lower).substr(t.begin, t.end - t.begin));
    out.tokens.push_back(t);
    newline_before.push_back(saw_newline);
    saw_newline = false;
  }

  // Sentences.
  const auto& toks = out.tokens;
  auto lower_of = [&](size_t k) {
    return std::string_view(out.lower).substr(toks[k].begin, toks[k].end - toks[k].begin);
  };
  auto raw_of = [&](size_t k) { return text.substr(toks[k].begin, toks[k].end - toks[k].begin); };
  size_t start = 0;
  auto close = [&](size_t last) {
    if (last <= start) return;
    Sentence s;
    s.first = static_cast<uint32_t>(start);
    s.last = static_cast<uint32_t>(last);
    s.begin = toks[start].begin;
    s.end = toks[last - 1].end;
    out.sentences.push_back(s);
    start = last;
  };
  for (size_t k = 0; k < toks.size(); ++k) {
    if (k > start && newline_before[k]) close(k);
    if (toks[k].shape != Shape::kPunct) continue;
    std::string_view t = raw_of(k);
    bool terminal = t == "." || t == "!" || t == "?" || t == "..." || t == "\xE2\x80\xA6" ||
                    t == "\xE3\x80\x82";
    if (!terminal) continue;
    size_t last = k + 1;
    while (last < toks.size() && is_closing(raw_of(last)) && toks[last].begin == toks[last - 1].end)
      ++last;
    if (last >= toks.size()) break;
    if (toks[last].begin == toks[last - 1].end) continue;  // no space after: "3.x", "a.b"
    if (t == ".") {
      if (k == start) continue;
      const Token& prev = toks[k - 1];
      if (prev.end == toks[k].begin && prev.shape == Shape::kWord) {
        std::string_view pw = lower_of(k - 1);
        // "No." abbreviates "number" only before one ("No. 1"); else it is the word.
        bool numero = (pw == "no" || pw == "nos");
        if (is_abbreviation(pw) && (!numero || toks[last].shape == Shape::kNumber)) continue;
        if (pw.size() == 1) continue;  // an initial: "J. Smith"
      }
      if (mixed) {
        const Token& next = toks[last];
        bool opens = next.capitalised || next.shape == Shape::kNumber || is_opening(raw_of(last)) ||
                     static_cast<unsigned char>(text[next.begin]) >= 0x80;
        if (!opens) continue;
      }
    }
    close(last);
    k = last - 1;
  }
  close(toks.size());
  return out;
}

}  // namespace sitrep::analyze

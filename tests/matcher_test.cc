// Token folding and PhraseMatcher: each folding rule with its offsets, then
// the automaton against a naive scan over random texts and pattern sets.
#include "kb/matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace sitrep::kb {
namespace {

// "folded@begin-end" for each token, for compact expectations.
std::vector<std::string> show(std::string_view text) {
  std::vector<std::string> out;
  for (const FoldedToken& t : fold_tokens(text)) {
    out.push_back(t.folded + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end));
  }
  return out;
}

std::vector<std::string> folded(std::string_view text) {
  std::vector<std::string> out;
  for (const FoldedToken& t : fold_tokens(text)) out.push_back(t.folded);
  return out;
}

using V = std::vector<std::string>;

// ---------------------------------------------------------------------------
// Folding.

TEST(Fold, LowerCasesAndSplitsOnSpaces) {
  EXPECT_EQ(show("Islamic  STATE\tkhorasan"), (V{"islamic@0-7", "state@9-14", "khorasan@15-23"}));
  EXPECT_EQ(show("  Abc123 x9 "), (V{"abc123@2-8", "x9@9-11"}));
}

TEST(Fold, StripsDiacritics) {
  // "é" and "ñ" are two bytes each; offsets stay in original bytes.
  EXPECT_EQ(show("José Ñandú über"), (V{"jose@0-5", "nandu@6-13", "uber@14-19"}));
  EXPECT_EQ(folded("ÉCOLE Zürich Łódź Øster Straße"), (V{"ecole", "zurich", "lodz", "oster", "strasse"}));
  // Decomposed input: a combining acute accent is dropped inside the word.
  EXPECT_EQ(show("Jose\xCC\x81 x"), (V{"jose@0-6", "x@7-8"}));
  // A soft hyphen inside a word does not split it.
  EXPECT_EQ(folded("ter\xC2\xADrorist"), (V{"terrorist"}));
}

TEST(Fold, NonLatinScriptsAreTokensToo) {
  EXPECT_EQ(folded("Москва ΑΘΗΝΑ"), (V{"москва", "αθηνα"}));
  EXPECT_EQ(folded("الدولة الإسلامية"), (V{"الدولة", "الاسلامية"}));
}

TEST(Fold, DropsInnerApostrophes) {
  EXPECT_EQ(show("al-Qa'ida"), (V{"al@0-2", "qaida@3-9"}));
  EXPECT_EQ(folded("Shi'ite"), (V{"shiite"}));
  EXPECT_EQ(show("Qa\xE2\x80\x99ida"), (V{"qaida@0-8"}));  // ’
  EXPECT_EQ(folded("Qa\xCA\xBCida"), (V{"qaida"}));        // ʼ
  EXPECT_EQ(folded("Qa\xCA\xBFida Sunni'is"), (V{"qaida", "sunniis"}));  // ʿ
}

TEST(Fold, OuterApostrophesSeparate) {
  EXPECT_EQ(show("'rebels' camp"), (V{"rebels@1-7", "camp@9-13"}));
  EXPECT_EQ(folded("fighters' base"), (V{"fighters", "base"}));
}

TEST(Fold, DropsPossessiveS) {
  EXPECT_EQ(show("al-Qaeda's leader"), (V{"al@0-2", "qaeda@3-8", "leader@11-17"}));
  EXPECT_EQ(folded("Taliban\xE2\x80\x99s men"), (V{"taliban", "men"}));
  EXPECT_EQ(folded("STATE'S"), (V{"state"}));
  // Not a final "s": the apostrophe is inner.
  EXPECT_EQ(folded("O'Sullivan Shi'is"), (V{"osullivan", "shiis"}));
}

TEST(Fold, JoinsDottedInitialisms) {
  EXPECT_EQ(show("U.S."), (V{"us@0-3"}));
  EXPECT_EQ(show("the U.K. and"), (V{"the@0-3", "uk@4-7", "and@9-12"}));
  EXPECT_EQ(show("U.S.-led"), (V{"us@0-3", "led@5-8"}));
  EXPECT_EQ(show("U.S.A"), (V{"usa@0-5"}));
  EXPECT_EQ(folded("at 9 a.m. today"), (V{"at", "9", "am", "today"}));
  EXPECT_EQ(folded("É.U."), (V{"eu"}));
}

TEST(Fold, PeriodsOtherwiseSeparate) {
  EXPECT_EQ(folded("3.5 km"), (V{"3", "5", "km"}));
  EXPECT_EQ(folded("Mr. A. Smith"), (V{"mr", "a", "smith"}));
  EXPECT_EQ(folded("end.Next"), (V{"end", "next"}));
  EXPECT_EQ(folded("U.Sa"), (V{"u", "sa"}));
  EXPECT_EQ(folded("1.A"), (V{"1", "a"}));
}

TEST(Fold, PunctuationSeparates) {
  EXPECT_EQ(show("ISIS-K/Khorasan"), (V{"isis@0-4", "k@5-6", "khorasan@7-15"}));
  EXPECT_EQ(folded("a—b (c) \"d\", e;f"), (V{"a", "b", "c", "d", "e", "f"}));
}

TEST(Fold, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(fold_tokens("").empty());
  EXPECT_TRUE(fold_tokens(" -- ... ' ’ / ").empty());
  EXPECT_EQ(fold_key(" - "), "");
}

TEST(Fold, InvalidUtf8Separates) {
  EXPECT_EQ(folded("ab\xFF" "cd\xC3"), (V{"ab", "cd"}));
}

TEST(Fold, Key) {
  EXPECT_EQ(fold_key("Al-Qa'ida"), "al qaida");
  EXPECT_EQ(fold_key("  The U.S.-led  Coalition "), "the us led coalition");
}

// ---------------------------------------------------------------------------
// The folding oracle: random texts over an alphabet whose characters' classes
// are known, folded by a literal reading of the header's rules and compared
// with fold_tokens. The texts are mostly ASCII, so the fast paths are the
// ones under test: runs of every length (across 16- and 64-byte blocks),
// ended by non-ASCII letters, marks, apostrophes of both kinds, periods.

enum class Cls { kLetter, kDigit, kStrip, kKeep, kApos, kSep };
struct Ch {
  std::string bytes;
  Cls cls;
  std::string folded;  // for letters, digits and kept marks
};

const std::vector<Ch>& ascii_letters() {
  static const std::vector<Ch> v = [] {
    std::vector<Ch> out;
    for (char c = 'a'; c <= 'z'; ++c) {
      out.push_back({std::string(1, c), Cls::kLetter, std::string(1, c)});
      out.push_back({std::string(1, static_cast<char>(c - 32)), Cls::kLetter, std::string(1, c)});
    }
    return out;
  }();
  return v;
}

const std::vector<Ch>& other_chars() {
  static const std::vector<Ch> v = {
      {"0", Cls::kDigit, "0"},
      {"7", Cls::kDigit, "7"},
      {" ", Cls::kSep, ""},
      {"-", Cls::kSep, ""},
      {"/", Cls::kSep, ""},
      {",", Cls::kSep, ""},
      {"\n", Cls::kSep, ""},
      {"\"", Cls::kSep, ""},
      {".", Cls::kSep, ""},
      {"'", Cls::kApos, ""},
      {"`", Cls::kApos, ""},
      {"\xE2\x80\x99", Cls::kApos, ""},              // ’
      {"\xE2\x80\x98", Cls::kApos, ""},              // ‘
      {"\xCA\xBC", Cls::kApos, ""},                  // ʼ
      {"\xCA\xBF", Cls::kApos, ""},                  // ʿ
      {"\xC3\xA9", Cls::kLetter, "e"},               // é
      {"\xC3\x89", Cls::kLetter, "e"},               // É
      {"\xC3\x9F", Cls::kLetter, "ss"},              // ß
      {"\xC5\x81", Cls::kLetter, "l"},               // Ł
      {"\xC3\xA6", Cls::kLetter, "ae"},              // æ
      {"\xD0\x96", Cls::kLetter, "\xD0\xB6"},        // Ж -> ж
      {"\xCE\xA3", Cls::kLetter, "\xCF\x83"},        // Σ -> σ
      {"\xD8\xA8", Cls::kLetter, "\xD8\xA8"},        // Arabic beh
      {"\xEF\xAC\x81", Cls::kLetter, "fi"},          // the ligature ﬁ
      {"\xEF\xBC\xA1", Cls::kLetter, "a"},           // fullwidth A
      {"\xD9\xA3", Cls::kDigit, "3"},                // Arabic-Indic three
      {"\xEF\xBC\x93", Cls::kDigit, "3"},            // fullwidth three
      {"\xCC\x81", Cls::kStrip, ""},                 // combining acute
      {"\xC2\xAD", Cls::kStrip, ""},                 // soft hyphen
      {"\xE2\x80\x8D", Cls::kStrip, ""},             // zero-width joiner
      {"\xE0\xA4\xBE", Cls::kKeep, "\xE0\xA4\xBE"},  // Devanagari vowel sign aa
      {"\xE2\x80\x94", Cls::kSep, ""},               // em dash
      {"\xC2\xA0", Cls::kSep, ""},                   // no-break space
      {"\xE2\x80\x9C", Cls::kSep, ""},               // left double quotation mark
      {"\xE2\x80\x8B", Cls::kSep, ""},               // zero-width space
      {"\xFF", Cls::kSep, ""},                       // not UTF-8
  };
  return v;
}

const Ch& ch(std::string_view bytes) {
  for (const auto* set : {&ascii_letters(), &other_chars()}) {
    for (const Ch& c : *set) {
      if (c.bytes == bytes) return c;
    }
  }
  static const Ch space{" ", Cls::kSep, ""};
  return space;
}

// The header's rules, character by character.
std::vector<FoldedToken> reference_fold(const std::vector<const Ch*>& s) {
  const size_t n = s.size();
  std::vector<size_t> off(n + 1, 0);
  for (size_t k = 0; k < n; ++k) off[k + 1] = off[k] + s[k]->bytes.size();
  auto word = [&](size_t k) {
    return k < n && (s[k]->cls == Cls::kLetter || s[k]->cls == Cls::kDigit);
  };
  struct Scan {
    size_t end, resume, units = 0, letters = 0;
    std::string folded;
  };
  auto scan = [&](size_t k) {
    Scan w{k, k, 0, 0, {}};
    while (k < n) {
      const Ch& c = *s[k];
      if (c.cls == Cls::kLetter || c.cls == Cls::kDigit) {
        w.folded += c.folded;
        ++w.units;
        w.letters += c.cls == Cls::kLetter;
      } else if (c.cls == Cls::kKeep) {
        w.folded += c.folded;
      } else if (c.cls == Cls::kApos) {
        if (!word(k + 1)) break;
        if ((s[k + 1]->bytes == "s" || s[k + 1]->bytes == "S") && !word(k + 2)) {
          w.end = k;  // possessive
          w.resume = k + 2;
          return w;
        }
      } else if (c.cls != Cls::kStrip) {
        break;
      }
      ++k;
    }
    w.end = w.resume = k;
    return w;
  };
  std::vector<FoldedToken> out;
  for (size_t k = 0; k < n;) {
    if (!word(k)) {
      ++k;
      continue;
    }
    Scan w = scan(k);
    if (w.units == 1 && w.letters == 1) {
      while (w.resume == w.end && w.end + 1 < n && s[w.end]->bytes == "." &&
             s[w.end + 1]->cls == Cls::kLetter) {
        Scan v = scan(w.end + 1);
        if (v.units != 1 || v.letters != 1) break;
        w.folded += v.folded;
        w.end = v.end;
        w.resume = v.resume;
      }
    }
    out.push_back(FoldedToken{w.folded, off[k], off[w.end]});
    k = w.resume;
  }
  return out;
}

// Mostly ASCII words of every length, with the characters that end the fast
// path at their edges.
std::vector<const Ch*> random_chars(std::mt19937& rng, size_t pieces) {
  const auto& letters = ascii_letters();
  const auto& others = other_chars();
  std::vector<const Ch*> s;
  for (size_t i = 0; i < pieces; ++i) {
    unsigned r = rng() % 100;
    if (r < 45) {
      unsigned l = rng() % 10;
      size_t len = l < 6 ? 1 + rng() % 9 : l < 9 ? 10 + rng() % 12 : 50 + rng() % 90;
      for (size_t k = 0; k < len; ++k) {
        s.push_back(rng() % 12 ? &letters[rng() % letters.size()] : &others[rng() % 2]);
      }
    } else if (r < 60) {
      s.push_back(&ch(" "));
    } else if (r < 68) {
      s.push_back(&ch("."));
    } else if (r < 74) {
      s.push_back(&ch(rng() % 2 ? "'" : "\xE2\x80\x99"));
      if (rng() % 2) s.push_back(&ch(rng() % 2 ? "s" : "S"));
    } else if (r < 78) {
      s.push_back(&letters[rng() % letters.size()]);  // initialisms
      s.push_back(&ch("."));
    } else {
      s.push_back(&others[rng() % others.size()]);
    }
  }
  return s;
}

std::string join_chars(const std::vector<const Ch*>& s) {
  std::string out;
  for (const Ch* c : s) out += c->bytes;
  return out;
}

std::vector<std::string> show_tokens(const std::vector<FoldedToken>& ts) {
  std::vector<std::string> out;
  for (const FoldedToken& t : ts) {
    out.push_back(t.folded + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end));
  }
  return out;
}

TEST(Fold, OracleRandomMixes) {
  std::mt19937 rng(5150);
  size_t tokens = 0;
  for (int round = 0; round < 3000; ++round) {
    auto chars = random_chars(rng, rng() % 40);
    std::string text = join_chars(chars);
    auto want = show_tokens(reference_fold(chars));
    ASSERT_EQ(show_tokens(fold_tokens(text)), want) << "round " << round << " text: " << text;
    // The same bytes followed by more word characters, seen through a view
    // that ends where the text does: nothing past the end may count.
    std::string longer = text +
                         "bc'd.e\xC3\xA9"
                         "f";
    ASSERT_EQ(show_tokens(fold_tokens(std::string_view(longer).substr(0, text.size()))), want)
        << "round " << round << " text: " << text;
    std::string key;
    for (const FoldedToken& t : reference_fold(chars)) key += (key.empty() ? "" : " ") + t.folded;
    ASSERT_EQ(fold_key(text), key) << "round " << round << " text: " << text;
    tokens += want.size();
  }
  EXPECT_GT(tokens, 10000u);
}

TEST(Fold, FastPathBorders) {
  // An ASCII run ended by a non-ASCII letter, mark or apostrophe is one word.
  EXPECT_EQ(show("abc\xC3\xA9 d"), (V{"abce@0-5", "d@6-7"}));
  EXPECT_EQ(show("abc\xCC\x81 d"), (V{"abc@0-5", "d@6-7"}));
  EXPECT_EQ(show("abc\xE2\x80\x99"
                 "def"),
            (V{"abcdef@0-9"}));
  EXPECT_EQ(show("abc\xE2\x80\x99s def"), (V{"abc@0-3", "def@8-11"}));
  EXPECT_EQ(show("abc\xE2\x80\x94"
                 "def"),
            (V{"abc@0-3", "def@6-9"}));
  EXPECT_EQ(show("\xC3\xA9"
                 "abc d"),
            (V{"eabc@0-5", "d@6-7"}));
  // Initialisms and periods right after runs of every length.
  EXPECT_EQ(folded("x.y. xy.z a.bc 1.2"), (V{"xy", "xy", "z", "a", "bc", "1", "2"}));
  // A word of exactly 64 bytes, and one longer than that, from offsets
  // that put them across block edges.
  for (size_t lead = 0; lead < 70; ++lead) {
    for (size_t len : {15u, 16u, 17u, 63u, 64u, 65u, 200u}) {
      std::string text(lead, ' ');
      text += std::string(len, 'Q') + "'s " + std::string(len, 'z') + ".";
      EXPECT_EQ(folded(text), (V{std::string(len, 'q'), std::string(len, 'z')}))
          << lead << " " << len;
    }
  }
}

// ---------------------------------------------------------------------------
// PhraseMatcher, by example.

std::vector<std::tuple<std::string, uint32_t, bool>> spans(std::string_view text,
                                                           const std::vector<Match>& ms) {
  std::vector<std::tuple<std::string, uint32_t, bool>> out;
  for (const Match& m : ms) {
    out.emplace_back(std::string(text.substr(m.begin, m.end - m.begin)), m.id, m.exact_case);
  }
  return out;
}
using S = std::vector<std::tuple<std::string, uint32_t, bool>>;

TEST(Matcher, FindsFoldedPhrases) {
  PhraseMatcher m;
  m.add("Islamic State", 1);
  m.add("al-Qa'ida", 2);
  m.compile();
  EXPECT_EQ(m.size(), 2u);
  std::string text = "ISLAMIC state and Al Qaida's men; islamic-state.";
  EXPECT_EQ(spans(text, m.find_all(text)),
            (S{{"ISLAMIC state", 1, false}, {"Al Qaida", 2, false}, {"islamic-state", 1, false}}));
  auto ms = m.find_all(text);
  EXPECT_EQ(ms[0].first_token, 0u);
  EXPECT_EQ(ms[0].last_token, 1u);
  EXPECT_EQ(ms[1].first_token, 3u);
  EXPECT_EQ(ms[1].last_token, 4u);
}

TEST(Matcher, ExactCase) {
  PhraseMatcher m;
  m.add("IS", 1);
  m.add("Is", 2);
  m.add("Islamic State", 3);
  m.compile();
  std::string text = "IS is Is iS Islamic  State islamic State";
  EXPECT_EQ(spans(text, m.find_all(text)), (S{{"IS", 1, true},
                                              {"IS", 2, false},
                                              {"is", 1, false},
                                              {"is", 2, false},
                                              {"Is", 1, false},
                                              {"Is", 2, true},
                                              {"iS", 1, false},
                                              {"iS", 2, false},
                                              {"Islamic  State", 3, true},
                                              {"islamic State", 3, false}}));
}

TEST(Matcher, ExactCaseUnderOneIdAcceptsAnyAddedForm) {
  PhraseMatcher m;
  m.add("ISIS", 1);
  m.add("Isis", 1);
  m.add("U.S.", 2);
  m.compile();
  std::string text = "ISIS Isis isis U.S. US";
  EXPECT_EQ(spans(text, m.find_all(text)),
            (S{{"ISIS", 1, true}, {"Isis", 1, true}, {"isis", 1, false}, {"U.S", 2, true}, {"US", 2, false}}));
}

TEST(Matcher, OverlapsAndNesting) {
  PhraseMatcher m;
  m.add("islamic state", 1);
  m.add("Islamic State Khorasan Province", 2);
  m.add("state", 3);
  m.add("khorasan", 4);
  m.add("state khorasan", 5);
  m.compile();
  std::string text = "the Islamic State Khorasan Province said";
  EXPECT_EQ(spans(text, m.find_all(text)),
            (S{{"Islamic State Khorasan Province", 2, true},
               {"Islamic State", 1, false},
               {"State Khorasan", 5, false},
               {"State", 3, false},
               {"Khorasan", 4, false}}));
  EXPECT_EQ(spans(text, m.find_longest(text)), (S{{"Islamic State Khorasan Province", 2, true}}));
  std::string text2 = "islamic state khorasan";
  EXPECT_EQ(spans(text2, m.find_longest(text2)),
            (S{{"islamic state", 1, true}, {"khorasan", 4, true}}));
}

TEST(Matcher, OnePhraseSeveralIds) {
  PhraseMatcher m;
  m.add("Georgia", 9);
  m.add("Georgia", 3);
  m.add("georgia", 3);  // same phrase, same id: still one match
  m.compile();
  EXPECT_EQ(m.size(), 3u);
  std::string text = "Georgia";
  EXPECT_EQ(spans(text, m.find_all(text)), (S{{"Georgia", 3, true}, {"Georgia", 9, true}}));
  EXPECT_EQ(spans(text, m.find_longest(text)), (S{{"Georgia", 3, true}, {"Georgia", 9, true}}));
}

TEST(Matcher, IgnoresEmptyAndPunctuationPatterns) {
  PhraseMatcher m;
  m.add("", 1);
  m.add(" - ... ' ", 2);
  m.add("x", 3);
  m.compile();
  EXPECT_EQ(m.size(), 1u);
  EXPECT_TRUE(m.find_all("").empty());
  EXPECT_TRUE(m.find_all(" -- ... ").empty());
  EXPECT_TRUE(m.find_longest("").empty());
  EXPECT_EQ(m.find_all("- x -").size(), 1u);
}

TEST(Matcher, EmptyAndUncompiledMatchNothing) {
  PhraseMatcher none;
  EXPECT_TRUE(none.find_all("anything").empty());
  none.compile();
  EXPECT_TRUE(none.find_all("anything").empty());
  PhraseMatcher pending;
  pending.add("anything", 1);
  EXPECT_FALSE(pending.compiled());
  EXPECT_TRUE(pending.find_all("anything").empty());
}

TEST(Matcher, FailureLinksAcrossRepeats) {
  PhraseMatcher m;
  m.add("a a b", 1);
  m.add("a b", 2);
  m.add("b a", 3);
  m.compile();
  std::string text = "a a a b a a b";
  auto ms = m.find_all(text);
  std::vector<std::tuple<size_t, size_t, uint32_t>> got;
  for (const Match& x : ms) got.emplace_back(x.first_token, x.last_token, x.id);
  EXPECT_EQ(got, (std::vector<std::tuple<size_t, size_t, uint32_t>>{
                     {1, 3, 1}, {2, 3, 2}, {3, 4, 3}, {4, 6, 1}, {5, 6, 2}}));
}

TEST(Matcher, PrefoldedTokensGiveTheSameMatches) {
  PhraseMatcher m;
  m.add("U.S.-led coalition", 1);
  m.add("coalition", 2);
  m.compile();
  std::string text = "The U.S.-led Coalition struck.";
  auto tokens = fold_tokens(text);
  auto a = m.find_all(text);
  auto b = m.find_all(text, tokens);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].begin, b[i].begin);
    EXPECT_EQ(a[i].end, b[i].end);
    EXPECT_EQ(a[i].id, b[i].id);
  }
  EXPECT_EQ(text.substr(a[0].begin, a[0].end - a[0].begin), "U.S.-led Coalition");
}

TEST(Matcher, CopiesAreIndependentBeforeCompile) {
  PhraseMatcher a;
  a.add("alpha", 1);
  PhraseMatcher b = a;
  b.add("beta", 2);
  a.compile();
  b.compile();
  EXPECT_EQ(a.find_all("alpha beta").size(), 1u);
  EXPECT_EQ(b.find_all("alpha beta").size(), 2u);
  PhraseMatcher c = b;  // shares the compiled automaton
  EXPECT_EQ(c.find_all("alpha beta").size(), 2u);
}

// ---------------------------------------------------------------------------
// The oracle: random texts and pattern sets, against a naive scan.

struct Pattern {
  std::vector<std::string> tokens;  // folded
  std::vector<std::string> raw;     // the original bytes of each token
  uint32_t id;
};

using Row = std::tuple<size_t, size_t, uint32_t, size_t, size_t, bool>;

Row row(const Match& m) {
  return {m.begin, m.end, m.id, m.first_token, m.last_token, m.exact_case};
}

// Every (start, pattern) pair compared token by token; one row per
// (span, id), exact when any phrase of that id matches byte for byte.
std::vector<Row> naive_all(std::string_view text, const std::vector<Pattern>& pats) {
  auto toks = fold_tokens(text);
  std::map<std::tuple<size_t, size_t, uint32_t>, bool> found;  // (first, last, id) -> exact
  for (size_t p = 0; p < toks.size(); ++p) {
    for (const Pattern& pat : pats) {
      if (pat.tokens.empty() || p + pat.tokens.size() > toks.size()) continue;
      bool same = true, exact = true;
      for (size_t k = 0; k < pat.tokens.size() && same; ++k) {
        const FoldedToken& t = toks[p + k];
        same = t.folded == pat.tokens[k];
        exact = exact && text.substr(t.begin, t.end - t.begin) == pat.raw[k];
      }
      if (!same) continue;
      bool& e = found[{p, p + pat.tokens.size() - 1, pat.id}];
      e = e || exact;
    }
  }
  std::vector<Row> out;
  for (const auto& [key, exact] : found) {
    auto [first, last, id] = key;
    out.emplace_back(toks[first].begin, toks[last].end, id, first, last, exact);
  }
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
    if (std::get<3>(a) != std::get<3>(b)) return std::get<3>(a) < std::get<3>(b);
    if (std::get<4>(a) != std::get<4>(b)) return std::get<4>(a) > std::get<4>(b);
    return std::get<2>(a) < std::get<2>(b);
  });
  return out;
}

// Leftmost-longest: at each token, the longest pattern starting there (all
// its ids), then on past it.
std::vector<Row> naive_longest(std::string_view text, const std::vector<Pattern>& pats) {
  auto all = naive_all(text, pats);
  size_t ntok = fold_tokens(text).size();
  std::vector<Row> out;
  for (size_t p = 0; p < ntok;) {
    size_t best = 0;
    for (const Row& r : all) {
      if (std::get<3>(r) == p) best = std::max(best, std::get<4>(r) - p + 1);
    }
    if (best == 0) {
      ++p;
      continue;
    }
    for (const Row& r : all) {
      if (std::get<3>(r) == p && std::get<4>(r) == p + best - 1) out.push_back(r);
    }
    p += best;
  }
  return out;
}

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> v = {
      "islamic", "state", "khorasan", "province", "al",     "qa'ida", "qaida",  "qaeda",
      "shi'ite", "boko",  "haram",    "is",       "isis",   "k",      "u",      "s",
      "the",     "of",    "san",      "miguel",   "josé",   "zürich", "ÜBER",   "uber",
      "café",    "CAFÉ",  "a",        "b",        "attack", "led",    "front",  "liberation"};
  return v;
}

std::string random_case(std::mt19937& rng, std::string w) {
  switch (rng() % 4) {
    case 0:
      for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    case 1:
      if (!w.empty()) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      break;
    default:
      break;
  }
  return w;
}

std::string random_text(std::mt19937& rng, size_t words) {
  static const std::vector<std::string> seps = {" ", " ", " ", "  ", "-", ", ", ". ", ".", "/", "'",
                                                "\xE2\x80\x99", "'s ", " (", ") ", "\xE2\x80\x94", "\n"};
  const auto& vocab = vocabulary();
  std::string text;
  if (rng() % 3 == 0) text += seps[rng() % seps.size()];
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) text += seps[rng() % seps.size()];
    text += random_case(rng, vocab[rng() % vocab.size()]);
  }
  if (rng() % 3 == 0) text += seps[rng() % seps.size()];
  return text;
}

// A phrase as added, with its tokens folded the way the matcher sees them.
Pattern make_pattern(const std::string& phrase, uint32_t id) {
  Pattern p{{}, {}, id};
  for (const FoldedToken& t : fold_tokens(phrase)) {
    p.tokens.push_back(t.folded);
    p.raw.push_back(phrase.substr(t.begin, t.end - t.begin));
  }
  return p;
}

std::vector<std::pair<std::string, uint32_t>> random_phrases(std::mt19937& rng, size_t n) {
  static const std::vector<std::string> fixed = {
      "Islamic State", "islamic state khorasan province", "state", "ISIS-K", "al-Qa'ida",
      "Al Qaida",      "U.S.",                            "u s",   "IS",     "a a b",
      "a b",           "b a",                             "Boko Haram", "josé", "Jose", "über café",
      "",              " - ",                             "the"};
  const auto& vocab = vocabulary();
  std::vector<std::pair<std::string, uint32_t>> out;
  for (size_t i = 0; i < n; ++i) {
    std::string phrase;
    if (rng() % 3 == 0) {
      phrase = fixed[rng() % fixed.size()];
    } else {
      size_t len = 1 + rng() % 4;
      for (size_t k = 0; k < len; ++k) {
        if (k > 0) phrase += (rng() % 4 == 0) ? "-" : " ";
        phrase += random_case(rng, vocab[rng() % vocab.size()]);
      }
    }
    out.emplace_back(phrase, static_cast<uint32_t>(rng() % 12));
  }
  return out;
}

// Up to 40 random phrases, as added and as patterns, and their matcher.
struct RandomSet {
  std::vector<std::pair<std::string, uint32_t>> phrases;
  std::vector<Pattern> pats;
  PhraseMatcher m;
};

RandomSet random_set(std::mt19937& rng) {
  RandomSet r;
  r.phrases = random_phrases(rng, 1 + rng() % 40);
  for (const auto& [phrase, id] : r.phrases) {
    r.m.add(phrase, id);
    r.pats.push_back(make_pattern(phrase, id));
  }
  r.m.compile();
  return r;
}

TEST(Matcher, OracleRandom) {
  std::mt19937 rng(20240611);
  size_t total_matches = 0;
  for (int round = 0; round < 400; ++round) {
    const auto [phrases, pats, m] = random_set(rng);
    for (int t = 0; t < 5; ++t) {
      std::string text = random_text(rng, rng() % 60);
      std::vector<Row> got;
      for (const Match& x : m.find_all(text)) got.push_back(row(x));
      auto want = naive_all(text, pats);
      ASSERT_EQ(got, want) << "round " << round << " text: " << text;
      total_matches += got.size();

      std::vector<Row> got_pre;
      for (const Match& x : m.find_all(text, fold_tokens(text))) got_pre.push_back(row(x));
      ASSERT_EQ(got_pre, want) << "prefolded, round " << round << " text: " << text;

      std::vector<Row> longest;
      for (const Match& x : m.find_longest(text)) longest.push_back(row(x));
      ASSERT_EQ(longest, naive_longest(text, pats)) << "round " << round << " text: " << text;
    }
  }
  EXPECT_GT(total_matches, 5000u);  // the oracle saw plenty of matches
}

// Words whose folded forms meet in every way the matcher's shortcuts care
// about: ASCII and non-ASCII spellings of one token, apostrophes of both
// kinds, initialisms, ligatures, and folded lengths around the 8- and
// 16-byte key words and past them.
const std::vector<std::string>& mixed_words() {
  static const std::vector<std::string> v = {"kharu",
                                             "Kharu",
                                             "KHARU",
                                             "jos\xC3\xA9",
                                             "Jose",
                                             "JOS\xC3\x89",
                                             "qa'ida",
                                             "Qa\xE2\x80\x99ida",
                                             "qaida",
                                             "U.S.",
                                             "us",
                                             "US",
                                             "stra\xC3\x9F"
                                             "e",
                                             "STRASSE",
                                             "\xC5\x81\xC3\xB3"
                                             "d\xC5\xBA",
                                             "lodz",
                                             "\xEF\xAC\x81re",
                                             "fire",
                                             "x",
                                             "X",
                                             "9",
                                             "a.m.",
                                             "am",
                                             "abcdefg",
                                             "abcdefgh",
                                             "ABCDEFGHI",
                                             "abcdefghijklmno",
                                             "abcdefghijklmnop",
                                             "Abcdefghijklmnopq",
                                             "abcdefghijklmnop\xC3\xA9",
                                             std::string(33, 'z'),
                                             std::string(33, 'Z'),
                                             "al",
                                             "qaeda"};
  return v;
}

std::string mixed_text(std::mt19937& rng, const std::vector<std::string>& extra, size_t words) {
  static const std::vector<std::string> seps = {" ",
                                                " ",
                                                " ",
                                                "  ",
                                                "-",
                                                ", ",
                                                ". ",
                                                "\n",
                                                "\xE2\x80\x94",
                                                " (",
                                                ") ",
                                                "'s ",
                                                "\xE2\x80\x99s "};
  const auto& vocab = mixed_words();
  std::string text;
  for (size_t i = 0; i < words; ++i) {
    if (i > 0) text += seps[rng() % seps.size()];
    if (!extra.empty() && rng() % 50 == 0) {
      text += extra[rng() % extra.size()];
    } else {
      text += vocab[rng() % vocab.size()];
    }
  }
  return text;
}

// The oracle again, over mixed scripts: whatever path each token takes
// through the scanner and the key, matches and exact_case must be the naive
// scan's. One phrase is 20 tokens long, more than the matcher keeps at hand
// for short patterns, and one is more than 64 letters long.
TEST(Matcher, OracleMixedScripts) {
  std::mt19937 rng(777);
  const auto& vocab = mixed_words();
  std::string long_phrase;
  for (int k = 0; k < 20; ++k) long_phrase += (k ? " " : "") + vocab[k % vocab.size()];
  const std::string wide_phrase = std::string(33, 'z') + " " + std::string(33, 'Z') + " kharu";
  const std::vector<std::string> extra = {long_phrase, wide_phrase};
  size_t total = 0;
  for (int round = 0; round < 300; ++round) {
    PhraseMatcher m;
    std::vector<Pattern> pats;
    auto add = [&](const std::string& phrase, uint32_t id) {
      m.add(phrase, id);
      pats.push_back(make_pattern(phrase, id));
    };
    for (size_t i = 0, n = 1 + rng() % 30; i < n; ++i) {
      std::string phrase;
      for (size_t k = 0, len = 1 + rng() % 3; k < len; ++k) {
        phrase += (k ? (rng() % 3 ? " " : "-") : "") + vocab[rng() % vocab.size()];
      }
      add(phrase, static_cast<uint32_t>(rng() % 10));
    }
    if (round % 3 == 0) add(long_phrase, 10);
    if (round % 4 == 0) add(wide_phrase, 11);
    m.compile();
    for (int t = 0; t < 4; ++t) {
      std::string text = mixed_text(rng, extra, rng() % 80);
      std::vector<Row> got;
      for (const Match& x : m.find_all(text)) got.push_back(row(x));
      auto want = naive_all(text, pats);
      ASSERT_EQ(got, want) << "round " << round << " text: " << text;
      total += got.size();

      std::vector<Row> got_pre;
      for (const Match& x : m.find_all(text, fold_tokens(text))) got_pre.push_back(row(x));
      ASSERT_EQ(got_pre, want) << "prefolded, round " << round << " text: " << text;

      std::vector<Row> longest;
      for (const Match& x : m.find_longest(text)) longest.push_back(row(x));
      ASSERT_EQ(longest, naive_longest(text, pats)) << "round " << round << " text: " << text;
    }
  }
  EXPECT_GT(total, 3000u);
}

TEST(Matcher, ExactCaseAcrossScripts) {
  PhraseMatcher m;
  m.add("Jose Cafe", 1);
  m.add("Jos\xC3\xA9", 2);
  m.add("kharu-BINDAL", 3);
  m.add("Qa'ida", 4);
  const std::string wide = std::string(40, 'a') + " " + std::string(30, 'B');  // 70 letters
  m.add(wide, 5);
  m.compile();
  std::string text =
      "Jos\xC3\xA9 Cafe, jose cafe. Jose Caf\xC3\xA9; Jose CAFE. Jos\xC3\xA9 jose Jose\n"
      "Kharu Bindal, kharu BINDAL; Qa\xE2\x80\x99ida Qa'ida qa'ida\n" +
      wide + " " + std::string(40, 'a') + " " + std::string(30, 'b');
  EXPECT_EQ(spans(text, m.find_all(text)),
            (S{{"Jos\xC3\xA9 Cafe", 1, false},
               {"Jos\xC3\xA9", 2, true},
               {"jose cafe", 1, false},
               {"jose", 2, false},
               {"Jose Caf\xC3\xA9", 1, false},
               {"Jose", 2, false},
               {"Jose CAFE", 1, false},
               {"Jose", 2, false},
               {"Jos\xC3\xA9", 2, true},
               {"jose", 2, false},
               {"Jose", 2, false},
               {"Kharu Bindal", 3, false},
               {"kharu BINDAL", 3, true},
               {"Qa\xE2\x80\x99ida", 4, false},
               {"Qa'ida", 4, true},
               {"qa'ida", 4, false},
               {wide, 5, true},
               {std::string(40, 'a') + " " + std::string(30, 'b'), 5, false}}));
}

// At scale: thousands of patterns over a Zipf-like vocabulary, checked
// against a hash map from each folded token sequence to its phrases.
TEST(Matcher, OracleManyPatterns) {
  std::mt19937 rng(99);
  std::vector<std::string> words;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n; ++k) {
      w += "bdgklmnrstz"[rng() % 11];
      w += "aeiou"[rng() % 5];
    }
    words.push_back(w);
  }
  // Word i is drawn with weight ~1/(i+1).
  std::vector<double> weights;
  for (size_t i = 0; i < words.size(); ++i) weights.push_back(1.0 / static_cast<double>(i + 1));
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());

  PhraseMatcher m;
  std::map<std::string, std::vector<Pattern>> by_key;  // fold_key -> phrases
  size_t max_len = 0;
  for (uint32_t i = 0; i < 20000; ++i) {
    std::string phrase;
    size_t len = 1 + rng() % 4;
    // The first word is Zipf-like, so some nodes have hundreds of children.
    for (size_t k = 0; k < len; ++k) {
      const std::string& w = k == 0 ? words[pick(rng)] : words[rng() % words.size()];
      phrase += (k ? " " : "") + random_case(rng, w);
    }
    uint32_t id = static_cast<uint32_t>(rng() % 5000);
    m.add(phrase, id);
    by_key[fold_key(phrase)].push_back(make_pattern(phrase, id));
    max_len = std::max(max_len, len);
  }
  m.compile();

  std::string text;
  for (int i = 0; i < 6000; ++i) {
    const std::string& w = rng() % 2 ? words[pick(rng)] : words[rng() % words.size()];
    text += random_case(rng, w) + (rng() % 9 ? " " : ", ");
  }
  auto toks = fold_tokens(text);
  std::map<std::tuple<size_t, size_t, uint32_t>, bool> want_map;
  for (size_t p = 0; p < toks.size(); ++p) {
    std::string key;
    for (size_t len = 1; len <= max_len && p + len <= toks.size(); ++len) {
      key += (len > 1 ? " " : "") + toks[p + len - 1].folded;
      auto it = by_key.find(key);
      if (it == by_key.end()) continue;
      for (const Pattern& pat : it->second) {
        bool exact = true;
        for (size_t k = 0; k < len; ++k) {
          const FoldedToken& t = toks[p + k];
          exact = exact && text.substr(t.begin, t.end - t.begin) == pat.raw[k];
        }
        bool& e = want_map[{p, p + len - 1, pat.id}];
        e = e || exact;
      }
    }
  }
  std::vector<Row> want;
  for (const auto& [key, exact] : want_map) {
    auto [first, last, id] = key;
    want.emplace_back(toks[first].begin, toks[last].end, id, first, last, exact);
  }
  std::sort(want.begin(), want.end(), [](const Row& a, const Row& b) {
    if (std::get<3>(a) != std::get<3>(b)) return std::get<3>(a) < std::get<3>(b);
    if (std::get<4>(a) != std::get<4>(b)) return std::get<4>(a) > std::get<4>(b);
    return std::get<2>(a) < std::get<2>(b);
  });
  std::vector<Row> got;
  for (const Match& x : m.find_all(text)) got.push_back(row(x));
  EXPECT_GT(want.size(), 20000u);
  ASSERT_EQ(got.size(), want.size());
  EXPECT_EQ(got, want);
}


// ---------------------------------------------------------------------------
// find_exact: the matcher as a dictionary of folded phrases.

std::vector<uint32_t> exact(const PhraseMatcher& m, std::string_view phrase) {
  std::vector<uint32_t> ids;
  m.find_exact(fold_tokens(phrase), ids);
  return ids;
}

TEST(Matcher, FindExactWholePhrasesOnly) {
  PhraseMatcher m;
  m.add("Islamic State", 4);
  m.add("islamic-state", 1);  // the same folded phrase under another id
  m.add("Islamic State Khorasan Province", 2);
  m.add("al-Qa'ida", 3);
  m.add("Islamic State", 4);  // the same phrase and id again
  EXPECT_TRUE(exact(m, "Islamic State").empty());  // not compiled yet
  m.compile();
  EXPECT_EQ(exact(m, "ISLAMIC  STATE"), (std::vector<uint32_t>{1, 4}));
  EXPECT_EQ(exact(m, "Al Qaida"), (std::vector<uint32_t>{3}));
  EXPECT_EQ(exact(m, "islamic state khorasan province"), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(exact(m, "Islamic").empty());                 // a prefix
  EXPECT_TRUE(exact(m, "State").empty());                   // a known word, no phrase of its own
  EXPECT_TRUE(exact(m, "Islamic State Khorasan").empty());  // inside a longer phrase
  EXPECT_TRUE(exact(m, "the Islamic State").empty());
  EXPECT_TRUE(exact(m, "Islamic Emirate").empty());  // a word the matcher does not know
  EXPECT_TRUE(exact(m, "").empty());
  std::vector<uint32_t> ids = {7};
  m.find_exact(fold_tokens("al qaida"), ids);
  EXPECT_EQ(ids, (std::vector<uint32_t>{7, 3}));  // appended
}

// find_exact against a table from fold_key to ids: the phrases added, in
// other cases and spellings, with a word more or less, and random texts.
TEST(Matcher, FindExactOracle) {
  std::mt19937 rng(7);
  size_t found = 0;
  for (int round = 0; round < 200; ++round) {
    const auto [phrases, pats, m] = random_set(rng);
    std::map<std::string, std::set<uint32_t>> by_key;
    for (const auto& [phrase, id] : phrases) {
      if (std::string key = fold_key(phrase); !key.empty()) by_key[key].insert(id);
    }
    std::vector<std::string> queries;
    for (const auto& [phrase, id] : phrases) {
      queries.push_back(phrase);
      queries.push_back(random_case(rng, phrase));
      queries.push_back(phrase + " state");
      queries.push_back("the " + phrase);
      auto toks = fold_tokens(phrase);
      if (toks.size() > 1) queries.push_back(phrase.substr(0, toks[toks.size() - 2].end));
    }
    for (int i = 0; i < 20; ++i) queries.push_back(random_text(rng, 1 + rng() % 3));
    for (const std::string& q : queries) {
      std::vector<uint32_t> want;
      if (auto it = by_key.find(fold_key(q)); it != by_key.end()) {
        want.assign(it->second.begin(), it->second.end());
      }
      EXPECT_EQ(exact(m, q), want) << q;
      found += !want.empty();
    }
  }
  EXPECT_GT(found, 2000u);
}

TEST(Matcher, ReserveChangesNoMatch) {
  std::mt19937 rng(11);
  auto phrases = random_phrases(rng, 300);
  size_t bytes = 0;
  for (const auto& [phrase, id] : phrases) bytes += phrase.size();
  PhraseMatcher plain, reserved, hinted_low;
  reserved.reserve(phrases.size(), bytes);
  hinted_low.reserve(1, 1);  // a hint too low only means growing
  for (const auto& [phrase, id] : phrases) {
    plain.add(phrase, id);
    reserved.add(phrase, id);
    hinted_low.add(phrase, id);
  }
  plain.compile();
  reserved.compile();
  hinted_low.compile();
  EXPECT_EQ(reserved.size(), plain.size());
  size_t matches = 0;
  for (int i = 0; i < 50; ++i) {
    std::string text = random_text(rng, 40);
    std::vector<Row> a, b, c;
    for (const Match& x : plain.find_all(text)) a.push_back(row(x));
    for (const Match& x : reserved.find_all(text)) b.push_back(row(x));
    for (const Match& x : hinted_low.find_all(text)) c.push_back(row(x));
    EXPECT_EQ(b, a);
    EXPECT_EQ(c, a);
    matches += a.size();
  }
  EXPECT_GT(matches, 100u);
}

}  // namespace
}  // namespace sitrep::kb

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

TEST(Matcher, OracleRandom) {
  std::mt19937 rng(20240611);
  size_t total_matches = 0;
  for (int round = 0; round < 400; ++round) {
    auto phrases = random_phrases(rng, 1 + rng() % 40);
    PhraseMatcher m;
    std::vector<Pattern> pats;
    for (const auto& [phrase, id] : phrases) {
      m.add(phrase, id);
      pats.push_back(make_pattern(phrase, id));
    }
    m.compile();
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

}  // namespace
}  // namespace sitrep::kb

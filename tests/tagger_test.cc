// The role tagger's decoder against a naive oracle: Viterbi must find the
// best-scoring label sequence that obeys the BIO constraint, which brute
// force over every sequence finds too.
#include <gtest/gtest.h>

#include <charconv>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_map>

#include "analyze/analysis.h"
#include "core/text.h"
#include "extract/tagger.h"
#include "support/paths.h"

namespace sitrep::extract {
namespace {

bool valid(const std::vector<uint8_t>& y) {
  for (size_t t = 0; t < y.size(); ++t) {
    if (y[t] == 0 || (y[t] - 1) % 2 == 0) continue;  // O or B-r
    int role = (y[t] - 1) / 2;
    if (t == 0 || (y[t - 1] != begin_label(role) && y[t - 1] != inside_label(role))) return false;
  }
  return true;
}

double path_score(const std::vector<float>& em, const std::array<std::array<float, kLabels>, kLabels + 1>& tr,
                  const std::vector<uint8_t>& y) {
  double s = 0;
  for (size_t t = 0; t < y.size(); ++t) s += em[t * kLabels + y[t]] + tr[t == 0 ? kLabels : y[t - 1]][y[t]];
  return s;
}

TEST(Tagger, ViterbiMatchesBruteForce) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> w(-3, 3);
  for (int trial = 0; trial < 200; ++trial) {
    size_t n = 1 + trial % 4;
    std::vector<float> em(n * kLabels);
    for (float& x : em) x = w(rng);
    std::array<std::array<float, kLabels>, kLabels + 1> tr{};
    for (auto& row : tr)
      for (float& x : row) x = w(rng);
    std::vector<uint8_t> got(n);
    viterbi(em.data(), n, tr, got.data());
    ASSERT_TRUE(valid(got));
    // Brute force over all kLabels^n sequences.
    double best = -1e300;
    std::vector<uint8_t> y(n, 0);
    size_t total = 1;
    for (size_t k = 0; k < n; ++k) total *= kLabels;
    for (size_t code = 0; code < total; ++code) {
      size_t c = code;
      for (size_t k = 0; k < n; ++k) {
        y[k] = static_cast<uint8_t>(c % kLabels);
        c /= kLabels;
      }
      if (valid(y)) best = std::max(best, path_score(em, tr, y));
    }
    EXPECT_NEAR(path_score(em, tr, got), best, 1e-3) << "trial " << trial;
  }
}

// The plain Viterbi, one label and one predecessor at a time (the first of
// equal predecessors wins): viterbi() must give exactly its labels, ties
// included.
std::vector<uint8_t> plain_viterbi(const std::vector<float>& em, size_t n,
                                   const std::array<std::array<float, kLabels>, kLabels + 1>& tr) {
  auto allowed = [](int from, int to) {
    if (to == 0 || (to - 1) % 2 == 0) return true;
    return from == begin_label((to - 1) / 2) || from == inside_label((to - 1) / 2);
  };
  std::vector<float> score(n * kLabels);
  std::vector<uint8_t> back(n * kLabels);
  auto t = [&](int p, int y) { return allowed(p, y) ? tr[p][y] : -1e30f; };
  for (int y = 0; y < kLabels; ++y) score[y] = em[y] + t(kLabels, y);
  for (size_t i = 1; i < n; ++i)
    for (int y = 0; y < kLabels; ++y) {
      float best = score[(i - 1) * kLabels] + t(0, y);
      int arg = 0;
      for (int p = 1; p < kLabels; ++p) {
        float v = score[(i - 1) * kLabels + p] + t(p, y);
        if (v > best) best = v, arg = p;
      }
      score[i * kLabels + y] = best + em[i * kLabels + y];
      back[i * kLabels + y] = static_cast<uint8_t>(arg);
    }
  int y = 0;
  float best = -1e30f;
  for (int k = 0; k < kLabels; ++k)
    if (score[(n - 1) * kLabels + k] > best) best = score[(n - 1) * kLabels + k], y = k;
  std::vector<uint8_t> labels(n);
  for (size_t i = n; i-- > 0;) {
    labels[i] = static_cast<uint8_t>(y);
    y = back[i * kLabels + y];
  }
  return labels;
}

TEST(Tagger, ViterbiMatchesPlainViterbi) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> w(-3, 3);
  std::uniform_int_distribution<int> coarse(-2, 2);  // small integers: many ties
  for (int trial = 0; trial < 400; ++trial) {
    size_t n = 1 + trial % 40;
    std::vector<float> em(n * kLabels);
    std::array<std::array<float, kLabels>, kLabels + 1> tr{};
    bool ties = trial % 2 == 1;
    for (float& x : em) x = ties ? static_cast<float>(coarse(rng)) : w(rng);
    for (auto& row : tr)
      for (float& x : row) x = ties ? static_cast<float>(coarse(rng)) : w(rng);
    std::vector<uint8_t> got(n);
    viterbi(em.data(), n, tr, got.data());
    EXPECT_EQ(got, plain_viterbi(em, n, tr)) << "trial " << trial;
  }
}

TEST(Tagger, EmbeddedModelLoads) {
  const RoleModel& m = RoleModel::get();
  EXPECT_GT(m.features(), 1000u) << "data/extract/roles.tsv holds no trained model; run `make model`";
}

TEST(Tagger, SerializeThenParseIsIdentity) {
  std::vector<std::pair<uint64_t, std::array<float, kLabels>>> rows;
  std::array<float, kLabels> a{};
  a[0] = 0.5f;
  a[3] = -1.25f;
  rows.push_back({0x1234567890abcdefULL, a});
  std::array<std::array<float, kLabels>, kLabels + 1> tr{};
  tr[kLabels][1] = 2.f;
  RoleModel m;
  m.set(rows, tr);
  std::string text = m.serialize();
  auto back = RoleModel::parse(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->serialize(), text);
}

// The common words travel with the weights (V rows, 16 to a row), and a
// word outside them is rare.
TEST(Tagger, CommonWordsRoundTripAndMarkRareWords) {
  std::vector<uint64_t> words;
  for (const char* w : {"the", "guerrillas", "killed", "mayor", "of", "in"}) words.push_back(analyze::word_key(w));
  for (uint64_t k = 1; k <= 30; ++k) words.push_back(mix64(k));  // two rows and a part
  RoleModel m;
  m.set({}, {});
  m.set_common_words(words);
  std::string text = m.serialize();
  auto back = RoleModel::parse(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->serialize(), text);
  const WordSet& common = (*back)->common_words();
  for (uint64_t k : words) EXPECT_TRUE(common.contains(k));
  EXPECT_FALSE(common.contains(analyze::word_key("pizarro")));

  analyze::Analysis a = analyze::analyze("guerrillas killed the mayor of tame, carlos pizarro, in 1989.", "");
  FeatureContext ctx(a, common);
  std::string rare;
  for (size_t k = 0; k < a.tok.tokens.size(); ++k)
    if (ctx.rare[k]) rare += std::string(a.tok.word(a.text, a.tok.tokens[k])) + " ";
  EXPECT_EQ(rare, "tame carlos pizarro ");  // punctuation and numbers are never rare

  EXPECT_FALSE(RoleModel::parse("V\t12\n").ok());
}

// Edge words travel with the weights (L and R rows per role).
TEST(Tagger, EdgeWordsRoundTrip) {
  RoleModel m;
  m.set({}, {});
  m.set_edge_words(0, kVictim, {analyze::word_key("businessman")});
  m.set_edge_words(1, kTarget, {analyze::word_key("today")});
  std::string text = m.serialize();
  auto back = RoleModel::parse(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->serialize(), text);
  EXPECT_TRUE((*back)->edge_word(0, kVictim, analyze::word_key("businessman")));
  EXPECT_FALSE((*back)->edge_word(1, kVictim, analyze::word_key("businessman")));
  EXPECT_FALSE((*back)->edge_word(0, kTarget, analyze::word_key("businessman")));
  EXPECT_TRUE((*back)->edge_word(1, kTarget, analyze::word_key("today")));
  EXPECT_FALSE(RoleModel::parse("L\t7\t0000000000000001\n").ok());
  // Words that join a span: P before it, A after it.
  m.set_edge_words(2, kPerpInd, {analyze::word_key("urban")});
  m.set_edge_words(3, kWeaponRole, {analyze::word_key("launcher")});
  text = m.serialize();
  back = RoleModel::parse(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->serialize(), text);
  EXPECT_TRUE((*back)->edge_word(2, kPerpInd, analyze::word_key("urban")));
  EXPECT_TRUE((*back)->edge_word(3, kWeaponRole, analyze::word_key("launcher")));
  EXPECT_FALSE((*back)->edge_word(0, kPerpInd, analyze::word_key("urban")));
}

// The shipped model's edge words make sense: "alleged" is trimmed from
// perpetrators, "urban" joins them, no count is ever joined.
TEST(Tagger, ShippedEdgeWords) {
  const RoleModel& m = RoleModel::get();
  EXPECT_TRUE(m.edge_word(0, kPerpInd, analyze::word_key("alleged")));
  EXPECT_TRUE(m.edge_word(2, kPerpInd, analyze::word_key("urban")));
  for (int r = 0; r < kRoles; ++r) {
    EXPECT_FALSE(m.edge_word(2, r, analyze::word_key("<count>")));
    EXPECT_FALSE(m.edge_word(3, r, analyze::word_key("<count>")));
  }
}

// Counts and titles share an edge class, so the trainer's edge words
// generalise from "three" and "56" to "six", from "col" to "judge".
TEST(Tagger, EdgeClassesAreCountsAndTitleStarts) {
  analyze::Analysis a = analyze::analyze("six rebels and 56 guerrillas shot judge maria diaz with a bomb.", "");
  RoleModel m;
  FeatureContext ctx(a, m.common_words());
  std::vector<uint64_t> cls;
  for (uint32_t k = 0; k < a.tok.tokens.size(); ++k) cls.push_back(edge_class(ctx, k));
  const uint64_t count = analyze::word_key("<count>"), title = analyze::word_key("<title>");
  ASSERT_EQ(cls.size(), 13u);
  EXPECT_EQ(cls[0], count);   // six
  EXPECT_EQ(cls[1], 0u);      // rebels
  EXPECT_EQ(cls[3], count);   // 56
  EXPECT_EQ(cls[6], title);   // judge
  EXPECT_EQ(cls[7], 0u);      // maria
  EXPECT_EQ(cls[11], 0u);     // bomb
}

TEST(Tagger, MalformedModelNamesTheLine) {
  auto r = RoleModel::parse("# c\nF\tzz\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("roles.tsv:2"), std::string::npos);
}

// emissions() sums weight rows four labels at a time with prefetching; the
// plain sum, one label at a time from a map of the model's rows (as written
// out by serialize), must give the very same floats for every token of a
// news story.
TEST(Tagger, EmissionsMatchPlainSums) {
  const std::string tsv = RoleModel::get().serialize();
  std::unordered_map<uint64_t, std::array<float, kLabels>> rows;
  for (std::string_view line : split(tsv, '\n')) {
    if (line.empty() || line[0] != 'F') continue;
    std::vector<std::string_view> f = split(line, '\t');
    uint64_t key = 0;
    std::from_chars(f[1].data(), f[1].data() + f[1].size(), key, 16);
    std::array<float, kLabels> w{};
    for (size_t k = 2; k < f.size(); ++k) {
      size_t colon = f[k].find(':');
      int y = 0;
      std::from_chars(f[k].data(), f[k].data() + colon, y);
      std::from_chars(f[k].data() + colon + 1, f[k].data() + f[k].size(), w[y]);
    }
    rows[key] = w;
  }
  // serialize() writes weights to 4 significant digits: the model under
  // test is the one those rows parse to.
  auto parsed = RoleModel::parse(tsv);
  ASSERT_TRUE(parsed.ok());
  const RoleModel& model = **parsed;

  std::ifstream in(sitrep::testing::source_dir() / "samples" / "text" / "lima-shining-path-car-bomb.txt");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_GT(text.str().size(), 500u);
  analyze::Analysis a = analyze::analyze(text.str(), "");
  FeatureContext ctx(a, model.common_words());
  size_t tokens = 0, hits = 0;
  std::vector<float> em;
  std::vector<uint64_t> feats;
  for (const analyze::Sentence& s : a.tok.sentences) {
    model.emissions(ctx, s.first, s.last, em);
    ASSERT_EQ(em.size(), (s.last - s.first) * size_t{kLabels});
    for (uint32_t i = s.first; i < s.last; ++i) {
      float plain[kLabels] = {};
      feats.clear();
      token_features(ctx, i, feats);
      for (uint64_t f : feats) {
        auto it = rows.find(f ? f : 1);
        if (it == rows.end()) continue;
        ++hits;
        for (int y = 0; y < kLabels; ++y) plain[y] += it->second[y];
      }
      ++tokens;
      EXPECT_EQ(std::memcmp(plain, &em[(i - s.first) * kLabels], sizeof plain), 0) << "token " << i;
    }
  }
  EXPECT_GT(tokens, 100u);
  EXPECT_GT(hits, 10 * tokens);
}

}  // namespace
}  // namespace sitrep::extract

// Word classes (extract/clusters.h): the exchange algorithm's incremental
// bookkeeping against a naive one that recomputes the whole likelihood for
// every candidate move, the classes' trip through roles.tsv, and what the
// shipped classes make of the corpus.
#include <gtest/gtest.h>

#include <random>

#include "analyze/analysis.h"
#include "extract/clusters.h"
#include "extract/features.h"
#include "extract/tagger.h"

namespace sitrep::extract {
namespace {

Bigrams random_bigrams(std::mt19937& rng, size_t items, size_t pairs) {
  Bigrams b;
  b.items = items;
  // Skewed draws, as word frequencies are, and self-bigrams included.
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t k = 0; k < pairs; ++k) {
    auto draw = [&] { return static_cast<uint32_t>(items * u(rng) * u(rng)); };
    b.add(draw(), draw(), 1 + static_cast<uint32_t>(rng() % 3));
  }
  b.finish();
  return b;
}

// The naive exchange: each item in turn goes to the class whose whole
// likelihood, recomputed from scratch, is the largest (staying on ties).
std::vector<uint32_t> naive_exchange(const Bigrams& b, const std::vector<uint32_t>& rank, uint32_t classes,
                                     int passes) {
  std::vector<uint32_t> cls(b.items, 0);
  for (size_t r = 0; r < rank.size(); ++r) cls[rank[r]] = static_cast<uint32_t>(r % classes);
  for (int pass = 0; pass < passes; ++pass) {
    bool moved = false;
    for (uint32_t w : rank) {
      const uint32_t a = cls[w];
      double best_l = class_likelihood(b, cls, classes);
      uint32_t best = a;
      for (uint32_t c = 0; c < classes; ++c) {
        cls[w] = c;
        double l = class_likelihood(b, cls, classes);
        if (l > best_l + 1e-9 * (1 + std::fabs(best_l))) {
          best_l = l;
          best = c;
        }
      }
      cls[w] = best;
      moved |= best != a;
    }
    if (!moved) break;
  }
  return cls;
}

TEST(Clusters, ExchangeMatchesNaiveRecomputation) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const size_t items = 5 + trial % 20;
    Bigrams b = random_bigrams(rng, items, 20 + 7 * trial);
    std::vector<uint32_t> rank(items);
    for (uint32_t k = 0; k < items; ++k) rank[k] = k;
    std::shuffle(rank.begin(), rank.end(), rng);
    const uint32_t classes = 2 + trial % 5;
    for (int passes : {1, 3}) {
      std::vector<uint32_t> fast = exchange_clusters(b, rank, classes, passes);
      std::vector<uint32_t> slow = naive_exchange(b, rank, classes, passes);
      ASSERT_EQ(fast, slow) << "trial " << trial << ", " << passes << " passes";
    }
  }
}

TEST(Clusters, ExchangeNeverLowersTheLikelihood) {
  std::mt19937 rng(5);
  Bigrams b = random_bigrams(rng, 200, 3000);
  std::vector<uint32_t> rank(200);
  for (uint32_t k = 0; k < 200; ++k) rank[k] = k;
  std::vector<uint32_t> start(200);
  for (uint32_t k = 0; k < 200; ++k) start[k] = k % 16;
  double last = class_likelihood(b, start, 16);
  for (int passes = 1; passes <= 4; ++passes) {
    double l = class_likelihood(b, exchange_clusters(b, rank, 16, passes), 16);
    EXPECT_GE(l, last - 1e-6);
    last = l;
  }
}

// Words used alike fall together: two families of words that never share a
// neighbourhood end in different classes, each family in one.
TEST(Clusters, WordsUsedAlikeShareAClass) {
  auto key = [](std::string_view w) { return analyze::word_key(w); };
  std::vector<std::vector<uint64_t>> sentences;
  std::mt19937 rng(3);
  const std::vector<std::string_view> people = {"gunmen", "assailants", "terrorists", "rebels"};
  const std::vector<std::string_view> things = {"bus", "jeep", "truck", "car"};
  for (int k = 0; k < 400; ++k) {
    sentences.push_back({key("the"), key(people[rng() % 4]), key("fired"), key("on"), key("them")});
    sentences.push_back({key("a"), key(things[rng() % 4]), key("was"), key("burned"), key(".")});
  }
  WordClusters wc = learn_word_clusters(sentences, 3, 4, 2, 10);
  const WordClass p = wc.find(key("gunmen")), t = wc.find(key("bus"));
  ASSERT_NE(p.fine, 0);
  ASSERT_NE(t.fine, 0);
  EXPECT_NE(p.fine, t.fine);
  for (std::string_view w : people) EXPECT_EQ(wc.find(key(w)).fine, p.fine) << w;
  for (std::string_view w : things) EXPECT_EQ(wc.find(key(w)).fine, t.fine) << w;
  EXPECT_EQ(wc.find(key("never-seen")).fine, 0);
}

TEST(Clusters, RoundTripThroughTheModelFile) {
  RoleModel m;
  std::array<std::array<float, kLabels>, kLabels + 1> tr{};
  m.set({}, tr);
  WordClusters wc;
  std::vector<std::pair<uint64_t, WordClass>> words;
  // A coarse class is a union of fine ones: the fine class decides it.
  for (uint64_t k = 1; k <= 40; ++k) {
    const auto fine = static_cast<uint16_t>(1 + k % 5);
    words.push_back({k * 0x9E3779B97F4A7C15ULL, WordClass{fine, static_cast<uint16_t>(1 + fine % 2)}});
  }
  wc.assign(words);
  m.set_clusters(wc);
  m.set_recall_bias(12.5f);
  std::string text = m.serialize();
  auto back = RoleModel::parse(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->serialize(), text);
  EXPECT_EQ((*back)->recall_bias(), 12.5f);
  for (const auto& [k, c] : words) {
    EXPECT_EQ((*back)->clusters().find(k).fine, c.fine);
    EXPECT_EQ((*back)->clusters().find(k).coarse, c.coarse);
  }
}

TEST(Clusters, MalformedClassRowNamesTheLine) {
  auto r = RoleModel::parse("# c\nK\t0\t1\t0000000000000001\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("roles.tsv:2"), std::string::npos);
  auto bias = RoleModel::parse("B\tx\n");
  ASSERT_FALSE(bias.ok());
  EXPECT_NE(bias.status().message().find("roles.tsv:1"), std::string::npos);
}

// The shipped model's classes: perpetrator nouns of the corpus share a
// coarse class, and it is not the one of vehicles.
TEST(Clusters, ShippedClassesGroupPerpetrators) {
  const WordClusters& wc = RoleModel::get().clusters();
  ASSERT_FALSE(wc.empty()) << "data/extract/roles.tsv holds no word classes; run `make model`";
  auto cls = [&](std::string_view w) { return wc.find(analyze::word_key(w)); };
  EXPECT_NE(cls("guerrillas").fine, 0);
  EXPECT_EQ(cls("guerrillas").coarse, cls("terrorists").coarse);
  EXPECT_NE(cls("guerrillas").coarse, cls("bus").coarse);
}

}  // namespace
}  // namespace sitrep::extract

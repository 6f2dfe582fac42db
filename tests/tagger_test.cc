// The role tagger's decoder against a naive oracle: Viterbi must find the
// best-scoring label sequence that obeys the BIO constraint, which brute
// force over every sequence finds too.
#include <gtest/gtest.h>

#include <random>

#include "extract/tagger.h"

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

TEST(Tagger, MalformedModelNamesTheLine) {
  auto r = RoleModel::parse("# c\nF\tzz\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("roles.tsv:2"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::extract

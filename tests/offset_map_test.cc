// OffsetMap: derived-to-original offsets through copies, replacements and
// composition, checked against a naive per-byte oracle on random edits.
#include <gtest/gtest.h>

#include <random>

#include "sitrep/offset_map.h"

namespace sitrep {

TEST(OffsetMap, CopyMapsByteForByte) {
  MappedText t;
  t.copy(10, "hello");
  t.replace(15, 3, " ");
  t.copy(18, "world");
  EXPECT_EQ(t.text(), "hello world");
  EXPECT_EQ(t.map().to_original(0), 10u);
  EXPECT_EQ(t.map().to_original(4), 14u);
  EXPECT_EQ(t.map().to_original(5), 15u);  // the replacement maps to its start
  EXPECT_EQ(t.map().to_original(6), 18u);
  auto [b, e] = t.map().to_original(6, 11);
  EXPECT_EQ(b, 18u);
  EXPECT_EQ(e, 23u);
}

TEST(OffsetMap, SpanOverReplacementCoversWholeOriginal) {
  MappedText t;
  t.copy(0, "a");
  t.replace(1, 2, "i");  // a two-byte look-alike folded to one byte
  t.copy(3, "n");
  auto [b, e] = t.map().to_original(1, 2);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(e, 3u);
}

TEST(OffsetMap, TrimBackDropsTrailingBytes) {
  MappedText t;
  t.copy(0, "ab");
  t.replace(2, 1, "  ");
  t.trim_back(' ');
  EXPECT_EQ(t.text(), "ab");
  EXPECT_EQ(t.map().derived_size(), 2u);
}

// Oracle: a per-byte vector of original offsets, built alongside.
TEST(OffsetMap, ComposeMatchesPerByteOracle) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    // Stage 1: A -> B with random copies and replacements.
    MappedText b;
    std::vector<size_t> oracle_b;  // B byte -> A offset (start for replacements)
    size_t a_pos = 0;
    for (int k = 0; k < 12; ++k) {
      size_t len = rng() % 6 + 1;
      if (rng() % 3 == 0) {
        size_t out_len = rng() % 4;
        b.replace(a_pos, len, std::string(out_len, 'r'));
        for (size_t i = 0; i < out_len; ++i) oracle_b.push_back(a_pos);
      } else {
        b.copy(a_pos, std::string(len, 'c'));
        for (size_t i = 0; i < len; ++i) oracle_b.push_back(a_pos + i);
      }
      a_pos += len;
    }
    // Stage 2: B -> C.
    MappedText c;
    std::vector<size_t> oracle_c;
    size_t b_pos = 0;
    while (b_pos < b.text().size()) {
      size_t len = std::min<size_t>(rng() % 5 + 1, b.text().size() - b_pos);
      if (rng() % 3 == 0) {
        size_t out_len = rng() % 3 + 1;
        c.replace(b_pos, len, std::string(out_len, 'x'));
        for (size_t i = 0; i < out_len; ++i) oracle_c.push_back(b.map().to_original(b_pos));
      } else {
        c.copy(b_pos, b.text().substr(b_pos, len));
        for (size_t i = 0; i < len; ++i) oracle_c.push_back(oracle_b[b_pos + i]);
      }
      b_pos += len;
    }
    OffsetMap composed = b.map().then(c.map());
    ASSERT_EQ(composed.derived_size(), oracle_c.size());
    for (size_t i = 0; i < oracle_c.size(); ++i) {
      ASSERT_EQ(composed.to_original(i), oracle_c[i]) << "round " << round << " byte " << i;
    }
  }
}

}  // namespace sitrep

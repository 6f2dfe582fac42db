// BigVec: huge-page mappings from kBigBytes up, operator new below, and a
// vector that moves between the two keeps its contents.
#include "core/big_alloc.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace sitrep {
namespace {

TEST(BigAlloc, GrowingAcrossTheThresholdKeepsContents) {
  BigVec<uint32_t> v;
  for (uint32_t i = 0; i < 3'000'000; ++i) v.push_back(i * 7);  // 12 MB, several growths
  ASSERT_EQ(v.size(), 3'000'000u);
  for (uint32_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], i * 7) << i;
  v.resize(10);
  v.shrink_to_fit();  // back below the threshold
  EXPECT_EQ(v[9], 63u);
}

TEST(BigAlloc, BigArraysAreZeroedAndAlignedToHugePages) {
  BigVec<uint64_t> v(kBigBytes / sizeof(uint64_t) + 1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(v.data()) % (size_t{2} << 20), 0u);
  for (uint64_t x : v) ASSERT_EQ(x, 0u);
  BigString s(kBigBytes * 3, 'x');
  s += "end";
  EXPECT_EQ(s.substr(s.size() - 4), "xend");
}

}  // namespace
}  // namespace sitrep

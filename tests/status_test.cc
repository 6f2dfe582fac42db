// Status and Result: the error catalogue's codes and formatting.
#include <gtest/gtest.h>

#include "sitrep/status.h"

namespace sitrep {

TEST(Status, FormatsCodeSummaryAndMessage) {
  Status s(ErrorCode::kInvalidUtf8, "byte 0xff at offset 3");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.to_string(), "E103 invalid UTF-8: byte 0xff at offset 3");
}

TEST(Status, CodesAreStable) {
  EXPECT_EQ(error_code_id(ErrorCode::kOk), "E000");
  EXPECT_EQ(error_code_id(ErrorCode::kTruncatedGzip), "E201");
  EXPECT_EQ(error_code_id(ErrorCode::kMalformedWarc), "E204");
}

TEST(Result, HoldsValueOrStatus) {
  Result<int> good = 4;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  Result<int> bad = Status(ErrorCode::kNotFound, "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kNotFound);
}

}  // namespace sitrep

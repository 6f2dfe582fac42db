// count_words: a word is a run of ASCII letters and digits and non-ASCII
// bytes, tested byte by byte without isalnum(); the C locale's isalnum()
// is the oracle.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "clean/boilerplate.h"

namespace sitrep::clean {
namespace {

TEST(CountWords, ByteClassesMatchIsalnum) {
  for (int c = 1; c < 256; ++c) {
    std::string s = "a";
    s += static_cast<char>(c);
    s += "a";
    bool word = std::isalnum(c) || c >= 0x80;
    EXPECT_EQ(count_words(s), word ? 1u : 2u) << "byte " << c;
  }
  EXPECT_EQ(count_words("  two words "), 2u);
  EXPECT_EQ(count_words(""), 0u);
}

TEST(CountWords, StopsAtTheLimit) {
  EXPECT_EQ(count_words("one two three four", 2), 2u);
  EXPECT_EQ(count_words("one two three four", 4), 4u);
  EXPECT_EQ(count_words("one two three four", 9), 4u);
}

}  // namespace
}  // namespace sitrep::clean

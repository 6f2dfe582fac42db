// Body normalisation: look-alike folding only in mixed-script words, NFC,
// quotes, whitespace, and offsets that lead back to the original bytes.
#include <gtest/gtest.h>

#include "clean/normalize.h"

namespace sitrep::clean {

TEST(Normalize, FoldsCyrillicLookAlikesInMixedWords) {
  // "іn" (Cyrillic і + Latin n), "оf" (Cyrillic о + Latin f), "tо", "іt".
  std::string in = "attacks \xD1\x96n Russia, \xD0\xBE" "f course t\xD0\xBE target \xD1\x96t";
  MappedText out = normalize_text(in);
  EXPECT_EQ(out.text(), "attacks in Russia, of course to target it");
}

TEST(Normalize, LeavesWholeRussianWordsAlone) {
  std::string in = "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 (Moscow) \xD0\xB8 \xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD1\x8F";
  MappedText out = normalize_text(in);
  EXPECT_EQ(out.text(), in);
}

TEST(Normalize, FoldingCanBeTurnedOff) {
  std::string in = "\xD1\x96n";
  NormalizeOptions opt;
  opt.fold_confusables = false;
  EXPECT_EQ(normalize_text(in, opt).text(), in);
}

TEST(Normalize, QuotesWhitespaceAndInvisibles) {
  std::string in = "\xE2\x80\x9CIt\xE2\x80\x99s over,\xE2\x80\x9D  he\xC2\xA0said.\xE2\x80\x8B\n\n\nNext";
  EXPECT_EQ(normalize_text(in).text(), "\"It's over,\" he said.\n\nNext");
}

TEST(Normalize, ComposesToNfc) {
  std::string in = "Cafe\xCC\x81 bombing";  // e + combining acute
  EXPECT_EQ(normalize_text(in).text(), "Caf\xC3\xA9 bombing");
}

TEST(Normalize, OffsetsLeadBackToOriginalBytes) {
  std::string in = "  The attack \xD1\x96n   Moscow.";
  MappedText out = normalize_text(in);
  ASSERT_EQ(out.text(), "The attack in Moscow.");
  size_t moscow = out.text().find("Moscow");
  auto [b, e] = out.map().to_original(moscow, moscow + 6);
  EXPECT_EQ(in.substr(b, e - b), "Moscow");
  size_t word = out.text().find("in");
  auto [wb, we] = out.map().to_original(word, word + 2);
  EXPECT_EQ(in.substr(wb, we - wb), "\xD1\x96n");
}

}  // namespace sitrep::clean

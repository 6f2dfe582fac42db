// Language identification: the sample CLD2 reads, and answers on it.
#include <gtest/gtest.h>

#include <string>

#include "clean/lang.h"

namespace sitrep::clean {
namespace {

TEST(Lang, SampleEndsBeforeASpace) {
  std::string text;
  while (text.size() < 3 * kLanguageSampleBytes) text += "the guerrillas attacked the power station ";
  std::string_view s = language_sample(text);
  EXPECT_LE(s.size(), kLanguageSampleBytes);
  EXPECT_GT(s.size(), kLanguageSampleBytes - 50);
  EXPECT_EQ(text[s.size()], ' ');
  EXPECT_EQ(language_sample("short text"), "short text");
}

TEST(Lang, SampleWithoutSpacesEndsOnACharacter) {
  std::string text;
  while (text.size() < 2 * kLanguageSampleBytes) text += "\xE6\x94\xBB\xE5\x87\xBB";  // 攻击
  std::string_view s = language_sample(text);
  EXPECT_LE(s.size(), kLanguageSampleBytes);
  EXPECT_EQ(s.size() % 3, 0u);
}

TEST(Lang, LongTextsAreNamed) {
  std::string en, es;
  for (int i = 0; i < 60; ++i) {
    en += "Police said the bomb exploded outside the embassy on Tuesday, killing three guards. ";
    es += "La policía dijo que la bomba estalló frente a la embajada el martes y mató a tres guardias. ";
  }
  EXPECT_EQ(detect_language(en), "en");
  EXPECT_EQ(detect_language(es), "es");
  EXPECT_EQ(detect_language("too short"), "");
}

}  // namespace
}  // namespace sitrep::clean

// Regression: a text kept as one long line (MUC-4, feeds flattened to one
// line) used to lose its whole story as the "title" and fail with E106.
#include <gtest/gtest.h>

#include "sitrep/sitrep.h"

namespace sitrep {
namespace {

TEST(TextClean, OneLineStoryIsBodyNotTitle) {
  std::string story;
  for (int i = 0; i < 12; ++i)
    story += "the guerrillas attacked the farm located on the pacific side, a spokesman said.    ";
  Document d;
  d.id = "one-line";
  d.raw = story;
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_TRUE(d.title.empty());
  EXPECT_NE(d.body.find("guerrillas attacked the farm"), std::string::npos);
}

TEST(TextClean, LoneShortLineIsBody) {
  Document d;
  d.id = "lone";
  d.raw = "seven soldiers were killed by a bomb when rebels ambushed a convoy in saravena.";
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_NE(d.body.find("seven soldiers were killed"), std::string::npos);
}

TEST(TextClean, ShortFirstLineIsStillTheTitle) {
  Document d;
  d.id = "titled";
  d.raw = "Guerrillas attack a farm\n\nThe guerrillas attacked the farm located on the pacific side, "
          "a spokesman said on Monday. Nobody was hurt, the army said.\n";
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_EQ(d.title, "Guerrillas attack a farm");
  EXPECT_EQ(d.body.find("Guerrillas attack a farm"), std::string::npos);
}

}  // namespace
}  // namespace sitrep

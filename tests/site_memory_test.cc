// Repeated blocks across a site: paragraphs a site prints on page after page
// are dropped from later pages of the batch, story text never is.
#include <gtest/gtest.h>

#include "sitrep/sitrep.h"

namespace sitrep {
namespace {

Document page(const std::string& id, const std::string& story) {
  Document d;
  d.id = id;
  d.url = "https://news.example/" + id;
  d.raw = "Headline " + id + "\n\n" + story +
          "\n\nFollow the Example News desk on our messaging channels for alerts.\n";
  return d;
}

}  // namespace

TEST(SiteMemory, RepeatedFooterIsDroppedOnceTheSiteHasShownIt) {
  clean::SiteMemory memory;
  clean::Options opt;
  opt.site_memory = &memory;
  std::vector<std::string> stories = {
      "Gunmen attacked a police post in the north on Monday, killing three officers.",
      "A car bomb exploded near a market in the capital on Tuesday, wounding eleven people.",
      "Security forces arrested four suspects over a plot against a railway station.",
  };
  std::vector<Document> docs;
  for (size_t i = 0; i < stories.size(); ++i) {
    docs.push_back(page("p" + std::to_string(i), stories[i]));
    ASSERT_TRUE(clean::clean(docs.back(), opt).is_ok());
  }
  // Seen on two earlier pages: gone from the third, kept on the first two.
  EXPECT_NE(docs[0].body.find("Follow the Example News desk"), std::string::npos);
  EXPECT_NE(docs[1].body.find("Follow the Example News desk"), std::string::npos);
  EXPECT_EQ(docs[2].body.find("Follow the Example News desk"), std::string::npos) << docs[2].body;
  EXPECT_NE(docs[2].body.find("arrested four suspects"), std::string::npos);
  // The offsets still lead back to the page.
  size_t at = docs[2].body.find("Security forces");
  auto [b, e] = docs[2].body_map.to_original(at, at + 15);
  EXPECT_EQ(docs[2].raw.substr(b, e - b), "Security forces");
}

TEST(SiteMemory, ARepublishedArticleIsNotEmptied) {
  clean::SiteMemory memory;
  clean::Options opt;
  opt.site_memory = &memory;
  for (int i = 0; i < 3; ++i) {
    Document d = page("same", "Gunmen attacked a police post in the north on Monday.");
    ASSERT_TRUE(clean::clean(d, opt).is_ok());
    EXPECT_NE(d.body.find("Gunmen attacked"), std::string::npos) << "copy " << i;
  }
}

TEST(SiteMemory, OtherSitesAreUnaffected) {
  clean::SiteMemory memory;
  clean::Options opt;
  opt.site_memory = &memory;
  for (int i = 0; i < 3; ++i) {
    Document d = page("a" + std::to_string(i), "Story number " + std::to_string(i) + " of a site.");
    ASSERT_TRUE(clean::clean(d, opt).is_ok());
  }
  Document other = page("b0", "A story on another site entirely, about a raid.");
  other.url = "https://elsewhere.example/b0";
  ASSERT_TRUE(clean::clean(other, opt).is_ok());
  EXPECT_NE(other.body.find("Follow the Example News desk"), std::string::npos);
}

}  // namespace sitrep

// The five seed articles (../shared/data/seeds) come out clean: the whole
// story, none of the page furniture, Latin letters in folded words, and the
// publication date each one states.
#include <gtest/gtest.h>

#include <map>

#include "sitrep/sitrep.h"
#include "support/paths.h"

namespace sitrep {
namespace {

std::map<std::string, Document> clean_seeds() {
  std::map<std::string, Document> docs;
  ingest::read_paths(
      {(testing::data_dir() / "seeds").string()},
      [&](Document d) {
        EXPECT_TRUE(clean::clean(d).is_ok()) << d.origin;
        docs[d.id.substr(0, 3)] = std::move(d);
      },
      [](const std::string& origin, const Status& st) { ADD_FAILURE() << origin << ": " << st.to_string(); });
  return docs;
}

}  // namespace

TEST(SeedsClean, BodiesHoldNoPageFurniture) {
  SITREP_REQUIRE_DATA("seeds");
  auto docs = clean_seeds();
  ASSERT_EQ(docs.size(), 5u);
  const char* furniture[] = {
      "Now playing", "PHOTO:", ".jpg", "Photo credit", "Getty Images", "related articles",
      "ISIS kidnaps 250 Christians", "Church of England", "Lambeth Palace", "All Rights Reserved",
      "Thomas Jefferson", "A free people", "Shafaq Live", "Radio radio icon", "Iraqi women react",
      "Why is ISIS heading to Libya", "Al Nusra claims attack on U.S.-trained rebels"};
  for (const auto& [id, doc] : docs) {
    for (const char* f : furniture) {
      EXPECT_EQ(doc.body.find(f), std::string::npos) << "seed " << id << " keeps \"" << f << "\"";
    }
  }
}

TEST(SeedsClean, BodiesKeepTheWholeStory) {
  SITREP_REQUIRE_DATA("seeds");
  auto docs = clean_seeds();
  std::map<std::string, std::vector<std::string>> story = {
      {"000", {"The Islamic State may be plotting to launch mass casualty attacks",
               "are no longer a coherent military unit."}},
      {"001", {"Some in the U.S. intelligence community warn that ISIS",
               "Nusra Front attack on a rebel site", "has not abated."}},
      {"002", {"The recent attacks by the \"ISIS-Khorasan\" organization in Russia and Iran",
               "will be an excellent terrorist target."}},
      {"003", {"ISIS-K, the group that claimed responsibility",
               "killed about 100 worshippers in Iran in January",
               "And the U.S. attention span is notably short."}},
      {"004", {"ISIS recently suffered a series of setbacks",
               "And a double-suicide bombing in Beirut on Thursday killed 43 people.",
               "at a lower cost."}},
  };
  for (const auto& [id, phrases] : story) {
    for (const auto& p : phrases) {
      EXPECT_NE(docs[id].body.find(p), std::string::npos) << "seed " << id << " lost \"" << p << "\"";
    }
  }
}

TEST(SeedsClean, LookAlikeLettersFoldToLatin) {
  SITREP_REQUIRE_DATA("seeds");
  auto docs = clean_seeds();
  const Document& d = docs["002"];
  for (const char* w : {" in Russia", "branch of the", "encourage it to target", "revealed on Monday"}) {
    EXPECT_NE(d.body.find(w), std::string::npos) << w;
  }
  EXPECT_EQ(d.body.find("\xD1\x96"), std::string::npos) << "Cyrillic i left in the body";
  EXPECT_EQ(d.body.find("\xD0\xBE"), std::string::npos) << "Cyrillic o left in the body";
  EXPECT_EQ(d.title, "Warnings of ISIS-K attacks in");
}

TEST(SeedsClean, PublicationDatesAreFound) {
  SITREP_REQUIRE_DATA("seeds");
  auto docs = clean_seeds();
  EXPECT_EQ(docs["000"].published, "");  // states none
  EXPECT_EQ(docs["001"].published, "2015-08-08");
  EXPECT_EQ(docs["002"].published, "2024-03-25");
  EXPECT_EQ(docs["003"].published, "2024-04-02");
  EXPECT_EQ(docs["004"].published, "2015-11-17");
  EXPECT_EQ(docs["001"].source, "CNN");
  EXPECT_EQ(docs["004"].title,
            "What's Driving The Terrifying, Sophisticated Reach Of ISIS Terrorism?");
}

TEST(SeedsClean, EvidenceOffsetsLeadBackToTheRawText) {
  SITREP_REQUIRE_DATA("seeds");
  auto docs = clean_seeds();
  const Document& d = docs["003"];
  std::string sentence = "The K in the name stands for Khorasan, a region of Afghanistan.";
  size_t at = d.body.find(sentence);
  ASSERT_NE(at, std::string::npos);
  auto [b, e] = d.body_map.to_original(at, at + sentence.size());
  EXPECT_EQ(d.raw.substr(b, e - b), sentence);
  // A folded word maps back to its look-alike original.
  const Document& f = docs["002"];
  size_t w = f.body.find("Russia and Iran");
  ASSERT_NE(w, std::string::npos);
  auto [rb, re] = f.body_map.to_original(w - 3, w - 1);  // the "in" before it
  EXPECT_EQ(f.raw.substr(rb, re - rb), "\xD1\x96n");
}

}  // namespace sitrep

namespace sitrep {

// Regression: "© Sahel Monitor 2023" named the source "Sahel Monitor 2023".
TEST(TextClean, CopyrightYearAfterTheNameIsNotPartOfTheSource) {
  Document d;
  d.id = "t";
  d.raw =
      "A headline about an attack\n\nGunmen attacked a village on Monday, killing four people and "
      "wounding six others, officials said.\n\n\xC2\xA9 Sahel Monitor 2023. All rights reserved.\n";
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_EQ(d.source, "Sahel Monitor");
}

}  // namespace sitrep

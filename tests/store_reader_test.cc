// A reader that lives long (the server's connections) sees what other
// connections write after its last read.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sitrep/sitrep.h"
#include "support/files.h"

namespace {

using sitrep::Document;
using sitrep::store::Store;

void put_story(Store& s, const std::string& id, const std::string& text) {
  Document d;
  d.id = id;
  d.origin = id + ".txt";
  d.raw = id + "\n\n" + text;
  d.published = "2024-05-08";
  ASSERT_TRUE(sitrep::clean::clean(d).is_ok());
  auto r = s.put(d, sitrep::extract::extract(d));
  ASSERT_TRUE(r.ok()) << r.status().to_string();
}

TEST(StoreReader, SeesWritesMadeAfterItsLastLookup) {
  sitrep::testing::TempDir dir;
  std::string path = (dir.path() / "r.db").string();
  auto writer = Store::open(path);
  ASSERT_TRUE(writer.ok());
  put_story(**writer, "kabul",
            "Gunmen attacked a police checkpoint in Kabul on Tuesday, killing 12 officers, officials said.");
  ASSERT_TRUE((*writer)->flush().is_ok());

  auto reader = Store::open(path, false);
  ASSERT_TRUE(reader.ok());
  // Every lookup that reads one row through a cached statement.
  auto first = (*reader)->events({});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->total, 1u);
  std::string id = nlohmann::json::parse(first->items[0])["id"];
  ASSERT_TRUE((*reader)->incident(id).ok());
  ASSERT_TRUE((*reader)->document("kabul").ok());
  Document probe;
  probe.id = "kabul";
  (*reader)->unchanged(probe);

  put_story(**writer, "quetta",
            "A car bomb exploded outside a police station in Quetta on Monday, killing 9 people, police said.");
  ASSERT_TRUE((*writer)->flush().is_ok());

  auto later = (*reader)->events({});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->total, 2u) << "the reader still saw the database as it was before the write";
  EXPECT_TRUE((*reader)->document("quetta").ok());
}

}  // namespace

// The store: idempotent ingest, versions replacing their old contribution,
// near-duplicates and stories, fusion across documents independent of
// order, schema versions and query filters.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "resolve/fuse.h"
#include "resolve/minhash.h"
#include "sitrep/sitrep.h"
#include "store/sqlite.h"
#include "support/files.h"
#include "support/paths.h"

namespace sitrep {
namespace {

using nlohmann::json;
using store::Store;

std::unique_ptr<Store> open(const std::string& path) {
  auto s = Store::open(path);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? std::move(*s) : nullptr;
}

std::vector<Document> read_docs(const std::vector<std::string>& paths) {
  std::vector<Document> out;
  ingest::read_paths(paths, [&](Document d) { out.push_back(std::move(d)); },
                     [](const std::string& origin, const Status& s) { ADD_FAILURE() << origin << ": " << s.to_string(); });
  return out;
}

void put_all(Store& s, std::vector<Document> docs) {
  for (Document& d : docs) {
    if (s.unchanged(d)) continue;
    ASSERT_TRUE(clean::clean(d).is_ok()) << d.origin;
    auto r = s.put(d, extract::extract(d));
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
}

Document text_doc(const std::string& id, const std::string& body, const std::string& published,
                  const std::string& url = "") {
  Document d;
  d.id = id;
  d.origin = id + ".txt";
  d.raw = id + "\n\n" + body;
  d.url = url;
  d.published = published;
  return d;
}

// Everything that must not depend on order or repetition, as one string.
std::string dump(const std::string& path) {
  auto db = store::Db::open(path, false);
  EXPECT_TRUE(db.ok());
  std::string out;
  for (const char* q : {"SELECT i.id || ' ' || r.record FROM incidents i JOIN incident_records r ON r.rid = i.rid ORDER BY i.id",
                        "SELECT id || ' ' || coalesce(story, '') || ' ' || coalesce(duplicate_of, '') FROM documents ORDER BY id",
                        "SELECT id || ' ' || coalesce(incident, '-') || ' ' || active FROM events ORDER BY id",
                        "SELECT a || ' ' || b FROM similar_documents ORDER BY a, b"}) {
    store::Stmt s = (*db)->prepare(q);
    while (s.step()) out += s.text(0) + "\n";
    out += "--\n";
  }
  return out;
}

std::vector<json> all_events(Store& s, const std::string& type = "") {
  store::Query q;
  q.type = type;
  q.limit = 10000;
  auto page = s.events(q);
  EXPECT_TRUE(page.ok());
  std::vector<json> out;
  for (const std::string& r : page->items) out.push_back(json::parse(r));
  return out;
}

std::set<std::string> source_docs(const json& incident) {
  std::set<std::string> out;
  for (const json& s : incident["sources"]) out.insert(s["doc"].get<std::string>());
  return out;
}

TEST(StoreSeeds, StoriesFusionAndIdempotence) {
  SITREP_REQUIRE_DATA("seeds");
  testing::TempDir dir;
  std::string path = (dir.path() / "seeds.db").string();
  auto s = open(path);
  put_all(*s, read_docs({(testing::data_dir() / "seeds").string()}));

  auto docs = *s->documents();
  ASSERT_EQ(docs.size(), 5u);
  std::map<std::string, std::string> story;
  for (const auto& d : docs) story[d.id.substr(0, 3)] = d.story;
  EXPECT_EQ(story["000"], story["001"]);
  EXPECT_NE(story["000"], story["002"]);
  EXPECT_NE(story["002"], story["003"]);

  std::set<std::string> both{"002_709a4461638a114a", "003_6f7545dae5fdb152"};
  bool moscow = false, iran = false;
  for (const json& e : all_events(*s)) {
    if (e["type"] != "attack" || !e["location"].is_object()) continue;
    if (e["location"]["country"] == "RU" && e["location"]["city"] == "Moscow") {
      EXPECT_FALSE(moscow) << "the Moscow attack is one incident";
      moscow = true;
      EXPECT_EQ(source_docs(e), both);
      EXPECT_EQ(e["date"]["start"], "2024-03-22");
      EXPECT_EQ(e["killed"]["min"], 140);
    }
    if (e["location"]["country"] == "IR") {
      EXPECT_FALSE(iran) << "the Iran attack is one incident";
      iran = true;
      EXPECT_EQ(source_docs(e), both);
    }
  }
  EXPECT_TRUE(moscow);
  EXPECT_TRUE(iran);

  std::string before = dump(path);
  auto sum = *s->summary();
  put_all(*s, read_docs({(testing::data_dir() / "seeds").string()}));
  EXPECT_EQ(dump(path), before) << "ingesting the seeds again changed the store";
  EXPECT_EQ(s->summary()->incidents, sum.incidents);
}

TEST(StoreSeeds, SameIncidentsInAnyOrder) {
  SITREP_REQUIRE_DATA("seeds");
  std::vector<Document> docs = read_docs({(testing::data_dir() / "seeds").string()});
  testing::TempDir dir;
  std::string reference;
  std::mt19937 rng(7);
  for (int round = 0; round < 4; ++round) {
    std::string path = (dir.path() / ("order" + std::to_string(round) + ".db")).string();
    auto s = open(path);
    put_all(*s, docs);
    std::string d = dump(path);
    if (round == 0) reference = d;
    EXPECT_EQ(d, reference) << "round " << round;
    std::shuffle(docs.begin(), docs.end(), rng);
  }
}

constexpr const char* kStory =
    "Gunmen attacked a police checkpoint in Kabul on Tuesday, killing 12 officers, officials said. "
    "The Taliban claimed responsibility for the attack in a statement. The attackers fled after a "
    "gunfight that lasted two hours, according to the interior ministry spokesman.";

TEST(Store, NewVersionOfAUrlReplacesItsContribution) {
  testing::TempDir dir;
  std::string path = (dir.path() / "v.db").string();
  auto s = open(path);
  put_all(*s, {text_doc("kabul-v1", kStory, "2024-05-08", "https://news.example/kabul")});
  std::string revised = std::string(kStory);
  revised.replace(revised.find("12 officers"), 11, "19 officers");
  put_all(*s, {text_doc("kabul-v2", revised, "2024-05-08", "https://news.example/kabul")});
  auto docs = *s->documents();
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "kabul-v2");
  auto events = all_events(*s, "attack");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["killed"]["min"], 19);
  EXPECT_EQ(source_docs(events[0]), std::set<std::string>{"kabul-v2"});
}

TEST(Store, ExactCopyIsRecordedNotCountedTwice) {
  testing::TempDir dir;
  std::string a = (dir.path() / "a.db").string(), b = (dir.path() / "b.db").string();
  Document first = text_doc("wire-first", kStory, "2024-05-07");
  Document copy = text_doc("wire-copy", kStory, "2024-05-08");
  copy.raw = "Copy\n\n" + std::string(kStory);  // other bytes, same body
  {
    auto s = open(a);
    put_all(*s, {first, copy});
    auto docs = *s->documents();
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[1].id, "wire-copy");
    EXPECT_EQ(docs[1].duplicate_of, "wire-first");
    EXPECT_EQ(docs[0].story, docs[1].story);
    auto events = all_events(*s, "attack");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(source_docs(events[0]), std::set<std::string>{"wire-first"});
  }
  {
    auto s = open(b);
    put_all(*s, {copy, first});  // the copy arrives first
  }
  EXPECT_EQ(dump(a), dump(b));
}

TEST(Store, RevisedTollFromAnotherOutletUpdatesTheIncident) {
  testing::TempDir dir;
  auto s = open((dir.path() / "t.db").string());
  put_all(*s, {text_doc("outlet-a", kStory, "2024-05-07"),
               text_doc("outlet-b",
                        "The death toll from Tuesday's Taliban attack on a police checkpoint in Kabul rose to 15, "
                        "the interior ministry said on Wednesday.",
                        "2024-05-08")});
  auto events = all_events(*s, "attack");
  ASSERT_EQ(events.size(), 1u) << events.size() << " incidents";
  const json& k = events[0]["killed"];
  EXPECT_EQ(k["min"], 15);
  EXPECT_EQ(k["range"]["min"], 12);
  EXPECT_EQ(k["range"]["max"], 15);
  EXPECT_EQ(k["values"].size(), 2u);
  EXPECT_EQ(source_docs(events[0]).size(), 2u);
}

// Regression: the groups of stored events were read back through views of
// a dead string, so two reports naming one group scored as naming two.
TEST(Store, UndatedReportJoinsTheIncidentItsCityAndGroupName) {
  testing::TempDir dir;
  auto s = open((dir.path() / "g.db").string());
  put_all(*s, {text_doc("dated", "Taliban gunmen attacked a hotel in Kabul on Monday, officials said.", "2024-05-06"),
               text_doc("undated", "Residents were still shaken by the Taliban attack on a hotel in Kabul.", "2024-05-09")});
  auto events = all_events(*s, "attack");
  ASSERT_EQ(events.size(), 1u) << events.size() << " incidents";
  EXPECT_EQ(source_docs(events[0]), (std::set<std::string>{"dated", "undated"}));
  EXPECT_EQ(events[0]["date"]["start"], "2024-05-06");
}

// One event of one document, as extract would give it, for tests that
// need exact control over what fusion compares.
Event event_of(const std::string& id, const Document& doc, const std::string& city, const std::string& date) {
  Event e;
  e.id = id;
  e.doc = doc.id;
  e.type = "attack";
  e.status = "accomplished";
  e.date.start = e.date.end = e.date.text = date;
  e.location.text = e.location.city = city;
  e.location.country = "RU";
  e.evidence.push_back({0, doc.body.size(), doc.body});
  return e;
}

Document plain_doc(const std::string& id, const std::string& body, const std::string& published,
                   const std::string& url = "") {
  Document d = text_doc(id, body, published, url);
  d.body = body;
  d.title = id;
  return d;
}

// Regression: removing a document's old version re-read its candidates
// while its events were still stored, and the cached candidates kept them
// after they were deleted, so the new version's events counted a ghost as
// a second candidate and lost a weak pair a fresh store keeps.
TEST(Store, ReplacedVersionLeavesNoGhostCandidate) {
  testing::TempDir dir;
  std::string a = (dir.path() / "a.db").string(), b = (dir.path() / "b.db").string();
  Document dated = plain_doc("dated", "Gunmen attacked a concert hall in Moscow on Friday night.", "2024-03-22");
  Document v1 = plain_doc("later-v1", "Moscow residents laid flowers near the theatre.", "2024-03-25",
                          "https://news.example/later");
  Document v2 = plain_doc("later-v2", "Moscow residents laid candles near the theatre.", "2024-03-25",
                          "https://news.example/later");
  auto put = [](Store& s, const Document& d, const std::string& date) {
    auto r = s.put(d, {event_of("ev-" + d.id, d, "Moscow", date)});
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  };
  {
    auto s = open(a);
    put(*s, dated, "2024-03-22");
    put(*s, v1, "");
    put(*s, v2, "");  // replaces v1 (same URL)
  }
  {
    auto s = open(b);
    put(*s, dated, "2024-03-22");
    put(*s, v2, "");
  }
  EXPECT_EQ(dump(a), dump(b));
  auto s = open(b);
  auto events = all_events(*s, "attack");
  ASSERT_EQ(events.size(), 1u) << "the undated report joins the dated one (a weak pair, one candidate each)";
}

// Regression: cached statements left on a row kept the writer's read
// transaction open across its commits, so no checkpoint could copy the WAL
// back into the database and the WAL grew with every batch.
TEST(Store, CommittedBatchesCanBeCheckpointed) {
  testing::TempDir dir;
  std::string path = (dir.path() / "w.db").string();
  auto s = open(path);
  s->set_batch(1);
  for (int i = 0; i < 4; ++i) {
    Document d = plain_doc("w" + std::to_string(i), "Gunmen attacked a market in Moscow, officials said.",
                           "2024-03-2" + std::to_string(i));
    auto r = s->put(d, {event_of("ev-w" + std::to_string(i), d, "Moscow", d.published)});
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  ASSERT_TRUE(s->flush().is_ok());
  // The writer is still open: another connection checkpoints everything.
  auto db = store::Db::open(path, false);
  ASSERT_TRUE(db.ok());
  store::Stmt c = (*db)->prepare("PRAGMA wal_checkpoint(PASSIVE)");
  ASSERT_TRUE(c.step());
  EXPECT_EQ(c.i64(0), 0) << "checkpoint blocked";
  EXPECT_GT(c.i64(1), 0) << "frames in the WAL";
  EXPECT_EQ(c.i64(2), c.i64(1)) << "frames copied back of those in the WAL";
}

TEST(Store, QueryFilters) {
  SITREP_REQUIRE_DATA("seeds");
  testing::TempDir dir;
  auto s = open((dir.path() / "q.db").string());
  put_all(*s, read_docs({(testing::data_dir() / "seeds").string()}));
  auto count = [&](store::Query q) { return s->events(q)->total; };
  store::Query isis;
  isis.group = "Daesh";
  store::Query isis_all = isis;
  isis_all.branches = true;
  store::Query isisk;
  isisk.group = "ISIS-Khorasan";
  EXPECT_GT(count(isisk), 0u);
  EXPECT_GE(count(isis_all), count(isis) + 1) << "ISIS with branches includes ISIS-K";
  store::Query ru;
  ru.country = "ru";
  ru.type = "attack";
  ru.min_killed = 100;
  EXPECT_EQ(count(ru), 1u);
  store::Query when;
  when.from = "2024-03";
  when.to = "2024-03";
  auto page = s->events(when);
  ASSERT_TRUE(page.ok());
  for (const std::string& r : page->items)
    EXPECT_EQ(json::parse(r)["date"]["start"].get<std::string>().substr(0, 7), "2024-03");
  store::Query text;
  text.text = "concert";
  EXPECT_GE(count(text), 1u);
  store::Query bad;
  bad.sort = "nonsense";
  EXPECT_FALSE(s->events(bad).ok());
  store::Query bad_date;
  bad_date.from = "last week";
  EXPECT_EQ(s->events(bad_date).status().code(), ErrorCode::kInvalidArgument);
}

TEST(Store, RefusesADatabaseFromANewerVersion) {
  testing::TempDir dir;
  std::string path = (dir.path() / "new.db").string();
  {
    auto db = store::Db::open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec("PRAGMA user_version = 99").is_ok());
  }
  auto s = Store::open(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kSchemaTooNew);
  EXPECT_NE(s.status().message().find(path), std::string::npos);
}

// MinHash against the exact Jaccard of the shingle sets, on random texts
// sharing a random part of their words.
TEST(MinHash, EstimatesJaccardOfShingles) {
  std::mt19937 rng(11);
  std::vector<std::string> vocab;
  for (int i = 0; i < 400; ++i) vocab.push_back("w" + std::to_string(i));
  for (int round = 0; round < 40; ++round) {
    std::string a, b;
    int n = 80 + int(rng() % 200);
    int keep = int(rng() % 101);
    for (int i = 0; i < n; ++i) {
      std::string w = vocab[rng() % vocab.size()];
      a += w + " ";
      b += (int(rng() % 100) < keep ? w : vocab[rng() % vocab.size()]) + " ";
    }
    auto ha = resolve::shingle_hashes(a), hb = resolve::shingle_hashes(b);
    std::vector<uint64_t> both;
    std::set_intersection(ha.begin(), ha.end(), hb.begin(), hb.end(), std::back_inserter(both));
    double exact = double(both.size()) / double(ha.size() + hb.size() - both.size());
    double est = resolve::similarity(resolve::minhash(a), resolve::minhash(b));
    EXPECT_NEAR(est, exact, 0.16) << "round " << round;
  }
  resolve::Signature sig = resolve::minhash("one two three four");
  resolve::Signature back;
  ASSERT_TRUE(resolve::deserialize([&] {
    auto bytes = resolve::serialize(sig);
    return std::string(bytes.begin(), bytes.end());
  }(), back));
  EXPECT_EQ(back.slot, sig.slot);
  EXPECT_EQ(back.shingles, sig.shingles);
}

// The fusion score is symmetric, whatever the events say.
TEST(Fusion, ScoreIsSymmetric) {
  std::mt19937 rng(5);
  auto pick = [&](std::vector<std::string> v) { return v[rng() % v.size()]; };
  auto related = [](const std::string& a, const std::string& b) {
    return (a == "ISIS" && b == "ISIS-K") || (a == "ISIS-K" && b == "ISIS");
  };
  for (int i = 0; i < 2000; ++i) {
    resolve::EventKey k[2];
    for (int j = 0; j < 2; ++j) {
      k[j].id = "ev-" + std::to_string(j);
      k[j].doc = pick({"d1", "d2", "d3"});
      k[j].published = pick({"", "2024-03-25", "2024-04-02", "2023-12-30"});
      k[j].type = pick({"attack", "plot"});
      k[j].attack_type = pick({"", "unknown", "bombing"});
      k[j].date_start = pick({"", "2024", "2024-03", "2024-03-22", "2024-03-23", "2024-01-03"});
      k[j].country = pick({"", "RU", "IR"});
      k[j].city = pick({"", "Moscow", "Kerman"});
      k[j].groups = {pick({"ISIS", "ISIS-K", "Hamas"})};
      k[j].killed = int64_t(rng() % 3) * 70 - 1;
    }
    EXPECT_EQ(resolve::fusion_score(k[0], k[1], related), resolve::fusion_score(k[1], k[0], related));
  }
}

}  // namespace
}  // namespace sitrep

namespace sitrep {
namespace {

resolve::Member toll_member(const std::string& doc, const std::string& published, int64_t killed) {
  resolve::Member m;
  m.doc = doc;
  m.published = published;
  m.record = nlohmann::ordered_json::parse(R"({"id":"ev-)" + doc + R"(","type":"attack","status":"accomplished",
      "perpetrators":[],"victims":[],"targets":[],"weapons":[],"evidence":[],"confidence":0.5,
      "killed":{"min":)" + std::to_string(killed) + R"(,"max":null,"text":"killed"}})");
  return m;
}

// A revised toll replaces the first; a much smaller later count (the
// attackers killed) does not (regression: the Lido beach sample showed 3
// dead after the toll rose to 37).
TEST(Fusion, LatestTollWinsUnlessItIsAPart) {
  auto up = resolve::fuse_records("in-x", {toll_member("a", "2024-08-03", 32), toll_member("b", "2024-08-04", 37)});
  EXPECT_EQ(up["killed"]["min"], 37);
  EXPECT_EQ(up["killed"]["range"]["min"], 32);
  auto part = resolve::fuse_records("in-x", {toll_member("a", "2024-08-03", 32), toll_member("b", "2024-08-04", 3)});
  EXPECT_EQ(part["killed"]["min"], 32);
  EXPECT_EQ(part["killed"]["doc"], "a");
  EXPECT_EQ(part["killed"]["values"].size(), 2u);
  auto down = resolve::fuse_records("in-x", {toll_member("a", "2024-08-03", 32), toll_member("b", "2024-08-04", 29)});
  EXPECT_EQ(down["killed"]["min"], 29) << "a revision down stands";
}

}  // namespace
}  // namespace sitrep

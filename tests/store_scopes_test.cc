// The group scopes (incident_scopes, schema version 4): every filter
// combination answers through them as through incident_groups; migrating a
// version 3 store builds them; a store whose knowledge-base fingerprint
// differs is read without them and rebuilt by a writer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fmt/format.h>

#include <random>

#include "kb/groups.h"
#include "sitrep/sitrep.h"
#include "store/impl.h"
#include "store/sqlite.h"
#include "support/files.h"
#include "support/scopes.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;
using store::Query;
using store::Store;

std::unique_ptr<Store> open(const fs::path& path, bool create = true) {
  auto s = Store::open(path.string(), create);
  EXPECT_TRUE(s.ok()) << s.status().to_string();
  return s.ok() ? std::move(*s) : nullptr;
}

// Names as a perpetrator's entity: the knowledge base's canonical name when
// it knows the group (as extraction writes it), else the text.
std::string entity_of(const std::string& name) {
  const kb::Group* g = kb::GroupKb::get().lookup(name);
  return g ? g->name : name;
}

const std::vector<std::string>& group_names() {
  static const std::vector<std::string> kNames = {
      "Islamic State", "ISIS-K", "al-Qaeda", "al-Qaeda in the Arabian Peninsula", "al-Shabaab",
      "Taliban", "Boko Haram", "Zzyzx Valley Liberation Committee"};
  return kNames;
}

// `n` documents of one event each: groups (none, one or two, KB names and
// one the knowledge base does not know), countries, types, dates at every
// precision or none, tolls or none, target words for full text.
void fill(Store& s, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const char* countries[] = {"AF", "IQ", "SO", "NG", "YE", "FR"};
  const char* types[] = {"attack", "strike", "plot", "claim"};
  const char* targets[] = {"market", "mosque", "hotel", "checkpoint", "convoy", "school"};
  s.set_batch(64, 0);
  for (size_t i = 0; i < n; ++i) {
    Document doc;
    doc.id = "scope-" + std::to_string(i);
    doc.origin = "generated";
    doc.url = "https://scopes.example/" + doc.id;
    doc.lang = "en";
    std::string target = targets[rng() % 6];
    doc.title = "Report " + std::to_string(i) + " " + target;
    // Words of their own, so that the reports are not near copies of each other.
    std::string words;
    for (int w = 0; w < 40; ++w) {
      words += ' ';
      for (int c = 0; c < 4; ++c) words += char('a' + rng() % 26);
    }
    doc.body = doc.title + "\n\nAn incident at a " + target + " was reported:" + words + ".";
    doc.raw = doc.body;
    Event e;
    e.id = "ev-" + doc.id;
    e.doc = doc.id;
    e.type = types[rng() % 4];
    e.status = "accomplished";
    int year = 2015 + int(rng() % 10), month = 1 + int(rng() % 12), day = 1 + int(rng() % 28);
    switch (rng() % 8) {
      case 0: break;  // undated
      case 1: e.date.start = e.date.end = std::to_string(year); break;
      case 2: e.date.start = e.date.end = fmt::format("{}-{:02}", year, month); break;
      default: e.date.start = e.date.end = fmt::format("{}-{:02}-{:02}", year, month, day);
    }
    doc.published = e.date.start;
    e.date.text = e.date.start;
    e.location.country = countries[rng() % 6];
    e.location.city = "City" + std::to_string(rng() % 5);
    e.location.text = e.location.city;
    if (rng() % 4) {
      e.location.lat = double(rng() % 40);
      e.location.lon = double(rng() % 60);
      e.location.has_coordinates = true;
    }
    for (size_t k = rng() % 3; k > 0; --k) {
      Entity p;
      p.text = group_names()[rng() % group_names().size()];
      p.mentions = {p.text};
      p.kind = "organization";
      p.entity = entity_of(p.text);
      p.attribution = "suspected";
      p.score = 0.9;
      e.perpetrators.push_back(std::move(p));
    }
    Entity t;
    t.text = target;
    t.mentions = {target};
    e.targets.push_back(std::move(t));
    if (rng() % 5) e.killed.min = e.killed.max = int64_t(rng() % 60);
    e.evidence.push_back({0, doc.title.size(), doc.title});
    e.confidence = 0.8;
    auto r = s.put(doc, {e});
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  ASSERT_TRUE(s.flush().is_ok());
}

Query random_query(std::mt19937_64& rng) {
  static const char* groups[] = {"ISIS", "Daesh", "Islamic State", "ISIS-K", "ISIS-Khorasan", "al-Qaeda",
                                 "AQAP", "al-Shabaab", "Taliban", "Boko Haram",
                                 "Zzyzx Valley Liberation Committee", "no such group at all"};
  static const char* texts[] = {"market", "mosq*", "hotel OR mosque", "convoy"};
  static const char* sorts[] = {"date", "killed", "sources", "recent", "id"};
  Query q;
  if (rng() % 4) q.group = groups[rng() % 12];  // else the other filters alone
  q.branches = rng() % 2;
  if (rng() % 3 == 0) q.country = rng() % 2 ? "AF" : "iq";
  if (rng() % 4 == 0) q.type = rng() % 2 ? "attack" : "strike";
  if (rng() % 4 == 0) q.from = rng() % 2 ? "2018" : "2019-06";
  if (rng() % 4 == 0) q.to = rng() % 2 ? "2022" : "2021-03-15";
  if (rng() % 4 == 0) q.min_killed = int64_t(rng() % 40);
  if (rng() % 4 == 0) q.text = texts[rng() % 4];
  q.sort = sorts[rng() % 5];
  q.ascending = rng() % 3 == 0;
  q.limit = rng() % 2 ? 50 : 7;
  q.offset = rng() % 3 == 0 ? 0 : size_t(rng() % 40);
  return q;
}

std::string describe(const Query& q) {
  return fmt::format("group={} branches={} country={} type={} from={} to={} min_killed={} text={} sort={} asc={} "
                     "limit={} offset={}",
                     q.group, q.branches, q.country, q.type, q.from, q.to, q.min_killed, q.text, q.sort, q.ascending,
                     q.limit, q.offset);
}

std::string scalar(const fs::path& path, const std::string& sql) {
  auto db = store::Db::open(path.string(), false);
  if (!db.ok()) return "?";
  store::Stmt s = (*db)->prepare(sql);
  return s.step() ? (s.is_null(0) ? "NULL" : s.text(0)) : "none";
}

void exec(const fs::path& path, const std::string& sql) {
  auto db = store::Db::open(path.string(), false);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->exec(sql).is_ok()) << sql;
}

void copy_db(const fs::path& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  if (fs::exists(from.string() + "-wal"))
    fs::copy_file(from.string() + "-wal", to.string() + "-wal", fs::copy_options::overwrite_existing);
}

// The order of `q` as SQL over `incidents i`, as Query documents it.
std::string order_of(const Query& q) {
  std::string dir = q.ascending ? "ASC" : "DESC";
  return q.sort == "killed"    ? "coalesce(i.killed, -1) " + dir + ", i.id"
         : q.sort == "sources" ? "i.sources " + dir + ", i.id"
         : q.sort == "recent"  ? "i.rid " + dir
         : q.sort == "id"      ? "i.id"
                               : "i.date_start IS NULL, i.date_start " + dir + ", i.id";
}

// `q` answered by one plain SQL query over incidents, incident_groups (the
// names the group filter means, as the store expands them) and the
// full-text index (the text taken as FTS5 syntax, as the tests write it).
store::Page plain_events(store::Db& db, const Query& q) {
  std::string where = "1 = 1";
  std::vector<std::string> params;
  auto add = [&](const std::string& clause, std::vector<std::string> values) {
    where += " AND " + clause;
    params.insert(params.end(), values.begin(), values.end());
  };
  if (!q.type.empty()) add("i.type = ?", {q.type});
  std::string country = q.country;
  for (char& c : country) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (!country.empty()) add("i.country = ?", {country});
  if (!q.from.empty()) add("i.date_start >= ?", {q.from});
  if (!q.to.empty()) add("i.date_start <= ?", {q.to + "~"});
  if (q.min_killed >= 0) add("i.killed >= " + std::to_string(q.min_killed), {});
  if (!q.group.empty()) {
    std::vector<std::string> names = store::group_names(q.group, q.branches);
    std::string marks;
    for (size_t i = 0; i < names.size(); ++i) marks += i ? ", ?" : "?";
    add("i.id IN (SELECT incident FROM incident_groups WHERE grp IN (" + marks + "))", names);
  }
  if (!q.text.empty()) add("i.rid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)", {q.text});
  auto bind = [&](store::Stmt& s) {
    for (size_t i = 0; i < params.size(); ++i) s.bind(int(i + 1), params[i]);
  };
  store::Page page;
  store::Stmt count = db.prepare("SELECT count(*) FROM incidents i WHERE " + where);
  bind(count);
  EXPECT_TRUE(count.step()) << count.status().to_string();
  page.total = size_t(count.i64(0));
  store::Stmt rows = db.prepare(fmt::format(
      "SELECT r.record FROM incidents i JOIN incident_records r ON r.rid = i.rid WHERE {} ORDER BY {} "
      "LIMIT {} OFFSET {}", where, order_of(q), q.limit, q.offset));
  bind(rows);
  while (rows.step()) page.items.push_back(rows.text(0));
  EXPECT_TRUE(rows.status().is_ok()) << rows.status().to_string();
  return page;
}

// A store of generated incidents, made once for the tests below.
class StoreScopes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir("sitrep-scopes");
    auto s = open(base());
    ASSERT_TRUE(s);
    fill(*s, 700, 20261207);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static fs::path base() { return dir_->path() / "base.db"; }
  // A copy of the generated store at `name`.
  fs::path copy(const std::string& name) {
    fs::path p = dir_->path() / name;
    copy_db(base(), p);
    return p;
  }
  // A copy whose scopes are marked as built for another knowledge base, so
  // that its readers filter through incident_groups.
  fs::path stale_copy(const std::string& name) {
    fs::path p = copy(name);
    exec(p, "UPDATE store_state SET value = 'another knowledge base' WHERE key = 'scopes'");
    return p;
  }
  static testing::TempDir* dir_;
};
testing::TempDir* StoreScopes::dir_ = nullptr;

TEST_F(StoreScopes, ScopeRowsAreThoseTheGroupsCallFor) {
  EXPECT_EQ(scalar(base(), "SELECT value FROM store_state WHERE key = 'scopes'"), store::scopes_fingerprint());
  EXPECT_GT(std::stoll(scalar(base(), "SELECT count(*) FROM incident_scopes WHERE branches = 1")), 0);
  EXPECT_EQ(testing::scope_problems(base().string()), "");
}

// Every generated filter combination gives the same total and page through
// the scopes, and through incident_groups (which a reader uses when the
// scopes were built for another knowledge base), as the plain query.
TEST_F(StoreScopes, FilterCombinationsMatchThePlainQuery) {
  fs::path plain = stale_copy("plain.db");
  auto fast = open(base(), false);
  auto fallback = open(plain, false);
  auto db = store::Db::open(base().string(), false);
  ASSERT_TRUE(fast && fallback && db.ok());
  std::mt19937_64 rng(7);
  size_t nonempty = 0;
  for (int i = 0; i < 600; ++i) {
    Query q = random_query(rng);
    store::Page want = plain_events(**db, q);
    for (Store* s : {fast.get(), fallback.get()}) {
      auto got = s->events(q);
      ASSERT_TRUE(got.ok()) << describe(q);
      EXPECT_EQ(got->total, want.total) << describe(q) << (s == fast.get() ? " (scopes)" : " (incident_groups)");
      EXPECT_EQ(got->items, want.items) << describe(q) << (s == fast.get() ? " (scopes)" : " (incident_groups)");
    }
    nonempty += !want.items.empty();
  }
  EXPECT_GT(nonempty, 300u) << "the queries should mostly find something";
  EXPECT_EQ(scalar(plain, "SELECT value FROM store_state WHERE key = 'scopes'"), "another knowledge base")
      << "a reader does not rebuild the scopes";
}

// The full-text filter alone, whose count the full-text index gives and
// whose page may be read in the order's index, against the plain query.
TEST_F(StoreScopes, TextAloneMatchesThePlainQuery) {
  auto s = open(base(), false);
  auto db = store::Db::open(base().string(), false);
  ASSERT_TRUE(s && db.ok());
  std::mt19937_64 rng(11);
  static const char* texts[] = {"market", "mosq*", "hotel OR mosque", "convoy", "nothingatall"};
  static const char* sorts[] = {"date", "killed", "sources", "recent", "id"};
  for (int i = 0; i < 200; ++i) {
    Query q;
    q.text = texts[rng() % 5];
    q.sort = sorts[rng() % 5];
    q.ascending = rng() % 2;
    q.limit = rng() % 2 ? 5 : 50;
    q.offset = rng() % 2 ? 0 : size_t(rng() % 60);
    store::Page want = plain_events(**db, q);
    auto got = s->events(q);
    ASSERT_TRUE(got.ok()) << describe(q);
    EXPECT_EQ(got->total, want.total) << describe(q);
    EXPECT_EQ(got->items, want.items) << describe(q);
  }
}

// The group report (incidents and deaths by year of a group with its
// branches) reads the scopes too.
TEST_F(StoreScopes, GroupReportMatchesTheOneFromIncidentGroups) {
  fs::path plain = stale_copy("plain-report.db");
  auto fast = open(base(), false);
  auto fallback = open(plain, false);
  ASSERT_TRUE(fast && fallback);
  for (const char* name : {"ISIS", "ISIS-K", "al-Qaeda", "AQAP", "al-Shabaab", "Taliban"}) {
    auto a = fast->group(name);
    auto b = fallback->group(name);
    ASSERT_TRUE(a.ok() && b.ok()) << name;
    EXPECT_EQ(a->json, b->json) << name;
    EXPECT_EQ(a->json.find("\"incidents\":0,"), std::string::npos) << name << ": " << a->json;
  }
}

// The web app's timeline and map under group filters read the scopes too.
TEST_F(StoreScopes, TimelineAndPointsMatchTheOnesFromIncidentGroups) {
  fs::path plain = stale_copy("plain-web.db");
  auto fast = open(base(), false);
  auto fallback = open(plain, false);
  ASSERT_TRUE(fast && fallback);
  std::mt19937_64 rng(13);
  size_t located = 0;
  for (int i = 0; i < 60; ++i) {
    Query q = random_query(rng);
    q.limit = 40;
    const char* by = i % 3 == 0 ? "year" : i % 3 == 1 ? "month" : "week";
    auto a = fast->timeline(q, by, 3);
    auto b = fallback->timeline(q, by, 3);
    ASSERT_TRUE(a.ok() && b.ok()) << describe(q);
    EXPECT_EQ(*a, *b) << describe(q);
    auto pa = fast->points(q);
    auto pb = fallback->points(q);
    ASSERT_TRUE(pa.ok() && pb.ok()) << describe(q);
    EXPECT_EQ(*pa, *pb) << describe(q);
    located += pa->find("\"points\":[]") == std::string::npos;
  }
  EXPECT_GT(located, 20u) << "the maps should mostly show something";
}

TEST_F(StoreScopes, MigrationFromVersion3BuildsThem) {
  fs::path old = copy("v3.db");
  exec(old,
       "DROP TABLE incident_scopes; DROP TABLE store_state; DROP INDEX incidents_by_sources; "
       "DROP INDEX incidents_country_by_date; PRAGMA user_version = 3");
  ASSERT_EQ(scalar(old, "PRAGMA user_version"), "3");
  auto migrated = open(old, false);  // any opening migrates
  ASSERT_TRUE(migrated);
  EXPECT_EQ(scalar(old, "PRAGMA user_version"), "4");
  EXPECT_EQ(scalar(old, "SELECT value FROM store_state WHERE key = 'scopes'"), store::scopes_fingerprint());
  EXPECT_EQ(scalar(old, "SELECT count(*) FROM incident_scopes"), scalar(base(), "SELECT count(*) FROM incident_scopes"));
  EXPECT_EQ(testing::scope_problems(old.string()), "");
  auto reference = open(base(), false);
  Query q;
  q.group = "ISIS";
  q.branches = true;
  q.sort = "killed";
  EXPECT_EQ(migrated->events(q)->items, reference->events(q)->items);
}

TEST_F(StoreScopes, ChangedHierarchyFingerprintRebuildsThemForAWriter) {
  fs::path stale = copy("stale.db");
  // Built for another knowledge base: some rows missing, one not called for.
  exec(stale,
       "UPDATE store_state SET value = 'another knowledge base' WHERE key = 'scopes'; "
       "DELETE FROM incident_scopes WHERE rid % 3 = 0; "
       "INSERT INTO incident_scopes SELECT 'Taliban', 0, rid, id, type, country, date_start, killed, sources "
       "FROM incidents WHERE rid NOT IN (SELECT rid FROM incident_groups WHERE grp = 'Taliban')");
  Query q;
  q.group = "Taliban";
  q.sort = "killed";
  auto reference = open(base(), false);
  auto want = reference->events(q);
  ASSERT_TRUE(want.ok());
  {
    auto reader = open(stale, false);
    auto got = reader->events(q);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->total, want->total) << "a reader does not use stale scopes";
    EXPECT_EQ(got->items, want->items);
  }
  EXPECT_EQ(scalar(stale, "SELECT value FROM store_state WHERE key = 'scopes'"), "another knowledge base");
  {
    auto writer = open(stale);
    EXPECT_EQ(scalar(stale, "SELECT value FROM store_state WHERE key = 'scopes'"), store::scopes_fingerprint());
    EXPECT_EQ(testing::scope_problems(stale.string()), "");
    auto got = writer->events(q);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->total, want->total);
    EXPECT_EQ(got->items, want->items);
  }
  // A store opened to read that then writes rebuilds them in its first batch.
  exec(stale, "UPDATE store_state SET value = 'another knowledge base' WHERE key = 'scopes'; "
              "DELETE FROM incident_scopes WHERE rid % 2 = 0");
  {
    auto writer = open(stale, false);
    fill(*writer, 3, 99);
  }
  EXPECT_EQ(scalar(stale, "SELECT value FROM store_state WHERE key = 'scopes'"), store::scopes_fingerprint());
  EXPECT_EQ(testing::scope_problems(stale.string()), "");
}

TEST_F(StoreScopes, ReplacedAndRefusedIncidentsKeepTheirScopesInStep) {
  fs::path p = copy("more.db");
  {
    auto s = open(p);
    // Same document ids, other bytes: every one replaced, incidents fused anew.
    fill(*s, 200, 4242);
  }
  EXPECT_EQ(testing::scope_problems(p.string()), "");
}

}  // namespace
}  // namespace sitrep

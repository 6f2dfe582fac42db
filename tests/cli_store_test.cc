// End-to-end: the store commands on a database of the repository's samples:
// ingest, events (table, JSON Lines, CSV), show, docs, group and stats.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/files.h"
#include "support/paths.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Outcome run(const sitrep::testing::TempDir& dir, const std::string& args) {
  fs::path out = dir.path() / "out.txt", err = dir.path() / "err.txt";
  std::string cmd = "exec '" + std::string(SITREP_BINARY) + "' " + args + " > '" + out.string() + "' 2> '" +
                    err.string() + "' < /dev/null";
  int rc = std::system(cmd.c_str());
  Outcome r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp_file(out);
  r.err = slurp_file(err);
  return r;
}

class CliStore : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = "'" + (dir_.path() / "samples.db").string() + "'";
    std::string samples = (sitrep::testing::source_dir() / "samples" / "text").string();
    Outcome r = run(dir_, "ingest --db " + db_ + " '" + samples + "'");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("now holds"), std::string::npos) << "a summary at the end: " << r.err;
  }
  sitrep::testing::TempDir dir_{"sitrep-cli-store"};
  std::string db_;
};

TEST_F(CliStore, EventsInEveryFormat) {
  Outcome jsonl = run(dir_, "events --db " + db_ + " --format jsonl --limit 5");
  ASSERT_EQ(jsonl.status, 0) << jsonl.err;
  std::istringstream lines(jsonl.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j["sources"].is_array() && !j["sources"].empty()) << "stored events carry their sources";
    ++n;
  }
  EXPECT_EQ(n, 5);
  Outcome csv = run(dir_, "events --db " + db_ + " --format csv --limit 3");
  ASSERT_EQ(csv.status, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,date,type,attack type,place,country,group,killed,injured,sources,lat,lon\n", 0), 0u)
      << csv.out;
  Outcome table = run(dir_, "events --db " + db_ + " --format table --type attack");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("incidents"), std::string::npos);
}

// Regression: `show` as text indexed its 10 labels with the 12 columns of a
// row (lat and lon were added) and crashed.
TEST_F(CliStore, ShowAsTextDoesNotCrash) {
  Outcome ev = run(dir_, "events --db " + db_ + " --format jsonl --limit 1 --sort sources");
  ASSERT_EQ(ev.status, 0) << ev.err;
  std::string id = nlohmann::json::parse(ev.out.substr(0, ev.out.find('\n')))["id"];
  Outcome text = run(dir_, "show --db " + db_ + " --format text " + id);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("source "), std::string::npos) << text.out;
  Outcome json = run(dir_, "show --db " + db_ + " --format jsonl " + id);
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["id"], id);
  Outcome missing = run(dir_, "show --db " + db_ + " in-0000000000000000");
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("E002"), std::string::npos) << missing.err;
}

TEST_F(CliStore, DocsGroupAndStats) {
  Outcome docs = run(dir_, "docs --db " + db_ + " --format jsonl");
  ASSERT_EQ(docs.status, 0) << docs.err;
  EXPECT_NE(docs.out.find("\"story\""), std::string::npos);
  Outcome group = run(dir_, "group --db " + db_ + " --format jsonl Daesh");
  ASSERT_EQ(group.status, 0) << group.err;
  auto g = nlohmann::json::parse(group.out);
  EXPECT_EQ(g["name"], "Islamic State");
  Outcome unknown = run(dir_, "group --db " + db_ + " 'No Such Group Anywhere'");
  EXPECT_EQ(unknown.status, 1);
  Outcome stats = run(dir_, "stats --db " + db_ + " --format jsonl");
  ASSERT_EQ(stats.status, 0) << stats.err;
  EXPECT_GT(nlohmann::json::parse(stats.out)["documents"].get<int>(), 5);
}

TEST(CliStoreErrors, MissingDatabaseIsAClearError) {
  sitrep::testing::TempDir dir("sitrep-cli-store");
  Outcome r = run(dir, "events --db '" + (dir.path() / "nope" / "x.db").string() + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("x.db"), std::string::npos) << r.err;
}

}  // namespace

// The HTTP API against a real server on a loopback port: every route of
// SPEC section 4, bounded parameters, path traversal, oversized bodies,
// the token, and posted documents becoming incidents.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "serve/api.h"
#include "serve/server.h"
#include "sitrep/sitrep.h"
#include "store/sqlite.h"
#include "support/files.h"
#include "support/paths.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using sitrep::serve::Options;
using sitrep::serve::Server;

constexpr const char* kToken = "test-token-0123456789";

// A database of the repository's text samples, made once by `sitrep ingest`,
// and a server over it with a small web app folder beside.
class Serve : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new sitrep::testing::TempDir("sitrep-serve");
    db_ = (dir_->path() / "samples.db").string();
    std::string samples = (sitrep::testing::source_dir() / "samples" / "text").string();
    std::string cmd = "exec '" + std::string(SITREP_BINARY) + "' ingest --db '" + db_ + "' '" + samples +
                      "' > /dev/null 2>&1 < /dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    fs::create_directories(dir_->path() / "web" / "sub");
    std::ofstream(dir_->path() / "web" / "index.html") << "<!doctype html><title>app</title>";
    std::ofstream(dir_->path() / "web" / "sub" / "a.js") << "export const a = 1;";
    std::ofstream(dir_->path() / "secret.txt") << "outside the web folder";

    Options o;
    o.db = db_;
    o.port = 0;
    o.token = kToken;
    o.web_dir = (dir_->path() / "web").string();
    o.max_body_bytes = 64 * 1024;
    o.threads = 4;
    auto s = Server::create(o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    server_ = s->release();
    port_ = server_->bind();
    ASSERT_GT(port_, 0) << server_->why();
    thread_ = new std::thread([] { server_->run(); });
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete dir_;
  }

  static httplib::Client client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(20, 0);
    return c;
  }
  static json get_json(const std::string& path, int want = 200) {
    auto c = client();
    auto r = c.Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, want) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type").rfind("application/json", 0), 0u) << path;
    return json::parse(r->body);
  }

  // Sends `request` as written (no client normalising the path) and returns
  // the whole answer.
  static std::string raw(const std::string& request) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port_));
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      close(fd);
      return "";
    }
    (void)!write(fd, request.data(), request.size());
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
    close(fd);
    return out;
  }

  static inline sitrep::testing::TempDir* dir_ = nullptr;
  static inline std::string db_;
  static inline Server* server_ = nullptr;
  static inline std::thread* thread_ = nullptr;
  static inline int port_ = 0;
};

TEST_F(Serve, EventsAnswerTotalAndItems) {
  json all = get_json("/api/events?limit=5");
  ASSERT_GT(all["total"].get<int>(), 5);
  EXPECT_EQ(all["items"].size(), 5u);
  for (const json& e : all["items"]) EXPECT_TRUE(e["sources"].is_array() && !e["sources"].empty());
  json attacks = get_json("/api/events?type=attack&limit=500");
  EXPECT_LT(attacks["total"].get<int>(), all["total"].get<int>());
  for (const json& e : attacks["items"]) EXPECT_EQ(e["type"], "attack");
  json page2 = get_json("/api/events?limit=5&offset=5");
  EXPECT_NE(page2["items"][0]["id"], all["items"][0]["id"]) << "offset pages";
}

TEST_F(Serve, FiltersMatchTheCommandLine) {
  json killed = get_json("/api/events?min_killed=10&sort=killed&limit=500");
  ASSERT_GT(killed["total"].get<int>(), 0);
  for (const json& e : killed["items"]) EXPECT_GE(e["killed"]["min"].get<int>(), 10);
  json ru = get_json("/api/events?country=ru&limit=500");
  for (const json& e : ru["items"]) EXPECT_EQ(e["location"]["country"], "RU");
  json dated = get_json("/api/events?from=2024-03&to=2024-03&limit=500");
  for (const json& e : dated["items"]) EXPECT_EQ(e["date"]["start"].get<std::string>().substr(0, 7), "2024-03");
}

TEST_F(Serve, SearchTextThatIsNotFtsSyntaxStillSearches) {
  json r = get_json("/api/events?q=ISIS-K");
  EXPECT_GT(r["total"].get<int>(), 0) << "a hyphenated name is searched as a phrase, not an error";
  get_json("/api/events?q=%22unbalanced", 200);
}

TEST_F(Serve, ParametersAreNeverSql) {
  json before = get_json("/api/events?limit=1");
  json r = get_json("/api/events?q=x%27%3B%20DROP%20TABLE%20incidents%3B--&group=%27%20OR%201%3D1--");
  EXPECT_EQ(r["total"], 0);
  EXPECT_EQ(get_json("/api/events?limit=1")["total"], before["total"]) << "nothing dropped";
}

TEST_F(Serve, BadParametersAre400WithTheReason) {
  EXPECT_NE(get_json("/api/events?limit=abc", 400)["error"].get<std::string>().find("limit"), std::string::npos);
  get_json("/api/events?limit=100000", 400);
  get_json("/api/events?type=massacre", 400);
  get_json("/api/events?from=March", 400);
  get_json("/api/events?sort=rowid;", 400);
  get_json("/api/events?country=Russia", 400);
  get_json("/api/stats/timeline?by=decade", 400);
  get_json("/api/events?limit=1&limit=2", 400);
}

TEST_F(Serve, OneEventAndUnknownIds) {
  json first = get_json("/api/events?limit=1")["items"][0];
  std::string id = first["id"];
  EXPECT_EQ(get_json("/api/events/" + id)["id"], id);
  std::string ev = first["sources"][0]["event"];
  EXPECT_EQ(get_json("/api/events/" + ev)["id"], id) << "an event id answers with its incident";
  EXPECT_EQ(get_json("/api/events/in-nope", 404)["code"], "E002");
  get_json("/api/nothing/here", 404);
}

TEST_F(Serve, DocumentsCarryBodyAndEvidenceSpans) {
  json first = get_json("/api/events?limit=1")["items"][0];
  std::string doc = first["sources"][0]["doc"];
  json d = get_json("/api/documents/" + doc);
  std::string body = d["body"];
  ASSERT_FALSE(d["events"].empty());
  for (const json& e : d["events"])
    for (const json& span : e["evidence"]) {
      if (span.contains("doc") && span["doc"] != doc) continue;
      size_t start = span["start"], end = span["end"];
      ASSERT_LE(end, body.size());
      EXPECT_EQ(body.substr(start, end - start), span["text"].get<std::string>()) << "offsets are body bytes";
    }
  get_json("/api/documents/no-such-doc", 404);
}

TEST_F(Serve, GroupsTimelinePointsFeedAndStats) {
  json groups = get_json("/api/groups");
  ASSERT_FALSE(groups.empty());
  EXPECT_TRUE(groups[0].contains("aliases") && groups[0].contains("incidents"));
  json isis = get_json("/api/groups/Daesh");
  EXPECT_EQ(isis["name"], "Islamic State");
  EXPECT_FALSE(isis["branches"].empty());
  get_json("/api/groups/Not%20A%20Group%20At%20All", 404);

  json t = get_json("/api/stats/timeline?by=month");
  EXPECT_EQ(t["by"], "month");
  ASSERT_FALSE(t["periods"].empty());
  int64_t n = 0;
  for (const json& p : t["periods"]) n += p["incidents"].get<int64_t>();
  EXPECT_EQ(n + t["undated"].get<int64_t>(), get_json("/api/events?limit=1")["total"].get<int64_t>())
      << "every incident is in one period or undated";
  json w = get_json("/api/stats/timeline?by=week");
  for (const json& p : w["periods"]) EXPECT_EQ(p["period"].get<std::string>().size(), 10u);

  json pts = get_json("/api/points?limit=3");
  ASSERT_LE(pts["points"].size(), 3u);
  for (const json& p : pts["points"]) EXPECT_TRUE(p[0].is_number() && p[1].is_number() && p[3].is_string());

  json feed = get_json("/api/feed?limit=3");
  EXPECT_GT(feed["cursor"].get<int64_t>(), 0);
  EXPECT_EQ(feed["items"].size(), 3u);
  EXPECT_TRUE(get_json("/api/feed?cursor=" + std::to_string(feed["cursor"].get<int64_t>()))["items"].empty())
      << "nothing new since the cursor";
  EXPECT_GT(get_json("/api/stats")["incidents"].get<int>(), 0);
}

TEST_F(Serve, AnswersCarryHeadersThatStopScriptsAndSniffing) {
  auto c = client();
  auto r = c.Get("/api/events?limit=1");
  ASSERT_TRUE(r);
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(Serve, StaticFilesComeFromTheAppFolderOnly) {
  auto c = client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>app</title>"), std::string::npos);
  auto js = c.Get("/sub/a.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  for (const char* path : {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                           "/sub/%2e%2e/%2e%2e/secret.txt", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/sub/..%5c..%5csecret.txt", "//etc/passwd"}) {
    std::string answer = raw(std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ASSERT_FALSE(answer.empty()) << path;
    EXPECT_EQ(answer.find("outside the web folder"), std::string::npos) << path << " escaped the app folder";
    EXPECT_EQ(answer.find("root:"), std::string::npos) << path << " escaped the app folder";
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), std::string::npos) << path << ": " << answer.substr(0, 40);
  }
}

TEST_F(Serve, PostingDocumentsNeedsTheToken) {
  auto c = client();
  const std::string doc = R"({"id":"t1","title":"x","text":"A bomb exploded in Kabul on Monday, killing 3."})";
  auto none = c.Post("/api/documents", doc, "application/x-ndjson");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  httplib::Headers wrong{{"Authorization", "Bearer nope"}};
  auto bad = c.Post("/api/documents", wrong, doc, "application/x-ndjson");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  httplib::Headers prefix{{"Authorization", std::string("Bearer ") + std::string(kToken).substr(0, 8)}};
  auto part = c.Post("/api/documents", prefix, doc, "application/x-ndjson");
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 401) << "a prefix of the token is not the token";
  EXPECT_EQ(get_json("/api/documents/t1", 404)["code"], "E002") << "nothing was stored";
}

TEST_F(Serve, OversizedBodiesAreRefused) {
  auto c = client();
  httplib::Headers auth{{"Authorization", std::string("Bearer ") + kToken}};
  std::string big(200 * 1024, 'a');
  auto r = c.Post("/api/documents", auth, big, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_GT(get_json("/api/stats")["documents"].get<int>(), 0) << "the server still answers";
}

TEST_F(Serve, PostedDocumentsBecomeIncidentsAndShowInTheFeed) {
  int64_t cursor = get_json("/api/feed?limit=1")["cursor"];
  auto c = client();
  httplib::Headers auth{{"Authorization", std::string("Bearer ") + kToken}};
  std::string body =
      R"({"id":"posted-kabul","title":"Bomb at Kabul market","published":"2024-05-06","text":"A bomb exploded at a crowded market in Kabul on Monday, killing 12 people and wounding 30, police said. No group claimed the attack."})"
      "\n"
      R"({"id":"posted-broken","text": )"
      "\n";
  auto r = c.Post("/api/documents", auth, body, "application/x-ndjson");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  json j = json::parse(r->body);
  EXPECT_EQ(j["added"], 1);
  EXPECT_EQ(j["failed"], 1) << "the malformed line is reported, the rest stored";
  EXPECT_NE(j["errors"][0]["error"].get<std::string>().find("E203"), std::string::npos) << r->body;

  json fresh = get_json("/api/feed?cursor=" + std::to_string(cursor));
  bool seen = false;
  for (const json& e : fresh["items"])
    for (const json& s : e["sources"]) seen = seen || s["doc"] == "posted-kabul";
  EXPECT_TRUE(seen) << fresh.dump();

  auto again = c.Post("/api/documents", auth, body.substr(0, body.find('\n') + 1), "application/x-ndjson");
  ASSERT_TRUE(again);
  EXPECT_EQ(json::parse(again->body)["unchanged"], 1) << "posting the same document again changes nothing";
}

TEST_F(Serve, APortInUseIsRefused) {
  Options o;
  o.db = db_;
  o.port = port_;
  auto second = Server::create(o);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->bind(), -1) << "a second server on the same port";
  EXPECT_NE((*second)->why().find("cannot listen"), std::string::npos);
}

TEST(ServeApi, QueryParametersAreBounded) {
  sitrep::serve::Params p{{"limit", "20"}, {"offset", "40"}, {"group", "ISIS"}, {"branches", "1"},
                          {"order", "asc"}};
  auto q = sitrep::serve::query_of(p);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 20u);
  EXPECT_EQ(q->offset, 40u);
  EXPECT_TRUE(q->branches && q->ascending);
  EXPECT_FALSE(sitrep::serve::query_of({{"limit", "-1"}}).ok());
  EXPECT_FALSE(sitrep::serve::query_of({{"offset", "99999999999999"}}).ok());
  EXPECT_FALSE(sitrep::serve::query_of({{"q", std::string(2000, 'x')}}).ok());
  EXPECT_EQ(sitrep::serve::query_of({})->limit, 50u) << "a default page";
}

// httplib's stop() did nothing until its loop ran: a stop asked for just
// after starting the server thread left run() serving forever.
TEST(ServeApi, StopRightAfterStartingEndsRun) {
  sitrep::testing::TempDir dir("sitrep-serve-stop");
  std::string db = (dir.path() / "s.db").string();
  ASSERT_TRUE(sitrep::store::Store::open(db).ok());
  for (int round = 0; round < 20; ++round) {
    Options o;
    o.db = db;
    o.port = 0;
    auto s = Server::create(o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    ASSERT_GT((*s)->bind(), 0);
    std::atomic<bool> done{false};
    std::thread t([&] {
      (*s)->run();
      done = true;
    });
    if (round % 2) (*s)->stop();  // maybe before run() begins
    else {
      std::this_thread::yield();
      (*s)->stop();
    }
    for (int i = 0; i < 500 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_TRUE(done) << "round " << round << ": run() did not end";
    if (!done) {
      t.detach();
      return;
    }
    t.join();
  }
}

TEST(ServeApi, RandomTokensDiffer) {
  std::string a = sitrep::serve::random_token(), b = sitrep::serve::random_token();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

TEST(StoreDeadline, LongQueriesStopWithTimedOut) {
  sitrep::testing::TempDir dir("sitrep-deadline");
  auto db = sitrep::store::Db::open((dir.path() / "x.db").string());
  ASSERT_TRUE(db.ok());
  (*db)->set_deadline(std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
  auto s = (*db)->prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n");
  EXPECT_FALSE(s.step());
  EXPECT_EQ(s.status().code(), sitrep::ErrorCode::kTimedOut) << s.status().to_string();
  (*db)->set_deadline({});
  auto quick = (*db)->prepare("SELECT 1");
  EXPECT_TRUE(quick.step()) << "no limit once cleared";
}

}  // namespace

namespace {

// A shell starts background jobs with SIGINT ignored; `sitrep serve` must
// still stop on it (and on SIGTERM), exiting 0.
TEST(ServeCli, StopsOnSigintAndSigtermEvenAsABackgroundJob) {
  sitrep::testing::TempDir dir("sitrep-serve-cli");
  std::string db = (dir.path() / "s.db").string();
  std::string bin = SITREP_BINARY;
  std::string samples = (sitrep::testing::source_dir() / "samples" / "text").string();
  ASSERT_EQ(std::system(("'" + bin + "' ingest --db '" + db + "' '" + samples + "' >/dev/null 2>&1").c_str()), 0);
  for (const char* sig : {"INT", "TERM"}) {
    // Exit 7 when the server outlived the signal by five seconds.
    std::string script = "#!/bin/sh\n'" + bin + "' serve --db '" + db + "' --port 0 >/dev/null 2>&1 &\n" +
                         "pid=$!\nsleep 1\nkill -" + sig + " $pid\n" +
                         "for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done\n" +
                         "if kill -0 $pid 2>/dev/null; then kill -9 $pid; exit 7; fi\nwait $pid\n";
    fs::path file = dir.path() / "stop.sh";
    std::ofstream(file) << script;
    int status = std::system(("/bin/sh '" + file.string() + "'").c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "SIG" << sig << " did not stop the server (7: still running)";
  }
}

}  // namespace

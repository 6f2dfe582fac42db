// End-to-end: `sitrep clean` gives one error line per bad input, goes on, and exits 1.
// exits 1.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.h"

namespace {
namespace fs = std::filesystem;
using sitrep::testing::gzip;
using sitrep::testing::kArticle;
using sitrep::testing::kArticleHtml;

// A temporary folder whose inputs go in in/ (a run's outputs live beside it).
class TempDir {
 public:
  TempDir() : dir_("sitrep-cli-test") { fs::create_directories(inputs()); }
  const fs::path& path() const { return dir_.path(); }
  fs::path inputs() const { return dir_.path() / "in"; }
  // Writes `bytes` to in/<rel>; returns the full path.
  std::string write(const std::string& rel, std::string_view bytes) const {
    return dir_.write("in/" + rel, bytes);
  }

 private:
  sitrep::testing::TempDir dir_;
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// rec[key] as a string; "" when absent, null or not a string.
std::string str(const nlohmann::json& rec, const char* key) {
  auto it = rec.find(key);
  return it != rec.end() && it->is_string() ? it->get<std::string>() : "";
}

struct RunResult {
  int status = -1;       // exit status; -1 when killed by a signal
  bool crashed = false;  // killed by a signal
  std::string out;
  std::string err;
  std::vector<nlohmann::json> records;  // stdout parsed as JSON Lines

  std::string dump() const { return "\n--- stdout:\n" + out + "\n--- stderr:\n" + err; }
  bool has_id(const std::string& id) const {
    for (const auto& r : records) {
      if (str(r, "id") == id) return true;
    }
    return false;
  }
};

// Runs the built sitrep with `args` (already quoted), standard input from
// `stdin_path` (or /dev/null), output captured in files next to the inputs.
RunResult run_sitrep(const TempDir& dir, const std::string& args,
                     const std::string& stdin_path = "") {
  fs::path out = dir.path() / "stdout.txt";
  fs::path err = dir.path() / "stderr.txt";
  std::string cmd = "exec " + shell_quote(SITREP_BINARY) + " " + args + " < " +
                    shell_quote(stdin_path.empty() ? "/dev/null" : stdin_path) + " > " +
                    shell_quote(out.string()) + " 2> " + shell_quote(err.string());
  int rc = std::system(cmd.c_str());
  RunResult r;
  if (WIFEXITED(rc)) {
    r.status = WEXITSTATUS(rc);
    r.crashed = r.status > 128;  // a shell reports a signal as 128 + n
  } else {
    r.crashed = true;
  }
  r.out = slurp(out);
  r.err = slurp(err);
  for (const auto& line : lines_of(r.out)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "stdout line is not JSON: " << line;
    if (!j.is_discarded()) r.records.push_back(std::move(j));
  }
  return r;
}

std::string clean_args(const std::vector<std::string>& paths) {
  std::string args = "clean --format jsonl";
  for (const auto& p : paths) args += " " + shell_quote(p);
  return args;
}

std::string warc_record(std::string_view type, std::string_view uri, std::string_view block,
                        std::string_view extra_headers = "") {
  std::string r = "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += extra_headers;
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string html_response(std::string_view body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + std::string(body);
}

std::string warcinfo() {
  return warc_record("warcinfo", "", "software: sitrep-test\r\n",
                     "Content-Type: application/warc-fields\r\n");
}

std::string png_bytes() {
  static const char kHeader[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
  return std::string(kHeader, sizeof kHeader - 1) + std::string(4000, '\0');
}

// The stderr lines that mention `needle`.
std::vector<std::string> lines_naming(const std::string& err, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(err)) {
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  return out;
}

TEST(CliErrors, EachBadFileGetsOneErrorLineAndTheBatchGoesOn) {
  TempDir dir;
  dir.write("good.txt", kArticle);
  // Bad file -> the code(s) its one error line must carry.
  std::map<std::string, std::vector<std::string>> bad;
  bad[dir.write("empty.txt", "")] = {"E101"};
  bad[dir.write("image.png", png_bytes())] = {"E102"};
  bad[dir.write("latin1.txt", "Caf\xE9 owner held\n\nPolice arrested the caf\xE9 owner.\n")] = {
      "E103"};
  std::string gz = gzip(kArticleHtml);
  bad[dir.write("cut.html.gz", gz.substr(0, gz.size() / 2))] = {"E201"};
  bad[dir.write("long-line.txt", std::string(24u << 20, 'w'))] = {"E104", "E105"};
  std::string feed = nlohmann::json({{"id", "feed-ok"}, {"text", kArticle}}).dump() + "\n" +
                     "{\"id\": \"feed-bad\", \"text\": \n";
  bad[dir.write("feed.jsonl", feed)] = {"E203"};
  bad[dir.write("nobody.jsonl", nlohmann::json({{"id", "nobody"}, {"title", "T"}}).dump() + "\n")] =
      {"E206"};
  std::string warc =
      warcinfo() +
      warc_record("response", "https://example.com/kaya", html_response(kArticleHtml)) +
      "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 200";
  bad[dir.write("broken.warc", warc)] = {"E204"};
  // Malformed HTML is not an error by itself: parsers recover.
  std::string broken_html =
      "<html><body><div><p>At least twelve people were killed on Tuesday when gunmen opened "
      "fire on a crowded market in the northern town of Kaya, police said.<div><b>Unclosed "
      "</table></td>&bogus; <p>Witnesses said the attackers arrived on motorcycles";
  std::string broken_html_path = dir.write("broken-markup.html", broken_html);

  RunResult r = run_sitrep(dir, clean_args({dir.inputs().string()}));
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 1) << r.dump();

  for (const auto& [path, codes] : bad) {
    std::vector<std::string> lines = lines_naming(r.err, path);
    ASSERT_EQ(lines.size(), 1u) << path << r.dump();
    bool has_code = false;
    for (const auto& code : codes) has_code = has_code || lines[0].find(code) != std::string::npos;
    EXPECT_TRUE(has_code) << lines[0];
  }
  // The JSON Lines error names its line.
  EXPECT_EQ(lines_naming(r.err, (dir.inputs() / "feed.jsonl").string() + ":2").size(), 1u)
      << r.dump();
  // Nothing else on stderr but the malformed page's possible E106 and the summary.
  for (const auto& line : lines_of(r.err)) {
    bool known = line.find("input(s) failed") != std::string::npos;
    for (const auto& [path, codes] : bad) known = known || line.find(path) != std::string::npos;
    known = known || (line.find(broken_html_path) != std::string::npos &&
                      line.find("E106") != std::string::npos);
    EXPECT_TRUE(known) << "unexpected stderr line: " << line;
  }

  // The good article, the good JSON line and the WARC record before the damage.
  EXPECT_TRUE(r.has_id("good")) << r.dump();
  EXPECT_TRUE(r.has_id("feed-ok")) << r.dump();
  bool warc_record_printed = false;
  for (const auto& rec : r.records) {
    warc_record_printed = warc_record_printed || str(rec, "url") == "https://example.com/kaya";
  }
  EXPECT_TRUE(warc_record_printed) << r.dump();
  for (const auto& rec : r.records) {
    if (str(rec, "id") == "good") {
      EXPECT_EQ(str(rec, "title"), "Gunmen kill twelve in attack on northern market");
      EXPECT_NE(str(rec, "body").find("At least twelve people were killed"), std::string::npos);
    }
  }
  // The malformed page is either cleaned or reported as having no text.
  EXPECT_TRUE(r.has_id("broken-markup") || lines_naming(r.err, broken_html_path).size() == 1)
      << r.dump();
}

TEST(CliErrors, AllGoodInputsExitZero) {
  TempDir dir;
  dir.write("a.txt", kArticle);
  dir.write("b.html", kArticleHtml);
  dir.write("c.txt.gz", gzip(kArticle));
  dir.write("d.jsonl", nlohmann::json({{"id", "feed-1"}, {"text", kArticle}}).dump() + "\n" +
                           nlohmann::json({{"id", "feed-2"}, {"html", kArticleHtml}}).dump() +
                           "\n");
  dir.write("e.warc.gz", gzip(warcinfo()) + gzip(warc_record("response", "https://example.com/e",
                                                             html_response(kArticleHtml))));
  dir.write(".hidden.txt", "");  // hidden entries are skipped, so this empty file is no error
  RunResult r = run_sitrep(dir, clean_args({dir.inputs().string()}));
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 0) << r.dump();
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(r.records.size(), 6u) << r.dump();
  std::vector<std::string> ids;
  for (const auto& rec : r.records) ids.push_back(str(rec, "id"));
  EXPECT_EQ(ids[0], "a");
  EXPECT_EQ(ids[1], "b");
  EXPECT_EQ(ids[2], "c");
  EXPECT_EQ(ids[3], "feed-1");
  EXPECT_EQ(ids[4], "feed-2");
  EXPECT_EQ(str(r.records[5], "url"), "https://example.com/e");
  for (const auto& rec : r.records) {
    EXPECT_NE(str(rec, "body").find("At least twelve people were killed"), std::string::npos)
        << rec.dump();
  }
}

TEST(CliErrors, NonexistentPathIsE002AndExitOne) {
  TempDir dir;
  std::string good = dir.write("good.txt", kArticle);
  std::string missing = (dir.inputs() / "no-such-file.html").string();
  RunResult r = run_sitrep(dir, clean_args({missing, good}));
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 1) << r.dump();
  std::vector<std::string> lines = lines_naming(r.err, missing);
  ASSERT_EQ(lines.size(), 1u) << r.dump();
  EXPECT_NE(lines[0].find("E002"), std::string::npos) << lines[0];
  EXPECT_TRUE(r.has_id("good")) << r.dump();
}

// Regression: a page clean rejects (no article text) was reported but not
// counted, so a batch of only such pages exited 0.
TEST(CliErrors, PageWithNoArticleTextCountsAsFailed) {
  TempDir dir;
  std::string good = dir.write("good.txt", kArticle);
  std::string empty =
      dir.write("empty.html",
                "<html><head><title>x</title></head><body><nav><a href=\"/\">Home</a>"
                "</nav></body></html>");
  for (const std::string& command : {std::string("clean"), std::string("extract")}) {
    RunResult r = run_sitrep(
        dir, command + " --format jsonl " + shell_quote(empty) + " " + shell_quote(good));
    ASSERT_FALSE(r.crashed) << r.dump();
    EXPECT_EQ(r.status, 1) << command << r.dump();
    std::vector<std::string> lines = lines_naming(r.err, empty);
    ASSERT_EQ(lines.size(), 1u) << command << r.dump();
    EXPECT_NE(lines[0].find("E106"), std::string::npos) << lines[0];
  }
}

TEST(CliErrors, CleanWithoutArgumentsIsAUsageError) {
  TempDir dir;
  RunResult r = run_sitrep(dir, "clean");
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 2) << r.dump();
  EXPECT_FALSE(r.err.empty());
  EXPECT_TRUE(r.records.empty());
}

TEST(CliErrors, DashReadsStandardInput) {
  TempDir dir;
  std::string good = dir.write("good.txt", kArticle);
  RunResult r = run_sitrep(dir, clean_args({"-"}), good);
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 0) << r.dump();
  ASSERT_EQ(r.records.size(), 1u) << r.dump();
  std::string id = str(r.records[0], "id");
  EXPECT_EQ(id.size(), 16u) << id;  // a content hash
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_EQ(str(r.records[0], "title"), "Gunmen kill twelve in attack on northern market");
}

TEST(CliErrors, EmptyStandardInputIsE101) {
  TempDir dir;
  RunResult r = run_sitrep(dir, clean_args({"-"}));
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 1) << r.dump();
  std::vector<std::string> lines = lines_naming(r.err, "E101");
  ASSERT_EQ(lines.size(), 1u) << r.dump();
  EXPECT_NE(lines[0].find("sitrep: -:"), std::string::npos) << lines[0];
}

TEST(CliErrors, TruncatedWarcGzipIsOneErrorLineAndKeepsEarlierRecords) {
  TempDir dir;
  dir.write("good.txt", kArticle);
  std::string last =
      gzip(warc_record("response", "https://example.com/second", html_response(kArticleHtml)));
  std::string gz =
      gzip(warcinfo()) +
      gzip(warc_record("response", "https://example.com/first", html_response(kArticleHtml))) +
      last.substr(0, last.size() / 2);
  std::string crawl = dir.write("crawl.warc.gz", gz);
  RunResult r = run_sitrep(dir, clean_args({dir.inputs().string()}));
  ASSERT_FALSE(r.crashed) << r.dump();
  EXPECT_EQ(r.status, 1) << r.dump();
  EXPECT_TRUE(r.has_id("good")) << r.dump();
  bool first = false;
  for (const auto& rec : r.records) first = first || str(rec, "url") == "https://example.com/first";
  EXPECT_TRUE(first) << r.dump();
  std::vector<std::string> lines = lines_naming(r.err, crawl);
  ASSERT_EQ(lines.size(), 1u) << r.dump();
  EXPECT_NE(lines[0].find("E201"), std::string::npos) << lines[0];
}

// A small hostile page (100,000 unclosed tags) must not take the batch down.
TEST(CliErrors, DeeplyNestedHtmlDoesNotCrashTheBatch) {
  TempDir dir;
  dir.write("a-good.txt", kArticle);
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i) deep += "<span>";
  deep += "Deep text</body></html>";
  dir.write("b-deep.html", deep);
  dir.write("c-good.html", kArticleHtml);
  RunResult r = run_sitrep(dir, clean_args({dir.inputs().string()}));
  ASSERT_FALSE(r.crashed) << "sitrep was killed by a signal" << r.dump();
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r.dump();
  EXPECT_TRUE(r.has_id("a-good")) << r.dump();
  EXPECT_TRUE(r.has_id("c-good")) << r.dump();
}

}  // namespace

// Ingest: each format's happy path, and one clear error per bad input with the batch going on.
// on.
#include <gtest/gtest.h>

#include "support/files.h"
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "sitrep/sitrep.h"

namespace sitrep {
namespace {
namespace fs = std::filesystem;
using sitrep::testing::gzip;
using sitrep::testing::kArticle;
using sitrep::testing::kArticleHtml;
using sitrep::testing::TempDir;

// ---------------------------------------------------------------- helpers

// Everything one read reported: documents and (origin, status) errors.
struct Collected {
  std::vector<Document> docs;
  std::vector<std::pair<std::string, Status>> errors;
  size_t returned = 0;

  ingest::DocumentFn on_doc() {
    return [this](Document d) { docs.push_back(std::move(d)); };
  }
  ingest::ErrorFn on_error() {
    return [this](const std::string& origin, const Status& s) { errors.emplace_back(origin, s); };
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& d : docs) out.push_back(d.id);
    return out;
  }
  std::vector<std::string> origins() const {
    std::vector<std::string> out;
    for (const auto& d : docs) out.push_back(d.origin);
    return out;
  }
  std::string describe_errors() const {
    std::string out;
    for (const auto& [o, s] : errors) out += "\n  " + o + ": " + s.to_string();
    return out.empty() ? " (none)" : out;
  }
};

Collected read_buf(std::string_view name, std::string bytes, const ingest::Limits& limits = {}) {
  Collected c;
  c.returned = ingest::read_buffer(name, std::move(bytes), c.on_doc(), c.on_error(), limits);
  return c;
}

Collected read_all(const std::vector<std::string>& paths, const ingest::Limits& limits = {}) {
  Collected c;
  c.returned = ingest::read_paths(paths, c.on_doc(), c.on_error(), limits);
  return c;
}



bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}


std::string html_page(std::string_view para) {
  return "<!doctype html><html><head><title>T</title></head><body><p>" + std::string(para) +
         "</p></body></html>";
}

// One WARC record; `block` is the record's content (an HTTP message for responses).
std::string warc_record(std::string_view type, std::string_view uri, std::string_view block,
                        std::string_view extra_headers = "") {
  std::string r = "WARC/1.1\r\nWARC-Type: " + std::string(type) + "\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  r += "WARC-Date: 2024-03-23T10:00:00Z\r\n";
  r += extra_headers;
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

std::string http_response(std::string_view status_line, std::string_view content_type,
                          std::string_view body, std::string_view extra_headers = "") {
  std::string h = std::string(status_line) + "\r\n";
  if (!content_type.empty()) h += "Content-Type: " + std::string(content_type) + "\r\n";
  h += extra_headers;
  h += "\r\n";
  h += body;
  return h;
}

std::string warcinfo() {
  return warc_record("warcinfo", "", "software: sitrep-test\r\nformat: WARC File Format 1.1\r\n",
                     "Content-Type: application/warc-fields\r\n");
}

// Records 0..3: warcinfo, two HTML responses, one more HTML response.
std::vector<std::string> three_page_crawl() {
  return {warcinfo(),
          warc_record("response", "https://example.com/one",
                      http_response("HTTP/1.1 200 OK", "text/html", html_page("Record one"))),
          warc_record("response", "https://example.com/two",
                      http_response("HTTP/1.1 200 OK", "text/html", html_page("Record two"))),
          warc_record("response", "https://example.com/three",
                      http_response("HTTP/1.1 200 OK", "text/html",
                                    html_page("Record three " + std::string(2000, 'x'))))};
}

// Runs `bad` (named `bad_name`) between two good text files through read_paths
// and checks that both good files arrive and that exactly one error, with
// `code`, names the bad file. Returns the error status for further checks.
Status expect_one_error_between_good_files(const std::string& bad_name, std::string_view bad,
                                           std::initializer_list<ErrorCode> codes) {
  TempDir dir;
  std::string before = dir.write("1-before.txt", kArticle);
  std::string bad_path = dir.write(bad_name, bad);
  std::string after = dir.write("3-after.txt", kArticle);
  Collected c = read_all({before, bad_path, after});
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"1-before", "3-after"})) << c.describe_errors();
  EXPECT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.returned, c.errors.size());
  if (c.errors.empty()) return Status::ok();
  EXPECT_EQ(c.errors[0].first, bad_path);
  bool code_ok = false;
  for (ErrorCode code : codes) code_ok = code_ok || c.errors[0].second.code() == code;
  EXPECT_TRUE(code_ok) << "got " << c.errors[0].second.to_string();
  return c.errors[0].second;
}

// ---------------------------------------------------------------- happy paths

TEST(Ingest, PlainTextFirstLineIsTitle) {
  Collected c = read_buf("kaya-attack.txt", kArticle);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_TRUE(c.errors.empty());
  Document& d = c.docs[0];
  EXPECT_EQ(d.id, "kaya-attack");
  EXPECT_EQ(d.origin, "kaya-attack.txt");
  EXPECT_EQ(d.kind, ContentKind::kText);
  EXPECT_EQ(d.raw, kArticle);
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_EQ(d.title, "Gunmen kill twelve in attack on northern market");
  EXPECT_TRUE(contains(d.body, "At least twelve people were killed")) << d.body;
}

TEST(Ingest, HtmlIsReadAsHtml) {
  Collected c = read_buf("market.html", kArticleHtml);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  Document& d = c.docs[0];
  EXPECT_EQ(d.id, "market");
  EXPECT_EQ(d.kind, ContentKind::kHtml);
  EXPECT_EQ(d.raw, kArticleHtml);
  ASSERT_TRUE(clean::clean(d).is_ok());
  EXPECT_EQ(d.title, "Gunmen kill twelve");
  EXPECT_TRUE(contains(d.body, "fleeing into the bush")) << d.body;
}

TEST(Ingest, HtmlIsSniffedWithoutAnExtension) {
  Collected c = read_buf("download", kArticleHtml);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].kind, ContentKind::kHtml);
  EXPECT_EQ(c.docs[0].id, "download");
}

TEST(Ingest, GzipOfTextAndOfHtml) {
  Collected t = read_buf("story.txt.gz", gzip(kArticle));
  ASSERT_EQ(t.docs.size(), 1u) << t.describe_errors();
  EXPECT_EQ(t.docs[0].id, "story");
  EXPECT_EQ(t.docs[0].kind, ContentKind::kText);
  EXPECT_EQ(t.docs[0].raw, kArticle);
  EXPECT_EQ(t.docs[0].origin, "story.txt.gz");

  Collected h = read_buf("page.html.gz", gzip(kArticleHtml));
  ASSERT_EQ(h.docs.size(), 1u) << h.describe_errors();
  EXPECT_EQ(h.docs[0].id, "page");
  EXPECT_EQ(h.docs[0].kind, ContentKind::kHtml);
  EXPECT_EQ(h.docs[0].raw, kArticleHtml);
}

TEST(Ingest, MultiMemberGzipDecodesWhole) {
  std::string text = kArticle;
  size_t half = text.size() / 2;
  std::string two = gzip(text.substr(0, half)) + gzip(text.substr(half));
  Collected c = read_buf("story.txt.gz", two);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  EXPECT_EQ(c.docs[0].raw, text);
}

TEST(Ingest, JsonLinesFieldsAndIds) {
  nlohmann::json a = {{"id", "wire-001"},
                      {"url", "https://news.example/kaya"},
                      {"title", "Gunmen kill twelve"},
                      {"published", "2024-03-19"},
                      {"source", "Example Wire"},
                      {"text", kArticle}};
  nlohmann::json b = {{"id", "wire-002"}, {"html", kArticleHtml}};
  nlohmann::json n = {{"id", 42}, {"text", "A numbered item\n\nWith some body text."}};
  nlohmann::json anon = {{"text", "No id here\n\nSo the id is a hash of the content."}};
  std::string feed = a.dump() + "\n" + b.dump() + "\n\n" + n.dump() + "\r\n" + anon.dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  ASSERT_EQ(c.docs.size(), 4u);

  const Document& d0 = c.docs[0];
  EXPECT_EQ(d0.id, "wire-001");
  EXPECT_EQ(d0.origin, "feed.jsonl:1");
  EXPECT_EQ(d0.url, "https://news.example/kaya");
  EXPECT_EQ(d0.title, "Gunmen kill twelve");
  EXPECT_EQ(d0.published, "2024-03-19");
  EXPECT_EQ(d0.source, "Example Wire");
  EXPECT_EQ(d0.kind, ContentKind::kText);
  EXPECT_EQ(d0.raw, kArticle);

  EXPECT_EQ(c.docs[1].id, "wire-002");
  EXPECT_EQ(c.docs[1].origin, "feed.jsonl:2");
  EXPECT_EQ(c.docs[1].kind, ContentKind::kHtml);
  EXPECT_EQ(c.docs[1].raw, kArticleHtml);

  EXPECT_EQ(c.docs[2].id, "42");
  EXPECT_EQ(c.docs[2].origin, "feed.jsonl:4");  // the blank line 3 still counts

  EXPECT_EQ(c.docs[3].origin, "feed.jsonl:5");
  EXPECT_EQ(c.docs[3].id, hash_hex(c.docs[3].raw));
}

TEST(Ingest, JsonLinesInGzipKeepLineNumbers) {
  std::string feed = nlohmann::json({{"id", "x1"}, {"text", "One\n\nBody one."}}).dump() + "\n" +
                     nlohmann::json({{"id", "x2"}, {"text", "Two\n\nBody two."}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl.gz", gzip(feed));
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"feed.jsonl.gz:1", "feed.jsonl.gz:2"}));
}

// One HTTP/1.1 chunk holding `piece`, with an optional chunk extension.
std::string chunk(std::string_view piece, std::string_view ext = "") {
  char size[32];
  std::snprintf(size, sizeof size, "%zx", piece.size());
  return std::string(size) + std::string(ext) + "\r\n" + std::string(piece) + "\r\n";
}

// A crawl with every record type: only 2xx HTML/text responses and resources are read.
std::string full_crawl() {
  std::string chunked_body = chunk("<html><body><p>Chunked pa") +
                             chunk("rt of the story</p></bod", ";ext=1") + chunk("y></htm") +
                             chunk("l>") + "0\r\n\r\n";
  return warcinfo() +  // #0
         warc_record("request", "https://example.com/a",
                     "GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n") +  // #1
         warc_record("response", "https://example.com/a",
                     http_response("HTTP/1.1 200 OK", "text/html; charset=utf-8",
                                   html_page("Page A"))) +                                    // #2
         warc_record("metadata", "https://example.com/a", "via: https://example.com/\r\n") +  // #3
         warc_record("resource", "https://example.com/b.html", html_page("Page B"),
                     "Content-Type: text/html\r\n") +  // #4
         warc_record("response", "https://example.com/logo.png",
                     http_response("HTTP/1.1 200 OK", "image/png",
                                   std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))) +  // #5
         warc_record("response", "https://example.com/gone",
                     http_response("HTTP/1.1 404 Not Found", "text/html",
                                   html_page("Not found"))) +  // #6
         warc_record("response", "https://example.com/moved",
                     http_response("HTTP/1.1 301 Moved Permanently", "text/html",
                                   html_page("Moved"), "Location: /a\r\n")) +  // #7
         warc_record("response", "https://example.com/app.js",
                     http_response("HTTP/1.1 200 OK", "application/javascript",
                                   "var x = 1;")) +  // #8
         warc_record("response", "https://example.com/notes.txt",
                     http_response("HTTP/1.1 200 OK", "text/plain",
                                   "Plain notes\n\nSome plain text.")) +  // #9
         warc_record("response", "https://example.com/chunked",
                     http_response("HTTP/1.1 200 OK", "text/html", chunked_body,
                                   "Transfer-Encoding: chunked\r\n"));  // #10
}

void expect_full_crawl(const Collected& c, const std::string& name) {
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  ASSERT_EQ(c.docs.size(), 4u) << c.describe_errors();
  EXPECT_EQ(c.origins(),
            (std::vector<std::string>{name + "#2", name + "#4", name + "#9", name + "#10"}));
  EXPECT_EQ(c.docs[0].url, "https://example.com/a");
  EXPECT_EQ(c.docs[0].kind, ContentKind::kHtml);
  EXPECT_EQ(c.docs[0].raw, html_page("Page A"));
  EXPECT_EQ(c.docs[1].url, "https://example.com/b.html");
  EXPECT_EQ(c.docs[1].raw, html_page("Page B"));
  EXPECT_EQ(c.docs[2].kind, ContentKind::kText);
  EXPECT_EQ(c.docs[2].raw, "Plain notes\n\nSome plain text.");
  EXPECT_EQ(c.docs[3].raw, "<html><body><p>Chunked part of the story</p></body></html>");
  // Every record gets its own non-empty id.
  std::vector<std::string> ids = c.ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::unique(ids.begin(), ids.end()), ids.end());
  for (const auto& id : ids) EXPECT_FALSE(id.empty());
}

TEST(Ingest, WarcReadsResponseAndResourceRecordsOnly) {
  expect_full_crawl(read_buf("crawl.warc", full_crawl()), "crawl.warc");
}

TEST(Ingest, WarcIsSniffedWithoutAnExtension) {
  expect_full_crawl(read_buf("crawl.dat", full_crawl()), "crawl.dat");
}

TEST(Ingest, WarcChunkedTransferEncodingIsDecoded) {
  std::string body = "5\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n";
  std::string warc = warc_record(
      "response", "https://example.com/c",
      http_response("HTTP/1.1 200 OK", "text/plain", body, "Transfer-Encoding: chunked\r\n"));
  Collected c = read_buf("c.warc", warc);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].raw, "Hello, world");
}

TEST(Ingest, WarcGzipOneMemberPerRecord) {
  // Split the full crawl back into records and compress each on its own.
  std::string crawl = full_crawl();
  std::string gz;
  size_t pos = 0;
  while (pos < crawl.size()) {
    size_t next = crawl.find("WARC/1.1\r\n", pos + 1);
    if (next == std::string::npos) next = crawl.size();
    gz += gzip(std::string_view(crawl).substr(pos, next - pos));
    pos = next;
  }
  expect_full_crawl(read_buf("crawl.warc.gz", gz), "crawl.warc.gz");
}

TEST(Ingest, WarcRecordIdsFollowTheUrl) {
  std::string one = warc_record("response", "https://example.com/a",
                                http_response("HTTP/1.1 200 OK", "text/html", html_page("v1")));
  std::string two = warc_record("response", "https://example.com/a",
                                http_response("HTTP/1.1 200 OK", "text/html", html_page("v2")));
  Collected a = read_buf("first.warc", one);
  Collected b = read_buf("second.warc", two);
  ASSERT_EQ(a.docs.size(), 1u);
  ASSERT_EQ(b.docs.size(), 1u);
  EXPECT_EQ(a.docs[0].id, b.docs[0].id);  // a re-crawl keeps its id
}

TEST(Ingest, WarcHttpGzipContentEncodingIsDecoded) {
  std::string warc =
      warc_record("response", "https://example.com/z",
                  http_response("HTTP/1.1 200 OK", "text/html", gzip(html_page("Zipped")),
                                "Content-Encoding: gzip\r\n"));
  Collected c = read_buf("z.warc", warc);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].raw, html_page("Zipped"));
}

TEST(Ingest, WarcCharsetFromHttpHeaderIsConverted) {
  std::string warc = warc_record("response", "https://example.com/fr",
                                 http_response("HTTP/1.1 200 OK", "text/html; charset=windows-1252",
                                               html_page("Caf\xE9 cr\xE8me \x93quoted\x94")));
  Collected c = read_buf("fr.warc", warc);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_TRUE(validate_utf8(c.docs[0].raw).is_ok());
  EXPECT_TRUE(contains(c.docs[0].raw, "Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted\xE2\x80\x9D"))
      << c.docs[0].raw;
}

TEST(Ingest, FoldersAreReadRecursivelyInSortedOrderSkippingHiddenEntries) {
  TempDir dir;
  dir.write("b.txt", "Bee\n\nBody b.");
  dir.write("a.txt", "Ay\n\nBody a.");
  dir.write("sub/c.html", html_page("Body c"));
  dir.write("sub/.hidden.txt", "Hidden\n\nNot to be read.");
  dir.write(".git/config.txt", "Hidden folder\n\nNot to be read.");
  dir.write("aa/d.txt.gz", gzip("Dee\n\nBody d."));
  dir.write(".hidden-folder/deeper/e.txt", "Hidden\n\nNot to be read.");
  Collected c = read_all({dir.path().string()});
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  fs::path root = dir.path();
  EXPECT_EQ(c.origins(),
            (std::vector<std::string>{(root / "a.txt").string(), (root / "aa/d.txt.gz").string(),
                                      (root / "b.txt").string(), (root / "sub/c.html").string()}));
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"a", "d", "b", "c"}));
}

TEST(Ingest, PathsAreReadInTheOrderGiven) {
  TempDir dir;
  std::string z = dir.write("z.txt", "Zed\n\nBody z.");
  std::string a = dir.write("a.txt", "Ay\n\nBody a.");
  Collected c = read_all({z, a});
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"z", "a"}));
}

// Feeds `bytes` to std::cin while reading "-".
Collected read_stdin(const std::string& bytes) {
  std::istringstream in(bytes);
  std::streambuf* saved = std::cin.rdbuf(in.rdbuf());
  Collected c = read_all({"-"});
  std::cin.rdbuf(saved);
  std::cin.clear();
  return c;
}

TEST(Ingest, DashReadsStandardInputWithAContentHashId) {
  Collected c = read_stdin(kArticle);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].origin, "-");
  EXPECT_EQ(c.docs[0].raw, kArticle);
  EXPECT_EQ(c.docs[0].id, hash_hex(kArticle));
  EXPECT_EQ(c.docs[0].id.size(), 16u);
  // Same content, same id; other content, another id.
  EXPECT_EQ(read_stdin(kArticle).docs.at(0).id, c.docs[0].id);
  EXPECT_NE(read_stdin(std::string(kArticle) + "More.\n").docs.at(0).id, c.docs[0].id);
}

TEST(Ingest, DashReadsGzipAndJsonLinesFromStandardInput) {
  Collected g = read_stdin(gzip(kArticleHtml));
  ASSERT_EQ(g.docs.size(), 1u) << g.describe_errors();
  EXPECT_EQ(g.docs[0].kind, ContentKind::kHtml);
  EXPECT_EQ(g.docs[0].raw, kArticleHtml);

  Collected j =
      read_stdin(nlohmann::json({{"id", "from-stdin"}, {"text", kArticle}}).dump() + "\n");
  ASSERT_EQ(j.docs.size(), 1u) << j.describe_errors();
  EXPECT_EQ(j.docs[0].id, "from-stdin");
  EXPECT_EQ(j.docs[0].origin, "-:1");
}

TEST(Ingest, IdsAreFileNamesWithoutExtensions) {
  EXPECT_EQ(read_buf("x.html.gz", gzip(kArticleHtml)).docs.at(0).id, "x");
  EXPECT_EQ(read_buf("some/dir/report.txt", kArticle).docs.at(0).id, "report");
  EXPECT_EQ(read_buf("NOTES.TXT", kArticle).docs.at(0).id, "NOTES");
  EXPECT_EQ(read_buf("page.htm", kArticleHtml).docs.at(0).id, "page");
  EXPECT_EQ(read_buf("README", kArticle).docs.at(0).id, "README");
}

TEST(Ingest, LegacyCharsetInMetaIsConvertedToUtf8) {
  std::string page =
      "<html><head><meta charset=windows-1252><title>Caf\xE9</title></head><body>"
      "<p>\x93"
      "Caf\xE9 cr\xE8me\x94 \x96 50\x80</p></body></html>";
  Collected c = read_buf("legacy.html", page);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  const std::string& raw = c.docs[0].raw;
  EXPECT_TRUE(validate_utf8(raw).is_ok());
  EXPECT_TRUE(contains(raw,
                       "\xE2\x80\x9C"
                       "Caf\xC3\xA9 cr\xC3\xA8me\xE2\x80\x9D \xE2\x80\x93 50\xE2\x82\xAC"))
      << raw;
}

TEST(Ingest, LegacyCharsetInHttpEquivMetaIsConvertedToUtf8) {
  std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
      "</head><body><p>Se\xF1or Mu\xF1oz</p></body></html>";
  Collected c = read_buf("legacy.html", page);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_TRUE(contains(c.docs[0].raw, "Se\xC3\xB1or Mu\xC3\xB1oz")) << c.docs[0].raw;
}

TEST(Ingest, Utf8ByteOrderMarkIsStripped) {
  Collected c = read_buf("bom.txt", "\xEF\xBB\xBF" + std::string(kArticle));
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].raw, kArticle);
}

// ---------------------------------------------------------------- bad input

TEST(Ingest, EmptyFileIsReportedAndTheBatchGoesOn) {
  Status s = expect_one_error_between_good_files("2-empty.txt", "", {ErrorCode::kEmptyInput});
  EXPECT_FALSE(s.message().empty());
}

TEST(Ingest, WhitespaceOnlyFileIsEmptyInput) {
  expect_one_error_between_good_files("2-blank.txt", " \n\r\n\t\n", {ErrorCode::kEmptyInput});
}

TEST(Ingest, GzipOfNothingIsEmptyInput) {
  expect_one_error_between_good_files("2-nothing.txt.gz", gzip(""), {ErrorCode::kEmptyInput});
}

std::string png_bytes() {
  static const char kHeader[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
  std::string png(kHeader, sizeof kHeader - 1);
  png += std::string(4000, '\0');
  return png;
}

TEST(Ingest, BinaryFileIsReportedAndTheBatchGoesOn) {
  expect_one_error_between_good_files("2-image.png", png_bytes(), {ErrorCode::kBinaryInput});
}

TEST(Ingest, BinaryFileNamedLikeTextOrHtmlOrJsonlIsReported) {
  for (const char* name : {"photo.txt", "photo.html", "photo.jsonl", "photo"}) {
    Collected c = read_buf(name, png_bytes());
    EXPECT_TRUE(c.docs.empty()) << name;
    ASSERT_EQ(c.errors.size(), 1u) << name << c.describe_errors();
    EXPECT_EQ(c.errors[0].first, name);
    EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kBinaryInput) << name;
  }
}

TEST(Ingest, GzippedBinaryIsReported) {
  expect_one_error_between_good_files("2-image.png.gz", gzip(png_bytes()),
                                      {ErrorCode::kBinaryInput});
}

TEST(Ingest, InvalidUtf8IsReportedWithByteOffset) {
  std::string text = "A headline here\n\nBody \xFF with a bad byte.\n";
  Status s = expect_one_error_between_good_files("2-bad-utf8.txt", text, {ErrorCode::kInvalidUtf8});
  EXPECT_TRUE(contains(s.message(), "offset 22")) << s.message();
  EXPECT_TRUE(contains(s.message(), "0xff")) << s.message();
}

TEST(Ingest, InvalidUtf8InHtmlWithoutCharsetIsReported) {
  std::string page = html_page("Bad \xC3\x28 sequence");
  Collected c = read_buf("bad.html", page);
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "bad.html");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kInvalidUtf8);
  EXPECT_TRUE(contains(c.errors[0].second.message(), "offset")) << c.errors[0].second.message();
}

// Latin-1 text read as UTF-8, the most common case: the message should point
// at the byte that cannot be decoded (the e-acute), not at the one after it.
TEST(Ingest, InvalidUtf8NamesTheOffendingByteAndItsOffset) {
  std::string text = "Police said the caf\xE9 was shut.\n";  // 0xE9 at offset 19
  Collected c = read_buf("latin1.txt", text);
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kInvalidUtf8);
  EXPECT_TRUE(contains(c.errors[0].second.message(), "0xe9")) << c.errors[0].second.message();
  EXPECT_TRUE(contains(c.errors[0].second.message(), "offset 19")) << c.errors[0].second.message();
}

// The offset must be the byte's offset in the file, byte-order mark included.
TEST(Ingest, InvalidUtf8OffsetCountsFromTheStartOfTheFile) {
  std::string text = "\xEF\xBB\xBFTitle\n\nBody \xFF.\n";  // 0xFF at offset 3 + 12 = 15
  Collected c = read_buf("bom-bad.txt", text);
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kInvalidUtf8);
  EXPECT_TRUE(contains(c.errors[0].second.message(), "offset 15")) << c.errors[0].second.message();
}

TEST(Ingest, UnknownDeclaredCharsetIsBadEncoding) {
  std::string page =
      "<html><head><meta charset=\"x-no-such-charset\"></head><body><p>Caf\xE9</p></body></html>";
  Collected c = read_buf("odd.html", page);
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "odd.html");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kBadEncoding);
}

TEST(Ingest, TruncatedGzipIsReportedWithFileName) {
  std::string gz = gzip(std::string(kArticle) + kArticle + kArticle);
  std::string cut = gz.substr(0, gz.size() / 2);
  Status s =
      expect_one_error_between_good_files("2-story.txt.gz", cut, {ErrorCode::kTruncatedGzip});
  EXPECT_FALSE(s.message().empty());
}

TEST(Ingest, GzipCutInsideItsHeaderIsTruncated) {
  std::string gz = gzip(kArticle);
  expect_one_error_between_good_files("2-head.html.gz", gz.substr(0, 6),
                                      {ErrorCode::kTruncatedGzip});
}

TEST(Ingest, GzipMissingOnlyItsTrailerIsTruncated) {
  std::string gz = gzip(kArticle);
  expect_one_error_between_good_files("2-trailer.txt.gz", gz.substr(0, gz.size() - 4),
                                      {ErrorCode::kTruncatedGzip});
}

TEST(Ingest, CorruptGzipIsReported) {
  std::string gz = gzip(std::string(kArticle) + kArticle);
  for (size_t i = 20; i < 40; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5A);
  expect_one_error_between_good_files("2-corrupt.txt.gz", gz,
                                      {ErrorCode::kCorruptGzip, ErrorCode::kTruncatedGzip});
}

TEST(Ingest, GzipWithTrailingGarbageIsCorrupt) {
  expect_one_error_between_good_files("2-garbage.txt.gz", gzip(kArticle) + "GARBAGE!",
                                      {ErrorCode::kCorruptGzip});
}

TEST(Ingest, LongLineIsReportedWithItsLineNumber) {
  std::string text = "Title\n\n" + std::string(2u << 20, 'a') + "\nlast line\n";
  Status s = expect_one_error_between_good_files("2-long.txt", text, {ErrorCode::kLineTooLong});
  EXPECT_TRUE(contains(s.message(), "line 3")) << s.message();
}

TEST(Ingest, FortyMegabyteSingleLineFileIsRejectedWithoutCrashing) {
  std::string line(40u << 20, 'w');
  for (size_t i = 7; i < line.size(); i += 8) line[i] = ' ';
  expect_one_error_between_good_files("2-huge.txt", line,
                                      {ErrorCode::kLineTooLong, ErrorCode::kTooLarge});
}

TEST(Ingest, HugeJsonLineIsReportedWithItsLineNumber) {
  std::string feed = nlohmann::json({{"id", "ok1"}, {"text", "One\n\nBody one."}}).dump() + "\n" +
                     "{\"id\": \"big\", \"text\": \"" + std::string(20u << 20, 'z') + "\"}\n" +
                     nlohmann::json({{"id", "ok3"}, {"text", "Three\n\nBody."}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"ok1", "ok3"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:2");
  EXPECT_TRUE(c.errors[0].second.code() == ErrorCode::kTooLarge ||
              c.errors[0].second.code() == ErrorCode::kLineTooLong)
      << c.errors[0].second.to_string();
}

TEST(Ingest, JsonLineWithALongTextLineIsLineTooLong) {
  std::string feed =
      nlohmann::json({{"id", "long"}, {"text", "T\n\n" + std::string(3u << 20, 'q')}}).dump() +
      "\n" + nlohmann::json({{"id", "ok"}, {"text", "Fine\n\nBody."}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"ok"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:1");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kLineTooLong);
}

TEST(Ingest, MalformedJsonLineIsReportedWithLineNumberAndOtherLinesAreRead) {
  std::string feed = nlohmann::json({{"id", "j1"}, {"text", "One\n\nBody one."}}).dump() + "\n" +
                     nlohmann::json({{"id", "j2"}, {"text", "Two\n\nBody two."}}).dump() + "\n" +
                     "{\"id\": \"j3\", \"text\": \"unterminated\n" +
                     nlohmann::json({{"id", "j4"}, {"text", "Four\n\nBody four."}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"j1", "j2", "j4"}));
  EXPECT_EQ(c.returned, 1u);
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:3");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedJson);
  EXPECT_FALSE(c.errors[0].second.message().empty());
}

TEST(Ingest, JsonLineThatIsNotAnObjectIsMalformed) {
  std::string feed = "[1, 2, 3]\n" +
                     nlohmann::json({{"id", "ok"}, {"text", "Fine\n\nBody."}}).dump() + "\n" +
                     "\"just a string\"\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"ok"}));
  ASSERT_EQ(c.errors.size(), 2u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:1");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedJson);
  EXPECT_EQ(c.errors[1].first, "feed.jsonl:3");
  EXPECT_EQ(c.errors[1].second.code(), ErrorCode::kMalformedJson);
}

TEST(Ingest, JsonLineWithInvalidUtf8IsReportedOnItsLine) {
  std::string feed = nlohmann::json({{"id", "ok1"}, {"text", "One\n\nBody."}}).dump() + "\n" +
                     "{\"id\": \"bad\", \"text\": \"caf\xE9\"}\n" +
                     nlohmann::json({{"id", "ok3"}, {"text", "Three\n\nBody."}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"ok1", "ok3"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:2");
  EXPECT_TRUE(c.errors[0].second.code() == ErrorCode::kMalformedJson ||
              c.errors[0].second.code() == ErrorCode::kInvalidUtf8)
      << c.errors[0].second.to_string();
}

TEST(Ingest, JsonLineWithoutTextOrHtmlIsMissingField) {
  std::string feed =
      nlohmann::json({{"id", "a"}, {"text", "One\n\nBody."}}).dump() + "\n" +
      nlohmann::json({{"id", "b"}, {"title", "No body"}, {"url", "https://x.test/"}}).dump() +
      "\n" + nlohmann::json({{"id", "c"}, {"text", ""}, {"html", nullptr}}).dump() + "\n" +
      nlohmann::json({{"id", "d"}, {"html", html_page("Four")}}).dump() + "\n";
  Collected c = read_buf("feed.jsonl", feed);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"a", "d"}));
  ASSERT_EQ(c.errors.size(), 2u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "feed.jsonl:2");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMissingField);
  EXPECT_EQ(c.errors[1].first, "feed.jsonl:3");
  EXPECT_EQ(c.errors[1].second.code(), ErrorCode::kMissingField);
}

TEST(Ingest, MalformedJsonLinesFileInABatch) {
  std::string feed = "{\"id\": 1, \"text\": }\n";
  TempDir dir;
  std::string before = dir.write("1-before.txt", kArticle);
  std::string bad = dir.write("2-feed.jsonl", feed);
  std::string after = dir.write("3-after.txt", kArticle);
  Collected c = read_all({before, bad, after});
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"1-before", "3-after"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, bad + ":1");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedJson);
}

// True when the error names `file` and record `index` (as "file#index", or as
// "file" with "record <index>" in the message).
bool names_record(const std::pair<std::string, Status>& e, const std::string& file, size_t index) {
  std::string idx = std::to_string(index);
  if (e.first == file + "#" + idx) return true;
  return e.first == file && contains(e.second.message(), "record " + idx);
}

TEST(Ingest, MalformedWarcContentLengthPastTheEndKeepsEarlierRecords) {
  std::vector<std::string> rec = three_page_crawl();
  // Record 3 claims far more content than the file holds.
  std::string bad = rec[3];
  size_t p = bad.find("Content-Length: ");
  size_t e = bad.find("\r\n", p);
  bad.replace(p, e - p, "Content-Length: 999999");
  Collected c = read_buf("crawl.warc", rec[0] + rec[1] + rec[2] + bad);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1", "crawl.warc#2"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedWarc);
  EXPECT_TRUE(names_record(c.errors[0], "crawl.warc", 3)) << c.describe_errors();
  EXPECT_TRUE(contains(c.errors[0].second.message(), "Content-Length"));
}

TEST(Ingest, MalformedWarcGarbageBetweenRecordsKeepsEarlierRecords) {
  std::vector<std::string> rec = three_page_crawl();
  Collected c = read_buf("crawl.warc",
                         rec[0] + rec[1] + rec[2] + "this is not a WARC header\r\n\r\n" + rec[3]);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1", "crawl.warc#2"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedWarc);
  EXPECT_TRUE(names_record(c.errors[0], "crawl.warc", 3)) << c.describe_errors();
}

TEST(Ingest, MalformedWarcBadContentLengthIsReported) {
  std::vector<std::string> rec = three_page_crawl();
  std::string bad = rec[2];
  size_t p = bad.find("Content-Length: ");
  size_t e = bad.find("\r\n", p);
  bad.replace(p, e - p, "Content-Length: lots");
  Collected c = read_buf("crawl.warc", rec[0] + rec[1] + bad);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedWarc);
  EXPECT_TRUE(names_record(c.errors[0], "crawl.warc", 2)) << c.describe_errors();
}

TEST(Ingest, MalformedWarcHeaderWithoutEndIsReported) {
  std::vector<std::string> rec = three_page_crawl();
  Collected c =
      read_buf("crawl.warc", rec[0] + rec[1] + "WARC/1.1\r\nWARC-Type: response\r\nConte");
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedWarc);
  EXPECT_TRUE(names_record(c.errors[0], "crawl.warc", 2)) << c.describe_errors();
}

TEST(Ingest, MalformedWarcFileInABatch) {
  std::vector<std::string> rec = three_page_crawl();
  TempDir dir;
  std::string before = dir.write("1-before.txt", kArticle);
  std::string bad = dir.write("2-crawl.warc", rec[0] + rec[1] + rec[2].substr(0, 200));
  std::string after = dir.write("3-after.txt", kArticle);
  Collected c = read_all({before, bad, after});
  ASSERT_EQ(c.docs.size(), 3u) << c.describe_errors();
  EXPECT_EQ(c.docs[0].id, "1-before");
  EXPECT_EQ(c.docs[1].origin, bad + "#1");
  EXPECT_EQ(c.docs[2].id, "3-after");
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kMalformedWarc);
  EXPECT_TRUE(names_record(c.errors[0], bad, 2)) << c.describe_errors();
}

std::string truncated_warc_gz() {
  std::string gz;
  for (const auto& r : three_page_crawl()) gz += gzip(r);
  // Cut the last member (record 3) in its middle.
  size_t last = gz.size() - gzip(three_page_crawl()[3]).size();
  return gz.substr(0, last + (gz.size() - last) / 2);
}

TEST(Ingest, TruncatedWarcGzipDeliversTheRecordsBeforeTheDamage) {
  Collected c = read_buf("crawl.warc.gz", truncated_warc_gz());
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc.gz#1", "crawl.warc.gz#2"}));
  bool reported = false;
  for (const auto& [origin, s] : c.errors) {
    reported = reported || (s.code() == ErrorCode::kTruncatedGzip && origin == "crawl.warc.gz");
  }
  EXPECT_TRUE(reported) << c.describe_errors();
}

// "One clear error": the truncation, not a second, misleading malformed-WARC error.
TEST(Ingest, TruncatedWarcGzipIsOneError) {
  Collected c = read_buf("crawl.warc.gz", truncated_warc_gz());
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "crawl.warc.gz");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kTruncatedGzip);
}

TEST(Ingest, TruncatedHttpGzipInsideAWarcRecordIsReportedForThatRecord) {
  std::string zipped = gzip(html_page("Zipped " + std::string(500, 'k')));
  std::vector<std::string> rec = three_page_crawl();
  std::string bad =
      warc_record("response", "https://example.com/z",
                  http_response("HTTP/1.1 200 OK", "text/html", zipped.substr(0, zipped.size() / 2),
                                "Content-Encoding: gzip\r\n"));
  Collected c = read_buf("crawl.warc", rec[0] + rec[1] + bad + rec[2]);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1", "crawl.warc#3"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "crawl.warc#2");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kTruncatedGzip);
}

TEST(Ingest, EmptyWarcRecordPayloadIsReportedForThatRecord) {
  std::vector<std::string> rec = three_page_crawl();
  std::string empty = warc_record("response", "https://example.com/empty",
                                  http_response("HTTP/1.1 200 OK", "text/html", ""));
  Collected c = read_buf("crawl.warc", rec[0] + rec[1] + empty + rec[2]);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{"crawl.warc#1", "crawl.warc#3"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "crawl.warc#2");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kEmptyInput);
}

TEST(Ingest, NonexistentPathIsNotFoundAndTheBatchGoesOn) {
  TempDir dir;
  std::string good = dir.write("good.txt", kArticle);
  std::string missing = (dir.path() / "no-such-file.txt").string();
  Collected c = read_all({missing, good});
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"good"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, missing);
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kNotFound);
}

TEST(Ingest, OneBadFileOfEachKindInAFolder) {
  TempDir dir;
  dir.write("a-good.txt", kArticle);
  dir.write("b-empty.txt", "");
  dir.write("c-image.png", png_bytes());
  dir.write("d-latin1.txt", "Caf\xE9 owner arrested\n\nPolice arrested the caf\xE9 owner.\n");
  std::string gz = gzip(kArticleHtml);
  dir.write("e-cut.html.gz", gz.substr(0, gz.size() / 2));
  dir.write("f-long.txt", "T\n\n" + std::string(3u << 20, 'L') + "\n");
  dir.write("g-feed.jsonl", "{\"id\": \"oops\",\n");
  dir.write("h-nobody.jsonl", nlohmann::json({{"id", "nobody"}}).dump() + "\n");
  std::vector<std::string> rec = three_page_crawl();
  dir.write("i-crawl.warc", rec[0] + rec[1] + "WARC/1.1\r\nContent-Length: 10\r\n\r\nshort");
  dir.write("j-good.html", kArticleHtml);
  Collected c = read_all({dir.path().string()});
  fs::path root = dir.path();
  std::vector<std::pair<std::string, ErrorCode>> want = {
      {(root / "b-empty.txt").string(), ErrorCode::kEmptyInput},
      {(root / "c-image.png").string(), ErrorCode::kBinaryInput},
      {(root / "d-latin1.txt").string(), ErrorCode::kInvalidUtf8},
      {(root / "e-cut.html.gz").string(), ErrorCode::kTruncatedGzip},
      {(root / "f-long.txt").string(), ErrorCode::kLineTooLong},
      {(root / "g-feed.jsonl").string() + ":1", ErrorCode::kMalformedJson},
      {(root / "h-nobody.jsonl").string() + ":1", ErrorCode::kMissingField},
  };
  ASSERT_EQ(c.errors.size(), want.size() + 1) << c.describe_errors();
  EXPECT_EQ(c.returned, c.errors.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(c.errors[i].first, want[i].first);
    EXPECT_EQ(c.errors[i].second.code(), want[i].second) << c.errors[i].second.to_string();
  }
  EXPECT_TRUE(names_record(c.errors.back(), (root / "i-crawl.warc").string(), 2))
      << c.describe_errors();
  EXPECT_EQ(c.errors.back().second.code(), ErrorCode::kMalformedWarc);
  EXPECT_EQ(c.origins(), (std::vector<std::string>{(root / "a-good.txt").string(),
                                                   (root / "i-crawl.warc").string() + "#1",
                                                   (root / "j-good.html").string()}));
}

TEST(Ingest, InputOverTheFileLimitIsTooLarge) {
  ingest::Limits limits;
  limits.max_file_bytes = 1000;
  TempDir dir;
  std::string big = dir.write("big.txt", std::string(kArticle) + std::string(2000, 'x'));
  std::string good = dir.write("small.txt", kArticle);
  Collected c = read_all({big, good}, limits);
  EXPECT_EQ(c.ids(), (std::vector<std::string>{"small"}));
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, big);
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kTooLarge);
}

TEST(Ingest, GzipBombIsStoppedAtTheLimit) {
  ingest::Limits limits;
  limits.max_file_bytes = 1u << 20;
  Collected c = read_buf("bomb.txt.gz", gzip(std::string(8u << 20, 'a')), limits);
  EXPECT_TRUE(c.docs.empty());
  ASSERT_EQ(c.errors.size(), 1u) << c.describe_errors();
  EXPECT_EQ(c.errors[0].first, "bomb.txt.gz");
  EXPECT_EQ(c.errors[0].second.code(), ErrorCode::kTooLarge);
}

// ---------------------------------------------------------------- malformed HTML

// Reads `page` as HTML: it must arrive (parsers recover) and clean must give a
// body or kNoText.
void expect_html_recovers(const std::string& page) {
  Collected c = read_buf("broken.html", page);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  EXPECT_TRUE(c.errors.empty()) << c.describe_errors();
  Document& d = c.docs[0];
  EXPECT_EQ(d.kind, ContentKind::kHtml);
  Status s = clean::clean(d);
  if (s.is_ok()) {
    EXPECT_FALSE(d.body.empty());
  } else {
    EXPECT_EQ(s.code(), ErrorCode::kNoText) << s.to_string();
  }
}

TEST(Ingest, MalformedHtmlIsStillReadAndCleanCopes) {
  const std::vector<std::string> pages = {
      // unclosed tags everywhere
      "<html><head><title>Unclosed<body><div><p>Gunmen opened fire on a market <b>in the "
      "town<p>Police said twelve people died<div><span><i>and more",
      // stray end tags and misnested formatting
      "<html><body></table></td><p>Text <b><i>bold italic</b> tail</i></p></div></div>"
      "</body></body></html></html>",
      // garbage, broken entities and attributes
      "<html><<<>>> <p class=\"x>Broken attribute</p> &amp &bogus; &#xZZZ; &#99999999; </ <p>"
      "Final paragraph with words.</p>",
      // cut off inside a tag, a comment and an attribute
      "<!doctype html><html><body><p>Text before the cut.</p><!-- never closed <p>hidden",
      "<!doctype html><html><body><p>Text before the cut.</p><a href=\"https://exa",
      // only markup, no text
      "<html><head></head><body><div></div><script>var a = '<p>not text</p>';</script></body>",
      // a table soup
      "<html><body><table><tr><td><p>Cell one<td><table><tr><p>Nested without cells</table>"
      "<tr><td>",
      // NUL-free control soup in an otherwise textual page
      "<html><body><p>Tab\tand\fform feed \x1b escape</p></body></html>",
  };
  for (const auto& page : pages) {
    SCOPED_TRACE(page);
    expect_html_recovers(page);
  }
}

TEST(Ingest, HtmlWithManyUnclosedParagraphsIsRead) {
  std::string page = "<html><body>";
  for (int i = 0; i < 5000; ++i) page += "<p>Paragraph " + std::to_string(i) + " <b>bold ";
  expect_html_recovers(page);
}

// Regression: 100,000 nested <div>s (600 KB) kept gumbo busy for 20 s, since
// its tree building is quadratic in depth; clean now refuses such a page at
// once as malformed HTML.
TEST(Ingest, DeeplyNestedDivsAreRejectedAsMalformedHtml) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "Deep text</body></html>";
  Collected c = read_buf("deep-divs.html", page);
  ASSERT_EQ(c.docs.size(), 1u) << c.describe_errors();
  Status s = clean::clean(c.docs[0]);
  EXPECT_EQ(s.code(), ErrorCode::kMalformedHtml) << s.to_string();
  EXPECT_NE(s.message().find("nested"), std::string::npos) << s.message();
}

// 100,000 unclosed inline tags: a small (600 KB) hostile page. Run in a child
// process so that a stack overflow fails this test instead of the suite.
TEST(IngestDeathTest, DeeplyNestedHtmlDoesNotCrash) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<span>";
  page += "Deep text</body></html>";
  EXPECT_EXIT(
      {
        Collected c = read_buf("deep.html", page);
        if (c.docs.size() != 1) std::_Exit(3);
        Status s = clean::clean(c.docs[0]);
        bool handled = s.is_ok() || s.code() == ErrorCode::kNoText ||
                       s.code() == ErrorCode::kMalformedHtml;
        std::_Exit(handled ? 0 : 4);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace sitrep

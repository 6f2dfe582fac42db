// HTML body extraction: one small page per classifier rule, metadata, and the
// offset map back into the HTML bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "clean/html_body.h"
#include "clean/html_hints.h"
#include "clean/html_meta.h"

namespace sitrep::clean {
namespace {

// Three paragraphs of plain prose, enough to make their container the root.
const char* kStory =
    "<p>Gunmen attacked a police checkpoint on the outskirts of the city early on Monday, "
    "killing four officers and wounding two civilians, officials said.</p>"
    "<p>The attackers arrived in two pickup trucks shortly before dawn and opened fire on the "
    "guards before fleeing towards the hills, according to a local official.</p>"
    "<p>No group has claimed responsibility for the attack, which came a week after a similar "
    "assault on an army post in the same district.</p>";

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

std::string body_of(const std::string& html) { return extract_html(html).body.text(); }

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(HtmlBody, KeepsProseAsParagraphs) {
  std::string body = body_of(page("", std::string("<article>") + kStory + "</article>"));
  EXPECT_EQ(body.substr(0, 40), "Gunmen attacked a police checkpoint on t");
  EXPECT_TRUE(has(body, "officials said.\n\nThe attackers"));
  EXPECT_TRUE(has(body, "same district."));
  EXPECT_EQ(body.find("\n\n\n"), std::string::npos);
}

TEST(HtmlBody, DropsNavigationAndFooter) {
  std::string body = body_of(page(
      "", std::string("<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World news and "
                      "analysis from our correspondents</a></li></ul></nav><main>") +
              kStory +
              "</main><footer><p>This website is published by Example Media Group, a company "
              "registered in England and Wales with offices in London.</p></footer>"));
  EXPECT_TRUE(has(body, "Gunmen attacked"));
  EXPECT_FALSE(has(body, "Home"));
  EXPECT_FALSE(has(body, "correspondents"));
  EXPECT_FALSE(has(body, "registered in England"));
}

TEST(HtmlBody, DropsFigureCaptions) {
  std::string body = body_of(page(
      "", std::string("<article><p>Gunmen attacked a police checkpoint on the outskirts of the "
                      "city early on Monday, killing four officers and wounding two civilians, "
                      "officials said.</p><figure><img src='a.jpg'><figcaption>Police at the "
                      "scene of the attack on Monday morning. Photo: Reuters</figcaption></figure>") +
              kStory + "</article>"));
  EXPECT_TRUE(has(body, "The attackers arrived"));
  EXPECT_FALSE(has(body, "Police at the scene"));
}

TEST(HtmlBody, DropsRelatedListsAndShareBars) {
  std::string body = body_of(page(
      "", std::string("<article>") + kStory +
              "<div class='share-bar'><span>Share this article on your favourite social "
              "network today</span></div>"
              "<div class='related-stories'><h3>Related</h3><ul>"
              "<li><a href='/1'>Army retakes villages after heavy fighting in the north</a></li>"
              "<li><a href='/2'>Second bomb found near the market square</a></li></ul></div>"
              "</article>"));
  EXPECT_TRUE(has(body, "same district."));
  EXPECT_FALSE(has(body, "Share this"));
  EXPECT_FALSE(has(body, "Army retakes"));
  EXPECT_FALSE(has(body, "Related"));
}

TEST(HtmlBody, DropsLinkDenseBlocks) {
  std::string body = body_of(page(
      "", std::string("<div class='story'>") + kStory +
              "<div><a href='/a'>Politics and elections</a> <a href='/b'>Security and "
              "defence</a> <a href='/c'>Business and markets</a> and more</div></div>"));
  EXPECT_TRUE(has(body, "Gunmen attacked"));
  EXPECT_FALSE(has(body, "Politics and elections"));
}

TEST(HtmlBody, KeepsHeadingsInsideTheArticle) {
  std::string body = body_of(page(
      "", "<article><h1>Checkpoint attack kills four</h1>"
          "<p>Gunmen attacked a police checkpoint on the outskirts of the city early on Monday, "
          "killing four officers and wounding two civilians, officials said.</p>"
          "<h2>A string of attacks</h2>"
          "<p>The attack came a week after a similar assault on an army post in the same "
          "district, in which six soldiers were killed.</p></article>"));
  EXPECT_TRUE(has(body, "officials said.\n\nA string of attacks\n\nThe attack came"));
  // The headline is the title, not the body.
  EXPECT_FALSE(has(body, "Checkpoint attack kills four"));
}

TEST(HtmlBody, DropsTeaserCards) {
  std::string card =
      "<li><h3><a href='/x'>Army retakes villages after heavy fighting</a></h3><p>Troops "
      "backed by air strikes pushed the insurgents out of three villages on Sunday, the army "
      "said in a statement.</p></li>";
  std::string body = body_of(page(
      "", std::string("<article>") + kStory + "</article><ul>" + card + card + card + "</ul>"));
  EXPECT_TRUE(has(body, "Gunmen attacked"));
  EXPECT_FALSE(has(body, "Troops backed"));
}

TEST(HtmlBody, EscapedMarkupStaysLiteralText) {
  std::string html = page("",
                          "<article><p>The site showed the text &lt;script&gt;alert(1)&lt;/script&gt; "
                          "instead of the article, readers said on Monday, and the editors "
                          "apologised for the error in a statement.</p></article>");
  std::string body = body_of(html);
  EXPECT_TRUE(has(body, "the text <script>alert(1)</script> instead"));
}

TEST(HtmlBody, OffsetsMapBackToTheHtml) {
  std::string html = page("<title>T</title>", std::string("<article>") + kStory + "</article>");
  HtmlPage p = extract_html(html);
  const std::string& body = p.body.text();
  const OffsetMap& map = p.body.map();
  for (std::string para : {"Gunmen attacked a police checkpoint", "The attackers arrived",
                           "No group has claimed"}) {
    size_t b = body.find(para);
    ASSERT_NE(b, std::string::npos) << para;
    size_t o = map.to_original(b);
    EXPECT_EQ(html.substr(o, para.size()), para);
  }
}

TEST(HtmlBody, EntitiesMapToTheirSourceBytes) {
  std::string html = page("",
                          "<article><p>Troops and police &amp; volunteers searched the area around "
                          "the checkpoint on Monday after the attack, officials said.</p></article>");
  HtmlPage p = extract_html(html);
  const std::string& body = p.body.text();
  size_t amp = body.find('&');
  ASSERT_NE(amp, std::string::npos);
  EXPECT_EQ(html.substr(p.body.map().to_original(amp), 5), "&amp;");
  size_t after = body.find("volunteers");
  EXPECT_EQ(html.substr(p.body.map().to_original(after), 10), "volunteers");
}

TEST(HtmlBody, CollapsesWhitespaceAndBreaks) {
  std::string body = body_of(page(
      "", "<article><p>Gunmen   attacked\n  a police checkpoint<br>on the outskirts of the city "
          "early on Monday, killing four officers and wounding two civilians.</p></article>"));
  EXPECT_EQ(body,
            "Gunmen attacked a police checkpoint on the outskirts of the city early on Monday, "
            "killing four officers and wounding two civilians.");
}

TEST(HtmlBody, CountsCjkCharactersAsWords) {
  std::string body = body_of(page(
      "", "<div><p>\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7\xE7\x88\x86\xE7\x99\xBA\xE3\x81\x8C"
          "\xE3\x81\x82\xE3\x82\x8A\xE3\x80\x81\xE4\xBA\x94\xE4\xBA\xBA\xE3\x81\x8C\xE8\xB2\xA0"
          "\xE5\x82\xB7\xE3\x81\x97\xE3\x81\x9F\xE3\x80\x82</p></div>"));
  EXPECT_FALSE(body.empty());
}

// Every byte the map calls a copy must be the same byte in the HTML.
TEST(HtmlBody, CopiedRunsMatchTheSamplePages) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(SITREP_SOURCE_DIR) / "samples" / "html";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no samples";
  int pages = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (f.path().extension() != ".html") continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string html = ss.str();
    HtmlPage p = extract_html(html);
    const std::string& body = p.body.text();
    EXPECT_FALSE(body.empty()) << f.path();
    for (const auto& r : p.body.map().runs()) {
      if (!r.copy) continue;
      ASSERT_EQ(body.substr(r.derived, r.len), html.substr(r.original, r.len)) << f.path();
    }
    ++pages;
  }
  EXPECT_GT(pages, 0);
}

TEST(HtmlMeta, TitleDropsSiteSuffix) {
  EXPECT_EQ(strip_site_from_title("Storm hits the coast | BBC News", ""), "Storm hits the coast");
  EXPECT_EQ(strip_site_from_title("Storm hits the coast - CNN", "CNN"), "Storm hits the coast");
  EXPECT_EQ(strip_site_from_title("Reuters | Storm hits the coast", "Reuters"),
            "Storm hits the coast");
  // A dash inside a headline is not a site suffix.
  EXPECT_EQ(strip_site_from_title("Kabul - a city on edge", ""), "Kabul - a city on edge");
  HtmlPage p = extract_html(page("<title>Storm hits the coast | Example Times</title>", kStory));
  EXPECT_EQ(p.title, "Storm hits the coast");
}

TEST(HtmlMeta, TitlePrefersOpenGraph) {
  HtmlPage p = extract_html(page(
      "<title>Page</title><meta property='og:title' content='Storm hits the coast'>"
      "<meta property='og:site_name' content='Example Times'>",
      kStory));
  EXPECT_EQ(p.title, "Storm hits the coast");
  EXPECT_EQ(p.site_name, "Example Times");
}

TEST(HtmlMeta, TitleFallsBackToHeading) {
  HtmlPage p = extract_html(page("", std::string("<h1>Storm hits the coast</h1>") + kStory));
  EXPECT_EQ(p.title, "Storm hits the coast");
}

TEST(HtmlMeta, MetaDateComesFirst) {
  HtmlPage p = extract_html(page(
      "<script type='application/ld+json'>{\"@type\":\"NewsArticle\","
      "\"datePublished\":\"2024-03-02T10:00:00Z\"}</script>"
      "<meta property='article:published_time' content='2024-03-01T08:00:00Z'>",
      std::string("<time datetime='2024-03-03'>3 March</time>") + kStory));
  ASSERT_EQ(p.date_candidates.size(), 3u);
  EXPECT_EQ(p.date_candidates[0], "2024-03-01T08:00:00Z");
  EXPECT_EQ(p.date_candidates[1], "2024-03-02T10:00:00Z");
  EXPECT_EQ(p.date_candidates[2], "2024-03-03");
}

TEST(HtmlMeta, JsonLdGraphGivesDateHeadlineAndPublisher) {
  HtmlPage p = extract_html(page(
      "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Site\"},"
      "{\"@type\":[\"NewsArticle\"],\"headline\":\"Storm hits the coast\","
      "\"datePublished\":\"2024-03-02\",\"publisher\":{\"@type\":\"Organization\","
      "\"name\":\"Example Times\"}}]}</script>",
      kStory));
  ASSERT_FALSE(p.date_candidates.empty());
  EXPECT_EQ(p.date_candidates[0], "2024-03-02");
  EXPECT_EQ(p.title, "Storm hits the coast");
  EXPECT_EQ(p.site_name, "Example Times");
}

TEST(HtmlMeta, ItempropAndTimeDates) {
  HtmlPage p = extract_html(page(
      "", std::string("<span itemprop='datePublished' content='2024-05-06'>May 6</span>") +
              kStory));
  ASSERT_FALSE(p.date_candidates.empty());
  EXPECT_EQ(p.date_candidates[0], "2024-05-06");
  HtmlPage q = extract_html(page("", std::string("<time datetime='2024-05-07T09:00'>") +
                                          "</time>" + kStory));
  ASSERT_FALSE(q.date_candidates.empty());
  EXPECT_EQ(q.date_candidates[0], "2024-05-07T09:00");
}

TEST(HtmlMeta, VisibleDateLineIsACandidateNotBody) {
  HtmlPage p = extract_html(page(
      "", std::string("<article><div>Updated 8:16 AM EDT, Sat August 8, 2015</div>") + kStory +
              "</article>"));
  EXPECT_FALSE(has(p.body.text(), "August 8"));
  ASSERT_FALSE(p.date_candidates.empty());
  EXPECT_TRUE(has(p.date_candidates[0], "August 8, 2015"));
}

TEST(HtmlMeta, CanonicalUrlAndLang) {
  HtmlPage p = extract_html(
      "<html lang='en-GB'><head><meta property='og:url' content='https://e.example/og'>"
      "<link rel='canonical' href='https://e.example/story'></head><body>" +
      std::string(kStory) + "</body></html>");
  EXPECT_EQ(p.url, "https://e.example/story");
  EXPECT_EQ(p.lang, "en");
}

TEST(HtmlHints, NamesVoteAndMixedNamesAreFurniture) {
  const HtmlHints& h = HtmlHints::get();
  auto hint = [&](std::string_view v) {
    HtmlHints::Votes votes;
    h.classify(v, votes);
    return HtmlHints::hint(votes);
  };
  EXPECT_TRUE(hint("story-body") & kHintStrong);
  EXPECT_TRUE(hint("articleContent") & kHintPositive);
  EXPECT_TRUE(hint("article-comments") & kHintNegative);
  EXPECT_TRUE(hint("shareBar") & kHintNegative);
  EXPECT_TRUE(hint("sr-only") & kHintDrop);
  // Taxonomy classes do not outvote the post's own.
  EXPECT_FALSE(hint("post type-post has-post-thumbnail tag-review") & kHintNegative);
  EXPECT_EQ(hint("address"), 0);  // "ad" matches whole words only
}

}  // namespace
}  // namespace sitrep::clean

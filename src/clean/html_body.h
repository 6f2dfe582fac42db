// HTML pages: parse with gumbo, find the article body with sitrep's
// boilerplate classifier, and collect the page's own metadata.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/offset_map.h"

namespace sitrep::clean {

struct HtmlPage {
  // Best headline: og:title / JSON-LD headline / <h1> / <title> without the
  // site suffix.
  std::string title;
  // The article body: one paragraph per block, blocks separated by "\n\n",
  // entities decoded, whitespace collapsed; mapped to byte offsets of the HTML.
  MappedText body;
  // Publication date strings as the page gives them, most trusted first:
  // meta article:published_time and kin, JSON-LD datePublished, <time
  // datetime>, then visible byline/dateline text near the headline.
  std::vector<std::string> date_candidates;
  std::string site_name;  // og:site_name, JSON-LD publisher name, ...
  std::string url;        // rel=canonical or og:url
  std::string lang;       // <html lang>, primary subtag lower-cased ("en")
};

HtmlPage extract_html(std::string_view html);

}  // namespace sitrep::clean

// The metadata an HTML page states about itself: <meta> tags, JSON-LD,
// <link rel=canonical>, <time>, <title>, <html lang>. Fed element by element
// by the body walk, so the page is walked once.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "clean/html_body.h"

namespace sitrep::clean {

class HtmlMetaReader {
 public:
  HtmlMetaReader();

  // Looks at one element; cheap for elements that carry no metadata.
  void visit(const GumboNode* element);
  // The article's own first <h1>, a title candidate.
  void set_heading(std::string text);
  // Date text shown near the headline ("Updated 0339 GMT November 19, 2019"),
  // trusted less than any date the markup states.
  void add_visible_date(std::string text);

  // Fills page.title, date_candidates, site_name, url and lang.
  void finish(HtmlPage& page);

 private:
  struct Dated {
    int rank;
    std::string value;
  };
  void read_json_ld(std::string_view text);

  std::vector<Dated> dates_;
  std::vector<Dated> titles_, sites_, urls_;
  std::string title_tag_, heading_, canonical_, lang_;
  int times_seen_ = 0;
};

// `title` without a site name before or after it: "Storm hits coast | BBC
// News" -> "Storm hits coast". `site` (may be empty) makes the call surer.
std::string strip_site_from_title(std::string_view title, std::string_view site);

// Text of the nodes beneath `node`, whitespace collapsed (scripts skipped).
std::string node_text(const GumboNode* node);

}  // namespace sitrep::clean

// Page metadata from markup (see html_meta.h). Which <meta> names count, and
// how much, is data: data/clean/html_meta.txt.
#include "clean/html_meta.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kCleanHtmlMeta;
}

namespace sitrep::clean {
namespace {

enum class Field { kDate, kModified, kTitle, kSite, kUrl };

struct MetaName {
  Field field;
  int rank;  // order within its field in the data file, from 0
};

const std::unordered_map<std::string, MetaName>& meta_names() {
  static const auto* names = [] {
    auto* m = new std::unordered_map<std::string, MetaName>;
    std::string_view src = data::kCleanHtmlMeta;
    int per_field[5] = {};
    for_each_lexicon_entry(src, [&](std::string_view kind, std::string name) {
      Field f;
      if (kind == "date") {
        f = Field::kDate;
      } else if (kind == "modified") {
        f = Field::kModified;
      } else if (kind == "title") {
        f = Field::kTitle;
      } else if (kind == "site") {
        f = Field::kSite;
      } else if (kind == "url") {
        f = Field::kUrl;
      } else {
        return;
      }
      m->emplace(std::move(name), MetaName{f, per_field[static_cast<int>(f)]++});
    });
    return m;
  }();
  return *names;
}

// Ranks across sources; lower is more trusted. Meta tags rank by their line
// in html_meta.txt (under 1000).
constexpr int kRankJsonLdArticle = 1000;
constexpr int kRankJsonLdOther = 1100;
constexpr int kRankTime = 2000;
constexpr int kRankVisible = 3000;
constexpr int kRankModified = 4000;

std::string_view attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_ascii_space(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void append_node_text(const GumboNode* n, std::string& out) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    out += n->v.text.text;
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT) return;
  GumboTag tag = n->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) return;
  if (tag == GUMBO_TAG_BR) out += ' ';
  const GumboVector& c = n->v.element.children;
  for (unsigned i = 0; i < c.length; ++i) append_node_text(static_cast<const GumboNode*>(c.data[i]), out);
}

bool is_article_type(const nlohmann::json& type) {
  auto one = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.find("Article") != std::string::npos || s.find("Posting") != std::string::npos ||
           s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), one);
  return one(type);
}

const std::string* json_string(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return nullptr;
  if (it->is_string()) return &it->get_ref<const std::string&>();
  // Some sites give a list of one.
  if (it->is_array() && !it->empty() && it->front().is_string()) {
    return &it->front().get_ref<const std::string&>();
  }
  return nullptr;
}

std::string key_of(std::string_view s) {
  std::string k;
  for (char c : s) {
    if (isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      k += ascii_lower(c);
    }
  }
  return k;
}

size_t words_in(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool w = !is_ascii_space(c);
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

}  // namespace

std::string node_text(const GumboNode* node) {
  std::string raw;
  append_node_text(node, raw);
  return collapse(raw);
}

std::string strip_site_from_title(std::string_view title, std::string_view site) {
  std::string t = collapse(title);
  std::string site_key = key_of(site);
  static constexpr std::string_view kSeps[] = {
      " | ", " - ", " -- ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ",
      " \xE2\x80\xA2 ", " \xC2\xBB ", " / "};
  auto matches_site = [&](std::string_view part) {
    std::string k = key_of(part);
    return !site_key.empty() && !k.empty() &&
           (k == site_key || site_key.find(k) != std::string::npos ||
            k.find(site_key) != std::string::npos);
  };
  // At most two rounds: "Story | Section | Site".
  for (int round = 0; round < 2; ++round) {
    size_t best = std::string::npos;
    std::string_view sep;
    for (std::string_view s : kSeps) {
      size_t p = t.rfind(s);
      if (p != std::string::npos && (best == std::string::npos || p > best)) {
        best = p;
        sep = s;
      }
    }
    if (best == std::string::npos) break;
    std::string_view head = std::string_view(t).substr(0, best);
    std::string_view tail = std::string_view(t).substr(best + sep.size());
    bool pipe = sep != " - " && sep != " -- " && sep != " / ";
    bool strip = matches_site(tail) ||
                 (words_in(tail) <= (pipe ? 4u : 3u) && words_in(head) >= (pipe ? 3u : 4u) &&
                  round == 0 && sep != " / ");
    if (strip) {
      t = std::string(head);
      continue;
    }
    // "Site | Story".
    size_t first = std::string::npos;
    for (std::string_view s : kSeps) {
      size_t p = t.find(s);
      if (p != std::string::npos && p < first) {
        first = p;
        sep = s;
      }
    }
    if (first != std::string::npos && matches_site(std::string_view(t).substr(0, first))) {
      t = t.substr(first + sep.size());
    }
    break;
  }
  return std::string(trim(t));
}

HtmlMetaReader::HtmlMetaReader() { meta_names(); }

void HtmlMetaReader::visit(const GumboNode* n) {
  const GumboElement& el = n->v.element;
  switch (el.tag) {
    case GUMBO_TAG_HTML:
      if (lang_.empty()) {
        std::string_view l = attr(n, "lang");
        if (l.empty()) l = attr(n, "xml:lang");
        l = trim(l);
        lang_ = ascii_lower(l.substr(0, l.find_first_of("-_")));
      }
      return;
    case GUMBO_TAG_TITLE:
      if (title_tag_.empty()) title_tag_ = node_text(n);
      return;
    case GUMBO_TAG_LINK:
      if (canonical_.empty() && iequals(attr(n, "rel"), "canonical")) {
        canonical_ = std::string(trim(attr(n, "href")));
      }
      return;
    case GUMBO_TAG_SCRIPT:
      if (icontains(attr(n, "type"), "ld+json") && el.children.length > 0) {
        auto* t = static_cast<const GumboNode*>(el.children.data[0]);
        if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE) {
          read_json_ld(t->v.text.text);
        }
      }
      return;
    case GUMBO_TAG_TIME: {
      std::string_view dt = trim(attr(n, "datetime"));
      if (dt.empty()) break;
      bool pub = gumbo_get_attribute(&el.attributes, "pubdate") != nullptr;
      if (pub || times_seen_ < 3) {
        dates_.push_back({pub ? 0 : kRankTime + times_seen_, std::string(dt)});
        ++times_seen_;
      }
      break;
    }
    default:
      break;
  }
  // <meta property|name|itemprop=K content=V>, and itemprop on any element.
  if (el.attributes.length == 0) return;
  std::string_view key = attr(n, "property");
  if (key.empty()) key = attr(n, "name");
  if (key.empty()) key = attr(n, "itemprop");
  if (key.empty() || key.size() > 40) return;
  if (el.tag != GUMBO_TAG_META && attr(n, "itemprop").empty()) return;
  auto it = meta_names().find(ascii_lower(trim(key)));
  if (it == meta_names().end()) return;
  std::string value;
  std::string_view content = attr(n, "content");
  if (content.empty()) content = attr(n, "datetime");
  if (!content.empty()) {
    value = collapse(content);
  } else if (el.tag != GUMBO_TAG_META) {
    value = node_text(n);
  }
  if (value.empty()) return;
  const MetaName& m = it->second;
  switch (m.field) {
    case Field::kDate:
      dates_.push_back({m.rank, std::move(value)});
      break;
    case Field::kModified:
      dates_.push_back({kRankModified + m.rank, std::move(value)});
      break;
    case Field::kTitle:
      titles_.push_back({m.rank * 10, std::move(value)});
      break;
    case Field::kSite:
      sites_.push_back({m.rank * 10, std::move(value)});
      break;
    case Field::kUrl:
      urls_.push_back({m.rank * 10, std::move(value)});
      break;
  }
}

void HtmlMetaReader::read_json_ld(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return;
  // Between the first and second <meta> name of each field (ranks 0 and 10):
  // after og:title, before twitter:title.
  constexpr int kTitleRank = 5, kSiteRank = 5, kUrlRank = 25;
  auto visit = [&](auto&& self, const nlohmann::json& v, int depth) -> void {
    if (depth > 8) return;
    if (v.is_array()) {
      for (const auto& x : v) self(self, x, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    if (auto g = v.find("@graph"); g != v.end()) self(self, *g, depth + 1);
    bool article = is_article_type(v.value("@type", nlohmann::json()));
    if (const std::string* d = json_string(v, "datePublished")) {
      dates_.push_back({article ? kRankJsonLdArticle : kRankJsonLdOther, *d});
    }
    if (const std::string* d = json_string(v, "dateModified")) {
      dates_.push_back({kRankModified + 500, *d});
    }
    if (!article) return;
    if (const std::string* h = json_string(v, "headline")) titles_.push_back({kTitleRank, *h});
    if (auto p = v.find("publisher"); p != v.end()) {
      const nlohmann::json& pub = p->is_array() && !p->empty() ? p->front() : *p;
      if (pub.is_object()) {
        if (const std::string* name = json_string(pub, "name")) sites_.push_back({kSiteRank, *name});
      }
    }
    if (const std::string* u = json_string(v, "url")) urls_.push_back({kUrlRank, *u});
  };
  visit(visit, j, 0);
}

void HtmlMetaReader::set_heading(std::string text) {
  if (heading_.empty()) heading_ = collapse(text);
}

void HtmlMetaReader::add_visible_date(std::string text) {
  dates_.push_back({kRankVisible + static_cast<int>(dates_.size()), collapse(text)});
}

void HtmlMetaReader::finish(HtmlPage& page) {
  auto best = [](std::vector<Dated>& v) -> std::string {
    std::stable_sort(v.begin(), v.end(), [](const Dated& a, const Dated& b) { return a.rank < b.rank; });
    for (auto& d : v) {
      std::string s = collapse(d.value);
      if (!s.empty()) return s;
    }
    return "";
  };
  page.site_name = best(sites_);
  if (!canonical_.empty()) {
    urls_.push_back({canonical_.find("://") != std::string::npos ? -1 : 1000, canonical_});
  }
  page.url = best(urls_);
  page.lang = lang_;

  std::string title = best(titles_);
  if (title.empty()) title = heading_;
  if (title.empty()) title = title_tag_;
  page.title = strip_site_from_title(title, page.site_name);

  std::stable_sort(dates_.begin(), dates_.end(),
                   [](const Dated& a, const Dated& b) { return a.rank < b.rank; });
  for (auto& d : dates_) {
    std::string s = collapse(d.value);
    if (s.empty() || std::find(page.date_candidates.begin(), page.date_candidates.end(), s) !=
                         page.date_candidates.end()) {
      continue;
    }
    page.date_candidates.push_back(std::move(s));
  }
}

}  // namespace sitrep::clean

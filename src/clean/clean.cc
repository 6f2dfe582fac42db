// Clean: the stage that turns a raw Document into its article body and
// metadata (see sitrep/clean.h). Format-specific body finders feed one
// normaliser; the offset maps of both steps are composed.
#include <fmt/format.h>

#include <algorithm>

#include "clean/dates.h"
#include "clean/html_body.h"
#include "clean/lang.h"
#include "clean/normalize.h"
#include "clean/text_body.h"
#include "core/text.h"
#include "sitrep/clean.h"

namespace sitrep::clean {
namespace {

// The host of a URL without "www.": "https://www.bbc.co.uk/news" -> "bbc.co.uk".
std::string host_of(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  url.remove_prefix(p + 3);
  size_t e = url.find_first_of("/?#:");
  std::string host = ascii_lower(url.substr(0, e));
  if (host.compare(0, 4, "www.") == 0) host.erase(0, 4);
  return host;
}

// A wire dateline's date in the body's opening: "SAN SALVADOR, 3 JAN 90 (...) --".
std::string dateline_date(std::string_view body) {
  std::string_view head = body.substr(0, 160);
  size_t cut = std::min(head.find("--"), head.find(" - "));
  for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93"}) cut = std::min(cut, head.find(dash));
  if (cut == std::string_view::npos) return "";
  return find_date(head.substr(0, cut));
}

std::string single_line(std::string_view s) {
  NormalizeOptions opt;
  std::string out = normalize_text(s, opt).take_text();
  std::replace(out.begin(), out.end(), '\n', ' ');
  // Paragraph breaks became "  ": collapse them.
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += c;
  }
  return collapsed;
}

// How deep the page's container elements nest, counting opening minus
// closing tags of the elements that nest without closing themselves.
// gumbo's tree building slows down with the square of the depth, so a
// hostile page of 100,000 unclosed <div>s would stall a batch for minutes.
size_t container_depth(std::string_view html) {
  static constexpr std::string_view kContainers[] = {"div", "span", "section", "article", "table",
                                                     "ul", "ol", "blockquote", "font", "center"};
  size_t depth = 0;
  size_t deepest = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t b = i + (closing ? 2 : 1);
    size_t e = b;
    while (e < html.size() && isalpha(static_cast<unsigned char>(html[e]))) ++e;
    if (e == b || e - b > 10) continue;
    std::string_view name = html.substr(b, e - b);
    bool container = false;
    for (auto c : kContainers) container = container || iequals(name, c);
    if (!container) continue;
    if (closing) {
      depth = depth > 0 ? depth - 1 : 0;
    } else {
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

constexpr size_t kMaxContainerDepth = 5000;

// The body without the paragraphs `memory` knows as the site's furniture.
MappedText drop_site_repeats(const MappedText& body, const std::string& site, SiteMemory& memory) {
  std::string_view text = body.text();
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) spans.emplace_back(pos, end);
    pos = end + 2;
  }
  std::vector<std::string_view> paragraphs;
  for (auto [b, e] : spans) paragraphs.push_back(text.substr(b, e - b));
  std::vector<bool> keep = memory.filter(site, paragraphs);
  if (std::find(keep.begin(), keep.end(), false) == keep.end()) return body;
  MappedText out;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (!keep[i]) continue;
    if (!out.empty()) out.replace(spans[i].first, 0, "\n\n");
    out.append(body, spans[i].first, spans[i].second);
  }
  return out;
}

}  // namespace

std::vector<bool> SiteMemory::filter(const std::string& site,
                                     const std::vector<std::string_view>& paragraphs) {
  auto& seen = seen_[site];
  std::vector<bool> keep(paragraphs.size(), true);
  std::vector<uint64_t> keys;
  size_t repeated = 0;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    std::string key = ascii_lower(trim(paragraphs[i]));
    keys.push_back(hash64(key));
    auto it = seen.find(keys.back());
    if (it != seen.end() && it->second >= kRepeats && key.size() <= kMaxBlockBytes) {
      keep[i] = false;
      ++repeated;
    }
  }
  // Mostly repeated: the same article again (a re-crawl, a republication).
  if (repeated * 2 > paragraphs.size()) std::fill(keep.begin(), keep.end(), true);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (uint64_t k : keys) ++seen[k];
  return keep;
}

Status clean(Document& doc, const Options& options) {
  MappedText extracted;
  std::vector<std::string> dates;
  std::string title;
  std::string source;
  std::string url;
  std::string lang_hint;
  if (doc.kind == ContentKind::kHtml) {
    if (size_t depth = container_depth(doc.raw); depth > kMaxContainerDepth) {
      return Status(ErrorCode::kMalformedHtml,
                    fmt::format("elements nested {} deep (limit {})", depth, kMaxContainerDepth));
    }
    HtmlPage page = extract_html(doc.raw);
    extracted = std::move(page.body);
    dates = std::move(page.date_candidates);
    title = std::move(page.title);
    source = std::move(page.site_name);
    url = std::move(page.url);
    lang_hint = std::move(page.lang);
  } else {
    TextPage page = extract_text(doc.raw);
    extracted = std::move(page.body);
    dates = std::move(page.date_candidates);
    title = std::move(page.title);
    source = std::move(page.source);
  }

  if (options.site_memory != nullptr) {
    std::string site = host_of(doc.url.empty() ? url : doc.url);
    if (site.empty()) site = doc.source.empty() ? source : doc.source;
    if (!site.empty()) extracted = drop_site_repeats(extracted, site, *options.site_memory);
  }

  NormalizeOptions nopt;
  nopt.fold_confusables = options.fold_confusables;
  nopt.normalize_quotes = options.normalize_quotes;
  MappedText normalized = normalize_text(extracted.text(), nopt);
  doc.body_map = extracted.map().then(normalized.map());
  doc.body = normalized.take_text();

  if (doc.title.empty()) doc.title = single_line(title);
  if (doc.url.empty()) doc.url = url;

  // Publication date: the container's, else the page's, else a wire dateline.
  if (!doc.published.empty()) {
    std::string iso = find_date(doc.published, true);
    if (!iso.empty()) doc.published = iso;
  } else {
    for (const std::string& d : dates) {
      doc.published = find_date(d, true);
      if (!doc.published.empty()) break;
    }
    if (doc.published.empty()) doc.published = dateline_date(doc.body);
  }

  if (doc.source.empty()) doc.source = single_line(source);
  if (doc.source.empty()) doc.source = dateline_source(doc.body);
  if (doc.source.empty()) doc.source = host_of(doc.url);

  if (doc.lang.empty()) doc.lang = detect_language(doc.body);
  if (doc.lang.empty()) doc.lang = lang_hint;

  if (doc.body.empty()) return Status(ErrorCode::kNoText, "no article text found");
  return Status::ok();
}

}  // namespace sitrep::clean

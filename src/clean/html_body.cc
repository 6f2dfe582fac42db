// HTML body finder, first cut: paragraphs outside navigation and footers.
#include "clean/html_body.h"

#include <gumbo.h>

#include "core/text.h"

namespace sitrep::clean {
namespace {

void append_text(const GumboNode* node, std::string_view html, MappedText& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
    const GumboText& t = node->v.text;
    std::string_view decoded(t.text);
    size_t off = t.start_pos.offset;
    if (t.original_text.length == decoded.size() &&
        std::string_view(t.original_text.data, t.original_text.length) == decoded) {
      out.copy(off, decoded);
    } else {
      out.replace(off, t.original_text.length, decoded);
    }
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return;
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    append_text(static_cast<const GumboNode*>(children.data[i]), html, out);
  }
}

void walk(const GumboNode* node, std::string_view html, HtmlPage& page) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE ||
      tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_HEADER) {
    return;
  }
  if (tag == GUMBO_TAG_TITLE && page.title.empty()) {
    MappedText t;
    append_text(node, html, t);
    page.title = std::string(trim(t.text()));
    return;
  }
  if (tag == GUMBO_TAG_P) {
    MappedText t;
    append_text(node, html, t);
    if (!trim(t.text()).empty()) {
      if (!page.body.empty()) page.body.replace(node->v.element.start_pos.offset, 0, "\n\n");
      for (const auto& r : t.map().runs()) {
        std::string_view piece = std::string_view(t.text()).substr(r.derived, r.len);
        if (r.len == r.original_len) {
          page.body.copy(r.original, piece);
        } else {
          page.body.replace(r.original, r.original_len, piece);
        }
      }
    }
    return;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    walk(static_cast<const GumboNode*>(children.data[i]), html, page);
  }
}

}  // namespace

HtmlPage extract_html(std::string_view html) {
  HtmlPage page;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  walk(out->root, html, page);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return page;
}

}  // namespace sitrep::clean

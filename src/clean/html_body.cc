// HTML article bodies: one walk over gumbo's tree collects text blocks and
// per-element statistics; the content root is the element where dense prose
// most outweighs page furniture, and boilerplate inside it is pruned block by
// block (see html_body.h).
#include "clean/html_body.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>

#include "clean/boilerplate.h"
#include "clean/dates.h"
#include "clean/html_hints.h"
#include "clean/html_meta.h"
#include "core/text.h"

namespace sitrep::clean {
namespace {

// Deeper markup is pathological (unclosed tags); its text is ignored.
constexpr int kMaxDepth = 600;

enum class Role : uint8_t { kInline, kBlock, kSkip, kBreak };

Role role_of(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_ACRONYM:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_NOBR:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_RUBY:
    case GUMBO_TAG_RB:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RTC:
      return Role::kInline;
    case GUMBO_TAG_BR:
      return Role::kBreak;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
      return Role::kSkip;
    default:
      return Role::kBlock;
  }
}

// Page furniture by its tag alone.
bool is_furniture_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

int heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

// An element of the page that can own text blocks (inline elements do not).
struct Elem {
  const GumboNode* node;
  int32_t parent;
  uint32_t end_elem;  // one past its last descendant (elements are in pre-order)
  uint32_t first_block, end_block;
  uint32_t chars = 0;       // non-space bytes of text beneath
  uint32_t link_chars = 0;  // ... of them inside links
  uint32_t prose = 0;       // ... of them in paragraph-like blocks
  uint32_t teasers = 0;      // teaser headlines beneath (see is_teaser_title)
  uint8_t hint = 0;
  bool furniture = false;  // nav, footer, hidden, ...
  bool card = false;       // a teaser: headline link plus blurb
  bool image = false;      // has an <img> or <picture> child
};

// A paragraph as the reader sees it: the inline text between block edges.
struct Block {
  int32_t owner;  // innermost block-level element
  uint32_t first_piece, end_piece;
  uint32_t chars = 0, link_chars = 0, words = 0;
  int32_t last_text = -1;  // piece index of its last text node
  uint8_t heading = 0;
  bool sentence = false;  // ends like a sentence
};

// Non-space bytes and word starts of `s`; `in_word` carries across nodes.
// Each CJK character (U+3000..U+9FFF, written without spaces) counts as a word.
void measure(std::string_view s, uint32_t& chars, uint32_t& words, bool& in_word) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (is_ascii_space(static_cast<char>(c))) {
      in_word = false;
    } else if (c >= 0xE3 && c <= 0xE9 && i + 2 < s.size()) {
      chars += 3;
      ++words;
      in_word = false;
      i += 2;
    } else {
      ++chars;
      if (!in_word) ++words;
      in_word = true;
    }
  }
}

// A headline that is all link: in a story, headings are not links; in lists
// of other stories, each card opens with one.
bool is_teaser_title(const Block& b) {
  return b.link_chars == b.chars && (b.heading || b.words >= 5);
}

// How much of `b` counts as dense prose when choosing the content root.
uint32_t prose_value(const Block& b) {
  if (b.heading || b.chars == 0 || b.link_chars * 3 > b.chars) return 0;
  if (b.words >= 12 || (b.sentence && b.words >= 6)) return b.chars - b.link_chars;
  return 0;
}

class PageWalk {
 public:
  explicit PageWalk(HtmlMetaReader& meta) : meta_(meta), hints_(HtmlHints::get()) {}

  void run(const GumboNode* root) {
    visit(root, -1, -1, false, 0);
    close_block();
  }

  std::vector<Elem> elems;
  std::vector<Block> blocks;
  // Text nodes and <br> elements, in document order, grouped by block.
  std::vector<const GumboNode*> pieces;

 private:
  void visit(const GumboNode* n, int parent, int owner, bool in_link, int depth);
  void add_text(const GumboNode* n, int owner, bool in_link);
  void add_break();
  void close_block();
  uint8_t hint_of(const GumboElement& el, bool& hidden) const;

  HtmlMetaReader& meta_;
  const HtmlHints& hints_;
  int open_ = -1;  // block being filled, or -1
  bool in_word_ = false;
  bool after_break_ = false;  // nothing but a <br> since the last text
};

uint8_t PageWalk::hint_of(const GumboElement& el, bool& hidden) const {
  HtmlHints::Votes votes;
  // The tag votes like a class name.
  if (el.tag == GUMBO_TAG_ARTICLE || el.tag == GUMBO_TAG_MAIN) ++votes.positive;
  hidden = false;
  const GumboVector& attrs = el.attributes;
  for (unsigned i = 0; i < attrs.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(attrs.data[i]);
    std::string_view name(a->name);
    std::string_view value(a->value);
    if (name == "class" || name == "id" || name == "role") {
      hints_.classify(value, votes);
    } else if (name == "hidden") {
      hidden = true;
    } else if (name == "aria-hidden") {
      hidden |= value == "true";
    } else if (name == "itemprop") {
      if (iequals(value, "articleBody")) votes.whole |= kHintStrong;
    } else if (name == "style") {
      if (icontains(value, "display:none") || icontains(value, "display: none") ||
          icontains(value, "visibility:hidden")) {
        hidden = true;
      }
    }
  }
  return HtmlHints::hint(votes);
}

void PageWalk::visit(const GumboNode* n, int parent, int owner, bool in_link, int depth) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
      n->type == GUMBO_NODE_CDATA) {
    if (owner >= 0) add_text(n, owner, in_link);
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
  const GumboElement& el = n->v.element;
  if (el.attributes.length > 0 || el.tag == GUMBO_TAG_TITLE) meta_.visit(n);
  Role role = role_of(el.tag);
  if (el.tag == GUMBO_TAG_IMG && parent >= 0) elems[parent].image = true;
  if (role == Role::kSkip || depth > kMaxDepth) return;
  if (role == Role::kBreak) {
    add_break();
    return;
  }
  const GumboVector& children = el.children;
  if (role == Role::kInline) {
    if (el.attributes.length > 0) {
      bool hidden;
      if ((hint_of(el, hidden) & kHintDrop) || hidden) return;
    }
    in_link |= el.tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < children.length; ++i) {
      visit(static_cast<const GumboNode*>(children.data[i]), parent, owner, in_link, depth + 1);
    }
    return;
  }

  close_block();
  int idx = static_cast<int>(elems.size());
  Elem e;
  e.node = n;
  e.parent = parent;
  e.first_block = static_cast<uint32_t>(blocks.size());
  bool hidden = false;
  if (el.tag != GUMBO_TAG_HTML && el.tag != GUMBO_TAG_BODY) e.hint = hint_of(el, hidden);
  e.furniture = hidden || is_furniture_tag(el.tag);
  elems.push_back(e);
  for (unsigned i = 0; i < children.length; ++i) {
    visit(static_cast<const GumboNode*>(children.data[i]), idx, idx, in_link, depth + 1);
  }
  close_block();
  Elem& done = elems[idx];
  done.end_elem = static_cast<uint32_t>(elems.size());
  done.end_block = static_cast<uint32_t>(blocks.size());
  if (parent >= 0) {
    Elem& p = elems[parent];
    p.chars += done.chars;
    p.link_chars += done.link_chars;
    p.prose += done.prose;
    p.teasers += done.teasers;
  }
}

void PageWalk::add_text(const GumboNode* n, int owner, bool in_link) {
  if (n->type == GUMBO_NODE_WHITESPACE) {
    if (open_ >= 0) pieces.push_back(n);
    in_word_ = false;
    return;
  }
  if (open_ < 0) {
    open_ = static_cast<int>(blocks.size());
    Block b;
    b.owner = owner;
    b.first_piece = static_cast<uint32_t>(pieces.size());
    b.heading = static_cast<uint8_t>(heading_level(elems[owner].node->v.element.tag));
    blocks.push_back(b);
    in_word_ = false;
  }
  Block& b = blocks[open_];
  uint32_t chars = 0;
  measure(n->v.text.text, chars, b.words, in_word_);
  if (chars == 0) {
    pieces.push_back(n);
    return;
  }
  b.chars += chars;
  if (in_link) b.link_chars += chars;
  b.last_text = static_cast<int32_t>(pieces.size());
  pieces.push_back(n);
  after_break_ = false;
}

void PageWalk::add_break() {
  if (open_ < 0) return;
  // Two <br> in a row separate paragraphs on pages without <p>.
  if (after_break_) {
    pieces.pop_back();
    after_break_ = false;
    close_block();
    return;
  }
  pieces.push_back(nullptr);
  after_break_ = true;
  in_word_ = false;
}

void PageWalk::close_block() {
  after_break_ = false;
  if (open_ < 0) return;
  Block& b = blocks[open_];
  open_ = -1;
  if (b.chars == 0) {
    pieces.resize(b.first_piece);
    blocks.pop_back();
    return;
  }
  b.end_piece = static_cast<uint32_t>(pieces.size());
  b.sentence = ends_sentence(pieces[b.last_text]->v.text.text);
  Elem& o = elems[b.owner];
  o.chars += b.chars;
  o.link_chars += b.link_chars;
  o.prose += prose_value(b);
  if (is_teaser_title(b)) ++o.teasers;
}

// Emits decoded text mapped to the HTML bytes, collapsing whitespace runs to
// one space and dropping them at block edges.
class BlockWriter {
 public:
  explicit BlockWriter(MappedText& out) : out_(out) {}

  void begin(size_t offset) {
    if (!out_.empty()) out_.replace(offset, 0, "\n\n");
    any_ = false;
    pending_ = false;
  }
  void space(size_t offset, size_t len) {
    if (!pending_) {
      pending_ = true;
      space_off_ = offset;
      space_len_ = len;
    }
  }
  void text(const GumboText& t);

 private:
  void flush_space() {
    if (pending_ && any_) out_.replace(space_off_, space_len_, " ");
    pending_ = false;
    any_ = true;
  }
  MappedText& out_;
  bool any_ = false, pending_ = false;
  size_t space_off_ = 0, space_len_ = 0;
};

size_t utf8_len(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

bool is_entity_char(char c) { return isalnum(static_cast<unsigned char>(c)) || c == '#'; }

void BlockWriter::text(const GumboText& t) {
  std::string_view dec(t.text);
  std::string_view org(t.original_text.data, t.original_text.length);
  const size_t base = t.start_pos.offset;
  size_t i = 0, j = 0;
  // Walks decoded and original text side by side: equal bytes are copied,
  // entities replaced, whitespace runs collapsed. Anything else (a stray tag
  // inside the node's source span, a replaced NUL) ends the fine mapping.
  while (j < dec.size()) {
    char c = dec[j];
    if (is_ascii_space(c)) {
      size_t i0 = i;
      while (j < dec.size() && is_ascii_space(dec[j])) ++j;
      while (i < org.size() && is_ascii_space(org[i])) ++i;
      if (i == i0) break;
      space(base + i0, i - i0);
      continue;
    }
    if (i >= org.size()) break;
    if (org[i] == c && c != '&') {
      flush_space();
      size_t n = 1;
      while (j + n < dec.size() && i + n < org.size() && dec[j + n] == org[i + n] &&
             !is_ascii_space(dec[j + n]) && dec[j + n] != '&') {
        ++n;
      }
      out_.copy(base + i, dec.substr(j, n));
      i += n;
      j += n;
      continue;
    }
    if (org[i] != '&') break;
    flush_space();
    size_t e = i + 1;
    while (e < org.size() && e - i < 40 && is_entity_char(org[e])) ++e;
    bool entity = e < org.size() && org[e] == ';' && e > i + 1;
    std::string_view source = org.substr(i, e + 1 - i);
    if (!entity || dec.substr(j, source.size()) == source) {
      // A bare ampersand, or a reference gumbo left as it was.
      if (c != '&') break;
      out_.copy(base + i, "&");
      ++i;
      ++j;
      continue;
    }
    size_t len = std::min(utf8_len(static_cast<unsigned char>(c)), dec.size() - j);
    out_.replace(base + i, source.size(), dec.substr(j, len));
    i += source.size();
    j += len;
  }
  if (j >= dec.size()) return;
  // The rest, mapped as a whole to the rest of the source.
  size_t rest_off = base + std::min(i, org.size());
  size_t rest_len = org.size() - std::min(i, org.size());
  std::string collapsed;
  bool sp = false;
  for (; j < dec.size(); ++j) {
    if (is_ascii_space(dec[j])) {
      sp = true;
      continue;
    }
    if (sp && !collapsed.empty()) collapsed += ' ';
    sp = false;
    collapsed += dec[j];
  }
  if (collapsed.empty()) {
    space(rest_off, rest_len);
    return;
  }
  flush_space();
  out_.replace(rest_off, rest_len, collapsed);
  if (sp) space(rest_off + rest_len, 0);
}

// The classifier over one walked page.
class Selector {
 public:
  Selector(PageWalk& w, HtmlMetaReader& meta)
      : w_(w), meta_(meta), lexicon_(BoilerplateLexicon::get()) {}

  void select(MappedText& body);

 private:
  enum class Label : uint8_t { kProse, kShort, kHeading, kDrop };

  int choose_root();
  void mark_cards();
  std::string_view block_text(const Block& b);
  void write(const Block& b, BlockWriter& out) const;

  PageWalk& w_;
  HtmlMetaReader& meta_;
  const BoilerplateLexicon& lexicon_;
  std::vector<uint8_t> pruned_;
  std::string text_;
};

std::string_view Selector::block_text(const Block& b) {
  text_.clear();
  bool sp = false;
  for (uint32_t p = b.first_piece; p < b.end_piece; ++p) {
    const GumboNode* n = w_.pieces[p];
    if (n == nullptr) {
      sp = true;
      continue;
    }
    for (const char* s = n->v.text.text; *s; ++s) {
      if (is_ascii_space(*s)) {
        sp = true;
        continue;
      }
      if (sp && !text_.empty()) text_ += ' ';
      sp = false;
      text_ += *s;
    }
  }
  return text_;
}

void Selector::write(const Block& b, BlockWriter& out) const {
  bool br = false;
  for (uint32_t p = b.first_piece; p < b.end_piece; ++p) {
    const GumboNode* n = w_.pieces[p];
    if (n == nullptr) {
      br = true;
      continue;
    }
    // A <br> reads as a space; it has no text of its own to map to.
    if (br) out.space(n->v.text.start_pos.offset, 0);
    br = false;
    out.text(n->v.text);
  }
}

// A card is the largest element around a teaser headline that holds no other
// teaser; cards come in lists of related stories.
void Selector::mark_cards() {
  auto& elems = w_.elems;
  for (const Block& b : w_.blocks) {
    if (!is_teaser_title(b)) continue;
    int card = b.owner;
    while (elems[card].parent >= 0 && elems[elems[card].parent].teasers < 2) {
      card = elems[card].parent;
    }
    // A story under a linked headline is no teaser.
    if (elems[card].parent < 0 || elems[card].prose > 1000) continue;
    elems[card].card = true;
  }
}

int Selector::choose_root() {
  const auto& elems = w_.elems;
  const size_t n = elems.size();
  pruned_.assign(n, 0);
  if (n == 0) return -1;
  const uint32_t page_prose = elems[0].prose;
  mark_cards();
  for (size_t i = 0; i < n; ++i) {
    const Elem& e = elems[i];
    // An image with a little text beside it: a caption and credit.
    bool caption = e.image && e.chars < 400 && e.node->v.element.tag != GUMBO_TAG_P;
    bool neg = e.furniture || e.card || caption || (e.hint & kHintDrop) ||
               ((e.hint & kHintNegative) && !(e.hint & kHintStrong));
    // A layout wrapper with a furniture-like name ("page has-sidebar") that
    // holds most of the page's prose is not furniture.
    if (neg && !(e.hint & kHintDrop) && uint64_t(e.prose) * 10 >= uint64_t(page_prose) * 6 &&
        page_prose > 0) {
      neg = false;
    }
    pruned_[i] = neg || (e.parent >= 0 && pruned_[e.parent]);
  }
  // Prose and text that survive pruning, per element.
  std::vector<uint32_t> prose(n), chars(n), links(n);
  for (const Block& b : w_.blocks) {
    if (pruned_[b.owner]) continue;
    prose[b.owner] += prose_value(b);
    chars[b.owner] += b.chars;
    links[b.owner] += b.link_chars;
  }
  for (size_t i = n; i-- > 1;) {
    if (pruned_[i]) continue;
    prose[elems[i].parent] += prose[i];
    chars[elems[i].parent] += chars[i];
    links[elems[i].parent] += links[i];
  }
  // The root maximises prose minus a share of everything else beneath it: a
  // parent wins over its child only if the prose it adds outweighs the
  // furniture it brings along.
  // Link text is the surest sign of furniture; other short text (table
  // cells, labels) is often part of the story.
  constexpr double kLinkWeight = 0.3;
  constexpr double kJunkWeight = 0.1;
  int best = -1;
  double best_score = 0;
  for (size_t i = 0; i < n; ++i) {
    if (pruned_[i] || prose[i] == 0) continue;
    const Elem& e = elems[i];
    double score = prose[i] - kLinkWeight * links[i] -
                   kJunkWeight * (chars[i] - prose[i] - std::min(links[i], chars[i] - prose[i]));
    GumboTag tag = e.node->v.element.tag;
    if (e.hint & kHintStrong) {
      score += 0.25 * prose[i];
    } else if ((e.hint & kHintPositive) || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) {
      score += 0.1 * prose[i];
    }
    if (best < 0 || score >= best_score) {
      best = static_cast<int>(i);
      best_score = score;
    }
  }
  return best;
}

bool is_byline(std::string_view text, uint32_t words) {
  return words <= 12 && (istarts_with(text, "by ") || istarts_with(text, "words by") ||
                         istarts_with(text, "written by"));
}

// A calendar date in words or digits ("24.10.2024", "2024-10-24").
bool has_date(std::string_view t) {
  if (!find_date(t).empty()) return true;
  for (size_t i = 0; i + 8 <= t.size(); ++i) {
    auto digit = [&](size_t k) { return k < t.size() && isdigit(static_cast<unsigned char>(t[k])); };
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    size_t k = i;
    int groups = 0;
    while (groups < 3) {
      size_t g = k;
      while (digit(k)) ++k;
      if (k == g || k - g > 4) break;
      ++groups;
      if (groups < 3 && k < t.size() && (t[k] == '.' || t[k] == '/' || t[k] == '-')) {
        ++k;
      } else {
        break;
      }
    }
    if (groups == 3) return true;
  }
  return false;
}

void Selector::select(MappedText& body) {
  const auto& elems = w_.elems;
  const auto& blocks = w_.blocks;
  // The first <h1> is a title candidate wherever it is.
  for (const Block& b : blocks) {
    if (b.heading == 1) {
      meta_.set_heading(std::string(block_text(b)));
      break;
    }
  }
  int root = choose_root();
  uint32_t first = 0, end = static_cast<uint32_t>(blocks.size());
  if (root >= 0) {
    first = elems[root].first_block;
    end = elems[root].end_block;
    // Link-heavy containers inside the root: related lists, tag clouds.
    for (uint32_t i = root + 1; i < elems[root].end_elem; ++i) {
      const Elem& e = elems[i];
      if (pruned_[e.parent] || (e.chars > 0 && e.link_chars * 2 > e.chars)) pruned_[i] = 1;
    }
  }

  std::vector<Label> labels(end - first, Label::kDrop);
  bool seen_prose = false;
  int prose_seen = 0;
  int dates_found = 0;
  uint32_t stop = end;
  for (uint32_t k = first; k < end; ++k) {
    const Block& b = blocks[k];
    Label& label = labels[k - first];
    if (pruned_[b.owner]) continue;
    bool dense_links = b.link_chars * 2 > b.chars;
    bool prose = prose_value(b) > 0 ||
                 (b.sentence && b.words >= 4 && b.link_chars * 3 <= b.chars);
    label = b.heading ? Label::kHeading : prose ? Label::kProse : Label::kShort;
    if (b.words <= 40) {
      std::string_view t = block_text(b);
      if (lexicon_.is_boilerplate(t) || is_duration(t) || is_image_name(t)) {
        label = Label::kDrop;
        continue;
      }
      if (seen_prose && (b.heading || b.words <= 4) && lexicon_.is_end_marker(t)) {
        stop = k;
        break;
      }
      if (label != Label::kHeading && !b.sentence) {
        // "Elif Aydemir | 24.10.2024 - 11:20": bylines and date lines, in
        // the story's head (later, a date line may sign a quoted post).
        if (is_date_line(t) ||
            (prose_seen < 2 && b.words <= 14 && has_date(t))) {
          if (!seen_prose && dates_found++ < 2) meta_.add_visible_date(std::string(t));
          label = Label::kDrop;
        } else if (!seen_prose && is_byline(t, b.words)) {
          label = Label::kDrop;
        }
      }
    }
    if (dense_links) label = Label::kDrop;
    if (label == Label::kProse) {
      seen_prose = true;
      ++prose_seen;
    }
  }
  // Visible dates just above the root (the headline block).
  for (uint32_t k = first > 30 ? first - 30 : 0; k < first && dates_found < 2; ++k) {
    const Block& b = blocks[k];
    if (b.words > 20) continue;
    std::string_view t = block_text(b);
    if (is_date_line(t)) {
      meta_.add_visible_date(std::string(t));
      ++dates_found;
    }
  }

  // Short fragments stay only between prose; headings only before it, and
  // an <h1> ahead of all prose is the headline, not part of the body.
  const size_t m = stop - first;
  std::vector<uint8_t> prose_before(m, 0), keep(m, 0);
  bool any = false;
  for (size_t k = 0; k < m; ++k) {
    prose_before[k] = any;
    any |= labels[k] == Label::kProse;
  }
  bool prose_after = false;
  for (size_t k = m; k-- > 0;) {
    switch (labels[k]) {
      case Label::kProse:
        keep[k] = 1;
        prose_after = true;
        break;
      case Label::kHeading:
        keep[k] = prose_after && (blocks[first + k].heading != 1 || prose_before[k]);
        break;
      case Label::kShort:
        keep[k] = prose_after && prose_before[k];
        break;
      case Label::kDrop:
        break;
    }
  }
  BlockWriter out(body);
  for (size_t k = 0; k < m; ++k) {
    if (!keep[k]) continue;
    const Block& b = blocks[first + k];
    out.begin(w_.pieces[b.first_piece]->v.text.start_pos.offset);
    write(b, out);
  }
}

}  // namespace

HtmlPage extract_html(std::string_view html) {
  HtmlPage page;
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used; recording them costs time.
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  HtmlMetaReader meta;
  PageWalk walk(meta);
  walk.run(out->root);
  Selector(walk, meta).select(page.body);
  meta.finish(page);
  gumbo_destroy_output(&options, out);
  return page;
}

}  // namespace sitrep::clean

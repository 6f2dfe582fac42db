#include "analyze/analysis.h"

#include <algorithm>

#include "kb/groups.h"
#include "kb/lexicon.h"
#include "kb/matcher.h"
#include "kb/places.h"

namespace sitrep::analyze {
namespace {

// Group names get one id per (name) so exact-case demands stay per name;
// the id maps back to the group.
struct GroupIds {
  std::vector<uint32_t> group;
  std::vector<bool> exact;
};

const GroupIds& group_ids() {
  static const GroupIds* ids = [] {
    auto* g = new GroupIds();
    for (const kb::GroupName& n : kb::GroupKb::get().names()) {
      g->group.push_back(n.group);
      g->exact.push_back(n.exact_case);
    }
    return g;
  }();
  return *ids;
}

const kb::PhraseMatcher& group_matcher() {
  static const kb::PhraseMatcher* m = [] {
    auto* pm = new kb::PhraseMatcher();
    const auto& names = kb::GroupKb::get().names();
    for (uint32_t i = 0; i < names.size(); ++i) pm->add(names[i].text, i);
    pm->compile();
    return pm;
  }();
  return *m;
}

}  // namespace

uint32_t token_at(const Tokenized& tok, size_t offset) {
  auto it = std::lower_bound(tok.tokens.begin(), tok.tokens.end(), offset,
                             [](const Token& t, size_t off) { return t.end <= off; });
  return static_cast<uint32_t>(it - tok.tokens.begin());
}

Analysis analyze(std::string_view text, std::string_view anchor, const AnalyzeOptions& opt) {
  Analysis a;
  a.text = text;
  a.tok = tokenize(text);
  a.sentence_of.assign(a.tok.tokens.size(), 0);
  for (uint32_t s = 0; s < a.tok.sentences.size(); ++s)
    for (uint32_t k = a.tok.sentences[s].first; k < a.tok.sentences[s].last; ++k)
      a.sentence_of[k] = s;

  // One folding pass serves every matcher.
  std::vector<kb::FoldedToken> folded = kb::fold_tokens(text);
  auto add = [&](MentionKind kind, const kb::Match& m, uint32_t id) {
    Mention x;
    x.kind = kind;
    x.first = token_at(a.tok, m.begin);
    x.last = token_at(a.tok, m.end - 1) + 1;
    if (x.first >= x.last) return;
    x.id = id;
    x.exact_case = m.exact_case;
    a.mentions.push_back(x);
  };
  const GroupIds& gids = group_ids();
  // All-caps wire copy cannot tell the acronym "IS" from the verb, nor the
  // code "US" from the pronoun: names that need their exact case, and short
  // place codes, are not read in text without lower case.
  const bool all_caps = !a.tok.has_lower;
  for (const kb::Match& m : group_matcher().find_all(text, folded)) {
    if (gids.exact[m.id] && (!m.exact_case || all_caps)) continue;
    add(MentionKind::kGroup, m, gids.group[m.id]);
  }
  const kb::Lexicons& lx = kb::Lexicons::get();
  for (const kb::Match& m : lx.triggers().find_all(text, folded)) add(MentionKind::kTrigger, m, m.id);
  for (const kb::Match& m : lx.weapons().find_all(text, folded)) add(MentionKind::kWeapon, m, m.id);
  for (const kb::Match& m : lx.titles().find_all(text, folded)) add(MentionKind::kTitle, m, m.id);
  if (opt.places) {
    const bool mixed = a.tok.has_lower && a.tok.has_upper;
    for (const kb::Match& m : kb::PlaceKb::get().matcher().find_all(text, folded)) {
      // In mixed-case text a place name starts with a capital: "police" is
      // not Police, Poland.
      if (mixed) {
        unsigned char c = text[m.begin];
        if (c >= 'a' && c <= 'z') continue;
      }
      // Codes and short forms ("CAN", "US", "UK") only as written: "can" is
      // a verb, not Canada.
      if (m.end - m.begin <= 3) {
        if (all_caps) continue;
        bool caps = true;
        for (size_t k = m.begin; k < m.end; ++k)
          if (text[k] >= 'a' && text[k] <= 'z') caps = false;
        if (!caps) continue;
      }
      add(MentionKind::kPlace, m, m.id);
    }
  }
  std::stable_sort(a.mentions.begin(), a.mentions.end(), [](const Mention& x, const Mention& y) {
    if (x.first != y.first) return x.first < y.first;
    return x.last > y.last;
  });
  // A place name inside a longer one is not a place of its own: "York" of
  // "The New York Times", "Salvador" of "San Salvador". The longer name is
  // the reading (and a token's features read the longest mention anyway).
  {
    uint32_t cover_first = 0, cover_last = 0;
    size_t out = 0;
    for (size_t k = 0; k < a.mentions.size(); ++k) {
      const Mention& m = a.mentions[k];
      if (m.kind == MentionKind::kPlace) {
        if (m.last <= cover_last && m.last - m.first < cover_last - cover_first) continue;
        if (m.last > cover_last) {
          cover_first = m.first;
          cover_last = m.last;
        }
      }
      a.mentions[out++] = m;
    }
    a.mentions.resize(out);
  }
  if (opt.quantities || opt.times) {
    const scan::Tokens scanned(text, a.tok.lower);  // one scan serves counts and dates
    if (opt.quantities) a.quantities = find_quantities(scanned);
    if (opt.times) a.times = find_times(scanned, anchor);
  }
  return a;
}

}  // namespace sitrep::analyze

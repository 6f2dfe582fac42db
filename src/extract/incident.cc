#include "extract/incident.h"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/text.h"
#include "kb/groups.h"
#include "kb/lexicon.h"
#include "kb/places.h"

namespace sitrep::data {
extern const std::string_view kExtractToll;
extern const std::string_view kExtractPlaceStopwords;
extern const std::string_view kExtractHedges;
extern const std::string_view kExtractNegations;
extern const std::string_view kExtractOutletWords;
extern const std::string_view kExtractClashes;
extern const std::string_view kExtractCivilians;
extern const std::string_view kExtractSpeechVerbs;
}

namespace sitrep::extract {
namespace {

using analyze::Analysis;
using analyze::Mention;
using analyze::MentionKind;

// The token range of a byte range.
std::pair<uint32_t, uint32_t> tokens_of(const Analysis& a, size_t begin, size_t end) {
  uint32_t f = analyze::token_at(a.tok, begin);
  uint32_t l = end > begin ? analyze::token_at(a.tok, end - 1) + 1 : f;
  return {f, std::max(f, l)};
}

uint32_t sentence_of_byte(const Analysis& a, size_t offset) {
  uint32_t t = analyze::token_at(a.tok, offset);
  if (t >= a.sentence_of.size()) return a.tok.sentences.empty() ? 0 : uint32_t(a.tok.sentences.size() - 1);
  return a.sentence_of[t];
}

// The best reading of a place mention given the document's countries.
struct ResolvedPlace {
  kb::PlaceCandidate c;
  bool ok = false;
};

// The words of a one-word-a-line list under data/, as word keys.
std::unordered_set<uint64_t> word_keys(std::string_view list) {
  std::unordered_set<uint64_t> s;
  for_each_data_line(list, [&](std::string_view w, size_t) { return s.insert(analyze::word_key(w)), true; });
  return s;
}

// The word keys of a data list, read once.
template <const std::string_view& List>
const std::unordered_set<uint64_t>& word_set() {
  static const auto* set = new std::unordered_set<uint64_t>(word_keys(List));
  return *set;
}

const std::unordered_set<uint64_t>& place_stopwords() { return word_set<data::kExtractPlaceStopwords>(); }

// The country (ISO2) a one-word demonym names ("Mozambican": MZ), or "".
// Every token of a document is looked up, so a bitmap of the demonyms' key
// bits turns most words away before the hash table (a cache miss) is read.
std::string_view demonym_country(uint64_t key) {
  static std::bitset<4096> maybe;
  static const auto* demonyms = [] {
    auto* m = new std::unordered_map<uint64_t, std::string_view>();
    for (const kb::Country& c : kb::PlaceKb::get().countries())
      for (std::string_view d : c.demonyms)
        if (d.find(' ') == std::string_view::npos) {
          uint64_t k = analyze::word_key(ascii_lower(d));
          m->emplace(k, c.iso2);
          maybe.set(k & 4095);
        }
    return m;
  }();
  if (!maybe.test(key & 4095)) return {};
  auto it = demonyms->find(key);
  return it == demonyms->end() ? std::string_view() : it->second;
}

// The country a place mention is introduced with: "the northern Mozambican
// town of Palma" (a demonym at most three words before "town of", "city
// of" or "village of"), or "" when there is none.
std::string_view introduced_country(const Analysis& a, const Mention& m) {
  const auto& toks = a.tok.tokens;
  const uint32_t first = a.tok.sentences[a.sentence_of[m.first]].first;
  if (m.first < first + 2 || a.tok.lower_word(toks[m.first - 1]) != "of") return {};
  std::string_view n = a.tok.lower_word(toks[m.first - 2]);
  if (n != "town" && n != "city" && n != "village") return {};
  for (uint32_t k = m.first - 2; k > first && m.first - 2 - k < 3;) {
    --k;
    std::string_view c = demonym_country(toks[k].key);
    if (!c.empty()) return c;
  }
  return {};
}

// Names a place is found by in text: a country's or region's listed names,
// and any name of a city — its other names ("Cologne" for Köln) then face
// the stricter test of resolve_place().
bool usable_name(const kb::PlaceName& pn) {
  return pn.how == kb::NameKind::kPrimary || pn.place.kind == kb::PlaceKind::kCity;
}

// The best reading of a place mention given the document's countries, or
// none when the mention is unlikely to be a place at all: a lone stopword
// ("March", "Center"), a name written in lower case inside mixed-case text,
// or a town that is neither in a country the document names nor big enough
// (or a capital) to be meant without one ("Abu" is not Abu, India).
ResolvedPlace resolve_place(const Analysis& a, const Mention& m, const kb::PlaceContext& ctx) {
  ResolvedPlace r;
  const auto& toks = a.tok.tokens;
  if (m.last - m.first == 1 && place_stopwords().contains(toks[m.first].key)) return r;
  if (a.tok.has_lower && a.tok.has_upper) {
    for (uint32_t k = m.first; k < m.last; ++k)
      if (toks[k].shape == analyze::Shape::kWord && !toks[k].capitalised && a.tok.lower_word(toks[k]).size() > 3)
        return r;
  }
  std::string_view name = a.text.substr(toks[m.first].begin, toks[m.last - 1].end - toks[m.first].begin);
  std::vector<kb::PlaceCandidate> c = kb::PlaceKb::get().candidates(name, ctx, 1);
  if (c.empty()) return r;
  const kb::PlaceCandidate& best = c.front();
  // "the Mozambican town of Palma" is not Palma de Mallorca: a place the
  // gazetteer knows only in another country stands for the country named,
  // there and wherever the document names it again (document_context).
  std::string_view lower = std::string_view(a.tok.lower).substr(toks[m.first].begin, name.size());
  for (const auto& [introduced, want] : ctx.introduced) {
    if (introduced != lower || want == best.country) continue;
    for (const kb::PlaceCandidate& other : kb::PlaceKb::get().candidates(name, ctx, 16))
      if (other.country == want) {
        r.c = other;
        r.ok = true;
        return r;
      }
    if (const kb::Country* country = kb::PlaceKb::get().country_by_code(want))
      if (auto cc = kb::PlaceKb::get().candidates(country->name, ctx, 1); !cc.empty()) {
        r.c = cc.front();
        r.ok = true;
      }
    return r;
  }
  if (best.place.kind == kb::PlaceKind::kCity) {
    bool in_context = std::find(ctx.countries.begin(), ctx.countries.end(), std::string(best.country)) !=
                      ctx.countries.end();
    // A capital counts without its country, unless it is a village
    // ("The Valley", Anguilla's, is not the Kashmir Valley).
    const bool capital = best.feature == "PPLC" && best.population >= 20000;
    if (!in_context && best.population < 200000 && !capital) return r;
    // A city by another of its names (an exonym, "Cologne" for Köln) only
    // when it is a capital or big and in a country the document names:
    // the other names of small towns are too often common words.
    if (best.alternate && !capital && (!in_context || best.population < 100000)) return r;
  }
  // A region likewise needs its country named in the document ("Midlands"
  // in a British story is not Zimbabwe's province).
  if (best.place.kind == kb::PlaceKind::kAdmin1 && !ctx.countries.empty() &&
      std::find(ctx.countries.begin(), ctx.countries.end(), std::string(best.country)) == ctx.countries.end())
    return r;
  r.c = best;
  r.ok = true;
  return r;
}

// A wire dateline's date ("SAN SALVADOR, 3 JAN 90 --", "MOGADISHU, June
// 12 (Reuters) - ") is when the story was filed, not when the incident
// happened: near the start, then an agency in brackets at most, then a dash.
bool is_dateline(std::string_view text, const analyze::TimeExpr& t) {
  if (t.begin >= 120) return false;
  size_t i = t.end;
  auto spaces = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == ')')) ++i;
  };
  spaces();
  if (i < text.size() && text[i] == '(') {
    size_t close = text.find(')', i);
    if (close == std::string_view::npos || close - i > 40) return false;
    i = close + 1;
    spaces();
  }
  return text.substr(i, 2) == "--" || text.substr(i, 2) == "- " || text.substr(i, 3) == "\xE2\x80\x94" ||
         text.substr(i, 3) == "\xE2\x80\x93";
}

// A span of years ("for the past decade", "in the last 3 years"): what it
// dates is a pattern over time, not one incident.
bool years_span(const analyze::TimeExpr& t) {
  return t.start.size() >= 4 && t.end_date.size() >= 4 &&
         std::atoi(t.end_date.substr(0, 4).c_str()) - std::atoi(t.start.substr(0, 4).c_str()) >= 2;
}

const std::unordered_set<uint64_t>& speech_verbs() { return word_set<data::kExtractSpeechVerbs>(); }

// A date stated as when something was said, not when it happened: right
// after a verb of saying, with or without "on" ("the ministry said on
// Thursday", "police said Friday").
bool said_when(const Analysis& a, const analyze::TimeExpr& t) {
  uint32_t k = analyze::token_at(a.tok, t.begin);
  if (k >= a.tok.tokens.size()) return false;
  const uint32_t sen_first = a.tok.sentences[a.sentence_of[k]].first;
  if (a.tok.lower_word(a.tok.tokens[k]) != "on" && k > sen_first && a.tok.lower_word(a.tok.tokens[k - 1]) == "on") --k;
  return k > sen_first && speech_verbs().contains(a.tok.tokens[k - 1].key);
}

const std::unordered_set<uint64_t>& hedges() { return word_set<data::kExtractHedges>(); }

const std::unordered_set<uint64_t>& negations() { return word_set<data::kExtractNegations>(); }

// True iff one of `words` comes within four tokens before token `first` in
// its sentence.
bool preceded_by(const Analysis& a, uint32_t first, const std::unordered_set<uint64_t>& words) {
  const auto& sen = a.tok.sentences[a.sentence_of[first]];
  for (uint32_t k = first; k > sen.first && first - k < 4;) {
    --k;
    if (words.contains(a.tok.tokens[k].key)) return true;
  }
  return false;
}

// A hedge word (data/extract/hedges.txt) before a trigger: the attack it
// names has not happened ("could attack").
bool hedged(const Analysis& a, uint32_t first) { return preceded_by(a, first, hedges()); }

// A negation (data/extract/negations.txt) before a trigger: the event did
// not happen ("no one has been detained").
bool negated(const Analysis& a, uint32_t first) { return preceded_by(a, first, negations()); }

const std::unordered_set<uint64_t>& clashes() { return word_set<data::kExtractClashes>(); }

const std::unordered_set<uint64_t>& civilians() { return word_set<data::kExtractCivilians>(); }

// True iff one of `words` is in sentence `s`.
bool sentence_has(const Analysis& a, uint32_t s, const std::unordered_set<uint64_t>& words) {
  const auto& sen = a.tok.sentences[s];
  for (uint32_t k = sen.first; k < sen.last; ++k)
    if (words.contains(a.tok.tokens[k].key)) return true;
  return false;
}

}  // namespace

bool clash_sentence(const Analysis& a, uint32_t s) {
  return sentence_has(a, s, clashes()) && !sentence_has(a, s, civilians());
}

namespace {

// A killing or an assault reported in a sentence of armed clashes
// (clash_sentence): "one extremist was killed during a clash",
// "FMLN troops clashed with the cavalry company, killing three". Fighting
// between armed forces and rebels, not a terrorist attack. A bombing or an
// arson stays an attack ("where the fighting is centred, the rebels blew up
// several electricity poles").
bool combat(const Analysis& a, const Mention& m, const kb::Trigger& t) {
  return t.type == "attack" && (t.attack_type == "unknown" || t.attack_type == "armed_assault") &&
         clash_sentence(a, a.sentence_of[m.first]);
}

const std::unordered_set<uint64_t>& outlet_words() { return word_set<data::kExtractOutletWords>(); }

// A place that begins a news outlet's name ("The New York Times", "the
// Washington Post": an outlet word, capitalised, right after it).
bool outlet_name(const Analysis& a, const Mention& m) {
  if (m.last >= a.tok.tokens.size() || a.sentence_of[m.last] != a.sentence_of[m.first]) return false;
  const analyze::Token& next = a.tok.tokens[m.last];
  return (next.capitalised || !a.tok.has_lower) && outlet_words().contains(next.key);
}

// A place introduced by a locative preposition ("in Iran", "near Kabul") is
// where something happened; one used as a modifier ("the Moscow attack") is
// usually a reference to another event.
bool locative(const Analysis& a, const Mention& m) {
  if (m.first == 0) return false;
  std::string_view w = a.tok.lower_word(a.tok.tokens[m.first - 1]);
  // "in the southeastern Iranian city of Kerman"
  if (w == "of" && m.first >= 2) {
    std::string_view n = a.tok.lower_word(a.tok.tokens[m.first - 2]);
    if (n == "city" || n == "town" || n == "village" || n == "province" || n == "district" || n == "region")
      return true;
  }
  return w == "in" || w == "at" || w == "near" || w == "outside" || w == "inside" || w == "on" ||
         w == "across" || w == "over";
}

// A trigger that says it is another incident: "a separate attack",
// "another bombing" (within the two words before it).
bool another(const Analysis& a, const Mention& m) {
  const uint32_t first = a.tok.sentences[a.sentence_of[m.first]].first;
  for (uint32_t k = m.first; k > first && m.first - k < 2;) {
    std::string_view w = a.tok.lower_word(a.tok.tokens[--k]);
    if (w == "separate" || w == "another") return true;
  }
  return false;
}

// Where a speaker was, not where something happened: a verb of saying right
// before the place's preposition ("Erdogan, speaking in Kazan"), and the
// places that follow that one after commas ("in Kazan, Russia").
bool speaker_place(const Analysis& a, const Mention& m) {
  const Mention* at = &m;
  for (bool moved = true; moved && at->first >= 2;) {
    moved = false;
    if (a.tok.lower_word(a.tok.tokens[at->first - 1]) != ",") break;
    for (const Mention& p : a.mentions)
      if (p.kind == MentionKind::kPlace && p.last == at->first - 1) {
        at = &p;
        moved = true;
        break;
      }
  }
  if (at->first < 2 || !locative(a, *at)) return false;
  const auto& sen = a.tok.sentences[a.sentence_of[at->first]];
  return at->first - 2 >= sen.first && speech_verbs().contains(a.tok.tokens[at->first - 2].key);
}

// The countries of "attacks in Russia and Iran": a plural trigger followed
// shortly by a locative place and "and" (or a comma) and more places, when
// they lie in different countries. Empty otherwise.
std::vector<std::string> coordinated_countries(const Analysis& a, const Mention& trigger,
                                               const kb::PlaceContext& ctx) {
  const auto& toks = a.tok.tokens;
  std::string_view w = a.tok.lower_word(toks[trigger.last - 1]);
  if (w.size() < 4 || w.back() != 's') return {};
  uint32_t end = a.tok.sentences[a.sentence_of[trigger.first]].last;
  end = std::min<uint32_t>(end, trigger.last + 10);
  const auto& kbp = kb::PlaceKb::get();
  std::vector<std::string> countries;
  uint32_t next = 0;  // the token the next place of the list must start at
  for (const Mention& m : a.mentions) {
    if (m.kind != MentionKind::kPlace || m.first < trigger.last) continue;
    if (m.first >= end) break;
    if (countries.empty() ? !locative(a, m) : m.first != next) continue;
    if (!usable_name(kbp.names()[m.id])) continue;
    ResolvedPlace r = resolve_place(a, m, ctx);
    if (!r.ok) continue;
    std::string c(r.c.country);
    if (std::find(countries.begin(), countries.end(), c) == countries.end()) countries.push_back(c);
    if (m.last >= toks.size()) break;
    std::string_view joiner = a.tok.lower_word(toks[m.last]);
    if (joiner != "and" && joiner != ",") break;
    next = m.last + 1;
    end = std::max(end, next + 1);
  }
  return countries;
}

// Specificity of a place kind: cities over regions over countries.
int specificity(kb::PlaceKind k) {
  return k == kb::PlaceKind::kCity ? 3 : k == kb::PlaceKind::kAdmin1 ? 2 : 1;
}

bool overlaps_group(const Analysis& a, const Mention& m) {
  for (const Mention& g : a.mentions)
    if (g.kind == MentionKind::kGroup && g.first < m.last && m.first < g.last) return true;
  return false;
}

struct PlacePick {
  ResolvedPlace r;
  const Mention* m = nullptr;  // null when no place resolved
};

// The place of the sentences `in_scope` accepts: the most specific place
// named there, a locative use ("in Kabul", not "a man from Tajikistan")
// counting more than one level and sentence `first` more than the others,
// the earliest on ties; not a group's name, nor where a speaker was, and
// only in `only_country` when one is given.
// Every country resolved on the way is added to `countries` when given.
template <class InScope>
PlacePick pick_place(const Analysis& a, const kb::PlaceContext& ctx, InScope in_scope, std::string_view only_country,
                     uint32_t first, std::vector<std::string>* countries = nullptr) {
  const auto& kbp = kb::PlaceKb::get();
  PlacePick best;
  int best_score = -1;
  for (const Mention& m : a.mentions) {
    if (m.kind != MentionKind::kPlace || !in_scope(a.sentence_of[m.first])) continue;
    if (overlaps_group(a, m) || speaker_place(a, m) || outlet_name(a, m)) continue;
    if (!usable_name(kbp.names()[m.id])) continue;
    ResolvedPlace r = resolve_place(a, m, ctx);
    if (!r.ok) continue;
    if (!only_country.empty() && r.c.country != only_country) continue;
    // "attacks outside Somalia" happened anywhere but there.
    if (r.c.place.kind == kb::PlaceKind::kCountry && m.first > 0 &&
        a.tok.lower_word(a.tok.tokens[m.first - 1]) == "outside")
      continue;
    if (countries && std::find(countries->begin(), countries->end(), r.c.country) == countries->end())
      countries->emplace_back(r.c.country);
    int score = specificity(r.c.place.kind) + (locative(a, m) ? 3 : 0) + (a.sentence_of[m.first] == first ? 1 : 0);
    if (score > best_score) {
      best.r = r;
      best.m = &m;
      best_score = score;
    }
  }
  return best;
}


// Toll words by kind (data/extract/toll.tsv): 'k' killed, 'i' injured,
// 't' a toll noun, 'r' a verb a toll rises by ("rose to 15"), 'b' a noun
// that makes a count a conflict's whole cost ("killed in the conflict").
const std::unordered_map<uint64_t, char>& toll_words() {
  static const auto* m = [] {
    auto* t = new std::unordered_map<uint64_t, char>();
    for_each_data_line(data::kExtractToll, [&](std::string_view line, size_t) {
      auto f = split(line, '\t');
      if (f.size() == 2 && !f[1].empty()) (*t)[analyze::word_key(f[0])] = f[1] == "injured" ? 'i' : f[1][0];
      return true;
    });
    return t;
  }();
  return *m;
}

// True when the death or injury word at token `at` counts a whole
// conflict's cost rather than one attack's: a background noun just before
// it ("the conflict has killed"), or "in", "during", "over" or "since" a few
// tokens after it, then within three tokens a background noun ("in the
// conflict", "over the decades") or, after "since", a year ("have died
// since 1984").
bool background_toll(const Analysis& a, uint32_t at) {
  const auto& toks = a.tok.tokens;
  const auto& words = toll_words();
  const uint32_t first = a.tok.sentences[a.sentence_of[at]].first;
  const uint32_t end = a.tok.sentences[a.sentence_of[at]].last;
  // "the conflict has killed more than 2,600 people": a background noun
  // as the subject, at most two words (an auxiliary) before the verb.
  for (uint32_t k = at > first + 3 ? at - 3 : first; k < at; ++k) {
    auto it = words.find(toks[k].key);
    if (it != words.end() && it->second == 'b') return true;
  }
  for (uint32_t k = at + 1; k < end && k <= at + 4; ++k) {
    std::string_view w = a.tok.lower_word(toks[k]);
    if (w != "in" && w != "during" && w != "over" && w != "since") continue;
    for (uint32_t j = k + 1; j < end && j <= k + 3; ++j) {
      auto it = words.find(toks[j].key);
      if (it != words.end() && it->second == 'b') return true;
      if (w == "since" && j == k + 1 && toks[j].shape == analyze::Shape::kNumber) {
        std::string_view y = a.tok.lower_word(toks[j]);
        if (y.size() == 4 && (y[0] == '1' || y[0] == '2')) return true;
      }
    }
    return false;
  }
  return false;
}

std::string_view attack_priority_order[] = {
    "bombing", "hijacking", "hostage_taking", "kidnapping", "assassination", "armed_assault",
    "arson", "facility_attack", "unarmed_assault", "robbery", "other", "unknown"};

int attack_rank(std::string_view t) {
  for (size_t k = 0; k < std::size(attack_priority_order); ++k)
    if (attack_priority_order[k] == t) return static_cast<int>(k);
  return 100;
}

}  // namespace

kb::PlaceContext document_context(const Analysis& a) {
  kb::PlaceContext ctx;
  const auto& kbp = kb::PlaceKb::get();
  for (const Mention& m : a.mentions) {
    if (m.kind != MentionKind::kPlace) continue;
    if (std::string_view c = introduced_country(a, m); !c.empty()) {
      const auto& toks = a.tok.tokens;
      ctx.introduced.emplace_back(
          std::string(a.tok.lower, toks[m.first].begin, toks[m.last - 1].end - toks[m.first].begin), std::string(c));
    }
    const kb::PlaceName& pn = kbp.names()[m.id];
    if (pn.place.kind != kb::PlaceKind::kCountry || pn.how != kb::NameKind::kPrimary) continue;
    std::string iso(kbp.countries()[pn.place.index].iso2);
    if (std::find(ctx.countries.begin(), ctx.countries.end(), iso) == ctx.countries.end())
      ctx.countries.push_back(iso);
  }
  // Demonyms name their country too: a story of "Philippine troops" in
  // Marawi, or of "the Iranian city of Kerman", need not write the
  // country's name.
  for (const auto& t : a.tok.tokens) {
    if (t.shape != analyze::Shape::kWord || (!t.capitalised && a.tok.has_upper)) continue;
    std::string_view c = demonym_country(t.key);
    if (c.empty()) continue;
    std::string iso(c);
    if (std::find(ctx.countries.begin(), ctx.countries.end(), iso) == ctx.countries.end())
      ctx.countries.push_back(iso);
  }
  return ctx;
}

std::vector<Incident> find_incidents(const Analysis& a, const Document& doc, const kb::PlaceContext& ctx) {
  const kb::Lexicons& lx = kb::Lexicons::get();
  // Per sentence: its first resolved date and country, computed lazily.
  std::vector<int8_t> done(a.tok.sentences.size(), 0);
  std::vector<std::string> sdate(a.tok.sentences.size()), scountry(a.tok.sentences.size());
  std::vector<std::vector<std::string>> scountries(a.tok.sentences.size());  // every country it names
  auto facts = [&](uint32_t s) {
    if (done[s]) return;
    done[s] = 1;
    const auto& sen = a.tok.sentences[s];
    for (const auto& t : a.times)
      if (t.begin >= sen.begin && t.end <= sen.end && !t.window && !years_span(t) && !is_dateline(a.text, t) &&
          !said_when(a, t)) {
        sdate[s] = t.start;
        break;
      }
    PlacePick p = pick_place(a, ctx, [&](uint32_t t) { return t == s; }, "", s, &scountries[s]);
    if (p.m) scountry[s] = std::string(p.r.c.country);
  };

  std::vector<Incident> out;
  // Joins the anchor `m` in sentence `s` to an incident of its type that
  // its date and country do not set apart, or starts one. A country given
  // as `only_in` also pins the incident's place to that country.
  auto anchor = [&](const Mention& m, std::string_view type, uint32_t s, const std::string& only_in) {
    const std::string& country = only_in.empty() ? scountry[s] : only_in;
    Incident* into = nullptr;
    // "In a separate attack", "another bombing": a new incident, which the
    // rest of its sentence joins.
    const bool fresh = only_in.empty() && another(a, m);
    for (Incident& inc : out) {
      if (inc.event.type != type) continue;
      if (only_in.empty() && inc.place_country.empty() && inc.sentences.back() == s && inc.fresh_in == s) {
        into = &inc;
        break;
      }
      if (fresh) continue;
      bool date_ok = sdate[s].empty() || inc.date_key.empty() ||
                     sdate[s].compare(0, std::min(sdate[s].size(), inc.date_key.size()), inc.date_key, 0,
                                      std::min(sdate[s].size(), inc.date_key.size())) == 0;
      // A sentence that names the incident's country among others
      // ("struck targets in Iraq and Syria hours after the attack in
      // Ankara") may be about it.
      bool place_ok = country.empty() || inc.country.empty() || country == inc.country ||
                      (only_in.empty() && std::find(scountries[s].begin(), scountries[s].end(), inc.country) !=
                                              scountries[s].end());
      if (date_ok && place_ok) {
        into = &inc;
        break;
      }
    }
    if (!into) {
      out.emplace_back();
      into = &out.back();
      into->event.type = std::string(type);
      into->event.doc = doc.id;
      if (fresh) into->fresh_in = s;
    }
    if (into->date_key.empty()) into->date_key = sdate[s];
    if (into->country.empty()) into->country = country;
    if (!only_in.empty()) into->place_country = only_in;
    if (into->sentences.empty() || into->sentences.back() != s) into->sentences.push_back(s);
    into->triggers.push_back(m.id);
  };
  for (const Mention& m : a.mentions) {
    if (m.kind != MentionKind::kTrigger) continue;
    const kb::Trigger& t = lx.trigger(m.id);
    if (negated(a, m.first)) continue;
    // An attack that "could" happen is a threat, not an attack.
    std::string_view type = t.type == "attack" && hedged(a, m.first) ? "threat" : std::string_view(t.type);
    if (combat(a, m, t)) type = kCombatType;
    uint32_t s = a.sentence_of[m.first];
    facts(s);
    std::vector<std::string> countries = coordinated_countries(a, m, ctx);
    if (countries.size() < 2) {
      anchor(m, type, s, "");
      continue;
    }
    for (const std::string& c : countries) anchor(m, type, s, c);
  }
  return out;
}

void finish_incident(const Analysis& a, const Document& doc, const kb::PlaceContext& ctx, Incident& inc) {
  const kb::Lexicons& lx = kb::Lexicons::get();
  Event& e = inc.event;
  std::sort(inc.sentences.begin(), inc.sentences.end());
  inc.sentences.erase(std::unique(inc.sentences.begin(), inc.sentences.end()), inc.sentences.end());
  auto in_incident = [&](uint32_t s) {
    return std::binary_search(inc.sentences.begin(), inc.sentences.end(), s);
  };

  // Type and status from the anchors.
  std::map<std::string, int> types;
  std::string status;
  for (uint32_t id : inc.triggers) {
    const kb::Trigger& t = lx.trigger(id);
    if (!t.attack_type.empty()) ++types[t.attack_type];
    if (t.status == "foiled" || (t.status == "attempted" && status != "foiled") ||
        (status.empty() && !t.status.empty()))
      status = t.status;
  }
  if (e.type == "attack") {
    std::string best = "unknown";
    int best_n = 0;
    for (auto& [k, n] : types) {
      bool generic = k == "other" || k == "unknown";
      bool best_generic = best == "other" || best == "unknown";
      if ((best_generic && !generic) || (generic == best_generic && (n > best_n || (n == best_n && attack_rank(k) < attack_rank(best))))) {
        best = k;
        best_n = n;
      }
    }
    e.attack_type = best;
  }
  if (status.empty() || (e.type == "attack" && status == "planned") || (e.type == "threat" && status != "threatened"))
    status = e.type == "plot" ? "planned" : e.type == "threat" ? "threatened" : status.empty() ? "accomplished" : status;
  e.status = status;

  // Evidence: the anchor sentences.
  for (uint32_t s : inc.sentences) {
    const auto& sen = a.tok.sentences[s];
    e.evidence.push_back({sen.begin, sen.end, std::string(a.text.substr(sen.begin, sen.end - sen.begin))});
    if (e.evidence.size() >= 6) break;
  }

  // Date: the first date stated in the incident's sentences (a window for a
  // threat when one is stated); a date something was said on only when
  // there is no other.
  const analyze::TimeExpr* when = nullptr;
  const analyze::TimeExpr* said = nullptr;
  // An attack whose every sentence spans years ("countries that have been
  // hit on and off for the past decade") is background, not one attack.
  std::vector<uint8_t> spanned(inc.sentences.size(), 0);
  for (const auto& t : a.times) {
    if (is_dateline(a.text, t)) continue;
    uint32_t s = sentence_of_byte(a, t.begin);
    if (!in_incident(s)) continue;
    if (!t.window && years_span(t)) {
      spanned[std::lower_bound(inc.sentences.begin(), inc.sentences.end(), s) - inc.sentences.begin()] = 1;
      continue;
    }
    if (e.type == "threat" && t.window) {
      when = &t;
      break;
    }
    if (t.window) continue;
    if (said_when(a, t)) {
      if (!said) said = &t;
    } else if (!when) {
      when = &t;
    }
  }
  inc.background = e.type == "attack" && std::find(spanned.begin(), spanned.end(), 0) == spanned.end();
  if (!when) when = said;
  if (when) {
    e.date.start = when->start;
    e.date.end = when->end_date.empty() ? when->start : when->end_date;
    e.date.text = std::string(a.text.substr(when->begin, when->end - when->begin));
  }

  // Place: the most specific place named in the incident's sentences.
  PlacePick pick = pick_place(a, ctx, in_incident, inc.place_country, inc.sentences.front());
  const ResolvedPlace& best = pick.r;
  const Mention* best_m = pick.m;
  if (best.ok) {
    const auto& toks = a.tok.tokens;
    e.location.text = std::string(a.text.substr(toks[best_m->first].begin,
                                                toks[best_m->last - 1].end - toks[best_m->first].begin));
    // "Kenya's security agencies": the place is Kenya.
    for (std::string_view pos : {"'s", "\xE2\x80\x99s"})
      if (e.location.text.size() > pos.size() && e.location.text.ends_with(pos))
        e.location.text.resize(e.location.text.size() - pos.size());
    if (best.c.place.kind == kb::PlaceKind::kCity) e.location.city = std::string(best.c.name);
    if (best.c.place.kind == kb::PlaceKind::kAdmin1) e.location.admin1 = std::string(best.c.name);
    else e.location.admin1 = std::string(best.c.admin1);
    e.location.country = std::string(best.c.country);
    e.location.lat = best.c.lat;
    e.location.lon = best.c.lon;
    e.location.has_coordinates = best.c.has_coordinates;
  }

  // Toll: counts next to death and injury words in the incident's sentences;
  // the largest lower bound stated wins (tolls rise as a story is updated).
  const auto& words = toll_words();
  const auto& toks = a.tok.tokens;
  for (const auto& q : a.quantities) {
    if (q.fraction > 0) continue;
    auto [qf, ql] = tokens_of(a, q.begin, q.end);
    if (qf >= toks.size()) continue;
    uint32_t s = a.sentence_of[qf];
    if (!in_incident(s)) continue;
    const auto& sen = a.tok.sentences[s];
    int found = -1;
    size_t at = 0;
    for (uint32_t d = 1; d <= 5 && found < 0; ++d) {
      for (int side = 0; side < 2 && found < 0; ++side) {
        int64_t k = side == 0 ? int64_t(ql) - 1 + d : int64_t(qf) - d;
        if (k < sen.first || k >= sen.last) continue;
        if (auto it = words.find(toks[k].key); it != words.end() && (it->second == 'k' || it->second == 'i')) {
          found = it->second == 'k' ? 1 : 0;
          at = static_cast<size_t>(k);
        }
      }
    }
    // "the death toll from Tuesday's attack on a checkpoint rose to 15",
    // "the number of people killed in Friday's attack has risen to 37": a
    // rise verb and "to" before the count, a toll noun or a death or injury
    // word earlier on.
    auto kind = [&](int64_t k) {
      auto it = words.find(toks[k].key);
      return it == words.end() ? '\0' : it->second;
    };
    if (found < 0 && int64_t(qf) - 2 >= int64_t(sen.first) && a.tok.lower_word(toks[qf - 1]) == "to" &&
        kind(qf - 2) == 'r') {
      for (int64_t k = int64_t(qf) - 3; k >= int64_t(sen.first) && found < 0; --k)
        if (char c = kind(k); c == 't' || c == 'k' || c == 'i') {
          found = c == 'i' ? 0 : 1;
          at = static_cast<size_t>(k);
        }
    }
    if (found < 0 || background_toll(a, static_cast<uint32_t>(at))) continue;
    // "the priests were killed by some 30 men": a count after "by" counts
    // the killers, not the dead.
    bool agent = false;
    for (size_t k = at + 1; k < qf; ++k) agent = agent || a.tok.lower_word(toks[k]) == "by";
    if (agent) continue;
    Toll& t = found == 1 ? e.killed : e.injured;
    // "killing 13 American service members and about 170 Afghans", "six
    // Jesuit priests and two women were killed": two counts joined by "and"
    // under one death or injury word add up.
    auto joined = [&](const analyze::Quantity& x, const analyze::Quantity& y) {
      auto [xf, xl] = tokens_of(a, x.begin, x.end);
      auto [yf, yl] = tokens_of(a, y.begin, y.end);
      if (x.fraction != 0 || y.fraction != 0 || x.min < 0 || y.min < 0) return false;
      if (xf < sen.first || yl > sen.last || yf <= xl || yf - xl > 5) return false;
      if (a.tok.lower_word(toks[yf - 1]) != "and") return false;
      for (uint32_t k = xl; k + 1 < yf; ++k)
        if (toks[k].shape != analyze::Shape::kWord || words.contains(toks[k].key)) return false;
      return true;
    };
    // "killed four policemen and 12 were wounded": the first count has a
    // word of its own before it.
    auto own_word_before = [&](const analyze::Quantity& x) {
      uint32_t xf = tokens_of(a, x.begin, x.end).first;
      for (uint32_t k = xf > sen.first + 5 ? xf - 5 : sen.first; k < xf; ++k)
        if (auto it = words.find(toks[k].key); it != words.end() && (it->second == 'k' || it->second == 'i'))
          return true;
      return false;
    };
    analyze::Quantity sum = q;
    size_t sum_begin = q.begin, sum_end = q.end;
    auto add = [&](const analyze::Quantity& other) {
      sum.min = q.min + other.min;
      sum.max = q.max >= 0 && other.max >= 0 ? q.max + other.max : analyze::kOpen;
    };
    const analyze::Quantity* qs = a.quantities.data();
    const size_t qi = static_cast<size_t>(&q - qs);
    if (at < qf && qi + 1 < a.quantities.size() && joined(q, qs[qi + 1])) {
      // "... and 20 wounded", "... and wounding 20" count something else.
      uint32_t nl = tokens_of(a, qs[qi + 1].begin, qs[qi + 1].end).second;
      bool other = false;
      for (uint32_t k = nl; k < sen.last && k < nl + 4; ++k)
        if (auto it = words.find(toks[k].key); it != words.end() && it->second != 'b') other = true;
      if (!other) {
        add(qs[qi + 1]);
        sum_end = qs[qi + 1].end;
      }
    } else if (at > ql && qi > 0 && joined(qs[qi - 1], q) && !own_word_before(qs[qi - 1])) {
      add(qs[qi - 1]);
      sum_begin = qs[qi - 1].begin;
    }
    int64_t lo = sum.min >= 0 ? sum.min : sum.max;
    int64_t cur = t.min >= 0 ? t.min : t.max;
    if (!t.present() || lo > cur) {
      t.min = sum.min;
      t.max = sum.max;
      size_t b = std::min<size_t>(sum_begin, toks[at].begin), en = std::max<size_t>(sum_end, toks[at].end);
      t.text = std::string(a.text.substr(b, en - b));
    }
  }

  // Weapons get their type from the lexicon; "suicide" anywhere in the
  // incident's sentences, or a suicide weapon, marks a suicide attack.
  for (Entity& w : e.weapons) {
    for (const Mention& m : a.mentions) {
      if (m.kind != MentionKind::kWeapon) continue;
      size_t b = toks[m.first].begin, en = toks[m.last - 1].end;
      if (!w.spans.empty() && b >= w.spans[0].begin && en <= w.spans[0].end) {
        w.weapon_type = lx.weapon(m.id).type;
        if (lx.weapon(m.id).suicide) e.suicide = true;
      }
    }
  }
  // "suicide", also inside "double-suicide" or "suicide-bombing".
  for (uint32_t s : inc.sentences)
    for (uint32_t k = a.tok.sentences[s].first; k < a.tok.sentences[s].last; ++k)
      if (e.type == "attack" && a.tok.lower_word(toks[k]).find("suicide") != std::string_view::npos)
        e.suicide = true;

  // Who said so: a title followed by a capitalised name ("Gen. Erik
  // Kurilla"), with an appositive role when one follows, named in the
  // incident's sentences in full or by the last name alone ("Kurilla said"),
  // and speaking: a verb of saying at most six words after the name or
  // three before the title, or "according to" before it. In all-caps copy
  // the name ends at a verb of saying or a function word ("PRESIDENT OSCAR
  // ARIAS SANCHEZ HAS SAID").
  static const std::unordered_set<uint64_t> kNameStop = {
      analyze::word_key("has"), analyze::word_key("have"), analyze::word_key("had"), analyze::word_key("was"),
      analyze::word_key("were"), analyze::word_key("is"),   analyze::word_key("are"), analyze::word_key("who"),
      analyze::word_key("and"), analyze::word_key("also"),  analyze::word_key("that"), analyze::word_key("said")};
  auto speaking = [&](const analyze::Sentence& sen, uint32_t title_first, uint32_t name_last) {
    // Past an appositive: "Gen. Erik Kurilla, commander of U.S. Central
    // Command, told ...".
    if (name_last < sen.last && a.tok.lower_word(toks[name_last]) == ",")
      for (uint32_t k = name_last + 1; k < sen.last && k < name_last + 12; ++k)
        if (a.tok.lower_word(toks[k]) == ",") {
          name_last = k + 1;
          break;
        }
    for (uint32_t k = name_last; k < sen.last && k < name_last + 6; ++k)
      if (speech_verbs().contains(toks[k].key)) return true;
    for (uint32_t k = title_first > sen.first + 3 ? title_first - 3 : sen.first; k < title_first; ++k)
      if (speech_verbs().contains(toks[k].key)) return true;
    return title_first >= sen.first + 2 && a.tok.lower_word(toks[title_first - 1]) == "to" &&
           a.tok.lower_word(toks[title_first - 2]) == "according";
  };
  std::vector<std::pair<uint64_t, Reporter>> titled;  // last-name key -> reporter
  uint32_t covered = 0;  // "Chief Inspector Markus Lindner": "Inspector" is inside it
  for (const Mention& m : a.mentions) {
    if (m.kind != MentionKind::kTitle) continue;
    if (m.first < covered) continue;
    const auto& sen = a.tok.sentences[a.sentence_of[m.first]];
    uint32_t k = m.last;
    uint32_t title_end = m.last;  // the title's own period ("Gen.") belongs to it
    if (k < sen.last && a.text.substr(toks[k].begin, toks[k].end - toks[k].begin) == "." &&
        toks[k].begin == toks[k - 1].end)
      title_end = ++k;
    const uint32_t name_first = k;
    while (k < sen.last && toks[k].capitalised && toks[k].shape == analyze::Shape::kWord && k - m.last < 4 &&
           !speech_verbs().contains(toks[k].key) && !(toks[k].all_caps && kNameStop.contains(toks[k].key)))
      ++k;
    if (k == name_first) continue;
    covered = k;
    Reporter r;
    r.text = std::string(a.text.substr(toks[m.first].begin, toks[k - 1].end - toks[m.first].begin));
    r.role = std::string(a.text.substr(toks[m.first].begin, toks[title_end - 1].end - toks[m.first].begin));
    if (k + 1 < sen.last && a.text.substr(toks[k].begin, 1) == ",") {
      uint32_t j = k + 1, stop = std::min<uint32_t>(sen.last, k + 12);
      while (j < stop && toks[j].shape != analyze::Shape::kPunct) ++j;
      bool titled = false;
      for (const Mention& t2 : a.mentions)
        if (t2.kind == MentionKind::kTitle && t2.first == k + 1) titled = true;
      if (titled && j > k + 1)
        r.role = std::string(a.text.substr(toks[k + 1].begin, toks[j - 1].end - toks[k + 1].begin));
    }
    titled.push_back({toks[k - 1].key, r});
    if (!in_incident(a.sentence_of[m.first]) || !speaking(sen, m.first, k)) continue;
    bool dup = false;
    for (const Reporter& x : e.reported_by) dup = dup || x.text == r.text;
    if (!dup) e.reported_by.push_back(std::move(r));
  }
  if (e.type == "threat" || e.type == "claim" || e.type == "arrest" || e.type == "plot") {
    for (uint32_t s : inc.sentences)
      for (uint32_t k = a.tok.sentences[s].first; k < a.tok.sentences[s].last; ++k) {
        if (!toks[k].capitalised) continue;
        for (const auto& [key, r] : titled) {
          if (key != toks[k].key || !speaking(a.tok.sentences[s], k, k + 1)) continue;
          bool dup = false;
          for (const Reporter& x : e.reported_by) dup = dup || x.text == r.text;
          if (!dup) e.reported_by.push_back(r);
        }
      }
  }

  // Attribution: claimed when the document has a claim naming the group,
  // suspected when the text hedges, reported otherwise.
  static const std::unordered_set<uint64_t> kSuspect = {
      analyze::word_key("suspected"), analyze::word_key("believed"), analyze::word_key("blamed"),
      analyze::word_key("likely"), analyze::word_key("accused"), analyze::word_key("alleged"),
      analyze::word_key("allegedly"), analyze::word_key("suspect")};
  static const uint64_t kClaim = analyze::word_key("claimed");
  for (Entity& p : e.perpetrators) {
    if (p.kind != "organization") continue;
    p.attribution = "reported";
    if (p.spans.empty()) continue;
    uint32_t s = sentence_of_byte(a, p.spans[0].begin);
    for (uint32_t k = a.tok.sentences[s].first; k < a.tok.sentences[s].last; ++k) {
      if (toks[k].key == kClaim) p.attribution = "claimed";
      if (kSuspect.contains(toks[k].key) && p.attribution != "claimed") p.attribution = "suspected";
    }
  }

  int facts = e.date.present() + e.location.present() + e.killed.present() + e.injured.present() +
              !e.perpetrators.empty() + !e.victims.empty() + !e.targets.empty();
  e.confidence = std::min(0.95, 0.35 + 0.1 * facts + 0.05 * std::min<size_t>(inc.sentences.size(), 4));
  // Incidents split by country share their first sentence; the country
  // keeps their ids apart.
  e.id = fmt::format("ev-{}", hash_hex(fmt::format("{}\x1f{}\x1f{}{}{}", doc.id, e.type,
                                                   e.evidence.empty() ? 0 : e.evidence[0].begin,
                                                   inc.place_country.empty() ? "" : "\x1f", inc.place_country))
                                      .substr(0, 16));
}

}  // namespace sitrep::extract

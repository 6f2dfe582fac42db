// Extract: analysis + the role tagger + the lexicons -> events.
//
// 1. analyze() finds tokens, sentences, counts, dates and KB mentions.
// 2. The role tagger labels perpetrator, target, victim and weapon spans.
// 3. Trigger mentions anchor events; anchors of one type merge into one
//    incident unless their sentence dates it or places it differently
//    (so a story's "the attack" five times is one event, while the earlier
//    attack it recalls is another).
// 4. Role spans join the nearest attack, plot or threat event; the same
//    words (or names the group KB resolves to one group) form one entity.
// 5. Date, place, toll, suicide and who reported it come from the event's
//    own sentences (see incident.cc).
#include "sitrep/extract.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyze/analysis.h"
#include "core/text.h"
#include "eval/muc4.h"
#include "extract/features.h"
#include "extract/incident.h"
#include "extract/tagger.h"
#include "kb/groups.h"
#include "kb/lexicon.h"
#include "kb/matcher.h"

namespace sitrep::extract {
namespace {

bool is_incident_type(std::string_view t) { return t == "attack" || t == "plot" || t == "threat"; }

// The words of a mention with a plural "s" dropped, for comparing mentions.
std::vector<std::string> stems(std::string_view normalized) {
  std::vector<std::string> out;
  for (std::string_view w : split(normalized, ' ')) {
    if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.remove_suffix(1);
    out.emplace_back(w);
  }
  return out;
}

// True iff every word of `a` occurs in `b` (as stems).
bool words_within(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& w : a)
    if (std::find(b.begin(), b.end(), w) == b.end()) return false;
  return true;
}

// True iff `text` is, folded, the group's name or one of its aliases as
// listed: merging "FMLN" with "Farabundo Marti National Liberation Front" is
// safe, merging a described form ("castroite ELN") is not.
bool is_listed_name(const kb::Group& g, std::string_view text) {
  std::string key = kb::fold_key(text);
  if (kb::fold_key(g.name) == key) return true;
  for (const auto& al : g.aliases)
    if (kb::fold_key(al) == key) return true;
  return false;
}

// True iff the text at byte `at` is "(<name>)", spaces allowed: a name's
// abbreviation given after it ("administrative department of security
// (das)").
bool bracketed_at(std::string_view text, size_t at, std::string_view name) {
  while (at < text.size() && text[at] == ' ') ++at;
  if (at >= text.size() || text[at] != '(') return false;
  ++at;
  while (at < text.size() && text[at] == ' ') ++at;
  if (text.substr(at, name.size()) != name) return false;
  at += name.size();
  while (at < text.size() && text[at] == ' ') ++at;
  return at < text.size() && text[at] == ')';
}

// Adds a tagged span to the entities of its role. One text is one entity; a
// name the group KB lists for the same group as an earlier entity becomes a
// further mention of it; a span whose words all occur in an earlier entity
// of the role ("guerrillas" after "guerrilla column") is taken as the same
// entity and adds nothing.
// Returns the index of the entity in `list` the span joined or created, or
// -1 when the span has no text.
int add_entity(std::vector<Entity>& list, const analyze::Analysis& a, const TaggedSpan& s, int role) {
  const auto& toks = a.tok.tokens;
  size_t b = toks[s.first].begin, e = toks[s.last - 1].end;
  // Neither a reflexive after a name ("Delgado himself") nor a possessive
  // ending ("Jaramillo Ossa's") is part of it.
  static const uint64_t kHimself = analyze::word_key("himself"), kHerself = analyze::word_key("herself");
  if (s.last - s.first > 1 && (toks[s.last - 1].key == kHimself || toks[s.last - 1].key == kHerself))
    e = toks[s.last - 2].end;
  for (std::string_view poss : {"'s", "\xE2\x80\x99s"})
    if (e - b > poss.size() + 1 && a.text.substr(e - poss.size(), poss.size()) == poss) e -= poss.size();
  // A count just before a person filler belongs to it: "two paid
  // assassins" (targets are named without their count: "buses").
  if (role == kPerpInd || role == kVictim)
    for (const analyze::Quantity& q : a.quantities) {
      if (q.end > b) break;
      if (q.fraction == 0 && a.text.substr(q.end, b - q.end).find_first_not_of(' ') == std::string_view::npos &&
          q.end + 2 >= b && q.end < b)
        b = q.begin;
    }
  std::string text(a.text.substr(b, e - b));
  std::string key = eval::normalize_mention(text);
  if (key.empty()) return -1;
  const kb::Group* group = role == kPerpOrg ? kb::GroupKb::get().lookup(text) : nullptr;
  std::vector<std::string> st = stems(key);
  for (size_t xi = 0; xi < list.size(); ++xi) {
    Entity& x = list[xi];
    std::string xkey = eval::normalize_mention(x.text);
    bool same = xkey == key;
    for (const std::string& m : x.mentions) same = same || eval::normalize_mention(m) == key;
    // A place or person and the abbreviation bracketed after its name are
    // one entity (groups' abbreviations are the knowledge base's).
    if (role != kPerpOrg) {
      for (const Span& sp : x.spans) same = same || bracketed_at(a.text, sp.end, text);
      same = same || bracketed_at(a.text, e, x.text);
    }
    if (!same && group && x.entity == group->name) {
      if (is_listed_name(*group, text) && is_listed_name(*group, x.mentions.front())) {
        x.mentions.push_back(text);
        x.spans.push_back({b, e});
        if (text.size() > x.text.size()) x.text = text;
      }
      same = true;
    }
    if (!same && role != kPerpOrg) {
      std::vector<std::string> xst = stems(xkey);
      if (words_within(xst, st) && st.size() > xst.size()) {
        // The fuller form names it best: "Carlos Pizarro" over "Pizarro".
        x.text = text;
        x.mentions = {text};
        x.spans = {{b, e}};
        same = true;
      } else {
        same = words_within(st, xst);
      }
    }
    if (same) {
      x.score = std::max(x.score, static_cast<double>(s.score));
      return static_cast<int>(xi);
    }
  }
  Entity x;
  x.text = text;
  x.mentions.push_back(text);
  x.spans.push_back({b, e});
  if (group) x.entity = group->name;
  x.score = s.score;
  if (role == kPerpInd) x.kind = "individual";
  if (role == kPerpOrg) x.kind = "organization";
  list.push_back(std::move(x));
  return static_cast<int>(list.size() - 1);
}

// Targets joined by "and" are separate targets ("the vicas store and the
// central reserve bank", "stores and electric towers"), as the templates
// list them, unless the words before "and" only modify a shared head
// ("agriculture and livestock ministry", "residence and office of ..."):
// a span is split when the conjunct before "and" is two or more words or
// a plural, or the one after it starts with a determiner or a count. A
// list ("a, b, and other areas") splits at its commas too.
void split_coordinated_targets(const analyze::Analysis& a, std::vector<TaggedSpan>& spans) {
  static const uint64_t kAnd = analyze::word_key("and"), kComma = analyze::word_key(",");
  static const std::array<uint64_t, 11> kOpeners = {
      analyze::word_key("the"),     analyze::word_key("a"),     analyze::word_key("an"),
      analyze::word_key("another"), analyze::word_key("other"), analyze::word_key("several"),
      analyze::word_key("some"),    analyze::word_key("his"),   analyze::word_key("its"),
      analyze::word_key("their"),   analyze::word_key("two")};
  const auto& toks = a.tok.tokens;
  std::vector<TaggedSpan> out;
  for (const TaggedSpan& s : spans) {
    uint32_t at = s.last;
    if (s.role == kTarget)
      for (uint32_t k = s.first + 1; k + 1 < s.last; ++k)
        if (toks[k].key == kAnd) {
          at = k;
          break;
        }
    if (at == s.last) {
      out.push_back(s);
      continue;
    }
    uint32_t left_end = toks[at - 1].key == kComma ? at - 1 : at;
    uint32_t left_begin = left_end;
    while (left_begin > s.first && toks[left_begin - 1].key != kComma) --left_begin;
    std::string_view last_left = a.tok.lower_word(toks[left_end - 1]);
    bool plural = last_left.size() > 3 && last_left.back() == 's' && !last_left.ends_with("ss");
    uint64_t opener = toks[at + 1].key;
    bool split = left_end - left_begin >= 2 || plural || toks[at + 1].shape == analyze::Shape::kNumber ||
                 std::find(kOpeners.begin(), kOpeners.end(), opener) != kOpeners.end();
    if (!split || left_end == s.first) {
      out.push_back(s);
      continue;
    }
    uint32_t b = s.first;
    for (uint32_t k = s.first; k <= left_end; ++k)
      if (k == left_end || toks[k].key == kComma) {
        if (k > b) out.push_back({s.role, b, k, s.score});
        b = k + 1;
      }
    out.push_back({s.role, at + 1, s.last, s.score});
  }
  spans = std::move(out);
}

// A group mention that is one lower-case word the knowledge base does not
// write in capitals ("base" for al-Qaeda's "the Base", "martyrs"): in
// running text that is a common noun, not a name ("fmln" is FMLN).
bool plain_word(const analyze::Analysis& a, const analyze::Mention& m, const kb::Group& g) {
  if (m.last != m.first + 1) return false;
  const analyze::Token& t = a.tok.tokens[m.first];
  std::string_view w = a.text.substr(t.begin, t.end - t.begin);
  for (char c : w)
    if (c >= 'A' && c <= 'Z') return false;
  std::string key = kb::fold_key(w);
  auto capitals = [&](std::string_view name) {
    if (kb::fold_key(name) != key) return false;
    for (char c : name)
      if (c >= 'a' && c <= 'z') return false;
    return true;
  };
  if (capitals(g.name)) return false;
  for (const std::string& al : g.aliases)
    if (capitals(al)) return false;
  return true;
}

// A group named as something other than the actor: the target ("an attack
// on the Taliban", "strikes against Islamic State"), or as the side of a
// person or unit named with it ("Revolutionary Guards commander Qassem
// Soleimani", "the Guards' overseas Quds Force"). The knowledge base's
// groups fill in perpetrators only when named otherwise.
bool not_the_actor(const analyze::Analysis& a, const analyze::Mention& m) {
  const auto& toks = a.tok.tokens;
  const auto& sen = a.tok.sentences[a.sentence_of[m.first]];
  for (uint32_t k = m.first, steps = 0; k > sen.first && steps < 2; ++steps) {
    std::string_view w = a.tok.lower_word(toks[--k]);
    if (w == "on" || w == "against" || w == "targeting" || w == "targeted") return true;
    if (w != "the") break;
  }
  if (m.last < sen.last) {
    std::string_view next = a.text.substr(toks[m.last].begin, toks[m.last].end - toks[m.last].begin);
    if (next == "'" || next == "'s" || next == "\xE2\x80\x99" || next == "\xE2\x80\x99s") return true;
    const std::string_view last = a.text.substr(toks[m.last - 1].begin, toks[m.last - 1].end - toks[m.last - 1].begin);
    if (last.ends_with("'s") || last.ends_with("\xE2\x80\x99s") || last.ends_with("s'")) return true;
    for (const analyze::Mention& t : a.mentions)
      if (t.kind == analyze::MentionKind::kTitle && t.first == m.last) return true;
  }
  return false;
}

// Background analysis ("groups that carry out attacks seek attention")
// names no incident: an event is kept when it states something specific.
bool reportable(const Event& e) {
  bool roles = !e.perpetrators.empty() || !e.victims.empty() || !e.targets.empty();
  if (e.type == "claim") return !e.perpetrators.empty();
  if (e.type == "threat") return !e.perpetrators.empty() || !e.reported_by.empty();
  return roles || e.date.present() || e.location.present() || e.killed.present() || e.injured.present();
}

// A group that claimed responsibility in the document claimed the attacks it
// is named in.
void attribute_claims(std::vector<Event>& events) {
  std::vector<std::string> claimed;
  for (const Event& e : events)
    if (e.type == "claim")
      for (const Entity& p : e.perpetrators)
        if (!p.entity.empty()) claimed.push_back(p.entity);
  for (Event& e : events) {
    if (e.type != "attack") continue;
    for (Entity& p : e.perpetrators)
      if (!p.entity.empty() && std::find(claimed.begin(), claimed.end(), p.entity) != claimed.end())
        p.attribution = "claimed";
  }
}

}  // namespace

std::vector<Event> extract(const Document& doc) {
  analyze::Analysis a = analyze::analyze(doc.body, doc.published);
  const RoleModel& model = RoleModel::get();
  FeatureContext ctx(a, model.common_words(), &model.clusters());
  std::vector<TaggedSpan> spans = model.tag(ctx);
  split_coordinated_targets(a, spans);
  const kb::PlaceContext places = document_context(a);
  std::vector<Incident> incidents = find_incidents(a, doc, places);

  // Role spans join the nearest incident of an incident type (attack, plot,
  // threat) or of armed clashes, earlier on ties, an incident type over
  // clashes; with none, the nearest of any type.
  auto nearest = [&](uint32_t sentence) -> Incident* {
    Incident* best = nullptr;
    long best_d = 0;
    for (int pass = 0; pass < 2 && !best; ++pass)
      for (Incident& inc : incidents) {
        const bool combat = inc.event.type == kCombatType;
        if (pass == 0 && !is_incident_type(inc.event.type) && !combat) continue;
        for (uint32_t s : inc.sentences) {
          long d = std::labs(static_cast<long>(s) - static_cast<long>(sentence)) * 2 + (s > sentence);
          if (!best || d < best_d || (d == best_d && !combat && best->event.type == kCombatType)) {
            best = &inc;
            best_d = d;
          }
        }
      }
    return best;
  };
  // Entities are resolved over the whole document first ("Pizarro" in one
  // paragraph is "Carlos Pizarro" of another), then each joins the
  // incidents its spans are nearest to.
  std::array<std::vector<Entity>, kRoles> doc_entities;
  std::vector<int> entity_of(spans.size(), -1);
  for (size_t k = 0; k < spans.size(); ++k)
    entity_of[k] = add_entity(doc_entities[spans[k].role], a, spans[k], spans[k].role);
  std::vector<std::array<std::vector<int>, kRoles>> joined(incidents.size());
  for (size_t k = 0; k < spans.size(); ++k) {
    const TaggedSpan& s = spans[k];
    if (entity_of[k] < 0) continue;
    Incident* inc = nearest(a.sentence_of[s.first]);
    if (!inc) continue;
    // A role named in a sentence of armed clashes that is not one of the
    // incident's own ("Meanwhile, FMLN guerrillas clashed with army troops")
    // belongs to the fighting, not to an attack reported elsewhere.
    const uint32_t sen = a.sentence_of[s.first];
    if (clash_sentence(a, sen) && !std::binary_search(inc->sentences.begin(), inc->sentences.end(), sen)) continue;
    auto& seen = joined[inc - incidents.data()][s.role];
    if (std::find(seen.begin(), seen.end(), entity_of[k]) != seen.end()) continue;
    seen.push_back(entity_of[k]);
    Event& e = inc->event;
    const Entity& x = doc_entities[s.role][entity_of[k]];
    switch (s.role) {
      case kPerpInd:
      case kPerpOrg: e.perpetrators.push_back(x); break;
      case kTarget: e.targets.push_back(x); break;
      case kVictim: e.victims.push_back(x); break;
      case kWeaponRole: e.weapons.push_back(x); break;
    }
  }
  // Groups the knowledge base finds in an incident's own sentences are its
  // perpetrators too (the tagger learnt from 1989 wire copy; the KB knows
  // today's names).
  const kb::GroupKb& groups = kb::GroupKb::get();
  static const uint64_t kThe = analyze::word_key("the"), kGroupWord = analyze::word_key("group"),
                        kOrgWord = analyze::word_key("organization"), kAnd = analyze::word_key("and");
  for (Incident& inc : incidents) {
    auto has_org = [&] {
      for (const Entity& p : inc.event.perpetrators)
        if (p.kind == "organization") return true;
      return false;
    };
    if (has_org()) continue;
    // "the group" / "the organization" in an incident's sentence means the
    // group named last before it.
    for (uint32_t s : inc.sentences) {
      const auto& sen = a.tok.sentences[s];
      for (uint32_t k = sen.first; k + 1 < sen.last; ++k) {
        if (a.tok.tokens[k].key != kThe) continue;
        uint64_t next = a.tok.tokens[k + 1].key;
        if (next != kGroupWord && next != kOrgWord) continue;
        const analyze::Mention* last = nullptr;
        for (const analyze::Mention& m : a.mentions)
          if (m.kind == analyze::MentionKind::kGroup && m.last <= k &&
              groups.groups()[m.id].kind != "state_force" && !plain_word(a, m, groups.groups()[m.id]))
            last = &m;
        if (last) {
          TaggedSpan span{kPerpOrg, last->first, last->last, 0.f};
          add_entity(inc.event.perpetrators, a, span, kPerpOrg);
        }
        break;
      }
    }
    // The groups the KB finds in sentences `in`, as perpetrators; true
    // when one was added.
    auto add_groups = [&](auto in) {
      bool added = false;
      for (const analyze::Mention& m : a.mentions) {
        if (m.kind != analyze::MentionKind::kGroup || !in(a.sentence_of[m.first])) continue;
        const kb::Group& g = groups.groups()[m.id];
        if (g.kind == "state_force" || plain_word(a, m, g) || not_the_actor(a, m)) continue;
        bool have = false;
        for (const Entity& p : inc.event.perpetrators) have = have || p.entity == g.name;
        if (have) continue;
        TaggedSpan span{kPerpOrg, m.first, m.last, 0.f};
        add_entity(inc.event.perpetrators, a, span, kPerpOrg);
        added = true;
      }
      return added;
    };
    if (add_groups([&](uint32_t s) { return std::binary_search(inc.sentences.begin(), inc.sentences.end(), s); }))
      continue;
    // A sentence that opens with "And" goes on with the one before ("ISIS
    // has also stepped up bombings across the Middle East ... And a
    // double-suicide bombing in Beirut on Thursday killed 43 people"): with
    // no group of its own, the groups of that sentence are the attack's.
    const uint32_t first = inc.sentences.front();
    const auto& sen = a.tok.sentences[first];
    if (!has_org() && first > 0 && sen.last > sen.first && a.tok.tokens[sen.first].key == kAnd)
      add_groups([&](uint32_t s) { return s + 1 == first; });
  }
  std::vector<Event> out;
  for (Incident& inc : incidents) {
    finish_incident(a, doc, places, inc);
    // Armed clashes are not terrorist incidents: their roles go with them.
    if (inc.event.type == kCombatType || inc.background || !reportable(inc.event)) continue;
    out.push_back(std::move(inc.event));
  }
  attribute_claims(out);
  return out;
}

namespace {

nlohmann::ordered_json str_or_null(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json entities(const std::vector<Entity>& list, bool perpetrators, bool weapons) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Entity& x : list) {
    nlohmann::ordered_json j;
    j["text"] = x.text;
    if (perpetrators) {
      j["kind"] = x.kind;
      j["entity"] = str_or_null(x.entity);
    }
    if (weapons) j["type"] = x.weapon_type.empty() ? "other" : x.weapon_type;
    j["mentions"] = x.mentions;
    if (perpetrators) j["attribution"] = str_or_null(x.attribution);
    arr.push_back(std::move(j));
  }
  return arr;
}

nlohmann::ordered_json toll(const Toll& t) {
  if (!t.present()) return nullptr;
  nlohmann::ordered_json j;
  j["min"] = t.min >= 0 ? nlohmann::ordered_json(t.min) : nlohmann::ordered_json(nullptr);
  j["max"] = t.max >= 0 ? nlohmann::ordered_json(t.max) : nlohmann::ordered_json(nullptr);
  j["text"] = t.text;
  return j;
}

}  // namespace

std::string to_json(const Event& e) {
  nlohmann::ordered_json j;
  j["id"] = e.id;
  j["doc"] = e.doc;
  j["type"] = e.type;
  j["attack_type"] = str_or_null(e.attack_type);
  j["status"] = e.status;
  if (e.date.present())
    j["date"] = {{"start", e.date.start}, {"end", e.date.end.empty() ? e.date.start : e.date.end},
                 {"text", e.date.text}};
  else
    j["date"] = nullptr;
  if (e.location.present()) {
    nlohmann::ordered_json l;
    l["text"] = e.location.text;
    l["city"] = str_or_null(e.location.city);
    l["admin1"] = str_or_null(e.location.admin1);
    l["country"] = str_or_null(e.location.country);
    l["lat"] = e.location.has_coordinates ? nlohmann::ordered_json(std::round(e.location.lat * 1e4) / 1e4)
                                          : nlohmann::ordered_json(nullptr);
    l["lon"] = e.location.has_coordinates ? nlohmann::ordered_json(std::round(e.location.lon * 1e4) / 1e4)
                                          : nlohmann::ordered_json(nullptr);
    j["location"] = l;
  } else {
    j["location"] = nullptr;
  }
  j["perpetrators"] = entities(e.perpetrators, true, false);
  j["victims"] = entities(e.victims, false, false);
  j["targets"] = entities(e.targets, false, false);
  j["weapons"] = entities(e.weapons, false, true);
  j["killed"] = toll(e.killed);
  j["injured"] = toll(e.injured);
  j["suicide"] = e.suicide;
  nlohmann::ordered_json rep = nlohmann::ordered_json::array();
  for (const Reporter& r : e.reported_by) rep.push_back({{"text", r.text}, {"role", str_or_null(r.role)}});
  j["reported_by"] = rep;
  nlohmann::ordered_json ev = nlohmann::ordered_json::array();
  for (const Evidence& x : e.evidence)
    ev.push_back({{"doc", e.doc}, {"start", x.begin}, {"end", x.end}, {"text", x.text}});
  j["evidence"] = ev;
  j["confidence"] = std::round(e.confidence * 100) / 100;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace sitrep::extract

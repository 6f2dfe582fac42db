// The lexicons extraction consults, as data (data/kb/*.tsv), each compiled
// into a PhraseMatcher over folded tokens:
//   - event triggers (data/kb/triggers.tsv): words and phrases that report an
//     event, with the event type (attack, plot, arrest, threat, claim,
//     strike), the attack type for attacks (SPEC section 3), and the status
//     the phrase implies (accomplished, attempted, foiled, planned,
//     threatened) where it implies one. Inflected forms are listed.
//   - weapons (data/kb/weapons.tsv): weapon words mapped to the SPEC weapon
//     types (explosives, firearms, incendiary, chemical, vehicle, melee,
//     other), with whether the phrase implies a suicide attack.
//   - titles (data/kb/titles.tsv): titles and roles of officials ("Gen.",
//     "Lt. Gen.", "Col.", "President", "Interior Minister", "spokesman",
//     "police chief", "prosecutor") with a kind (military, police,
//     government, judiciary, religious, other).
//
//   const Lexicons& lx = Lexicons::get();
//   for (const Match& m : lx.triggers().find_all(text)) {
//     const Trigger& t = lx.trigger(m.id); ...
//   }
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kb/matcher.h"

namespace sitrep::kb {

struct Trigger {
  std::string phrase;
  std::string type;         // attack | plot | arrest | threat | claim | strike
  std::string attack_type;  // for attacks: bombing | armed_assault | ... ; "" otherwise
  std::string status;       // accomplished | attempted | foiled | planned | threatened | ""
};

struct Weapon {
  std::string phrase;
  std::string type;  // explosives | firearms | incendiary | chemical | vehicle | melee | other
  bool suicide = false;
};

struct Title {
  std::string phrase;
  std::string kind;  // military | police | government | judiciary | religious | other
};

class Lexicons {
 public:
  // Built once from the embedded tables, thread-safe; a malformed table is a
  // build defect and aborts naming the file and line.
  static const Lexicons& get();

  const PhraseMatcher& triggers() const { return trigger_matcher_; }
  const PhraseMatcher& weapons() const { return weapon_matcher_; }
  const PhraseMatcher& titles() const { return title_matcher_; }
  // The row a Match id refers to.
  const Trigger& trigger(uint32_t id) const { return triggers_[id]; }
  const Weapon& weapon(uint32_t id) const { return weapons_[id]; }
  const Title& title(uint32_t id) const { return titles_[id]; }
  size_t trigger_count() const { return triggers_.size(); }
  size_t weapon_count() const { return weapons_.size(); }
  size_t title_count() const { return titles_.size(); }

 private:
  Lexicons();
  std::vector<Trigger> triggers_;
  std::vector<Weapon> weapons_;
  std::vector<Title> titles_;
  PhraseMatcher trigger_matcher_, weapon_matcher_, title_matcher_;
};

}  // namespace sitrep::kb

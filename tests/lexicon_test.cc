// The lexicons (kb/lexicon.h): every table loads, every row is found by its
// own matcher, the rows mean what extraction relies on, and no phrase is
// listed twice with different meanings.
#include "kb/lexicon.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace sitrep::kb {
namespace {

const Lexicons& lx() { return Lexicons::get(); }

// The rows a whole-text match of `text` gives: every id whose match covers
// all of `text`'s tokens.
std::vector<uint32_t> whole(const PhraseMatcher& m, std::string_view text) {
  size_t tokens = fold_tokens(text).size();
  std::vector<uint32_t> ids;
  for (const Match& x : m.find_all(text)) {
    if (x.first_token == 0 && x.last_token + 1 == tokens) ids.push_back(x.id);
  }
  return ids;
}

// The single row `text` names in full; fails the test when none or several.
const Trigger* trigger(std::string_view text) {
  auto ids = whole(lx().triggers(), text);
  EXPECT_EQ(ids.size(), 1u) << "triggers for \"" << text << "\"";
  return ids.size() == 1 ? &lx().trigger(ids[0]) : nullptr;
}
const Weapon* weapon(std::string_view text) {
  auto ids = whole(lx().weapons(), text);
  EXPECT_EQ(ids.size(), 1u) << "weapons for \"" << text << "\"";
  return ids.size() == 1 ? &lx().weapon(ids[0]) : nullptr;
}
const Title* title(std::string_view text) {
  auto ids = whole(lx().titles(), text);
  EXPECT_EQ(ids.size(), 1u) << "titles for \"" << text << "\"";
  return ids.size() == 1 ? &lx().title(ids[0]) : nullptr;
}

TEST(Lexicon, TablesLoad) {
  EXPECT_GT(lx().trigger_count(), 150u);
  EXPECT_GT(lx().weapon_count(), 100u);
  EXPECT_GT(lx().title_count(), 80u);
  EXPECT_EQ(lx().triggers().size(), lx().trigger_count());
  EXPECT_EQ(lx().weapons().size(), lx().weapon_count());
  EXPECT_EQ(lx().titles().size(), lx().title_count());
  EXPECT_TRUE(lx().triggers().compiled());
  EXPECT_TRUE(lx().weapons().compiled());
  EXPECT_TRUE(lx().titles().compiled());
  EXPECT_EQ(&Lexicons::get(), &Lexicons::get());  // built once
}

// Each row's phrase, searched as a text, is found whole, under its own id and
// in exact case.
template <typename Row>
void expect_self_match(const PhraseMatcher& m, const std::vector<const Row*>& rows,
                       const char* table) {
  for (uint32_t id = 0; id < rows.size(); ++id) {
    const std::string& p = rows[id]->phrase;
    size_t tokens = fold_tokens(p).size();
    bool found = false;
    for (const Match& x : m.find_all(p)) {
      if (x.id == id && x.first_token == 0 && x.last_token + 1 == tokens && x.exact_case)
        found = true;
    }
    EXPECT_TRUE(found) << table << " row " << id << " \"" << p << "\" does not match itself";
  }
}

TEST(Lexicon, EveryRowMatchesItself) {
  std::vector<const Trigger*> t;
  for (uint32_t i = 0; i < lx().trigger_count(); ++i) t.push_back(&lx().trigger(i));
  std::vector<const Weapon*> w;
  for (uint32_t i = 0; i < lx().weapon_count(); ++i) w.push_back(&lx().weapon(i));
  std::vector<const Title*> ti;
  for (uint32_t i = 0; i < lx().title_count(); ++i) ti.push_back(&lx().title(i));
  expect_self_match(lx().triggers(), t, "triggers");
  expect_self_match(lx().weapons(), w, "weapons");
  expect_self_match(lx().titles(), ti, "titles");
}

TEST(Lexicon, NoPhraseIsListedTwice) {
  // The loader refuses duplicates; this says so from the outside, by folded
  // key, which is what the matcher sees.
  std::map<std::string, uint32_t> seen;
  for (uint32_t i = 0; i < lx().trigger_count(); ++i) {
    auto [it, fresh] = seen.emplace(fold_key(lx().trigger(i).phrase), i);
    EXPECT_TRUE(fresh) << "trigger \"" << lx().trigger(i).phrase << "\" also row " << it->second;
  }
  seen.clear();
  for (uint32_t i = 0; i < lx().weapon_count(); ++i) {
    auto [it, fresh] = seen.emplace(fold_key(lx().weapon(i).phrase), i);
    EXPECT_TRUE(fresh) << "weapon \"" << lx().weapon(i).phrase << "\" also row " << it->second;
  }
  seen.clear();
  for (uint32_t i = 0; i < lx().title_count(); ++i) {
    auto [it, fresh] = seen.emplace(fold_key(lx().title(i).phrase), i);
    EXPECT_TRUE(fresh) << "title \"" << lx().title(i).phrase << "\" also row " << it->second;
  }
}

TEST(Lexicon, RowsAreWellFormed) {
  const std::set<std::string> types = {"attack", "plot", "arrest", "threat", "claim", "strike"};
  const std::set<std::string> attack_types = {
      "bombing", "armed_assault",   "assassination",   "kidnapping", "hostage_taking", "hijacking",
      "arson",   "facility_attack", "unarmed_assault", "robbery",    "other",          "unknown"};
  const std::set<std::string> statuses = {"",       "accomplished", "attempted",
                                          "foiled", "planned",      "threatened"};
  for (uint32_t i = 0; i < lx().trigger_count(); ++i) {
    const Trigger& t = lx().trigger(i);
    EXPECT_TRUE(types.count(t.type)) << t.phrase;
    if (t.type == "attack") {
      EXPECT_TRUE(attack_types.count(t.attack_type)) << t.phrase;
    } else {
      EXPECT_EQ(t.attack_type, "") << t.phrase;
    }
    EXPECT_TRUE(statuses.count(t.status)) << t.phrase;
  }
  const std::set<std::string> weapon_types = {"explosives", "firearms", "incendiary", "chemical",
                                              "vehicle",    "melee",    "other"};
  for (uint32_t i = 0; i < lx().weapon_count(); ++i)
    EXPECT_TRUE(weapon_types.count(lx().weapon(i).type)) << lx().weapon(i).phrase;
  const std::set<std::string> kinds = {"military",  "police",    "government",
                                       "judiciary", "religious", "other"};
  for (uint32_t i = 0; i < lx().title_count(); ++i)
    EXPECT_TRUE(kinds.count(lx().title(i).kind)) << lx().title(i).phrase;
}

TEST(LexiconTriggers, EventTypes) {
  struct Case {
    const char* text;
    const char* type;
    const char* attack_type;
    const char* status;
  };
  for (const Case& c : std::vector<Case>{
           {"claimed responsibility", "claim", "", ""},
           {"took responsibility", "claim", "", ""},
           {"car bomb", "attack", "bombing", ""},
           {"Car-Bomb", "attack", "bombing", ""},
           {"IED", "attack", "bombing", ""},
           {"exploded", "attack", "bombing", "accomplished"},
           {"dynamited", "attack", "bombing", "accomplished"},
           {"gunmen opened fire", "attack", "armed_assault", "accomplished"},
           {"machinegunned", "attack", "armed_assault", "accomplished"},
           {"machine-gunned", "attack", "armed_assault", "accomplished"},
           {"stabbed", "attack", "armed_assault", "accomplished"},
           {"assassinated", "attack", "assassination", "accomplished"},
           {"attempt on his life", "attack", "assassination", "attempted"},
           {"kidnapped", "attack", "kidnapping", "accomplished"},
           {"held hostage", "attack", "hostage_taking", "accomplished"},
           {"hijacked", "attack", "hijacking", "accomplished"},
           {"torched", "attack", "arson", "accomplished"},
           {"sabotage", "attack", "facility_attack", ""},
           {"killed", "attack", "unknown", "accomplished"},
           {"murder", "attack", "unknown", ""},
           {"defused", "attack", "bombing", "attempted"},
           {"foiled", "plot", "", "foiled"},
           {"thwarted", "plot", "", "foiled"},
           {"plotted", "plot", "", "planned"},
           {"conspiracy", "plot", "", "planned"},
           {"arrested", "arrest", "", ""},
           {"captured", "arrest", "", ""},
           {"warned", "threat", "", "threatened"},
           {"vowed to attack", "threat", "", "threatened"},
           {"airstrike", "strike", "", ""},
           {"air strikes", "strike", "", ""},
           {"drone strike", "strike", "", ""},
           {"shelling", "strike", "", ""},
           {"warplanes bombed", "strike", "", ""},
       }) {
    const Trigger* t = trigger(c.text);
    if (!t) continue;
    EXPECT_EQ(t->type, c.type) << c.text;
    EXPECT_EQ(t->attack_type, c.attack_type) << c.text;
    EXPECT_EQ(t->status, c.status) << c.text;
  }
}

TEST(LexiconTriggers, ArmedClashesAreNotTriggers) {
  // MUC-4 counts army-guerrilla combat as military action, not terrorism.
  for (const char* w : {"clash", "clashes", "fighting", "combat", "skirmish"})
    EXPECT_TRUE(lx().triggers().find_all(w).empty()) << w;
}

TEST(LexiconTriggers, FoundInRunningText) {
  std::string text =
      "Gunmen opened fire on a bus and a car bomb exploded; ISIS claimed responsibility.";
  std::set<std::string> found;
  for (const Match& m : lx().triggers().find_longest(text))
    found.insert(std::string(text.substr(m.begin, m.end - m.begin)));
  EXPECT_EQ(found, (std::set<std::string>{"Gunmen opened fire", "car bomb", "exploded",
                                          "claimed responsibility"}));
}

TEST(LexiconWeapons, Types) {
  struct Case {
    const char* text;
    const char* type;
    bool suicide;
  };
  for (const Case& c : std::vector<Case>{
           {"car bomb", "explosives", false},
           {"suicide vest", "explosives", true},
           {"explosive belt", "explosives", true},
           {"IED", "explosives", false},
           {"dynamite", "explosives", false},
           {"grenade", "explosives", false},
           {"RPG-7", "explosives", false},
           {"TNT", "explosives", false},
           {"Molotov cocktail", "incendiary", false},
           {"gasoline", "incendiary", false},
           {"AK-47", "firearms", false},
           {"M-16 rifles", "firearms", false},
           {"machinegun", "firearms", false},
           {"machine gun", "firearms", false},
           {"pistol", "firearms", false},
           {"knife", "melee", false},
           {"machete", "melee", false},
           {"sarin", "chemical", false},
           {"vehicle ramming", "vehicle", false},
       }) {
    const Weapon* w = weapon(c.text);
    if (!w) continue;
    EXPECT_EQ(w->type, c.type) << c.text;
    EXPECT_EQ(w->suicide, c.suicide) << c.text;
  }
  // A vehicle alone is not a weapon (see weapons.tsv).
  EXPECT_TRUE(lx().weapons().find_all("truck").empty());
}

TEST(LexiconTitles, Kinds) {
  struct Case {
    const char* text;
    const char* kind;
  };
  for (const Case& c : std::vector<Case>{
           {"Lt. Gen.", "military"},
           {"Gen.", "military"},
           {"colonel", "military"},
           {"Interior Minister", "government"},
           {"Vice Minister", "government"},
           {"President", "government"},
           {"police chief", "police"},
           {"director of the national police", "police"},
           {"prosecutor", "judiciary"},
           {"Attorney General", "judiciary"},
           {"archbishop", "religious"},
           {"Msgr.", "religious"},
           {"spokesman", "other"},
       }) {
    const Title* t = title(c.text);
    if (t) {
      EXPECT_EQ(t->kind, c.kind) << c.text;
    }
  }
  // The longest match gives the whole title.
  std::string text = "Lt. Gen. Juan Ponce and Attorney General Roberto Garcia";
  std::vector<std::string> found;
  for (const Match& m : lx().titles().find_longest(text)) {
    found.push_back(std::string(text.substr(m.begin, m.end - m.begin)) + "=" +
                    lx().title(m.id).kind);
  }
  EXPECT_EQ(found, (std::vector<std::string>{"Lt. Gen=military", "Attorney General=judiciary"}));
}

}  // namespace
}  // namespace sitrep::kb

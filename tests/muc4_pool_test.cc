// MUC-4 pooling (SPEC section 6): events' entities become one prediction per
// entity and role, and extraction's KB-group fallback reads names, not
// common nouns that happen to be a group's alias.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyze/analysis.h"
#include "eval/muc4.h"
#include "extract/tagger.h"
#include "sitrep/extract.h"

namespace sitrep::eval {
namespace {

Entity org(std::string entity, std::vector<std::string> mentions) {
  Entity e;
  e.text = mentions.front();
  e.mentions = std::move(mentions);
  e.kind = "organization";
  e.entity = std::move(entity);
  return e;
}

TEST(Muc4Pool, OneKbGroupIsOneEntityNamedByOneMention) {
  std::vector<Event> events(3);
  for (Event& e : events) e.type = "attack";
  events[0].perpetrators.push_back(org("FMLN", {"fmln", "farabundo marti national liberation front"}));
  events[1].perpetrators.push_back(org("FMLN", {"fmln"}));
  events[1].perpetrators.push_back(org("", {"death squads"}));
  events[2].perpetrators.push_back(org("", {"death squads"}));
  events[2].perpetrators.push_back(org("", {"the army"}));
  MucPrediction p = pool_events(events);
  ASSERT_EQ(p[1].size(), 3u);
  EXPECT_EQ(p[1][0], std::vector<std::string>{"fmln"});
  EXPECT_EQ(p[1][1], std::vector<std::string>{"death squads"});
  EXPECT_EQ(p[1][2], std::vector<std::string>{"the army"});
}

TEST(Muc4Pool, AnEntityIsScoredByItsFirstMentionOnly) {
  // Regression: an entity named "fmln" and "farabundo marti national
  // liberation front" missed a gold entity listing only "fmln", since the
  // protocol wants every predicted mention among the gold ones.
  std::vector<Event> events(1);
  events[0].type = "attack";
  events[0].perpetrators.push_back(org("FMLN", {"fmln", "farabundo marti national liberation front"}));
  MucPrediction p = pool_events(events);
  ASSERT_EQ(p[1].size(), 1u);
  EXPECT_EQ(p[1][0], std::vector<std::string>{"fmln"});
  MucDoc gold;
  gold.roles[1].push_back({{"fmln", 0}});
  EXPECT_EQ(score_document(gold, p)[1].correct, 1u);
}

// The texts of one role's entities over the events extracted from `text`.
std::vector<std::string> role_texts(const std::string& text, std::vector<Entity> Event::*role) {
  Document doc;
  doc.id = "t";
  doc.body = text;
  std::vector<std::string> out;
  for (const Event& e : extract::extract(doc))
    for (const Entity& x : e.*role) out.push_back(x.text);
  return out;
}

std::vector<std::string> perpetrators(const std::string& text) { return role_texts(text, &Event::perpetrators); }
std::vector<std::string> victims(const std::string& text) { return role_texts(text, &Event::victims); }

TEST(Muc4Pool, KbFallbackSkipsLowerCaseCommonNouns) {
  // "base" is an alias of al-Qaeda ("the Base") and "martyrs" of a Chechen
  // battalion: in lower-case copy they are nouns. "fmln" is FMLN.
  for (const std::string& p : perpetrators(
           "a bomb exploded at the army base in san miguel today, killing two soldiers, the martyrs of "
           "the homeland, according to the army."))
    EXPECT_TRUE(p != "base" && p != "martyrs") << p;
  bool fmln = false;
  for (const std::string& p : perpetrators("a bomb planted by the fmln exploded in san miguel today, killing two "
                                           "soldiers."))
    fmln = fmln || p == "fmln";
  EXPECT_TRUE(fmln);
}

TEST(Muc4Pool, LearnedEdgeWordsAreTrimmedFromFillers) {
  // Regression: "alleged urban guerrillas" missed the gold "urban
  // guerrillas"; the trainer now learns that "alleged" stands before
  // perpetrators more often than it starts one.
  EXPECT_TRUE(extract::RoleModel::get().edge_word(0, extract::kPerpInd, analyze::word_key("alleged")));
  std::vector<std::string> p = perpetrators(
      "san salvador, 12 mar 90 -- a bomb exploded last night at the home of a businessman in san miguel. "
      "alleged urban guerrillas of the fmln placed the bomb, police said.");
  EXPECT_NE(std::find(p.begin(), p.end(), "urban guerrillas"), p.end());
  for (const std::string& x : p) EXPECT_EQ(x.find("alleged"), std::string::npos) << x;
}

TEST(Muc4Pool, TargetsJoinedByAndAreSeparateUnlessTheyShareAHead) {
  // Regression: "vicas store and central reserve bank" was one target, which
  // matches neither gold target.
  std::vector<std::string> t = role_texts(
      "lima, 5 may 90 -- terrorists last night bombed the vicas store and the central reserve bank in "
      "downtown lima, police said.",
      &Event::targets);
  EXPECT_NE(std::find(t.begin(), t.end(), "vicas store"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "central reserve bank"), t.end());
  // One ministry, named by two modifiers: not split.
  t = role_texts("lima, 5 may 90 -- terrorists last night bombed the agriculture and livestock ministry in "
                 "downtown lima, police said.",
                 &Event::targets);
  EXPECT_NE(std::find(t.begin(), t.end(), "agriculture and livestock ministry"), t.end());
}

TEST(Muc4Pool, AnAbbreviationBracketedAfterANameIsTheSameEntity) {
  // Regression: "administrative department of security (das)" and a later
  // "the das" were two targets, one of them always an extra.
  std::vector<std::string> t = role_texts(
      "bogota, 5 may 90 -- a powerful bomb exploded today at the headquarters of the administrative "
      "department of security (das) in bogota, killing 50 people. terrorists had attacked the das before.",
      &Event::targets);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0], "headquarters of the administrative department of security");
}

TEST(Muc4Pool, VictimNamesDropPossessiveAndReflexive) {
  // Regression: "bernardo jaramillo ossa's" was a victim's name (MUC-4 dev
  // TST1-MUC3-0049), which the gold "bernardo jaramillo ossa" does not match.
  std::vector<std::string> v = victims(
      "guerrillas have carried out terrorist attacks in southern cauca department to protest patriotic union "
      "presidential candidate bernardo jaramillo ossa's murder.");
  ASSERT_FALSE(v.empty());
  for (const std::string& x : v) EXPECT_EQ(x.find("'s"), std::string::npos) << x;
  v = victims("delgado parker was kidnapped in downtown lima wednesday by a commando of the mrta. delgado himself "
              "was violently abducted by the mrta activists.");
  for (const std::string& x : v) EXPECT_EQ(x.find("himself"), std::string::npos) << x;
}

}  // namespace
}  // namespace sitrep::eval

// Group knowledge-base coverage on MUC-4: how many of the named organisations
// in the perpetrator-organisation slot of the train and dev answer keys
// (../shared/data/muc4/raw) resolve to a group through GroupKb::lookup.
//
// What counts as a named organisation (the rule, applied to each
// alternative string of a slot filler, after splitting off "[...]" and
// "(...)" glosses as further alternatives):
//   description  every word is generic (army, forces, government, death
//                squads, mafias, guerrillas, terrorists, commandos, group...),
//                a nationality or ideology adjective, or a function word:
//                "SALVADORAN ARMY", "DRUG TRAFFICKING MAFIAS", "URBAN COMMANDOS".
//   state        not a description, but names a state body: a state word
//                (government, army, police, battalion, brigade, troops,
//                intelligence, embassy, CIA, FUSEP, UMOPAR...) and no
//                insurgent marker (liberation, revolutionary, front, movement,
//                popular, people's, patriotic, union, party, alliance):
//                "ATLACATL BATTALION", "CRISTIANI GOVERNMENT".
//   named        everything else: "FMLN", "SHINING PATH", "THE EXTRADITABLES",
//                "ALFREDO CRISTIANI FACTION" and "LOVE FOR MEDELLIN" too.
// A filler is a named organisation when any of its alternatives is named.
// Fillers that share a named alternative (folded) are one organisation. An
// organisation resolves when any of its named alternatives resolves. State
// bodies are reported separately, not counted: the group KB holds non-state
// groups; nothing named is left out for failing to resolve.
#pragma once

#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

struct KbOrg {
  std::vector<std::string> names;  // distinct alternatives as written in the keys
  size_t fillers = 0;              // slot fillers (occurrences) in the keys
  std::string group;               // canonical name it resolves to, or empty
  std::string via;                 // the alternative that resolved
};

struct KbGroupsReport {
  size_t key_files = 0;
  size_t fillers = 0;              // non-empty PERP: ORGANIZATION ID fillers
  std::vector<KbOrg> named;        // distinct named organisations
  std::vector<KbOrg> state;        // state bodies (not counted)
  std::vector<KbOrg> descriptions; // descriptions (not counted)
  size_t named_resolved = 0;
  size_t named_fillers = 0;
  size_t named_fillers_resolved = 0;
  double coverage = 0;             // named_resolved / named.size()
};

// Reads `data_dir`/muc4/raw/train/key-dev-*.muc4 and `data_dir`/muc4/raw/dev/key-*.
// kNotFound when the corpus is absent.
Result<KbGroupsReport> eval_kb_groups(const std::string& data_dir);

// The report as text: the figures, then every unresolved named organisation;
// with `all`, every organisation of every category.
std::string format_kb_groups(const KbGroupsReport& report, bool all);

}  // namespace sitrep::eval

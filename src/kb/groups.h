// The groups half of the knowledge base: militant and terrorist organisations
// with their aliases, kinds, relations (branch, affiliate, faction, splinter,
// successor, merged, associated), countries and source ids, and the lookup
// from a name as news writes it to the group it means.
//
//   const GroupKb& kb = GroupKb::get();
//   const Group* g = kb.lookup("ISIS-Khorasan");   // ISIS-K
//   for (const Group* p : kb.parents(*g)) ...      // Islamic State
//
// Sources (embedded at build time): data/kb/groups.tsv, generated from the UN
// and OFAC sanctions lists by tools/kbgen (do not edit), and
// data/kb/groups_overlay.tsv, hand-curated: the names news writes, the groups
// of the MUC-4 era, and corrections. An overlay row with `extends` takes a
// generated row over: its id and name win, the generated name becomes an
// alias, its relations replace generated relations to the same target, and
// references to the generated id lead to it.
//
// LOOKUP. Every name is keyed by fold_key (matcher.h), so case, hyphens,
// apostrophes and diacritics do not matter. Each alias also gets the spelling
// variants of alias_variants() (below). When two groups claim one key the
// stronger claim wins: a curated name or alias over a generated one, a name
// as written over a variant, then the first group by id. lookup() tries the
// exact key, then drops descriptive words around a name: a leading "the",
// ideology and nationality adjectives ("Maoist", "Colombian"), and generic
// heads ("group", "organization", "movement", "guerrillas", "cell"...), and
// numbered units ("FARC 12th front").
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::kb {

struct Group;

struct GroupRelation {
  std::string type;       // branch | affiliate | faction | splinter | successor | merged | associated
  uint32_t target = 0;    // index into GroupKb::groups()
  int year = 0;           // 0 when the sources give no date
};

struct Group {
  uint32_t index = 0;     // position in GroupKb::groups()
  std::string id;         // stable slug ("islamic-state")
  std::string name;       // canonical name ("Islamic State")
  std::string kind;       // organization | criminal_organization | political_party | state_force
  std::vector<std::string> aliases;    // as written, curated first; without the name
  std::vector<GroupRelation> relations;
  std::vector<std::string> countries;  // ISO 3166-1 alpha-2
  std::vector<std::string> sources;    // "UN:QDe.115", "OFAC:8759"
};

// One name a matcher should find for a group: aliases, the canonical name and
// their variants, restricted to the names whose key this group won.
struct GroupName {
  std::string text;
  uint32_t group = 0;
  // Short all-capital acronyms ("IS", "SL", "ADO") are ordinary words in
  // running text; a matcher should accept them only in exact case.
  bool exact_case = false;
};

// Spelling variants of `alias` that news writes and the sources may not list:
//  - Arabic article: "al-X" / "al X" / "alX" / "el-X" and the bare "X"
//    ("al-Nusra Front" -> "Nusra Front"); the assimilated articles ad-, as-,
//    ash-, at-, az-, ar-, an- only when written with a hyphen.
//  - transliteration families, one spelling per family swapped in:
//    Qaeda/Qaida (Qa'ida folds to qaida), Shabaab/Shabab, Nusra/Nusrah,
//    Hezbollah/Hizballah/Hizbollah/Hizbullah, Jaish/Jaysh/Jeish,
//    Mujahideen/Mujahidin/Mujahedin, Tayyiba/Taiba/Toiba, Khorasan/Khurasan,
//    Sharia/Shariah/Charia.
//  - a leading "the" dropped.
//  - a hyphen around a one- or two-character part closed up ("ISIS-K" ->
//    "ISISK", "M-19" -> "M19").
//  - the Islamic State family: "ISIS-X", "ISIL-X", "IS-X", "Islamic State X",
//    "Islamic State in X", "Islamic State's X", and X's "Province" optional,
//    for an alias that starts with one of those forms.
// Case is kept from `alias`; the result does not include `alias` itself.
std::vector<std::string> alias_variants(std::string_view alias);

class GroupKb {
 public:
  // The knowledge base built from the embedded tables, once, thread-safe.
  // The embedded tables are checked by the tests; a failure here is a build
  // defect and aborts with the reason.
  static const GroupKb& get();

  // Builds a knowledge base from table texts (the generated table, then the
  // overlay). Errors are kInvalidArgument naming the table, line and problem.
  static Result<std::unique_ptr<GroupKb>> build(std::string_view generated, std::string_view overlay);

  // The group `name` means, or nullptr.
  const Group* lookup(std::string_view name) const;
  // The group with this id (or the id of a generated row an overlay took over).
  const Group* find_id(std::string_view id) const;

  // Transitive parents over branch, affiliate and faction relations, nearest
  // first (ISIS-K -> Islamic State; AQAP -> al-Qaeda). Splinters and
  // successors are not parents.
  std::vector<const Group*> parents(const Group& g) const;
  // The groups whose direct parent (branch, affiliate or faction) is `g`.
  std::vector<const Group*> branches(const Group& g) const;

  // The one group whose full name `words` (folded words, as fold_key splits
  // them) misspell or shorten, or nullptr; lookup()'s last resort. Reads the
  // content words of every key, split once on first use.
  const Group* approximate(const std::vector<std::string>& words) const;
  // The same answer by splitting every key on each call: the plain version
  // the tests hold approximate() to.
  const Group* approximate_by_scan(const std::vector<std::string>& words) const;

  const std::vector<Group>& groups() const { return groups_; }
  // Every (name, group) pair for building a PhraseMatcher, in group order.
  const std::vector<GroupName>& names() const { return names_; }

  GroupKb(const GroupKb&) = delete;
  GroupKb& operator=(const GroupKb&) = delete;
  GroupKb() = default;

 private:
  const Group* find_key(const std::string& key) const;

  std::vector<Group> groups_;
  std::vector<GroupName> names_;

  std::unordered_map<std::string, uint32_t> by_key_;  // fold_key -> group
  std::unordered_map<std::string, uint32_t> by_id_;
  // For approximate(): each key of three or more content words, as words.
  struct ContentKey {
    std::vector<std::string> words;
    uint32_t group = 0;
  };
  std::vector<ContentKey> content_keys() const;
  // The group every key of `keys` that `words` match names, or nullptr when
  // none or several.
  const Group* one_match(const std::vector<std::string>& words, const std::vector<ContentKey>& keys) const;
  mutable std::once_flag content_keys_once_;
  mutable std::vector<ContentKey> content_keys_;
};

}  // namespace sitrep::kb

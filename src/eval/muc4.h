// MUC-4 role-filler extraction, scored as SPEC section 6 says (the
// document-level protocol of the GRIT paper's scorer):
//   - per document and role (PerpInd, PerpOrg, Target, Victim, Weapon), the
//     predicted entities are matched one-to-one with the gold entities of
//     ../shared/data/muc4/pooled/<split>.jsonl;
//   - a predicted entity counts when each of its mentions is one of the gold
//     entity's mentions after normalisation (lower case, punctuation
//     removed, the articles a/an/the removed, spaces collapsed);
//   - precision and recall are micro-averaged over roles.
// Our events map to roles: perpetrators of kind individual -> PerpInd,
// organization -> PerpOrg, targets -> Target, victims -> Victim, weapons ->
// Weapon, pooled over the document's attack, plot and threat events.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep::eval {

inline constexpr int kMucRoles = 5;
inline constexpr std::array<std::string_view, kMucRoles> kMucRoleNames = {
    "PerpInd", "PerpOrg", "Target", "Victim", "Weapon"};

struct MucMention {
  std::string text;
  size_t offset = 0;  // byte offset in the document text
};
using MucEntity = std::vector<MucMention>;

struct MucDoc {
  std::string id;
  std::string text;
  std::array<std::vector<MucEntity>, kMucRoles> roles;
};

// Reads a pooled split file. kNotFound when absent; kInvalidArgument naming
// the line for a malformed record.
Result<std::vector<MucDoc>> read_muc4_pooled(const std::string& path);

// The mention normal form of the protocol.
std::string normalize_mention(std::string_view mention);

// Predicted entities per role: each entity is its list of mentions.
using MucPrediction = std::array<std::vector<std::vector<std::string>>, kMucRoles>;

// The roles of `events` as the protocol pools them.
MucPrediction pool_events(const std::vector<Event>& events);

struct RoleCounts {
  size_t predicted = 0, gold = 0, correct = 0;
  double precision() const { return predicted ? double(correct) / double(predicted) : 0; }
  double recall() const { return gold ? double(correct) / double(gold) : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  RoleCounts& operator+=(const RoleCounts& o) {
    predicted += o.predicted;
    gold += o.gold;
    correct += o.correct;
    return *this;
  }
};

// Scores one document: per role counts (one-to-one matching, maximal).
std::array<RoleCounts, kMucRoles> score_document(const MucDoc& gold, const MucPrediction& pred);

struct Muc4Report {
  std::string split;
  size_t documents = 0;
  std::array<RoleCounts, kMucRoles> roles;
  RoleCounts micro;
  double seconds = 0;
  size_t words = 0;
  // With `details`: per document, each role's gold and predicted entities.
  std::string details;
};

// Runs extraction over `data_dir`/muc4/pooled/<split>.jsonl and scores it.
Result<Muc4Report> eval_muc4(const std::string& data_dir, const std::string& split,
                             bool details = false);

// The same over documents already read (the trainer's cross-validation).
Muc4Report score_muc4(const std::vector<MucDoc>& docs, const std::string& split, bool details = false);

std::string format_muc4(const Muc4Report& report);

}  // namespace sitrep::eval

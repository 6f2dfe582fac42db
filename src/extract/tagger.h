// The role tagger: an averaged structured perceptron over the features of
// features.h, labelling each token O, B-role or I-role for the five MUC-4
// roles (PerpInd, PerpOrg, Target, Victim, Weapon), decoded per sentence by
// Viterbi with the BIO constraint (I-r only after B-r or I-r).
//
// The shipped weights are data/extract/roles.tsv, written by `make model`
// (tools/train: deterministic, reads ../shared/data/muc4/pooled/train.jsonl).
// Format, after '#' comments:
//   T <from> <w_0> ... <w_10>          transition weights, from = 0..10, 11 = start
//   F <feature hash, 16 hex digits> <label>:<weight> ...   emission weights
//   V <word key, 16 hex digits> ...    the common words (FeatureContext), 16 to a row
//   L / R / P / A <role> <word key> ...   edge words: a tagged span of the
//       role loses a first (L) or last (R) word listed here, and gains one
//       listed just before (P) or after (A) it
//   B <bias>                           the recall bias (kDefaultRecallBias when absent)
//   K <fine> <coarse> <word key> ...   the words of one fine class and its
//       coarse class (clusters.h), 16 to a row
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/big_alloc.h"
#include "extract/features.h"
#include "sitrep/status.h"

namespace sitrep::extract {

enum Role : uint8_t { kPerpInd, kPerpOrg, kTarget, kVictim, kWeaponRole };
inline constexpr int kRoles = 5;
inline constexpr int kLabels = 1 + 2 * kRoles;
inline constexpr uint8_t begin_label(int role) { return static_cast<uint8_t>(1 + 2 * role); }
inline constexpr uint8_t inside_label(int role) { return static_cast<uint8_t>(2 + 2 * role); }
inline constexpr int label_role(uint8_t label) { return label == 0 ? -1 : (label - 1) / 2; }
std::string_view role_name(int role);  // "PerpInd", ...

// Decoding lowers the score of O by the model's recall bias (a "B" row of
// roles.tsv, chosen at training: sitrep-train --recall-bias). The
// perceptron, trained on documents where most tokens are O, labels too few
// fillers; shifting O trades precision for recall.
inline constexpr float kDefaultRecallBias = 18.f;

// Sentences are tagged only within this many sentences of an event trigger.
inline constexpr long kTriggerReach = 2;

struct TaggedSpan {
  int role = 0;
  uint32_t first = 0, last = 0;  // token range [first, last)
  float score = 0;               // mean margin of the span's labels over O
};

class RoleModel {
 public:
  // The embedded model, loaded once (thread-safe). Aborts on a malformed
  // table (a build defect: the tests load it).
  static const RoleModel& get();
  // Makes get() return `m` instead (nullptr: the embedded model again), so
  // the trainer's cross-validation scores a model it has just trained. Not
  // thread-safe: call it while no extraction runs.
  static void set_active(const RoleModel* m);
  static Result<std::unique_ptr<RoleModel>> parse(std::string_view tsv);

  // Labels every token of the document; spans of role labels, in order.
  std::vector<TaggedSpan> tag(const FeatureContext& ctx) const;

  size_t features() const { return count_; }
  // The words of the training texts the rare-word features treat as known.
  const WordSet& common_words() const { return common_; }
  // The word classes its class features read (clusters.h).
  const WordClusters& clusters() const { return clusters_; }
  // Edge words: in the training texts, words found more often just outside
  // a gold filler of the role than as its first (side 0) or last (side 1)
  // word ("alleged", "several", counts before targets): tag() drops them
  // from the edges of its spans. Conversely words found more often as a
  // filler's first (side 2) or last (side 3) word than just outside one
  // ("urban" of "urban guerrillas", "explosive" of "explosive device"):
  // tag() adds them when they stand untagged next to a span.
  bool edge_word(int side, int role, uint64_t key) const {
    return role >= 0 && role < kRoles && edges_[side][role].contains(key);
  }

  // The emission scores of tokens [first, last) of one sentence (n x
  // kLabels, before the recall bias): per token and label, the sum of its
  // features' weights in feature order.
  void emissions(const FeatureContext& ctx, uint32_t first, uint32_t last, std::vector<float>& em) const;

  // --- used by the trainer ---
  RoleModel() = default;
  void set(std::vector<std::pair<uint64_t, std::array<float, kLabels>>> rows,
           const std::array<std::array<float, kLabels>, kLabels + 1>& trans);
  void set_common_words(std::vector<uint64_t> keys) { common_.assign(std::move(keys)); }
  void set_clusters(WordClusters c) { clusters_ = std::move(c); }
  void set_recall_bias(float b) { recall_bias_ = b; }
  float recall_bias() const { return recall_bias_; }
  void set_edge_words(int side, int role, std::vector<uint64_t> keys) { edges_[side][role].assign(std::move(keys)); }
  std::string serialize() const;

 private:
  const float* row(uint64_t key) const;
  void prefetch(uint64_t key) const;  // the slot row() reads first
  size_t count_ = 0;
  // Open addressing, each slot one cache line holding its key and its
  // weights, so a feature costs one memory access (key 0 = empty). The
  // weights come first, 16-byte aligned and padded with a zero to twelve,
  // so a row adds as three 4-float vectors.
  static constexpr int kPadded = 12;
  struct alignas(64) Slot {
    float w[kPadded] = {};
    uint64_t key = 0;
  };
  uint64_t mask_ = 0;
  // In 2 MB pages (BigVec): the table is megabytes and its rows are read
  // at random, so with 4 KB pages most reads also missed the TLB.
  BigVec<Slot> slots_;
  std::array<std::array<float, kLabels>, kLabels + 1> trans_{};
  WordSet common_;
  WordClusters clusters_;
  float recall_bias_ = kDefaultRecallBias;
  std::array<std::array<WordSet, kRoles>, 4> edges_;
};

// Viterbi over emission scores (n x kLabels) with transitions; writes the
// best labels. Shared by decoding and training.
void viterbi(const float* emission, size_t n,
             const std::array<std::array<float, kLabels>, kLabels + 1>& trans, uint8_t* labels);

}  // namespace sitrep::extract

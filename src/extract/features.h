// Features of a token in context for the role tagger: the word and its
// neighbours (lower-cased), suffixes and shape, whether it and its
// neighbours are rare words (outside the model's common words: in
// lower-cased copy, mostly names), knowledge-base mentions
// (group, place, weapon, title, trigger) covering or near it, the word
// classes learned from raw text (clusters.h) of it and its neighbours, the nearest
// event trigger on each side within the sentence, the sentence's place in
// the document, and how often the word recurs in the document. Features
// are 64-bit hashes of (template, values); no strings are built, so
// extraction allocates nothing per token. The same code serves training and
// extraction, which is what keeps the shipped weights meaningful.
#pragma once
#include <cstdint>
#include <vector>

#include "analyze/analysis.h"
#include "core/text.h"
#include "extract/clusters.h"

namespace sitrep::extract {

// The words the model knows well: those seen at least a few times in its
// training texts (written with the weights, data/extract/roles.tsv). A word
// outside it is rare, which in lower-cased wire copy mostly means a name.
class WordSet {
 public:
  void assign(std::vector<uint64_t> keys);  // word keys (analyze::Token::key)
  bool contains(uint64_t key) const {
    if (slots_.empty()) return false;
    for (size_t h = mix64(key) & mask_; slots_[h] != 0; h = (h + 1) & mask_)
      if (slots_[h] == key) return true;
    return false;
  }
  const std::vector<uint64_t>& sorted() const { return sorted_; }

 private:
  std::vector<uint64_t> sorted_, slots_;  // slots: open addressing, 0 = free
  size_t mask_ = 0;
};

// The per-document facts features read, computed once per document.
struct FeatureContext {
  // `clusters`: the model's word classes (none: no class features).
  FeatureContext(const analyze::Analysis& a, const WordSet& common, const WordClusters* clusters = nullptr);
  const analyze::Analysis& a;
  // Per token: 1 for a word (letters) outside the model's common words.
  std::vector<uint8_t> rare;
  // Per token: a code for the KB mention covering it (0 none), per kind.
  std::vector<uint32_t> group, place, weapon, title, trigger;
  // Per token: the trigger token nearest on the left / right within its
  // sentence (UINT32_MAX when none).
  std::vector<uint32_t> left_trigger, right_trigger;
  // Per token: how many times its word occurs in the document (capped).
  std::vector<uint8_t> doc_count;
  // Per token: its word's classes (clusters.h; 0 for none).
  std::vector<WordClass> word_class;
  bool has_classes = false;
};

// The class of token `i` for the role tagger's edge words (tagger.h),
// beside its own word: a count ("six", "56") or the start of a title
// ("col", "judge"), so what is learnt of some counts and titles holds for
// all; 0 for any other token.
uint64_t edge_class(const FeatureContext& ctx, uint32_t i);
// True iff `key` is one of edge_class()'s classes rather than a word.
bool is_edge_class(uint64_t key);

// Appends the features of token `i` to `out`.
void token_features(const FeatureContext& ctx, uint32_t i, std::vector<uint64_t>& out);

}  // namespace sitrep::extract

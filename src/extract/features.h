// Features of a token in context for the role tagger: the word and its
// neighbours (lower-cased), suffixes and shape, knowledge-base mentions
// (group, place, weapon, title, trigger) covering or near it, the nearest
// event trigger on each side within the sentence, the sentence's place in
// the document, and how often the word recurs in the document. Features
// are 64-bit hashes of (template, values); no strings are built, so
// extraction allocates nothing per token. The same code serves training and
// extraction, which is what keeps the shipped weights meaningful.
#pragma once
#include <cstdint>
#include <vector>

#include "analyze/analysis.h"

namespace sitrep::extract {

// The per-document facts features read, computed once per document.
struct FeatureContext {
  explicit FeatureContext(const analyze::Analysis& a);
  const analyze::Analysis& a;
  // Per token: a code for the KB mention covering it (0 none), per kind.
  std::vector<uint32_t> group, place, weapon, title, trigger;
  // Per token: the trigger token nearest on the left / right within its
  // sentence (UINT32_MAX when none).
  std::vector<uint32_t> left_trigger, right_trigger;
  // Per token: how many times its word occurs in the document (capped).
  std::vector<uint8_t> doc_count;
};

// Appends the features of token `i` to `out`.
void token_features(const FeatureContext& ctx, uint32_t i, std::vector<uint64_t>& out);

}  // namespace sitrep::extract

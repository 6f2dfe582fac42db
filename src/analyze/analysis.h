// Analyze: a document's body as the extractor reads it — tokens and
// sentences, counts, dates resolved against the publication date, and the
// knowledge-base mentions (groups, places, event triggers, weapons, titles
// of officials), each as a token range.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/numbers.h"
#include "analyze/tokens.h"
#include "analyze/when.h"

namespace sitrep::analyze {

enum class MentionKind : uint8_t { kGroup, kPlace, kTrigger, kWeapon, kTitle };

struct Mention {
  MentionKind kind = MentionKind::kGroup;
  uint32_t first = 0;  // token range [first, last)
  uint32_t last = 0;
  uint32_t id = 0;     // group index, PlaceName index, or lexicon row
  bool exact_case = false;
};

struct Analysis {
  std::string_view text;
  Tokenized tok;
  std::vector<Mention> mentions;  // ordered by first token, then kind
  std::vector<Quantity> quantities;
  std::vector<TimeExpr> times;
  // Index of the sentence each token is in.
  std::vector<uint32_t> sentence_of;
};

struct AnalyzeOptions {
  bool places = true;  // place mentions (the largest matcher)
  bool times = true;
  bool quantities = true;
};

// `anchor` is the publication date (ISO 8601) or "" when unknown. The
// analysis keeps a view of `text`, which must outlive it.
Analysis analyze(std::string_view text, std::string_view anchor, const AnalyzeOptions& opt = {});

// The token index whose span contains byte `offset`, or the first token after
// it (tokens.size() when none).
uint32_t token_at(const Tokenized& tok, size_t offset);

}  // namespace sitrep::analyze

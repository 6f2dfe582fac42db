// Text normalisation of an article body: NFC, whitespace, quotes, invisible
// characters, and look-alike letters folded to Latin in words that mix
// scripts (UTS #39 skeletons from ICU), with an offset map back to the input.
#pragma once

#include <string_view>

#include "sitrep/offset_map.h"

namespace sitrep::clean {

struct NormalizeOptions {
  bool fold_confusables = true;
  bool normalize_quotes = true;
};

// Returns the normalised text mapped onto `text`. Paragraph breaks (any
// whitespace run holding a newline) become "\n\n"; other whitespace runs one
// space; leading and trailing whitespace is dropped.
MappedText normalize_text(std::string_view text, const NormalizeOptions& options = {});

}  // namespace sitrep::clean

// Clean: from a raw Document to its article body and metadata.
//
// For HTML the page is parsed with gumbo and the body chosen by sitrep's
// boilerplate classifier; for plain text the same idea runs over lines and
// paragraphs. The body is then normalised (NFC, whitespace, quotes) and
// look-alike letters in mixed-script words are folded (UTS #39 skeletons).
// `body_map` maps every body byte back to `raw`.
#pragma once

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::clean {

struct Options {
  bool fold_confusables = true;
  bool normalize_quotes = true;
};

// Fills doc.body, doc.body_map, and any of title/published/source/lang/url
// still empty. Returns kNoText when no article text is found (the document
// still carries its metadata).
Status clean(Document& doc, const Options& options = {});

}  // namespace sitrep::clean

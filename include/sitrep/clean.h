// Clean: from a raw Document to its article body and metadata.
//
// For HTML the page is parsed with gumbo and the body chosen by sitrep's
// boilerplate classifier; for plain text the same idea runs over lines and
// paragraphs. The body is then normalised (NFC, whitespace, quotes) and
// look-alike letters in mixed-script words are folded (UTS #39 skeletons).
// `body_map` maps every body byte back to `raw`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::clean {

// What a batch has learnt about each site: how many earlier documents of the
// site (its URL host, else its source) held each short paragraph. Blocks a
// site repeats on page after page (a footer, a standing note, a newsletter
// plea) are boilerplate even when nothing else gives them away. One memory
// serves one batch; it is not thread-safe.
class SiteMemory {
 public:
  // Drops from `paragraphs` (indices into the body) those seen in at least
  // `kRepeats` earlier documents of `site`, unless most of the document is
  // repeated (then it is a republished article, not boilerplate). Records
  // this document's paragraphs. Returns which paragraphs to keep.
  std::vector<bool> filter(const std::string& site, const std::vector<std::string_view>& paragraphs);

  static constexpr int kRepeats = 2;
  // Paragraphs longer than this are story text, never site furniture.
  static constexpr size_t kMaxBlockBytes = 320;

 private:
  std::unordered_map<std::string, std::unordered_map<uint64_t, int>> seen_;
};

struct Options {
  bool fold_confusables = true;
  bool normalize_quotes = true;
  // When set, repeated blocks across a site are removed (see SiteMemory).
  SiteMemory* site_memory = nullptr;
};

// Fills doc.body, doc.body_map, and any of title/published/source/lang/url
// still empty. Returns kNoText when no article text is found (the document
// still carries its metadata).
Status clean(Document& doc, const Options& options = {});

}  // namespace sitrep::clean

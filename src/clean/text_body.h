// Plain-text pages (a scraped page saved as text, first line the title):
// the boilerplate classifier over lines and blocks that keeps the story and
// drops playlists, captions, credits, related lists, share bars, footers,
// slogans and other stories appended after the article.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/offset_map.h"

namespace sitrep::clean {

struct TextPage {
  std::string title;
  MappedText body;  // paragraphs separated by "\n\n", mapped onto the input
  std::vector<std::string> date_candidates;  // date lines and datelines, first first
  std::string source;  // "CNN" from "(CNN) —", "Reuters" from a wire dateline, ...
};

TextPage extract_text(std::string_view text);

// The outlet named by a story's opening dateline ("(CNN) —", "MOGADISHU, March
// 4 (Reuters) -", "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) --",
// "Shafaq News/ ...") or "".
std::string dateline_source(std::string_view paragraph);

}  // namespace sitrep::clean

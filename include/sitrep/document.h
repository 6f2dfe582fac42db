// Document: the one container a news article travels in through the
// pipeline. Ingest fills the raw bytes and whatever metadata the container
// carried; clean fills the body, its map back to the raw bytes, and the
// metadata found in the page; later stages add their annotations as views
// (byte offsets) into `body`.
#pragma once

#include <string>

#include "sitrep/offset_map.h"

namespace sitrep {

enum class ContentKind { kText, kHtml };

struct Document {
  // Stable id: the JSON Lines `id`, else the file name without extensions,
  // else a hash of the content (see docs/formats.md).
  std::string id;
  // Where it was read from, for messages: "a/b.html", "feed.jsonl:12",
  // "crawl.warc.gz#3".
  std::string origin;
  ContentKind kind = ContentKind::kText;
  // The page or text as read (decompressed, decoded to UTF-8).
  std::string raw;

  // Metadata. Ingest sets what the container states (JSON Lines fields, WARC
  // headers); clean fills what is still empty from the page itself.
  std::string url;
  std::string title;
  std::string published;  // ISO 8601, truncated to the precision known
  std::string source;     // outlet or site name
  std::string lang;       // ISO 639-1, "" when unknown

  // The article body: paragraphs separated by "\n\n", NFC, look-alike letters
  // folded. Evidence offsets everywhere in sitrep are byte offsets into it.
  std::string body;
  // body offset -> raw offset.
  OffsetMap body_map;
};

}  // namespace sitrep

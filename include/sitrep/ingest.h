// Ingest: turns paths (files, folders, "-" for standard input) into raw
// Documents. Reads plain text, HTML, gzip of either, JSON Lines and WARC
// (optionally gzip-compressed per record). A bad file or record is reported
// through the error callback and reading goes on with the next.
//
//   sitrep::ingest::read_paths({"crawl/", "feed.jsonl"},
//       [](sitrep::Document doc) { ... },
//       [](const std::string& origin, const sitrep::Status& s) { ... });
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

struct Limits {
  size_t max_document_bytes = 16u << 20;   // one article after decompression
  size_t max_file_bytes = 512u << 20;      // one file after decompression
  size_t max_line_bytes = 1u << 20;        // one line of plain text
};

using DocumentFn = std::function<void(Document)>;
using ErrorFn = std::function<void(const std::string& origin, const Status& status)>;

// Reads every path in order (folders recursively, in sorted order, skipping
// hidden entries). Returns the number of errors reported.
size_t read_paths(const std::vector<std::string>& paths, const DocumentFn& on_document,
                  const ErrorFn& on_error, const Limits& limits = {});

// Reads one in-memory input named `name` (a file name or "-"); the format is
// sniffed from the name and the bytes. Returns the number of errors reported.
size_t read_buffer(std::string_view name, std::string bytes, const DocumentFn& on_document,
                   const ErrorFn& on_error, const Limits& limits = {});

}  // namespace sitrep::ingest

// A WARC (ISO 28500) record reader: walks the records of an uncompressed
// WARC buffer and hands out the documents in `response` and `resource`
// records, with the record headers kept.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::ingest {

struct WarcRecord {
  size_t index = 0;                            // 0-based position in the file
  std::map<std::string, std::string> headers;  // WARC headers, names lower-cased
  std::string type;                            // WARC-Type
  std::string target_uri;                      // WARC-Target-URI
  std::string date;                            // WARC-Date
  std::string content_type;                    // of the payload (HTTP header for responses)
  int http_status = 0;                         // 0 for resource records
  std::string content_encoding;                // HTTP Content-Encoding ("gzip"), lower-cased
  std::string payload;                         // the document bytes (HTTP body, de-chunked)
};

// Calls `on_record` for each response or resource record; other record types
// (warcinfo, request, metadata, ...) are skipped. A malformed record ends the
// walk with an error naming the record and byte offset; records before it
// have been delivered.
Status read_warc(std::string_view data,
                 const std::function<void(const WarcRecord&)>& on_record);

inline bool is_warc(std::string_view bytes) { return bytes.substr(0, 6) == "WARC/1"; }

}  // namespace sitrep::ingest

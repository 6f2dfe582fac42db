// WARC record reader (see warc.h).
#include "ingest/warc.h"

#include <fmt/format.h>

#include <charconv>

#include "core/text.h"

namespace sitrep::ingest {
namespace {

// Reads "Name: value" lines from data[pos] up to a blank line. On success pos
// points past the blank line. Returns false when no blank line is found.
bool read_header_block(std::string_view data, size_t& pos,
                       std::map<std::string, std::string>& headers, std::string* first_line) {
  bool first = true;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    if (eol == std::string_view::npos) return false;
    std::string_view line = data.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = eol + 1;
    if (line.empty()) return !(first && first_line != nullptr);
    if (first && first_line != nullptr) {
      *first_line = std::string(line);
      first = false;
      continue;
    }
    first = false;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // tolerate junk lines
    headers[ascii_lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
  }
  return false;
}

// Decodes an HTTP/1.1 chunked body; a damaged tail is dropped.
std::string dechunk(std::string_view body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) break;
    size_t size = 0;
    std::string_view line = trim(body.substr(pos, eol - pos));
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc() || size == 0) break;
    pos = eol + 1;
    if (size > body.size() - pos) size = body.size() - pos;
    out.append(body.substr(pos, size));
    pos += size;
    while (pos < body.size() && (body[pos] == '\r' || body[pos] == '\n')) ++pos;
  }
  return out;
}

}  // namespace

Status read_warc(std::string_view data,
                 const std::function<void(const WarcRecord&)>& on_record) {
  size_t pos = 0;
  size_t index = 0;
  while (true) {
    while (pos < data.size() && is_ascii_space(data[pos])) ++pos;  // record separators
    if (pos >= data.size()) return Status::ok();
    size_t record_start = pos;
    std::string version;
    WarcRecord rec;
    rec.index = index;
    if (!read_header_block(data, pos, rec.headers, &version) || !is_warc(version)) {
      return Status(ErrorCode::kMalformedWarc,
                    fmt::format("record {} at byte {}: no WARC/1.x header block", index,
                                record_start));
    }
    auto len_it = rec.headers.find("content-length");
    size_t length = 0;
    if (len_it == rec.headers.end() ||
        std::from_chars(len_it->second.data(), len_it->second.data() + len_it->second.size(),
                        length)
                .ec != std::errc()) {
      return Status(ErrorCode::kMalformedWarc,
                    fmt::format("record {} at byte {}: missing or bad Content-Length", index,
                                record_start));
    }
    if (length > data.size() - pos) {
      return Status(ErrorCode::kMalformedWarc,
                    fmt::format("record {} at byte {}: Content-Length {} runs past the end of "
                                "the file ({} bytes left)",
                                index, record_start, length, data.size() - pos));
    }
    std::string_view block = data.substr(pos, length);
    pos += length;
    rec.type = ascii_lower(rec.headers["warc-type"]);
    rec.target_uri = rec.headers["warc-target-uri"];
    if (!rec.target_uri.empty() && rec.target_uri.front() == '<' && rec.target_uri.back() == '>') {
      rec.target_uri = rec.target_uri.substr(1, rec.target_uri.size() - 2);
    }
    rec.date = rec.headers["warc-date"];
    ++index;
    if (rec.type == "response") {
      std::map<std::string, std::string> http;
      std::string status_line;
      size_t p = 0;
      if (!istarts_with(block, "HTTP/") || !read_header_block(block, p, http, &status_line)) {
        // Not an HTTP response (e.g. dns:): nothing to read as an article.
        continue;
      }
      size_t sp = status_line.find(' ');
      if (sp != std::string::npos) {
        std::from_chars(status_line.data() + sp + 1, status_line.data() + status_line.size(),
                        rec.http_status);
      }
      rec.content_type = http["content-type"];
      std::string_view body = block.substr(p);
      if (icontains(http["transfer-encoding"], "chunked")) {
        rec.payload = dechunk(body);
      } else {
        rec.payload.assign(body);
      }
      rec.content_encoding = ascii_lower(http["content-encoding"]);
      on_record(rec);
    } else if (rec.type == "resource") {
      rec.content_type = rec.headers["content-type"];
      rec.payload.assign(block);
      on_record(rec);
    }
  }
}

}  // namespace sitrep::ingest

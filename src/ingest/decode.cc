// Character decoding of input bytes (see decode.h).
#include "ingest/decode.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>

#include "core/text.h"

namespace sitrep::ingest {

std::string charset_from_content_type(std::string_view content_type) {
  std::string lower = ascii_lower(content_type);
  size_t p = lower.find("charset=");
  if (p == std::string::npos) return "";
  p += 8;
  while (p < lower.size() && (lower[p] == '"' || lower[p] == '\'' || lower[p] == ' ')) ++p;
  size_t e = p;
  while (e < lower.size() && (isalnum(static_cast<unsigned char>(lower[e])) || lower[e] == '-' ||
                              lower[e] == '_' || lower[e] == ':' || lower[e] == '.')) {
    ++e;
  }
  return lower.substr(p, e - p);
}

std::string charset_from_html_head(std::string_view html) {
  std::string_view head = html.substr(0, 4096);
  std::string lower = ascii_lower(head);
  size_t p = 0;
  while ((p = lower.find("<meta", p)) != std::string::npos) {
    size_t end = lower.find('>', p);
    if (end == std::string::npos) break;
    std::string_view tag(lower.data() + p, end - p);
    std::string cs = charset_from_content_type(tag);
    if (!cs.empty()) return cs;
    p = end;
  }
  return "";
}

namespace {

bool is_utf8_name(std::string_view cs) {
  return cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" || cs == "ascii";
}

}  // namespace

Result<std::string> decode_to_utf8(std::string bytes, bool is_html, std::string_view declared) {
  bool bom = bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
  std::string charset(declared);
  if (bom && !is_utf8_name(charset)) charset.clear();  // a BOM says UTF-8 whatever the page claims
  if (charset.empty() && is_html) charset = charset_from_html_head(bytes);
  if (!is_utf8_name(charset) && validate_utf8(bytes).is_ok() == false) {
    // A legacy charset, and the bytes are not already UTF-8: convert.
    UErrorCode err = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset.c_str(), &err);
    if (U_FAILURE(err)) {
      return Status(ErrorCode::kBadEncoding, fmt::format("charset \"{}\" is unknown", charset));
    }
    ucnv_close(conv);
    std::string out(bytes.size() * 3 + 16, '\0');
    err = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()),
                             bytes.data(), static_cast<int32_t>(bytes.size()), &err);
    if (U_FAILURE(err)) {
      return Status(ErrorCode::kBadEncoding,
                    fmt::format("cannot convert from {}: {}", charset, u_errorName(err)));
    }
    out.resize(static_cast<size_t>(n));
    return out;
  }
  // Validated before the byte-order mark goes, so offsets count from the
  // start of the input.
  Status st = validate_utf8(bytes);
  if (!st.is_ok()) return st;
  if (bom) bytes.erase(0, 3);
  return bytes;
}

}  // namespace sitrep::ingest

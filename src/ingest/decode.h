// Turns the bytes of a page or text into UTF-8: strips a byte-order mark,
// converts a declared legacy charset (HTTP header or <meta charset>) with
// ICU, and rejects undeclared invalid UTF-8.
#pragma once

#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::ingest {

// `declared` is a charset named outside the bytes (an HTTP Content-Type),
// or empty. For HTML the page's own <meta> is consulted too.
Result<std::string> decode_to_utf8(std::string bytes, bool is_html, std::string_view declared);

// The charset named by a Content-Type value or an HTML head, lower-cased, or "".
std::string charset_from_content_type(std::string_view content_type);
std::string charset_from_html_head(std::string_view html);

}  // namespace sitrep::ingest

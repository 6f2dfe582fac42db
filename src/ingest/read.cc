// Ingest: paths -> raw Documents (see sitrep/ingest.h). Sniffs each input's
// container (gzip, WARC, JSON Lines) and content (HTML or text), decodes it
// to UTF-8 and assigns stable ids.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "ingest/decode.h"
#include "ingest/gzip.h"
#include "ingest/warc.h"
#include "sitrep/ingest.h"

namespace sitrep::ingest {
namespace fs = std::filesystem;
namespace {

struct Reader {
  const DocumentFn& on_document;
  const ErrorFn& on_error;
  const Limits& limits;
  size_t errors = 0;

  void fail(const std::string& origin, Status status) {
    ++errors;
    on_error(origin, status);
  }

  void read_file(const fs::path& path);
  void read_bytes(std::string_view name, std::string bytes);
  void read_jsonl(std::string_view name, std::string_view data);
  void read_warc_data(std::string_view name, std::string_view data, bool report_malformed);
  // Decodes `bytes` and emits a Document; `hints` carries container metadata.
  void emit(Document doc, std::string bytes, std::string_view declared_charset);
};

bool has_ext(std::string_view name, std::initializer_list<std::string_view> exts) {
  return std::any_of(exts.begin(), exts.end(), [&](auto e) { return iends_with(name, e); });
}

std::string_view strip_ext(std::string_view name, std::string_view ext) {
  return iends_with(name, ext) ? name.substr(0, name.size() - ext.size()) : name;
}

// File name without directories and known extensions: "a/b/x.html.gz" -> "x".
std::string id_from_name(std::string_view name) {
  std::string base = fs::path(std::string(name)).filename().string();
  std::string_view v = strip_ext(base, ".gz");
  for (auto ext : {".html", ".htm", ".xhtml", ".txt", ".text", ".warc", ".jsonl", ".ndjson"}) {
    if (iends_with(v, ext)) {
      v = strip_ext(v, ext);
      break;
    }
  }
  return std::string(v);
}

bool sniff_html(std::string_view bytes) {
  std::string_view head = trim(bytes.substr(0, 1024));
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head = trim(head.substr(3));
  if (head.empty() || head[0] != '<') return false;
  for (auto tag : {"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<article",
                   "<div", "<p>", "<!--"}) {
    if (istarts_with(head, tag)) return true;
  }
  return icontains(bytes.substr(0, 4096), "<html") || icontains(bytes.substr(0, 4096), "<body");
}

bool sniff_jsonl(std::string_view bytes) {
  std::string_view head = trim(bytes.substr(0, 64));
  return !head.empty() && head[0] == '{';
}

// The longest line of `s` as (1-based line number, length) if over `limit`.
std::pair<size_t, size_t> long_line(std::string_view s, size_t limit) {
  size_t line = 1;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t eol = s.find('\n', pos);
    if (eol == std::string_view::npos) eol = s.size();
    if (eol - pos > limit) return {line, eol - pos};
    pos = eol + 1;
    ++line;
  }
  return {0, 0};
}

std::string json_string(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

void Reader::emit(Document doc, std::string bytes, std::string_view declared_charset) {
  if (trim(bytes).empty()) {
    fail(doc.origin, Status(ErrorCode::kEmptyInput, "no content"));
    return;
  }
  if (bytes.size() > limits.max_document_bytes) {
    fail(doc.origin, Status(ErrorCode::kTooLarge,
                            fmt::format("document is {:.1f} MiB (limit {} MiB)",
                                        bytes.size() / 1048576.0, limits.max_document_bytes >> 20)));
    return;
  }
  if (looks_binary(bytes)) {
    fail(doc.origin, Status(ErrorCode::kBinaryInput, "not text or HTML (NUL or control bytes)"));
    return;
  }
  auto decoded = decode_to_utf8(std::move(bytes), doc.kind == ContentKind::kHtml, declared_charset);
  if (!decoded.ok()) {
    fail(doc.origin, decoded.status());
    return;
  }
  if (doc.kind == ContentKind::kText) {
    auto [line, len] = long_line(*decoded, limits.max_line_bytes);
    if (line != 0) {
      fail(doc.origin, Status(ErrorCode::kLineTooLong,
                              fmt::format("line {} is {:.1f} MiB long (limit {} MiB)", line,
                                          len / 1048576.0, limits.max_line_bytes >> 20)));
      return;
    }
  }
  doc.raw = std::move(decoded).value();
  if (doc.id.empty()) doc.id = hash_hex(doc.raw);
  on_document(std::move(doc));
}

void Reader::read_jsonl(std::string_view name, std::string_view data) {
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    if (eol == std::string_view::npos) eol = data.size();
    std::string_view line = trim(data.substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (line.empty()) continue;
    std::string origin = fmt::format("{}:{}", name, line_no);
    if (line.size() > limits.max_document_bytes) {
      fail(origin, Status(ErrorCode::kTooLarge,
                          fmt::format("line is {:.1f} MiB (limit {} MiB)", line.size() / 1048576.0,
                                      limits.max_document_bytes >> 20)));
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      // Re-parse with exceptions to get the position of the problem.
      std::string why = "not a JSON object";
      try {
        auto ignored = nlohmann::json::parse(line);
        (void)ignored;
      } catch (const nlohmann::json::parse_error& e) {
        why = fmt::format("{} (byte {})", e.what(), e.byte);
        if (auto p = why.find("parse error at "); p != std::string::npos) why = why.substr(p);
      }
      fail(origin, Status(ErrorCode::kMalformedJson, why));
      continue;
    }
    Document doc;
    doc.origin = origin;
    doc.id = json_string(j, "id");
    doc.url = json_string(j, "url");
    doc.title = json_string(j, "title");
    doc.published = json_string(j, "published");
    doc.source = json_string(j, "source");
    std::string html = json_string(j, "html");
    std::string text = json_string(j, "text");
    if (!html.empty()) {
      doc.kind = ContentKind::kHtml;
      emit(std::move(doc), std::move(html), "utf-8");
    } else if (!text.empty()) {
      doc.kind = ContentKind::kText;
      emit(std::move(doc), std::move(text), "utf-8");
    } else {
      fail(origin, Status(ErrorCode::kMissingField, "neither \"text\" nor \"html\" is given"));
    }
  }
}

void Reader::read_warc_data(std::string_view name, std::string_view data, bool report_malformed) {
  Status st = read_warc(data, [&](const WarcRecord& rec) {
    std::string origin = fmt::format("{}#{}", name, rec.index);
    std::string ctype = ascii_lower(rec.content_type);
    bool html = ctype.empty() || icontains(ctype, "html");
    bool text = icontains(ctype, "text/plain");
    if (!html && !text) return;  // images, scripts, styles: not articles
    if (rec.http_status != 0 && (rec.http_status < 200 || rec.http_status >= 300)) return;
    std::string payload = rec.payload;
    if (rec.content_encoding == "gzip" || rec.content_encoding == "x-gzip") {
      Gunzipped g = gunzip(payload, limits.max_document_bytes);
      if (!g.status.is_ok()) {
        fail(origin, g.status);
        return;
      }
      payload = std::move(g.data);
    }
    Document doc;
    doc.origin = origin;
    doc.url = rec.target_uri;
    doc.kind = (text && !sniff_html(payload)) ? ContentKind::kText : ContentKind::kHtml;
    // A record's id follows its URL, so a re-crawl of a page keeps its id.
    doc.id = rec.target_uri.empty() ? "" : "u" + hash_hex(rec.target_uri);
    emit(std::move(doc), std::move(payload), charset_from_content_type(rec.content_type));
  });
  if (!st.is_ok() && report_malformed) fail(std::string(name), st);
}

void Reader::read_bytes(std::string_view name, std::string bytes) {
  std::string origin(name);
  if (bytes.empty()) {
    fail(origin, Status(ErrorCode::kEmptyInput, "file is empty"));
    return;
  }
  std::string_view inner_name = name;
  Status gzip_status;
  if (is_gzip(bytes)) {
    Gunzipped g = gunzip(bytes, limits.max_file_bytes);
    inner_name = strip_ext(name, ".gz");
    bytes = std::move(g.data);
    gzip_status = g.status;
    // A damaged WARC.gz still yields the records before the damage; any other
    // damaged gzip is not trusted at all.
    bool warc = has_ext(inner_name, {".warc"}) || is_warc(bytes);
    if (!gzip_status.is_ok() && !warc) {
      fail(origin, gzip_status);
      return;
    }
    if (bytes.empty() && gzip_status.is_ok()) {
      fail(origin, Status(ErrorCode::kEmptyInput, "decompresses to nothing"));
      return;
    }
  }
  if (has_ext(inner_name, {".warc"}) || is_warc(bytes)) {
    // In a damaged WARC.gz the last record is cut short by the damage: the
    // gzip error below is the one report for it.
    read_warc_data(name, bytes, /*report_malformed=*/gzip_status.is_ok());
  } else if (has_ext(inner_name, {".jsonl", ".ndjson"}) ||
             (!has_ext(inner_name, {".html", ".htm", ".txt"}) && sniff_jsonl(bytes))) {
    if (looks_binary(bytes)) {
      fail(origin, Status(ErrorCode::kBinaryInput, "not JSON Lines (NUL or control bytes)"));
    } else {
      read_jsonl(name, bytes);
    }
  } else {
    Document doc;
    doc.origin = origin;
    doc.kind = has_ext(inner_name, {".html", ".htm", ".xhtml"}) || sniff_html(bytes)
                   ? ContentKind::kHtml
                   : ContentKind::kText;
    if (name != "-") doc.id = id_from_name(name);
    emit(std::move(doc), std::move(bytes), "");
  }
  if (!gzip_status.is_ok()) fail(origin, gzip_status);
}

void Reader::read_file(const fs::path& path) {
  std::string name = path.string();
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    fail(name, Status(ErrorCode::kIoError, ec.message()));
    return;
  }
  if (size > limits.max_file_bytes) {
    fail(name, Status(ErrorCode::kTooLarge, fmt::format("file is {} MiB (limit {} MiB)",
                                                        size >> 20, limits.max_file_bytes >> 20)));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail(name, Status(ErrorCode::kIoError, "cannot open for reading"));
    return;
  }
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<size_t>(in.gcount()) != size) {
    fail(name, Status(ErrorCode::kIoError, "short read"));
    return;
  }
  read_bytes(name, std::move(bytes));
}

}  // namespace

size_t read_buffer(std::string_view name, std::string bytes, const DocumentFn& on_document,
                   const ErrorFn& on_error, const Limits& limits) {
  Reader r{on_document, on_error, limits};
  r.read_bytes(name, std::move(bytes));
  return r.errors;
}

size_t read_paths(const std::vector<std::string>& paths, const DocumentFn& on_document,
                  const ErrorFn& on_error, const Limits& limits) {
  Reader r{on_document, on_error, limits};
  for (const std::string& p : paths) {
    if (p == "-") {
      std::string bytes((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
      r.read_bytes("-", std::move(bytes));
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      r.fail(p, Status(ErrorCode::kNotFound, "no such file or directory"));
      continue;
    }
    if (fs::is_directory(st)) {
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string fname = it->path().filename().string();
        if (!fname.empty() && fname[0] == '.') {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
      }
      if (ec) r.fail(p, Status(ErrorCode::kIoError, ec.message()));
      std::sort(files.begin(), files.end());
      for (const auto& f : files) r.read_file(f);
    } else {
      r.read_file(p);
    }
  }
  return r.errors;
}

}  // namespace sitrep::ingest

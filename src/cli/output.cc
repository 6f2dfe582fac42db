// Command-line output helpers (see output.h).
#include "cli/output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "core/text.h"
#include "sitrep/ingest.h"

namespace sitrep::cli {

Format resolve_format(Format f) {
  if (f != Format::kAuto) return f;
  return isatty(STDOUT_FILENO) ? Format::kTable : Format::kJsonl;
}

void report_error(std::string_view origin, const Status& status) {
  fmt::print(stderr, "sitrep: {}: {}\n", origin, status.to_string());
}

std::string ellipsize(std::string_view s, size_t width) {
  std::string out;
  size_t i = 0;
  size_t n = 0;
  while (i < s.size()) {
    size_t start = i;
    char32_t cp = next_code_point(s, i);
    if (cp == '\n' || cp == '\t') cp = ' ';
    if (width != 0 && n + 1 == width && i < s.size()) {
      out += "\xE2\x80\xA6";
      return out;
    }
    if (cp == ' ') {
      out += ' ';
    } else {
      out.append(s.substr(start, i - start));
    }
    ++n;
  }
  return out;
}

namespace {

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

void print_table(const std::vector<std::string>& header, const std::vector<size_t>& widths,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(header);
  for (const auto& r : rows) {
    std::vector<std::string> c;
    for (size_t i = 0; i < r.size(); ++i)
      c.push_back(ellipsize(r[i], i < widths.size() ? widths[i] : 0));
    cells.push_back(std::move(c));
  }
  std::vector<size_t> w(header.size(), 0);
  for (const auto& r : cells) {
    for (size_t i = 0; i < r.size() && i < w.size(); ++i)
      w[i] = std::max(w[i], display_width(r[i]));
  }
  for (size_t row = 0; row < cells.size(); ++row) {
    std::string line;
    for (size_t i = 0; i < cells[row].size(); ++i) {
      const std::string& c = cells[row][i];
      line += c;
      if (i + 1 < cells[row].size()) line.append(w[i] - display_width(c) + 2, ' ');
    }
    fmt::print("{}\n", line);
    if (row == 0) {
      std::string rule;
      for (size_t i = 0; i < w.size(); ++i) rule.append(w[i] + (i + 1 < w.size() ? 2 : 0), '-');
      fmt::print("{}\n", rule);
    }
  }
}

size_t for_each_clean_document(const std::vector<std::string>& paths, const clean::Options& options,
                               const std::function<void(Document&)>& fn) {
  size_t rejected = 0;  // read but refused by clean (no article text, ...)
  size_t unreadable = ingest::read_paths(
      paths,
      [&](Document doc) {
        Status st = clean::clean(doc, options);
        if (!st.is_ok()) {
          report_error(doc.origin, st);
          ++rejected;
          return;
        }
        fn(doc);
      },
      [&](const std::string& origin, const Status& st) { report_error(origin, st); });
  return unreadable + rejected;
}

}  // namespace sitrep::cli

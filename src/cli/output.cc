// Command-line output helpers (see output.h).
#include "cli/output.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

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
                               const std::function<void(Document&)>& fn,
                               const std::function<bool(const Document&)>& skip) {
  size_t rejected = 0;  // read but refused by clean (no article text, ...)
  size_t unreadable = ingest::read_paths(
      paths,
      [&](Document doc) {
        if (skip && skip(doc)) return;
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

std::unique_ptr<store::Store> open_store(const std::string& path, bool create) {
  auto s = store::Store::open(path, create);
  if (!s) {
    report_failure(s.status());
    return nullptr;
  }
  return std::move(*s);
}

std::string pick_format(const std::string& given, const char* tty) {
  if (!given.empty()) return given;
  return resolve_format(Format::kAuto) == Format::kTable ? tty : "jsonl";
}

int report_failure(const Status& status) {
  fmt::print(stderr, "sitrep: {}\n", status.to_string());
  return status.code() == ErrorCode::kNotFound ? 1 : 2;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

using ojson = nlohmann::ordered_json;

std::string field(const ojson& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string toll_cell(const ojson& t) {
  if (!t.is_object()) return "";
  std::string mn = field(t, "min"), mx = field(t, "max");
  if (!mn.empty() && mn == mx) return mn;
  if (!mn.empty()) return mx.empty() ? mn + "+" : mn + "-" + mx;
  return mx.empty() ? "" : "<=" + mx;
}

std::string groups_cell(const ojson& rec) {
  std::string out;
  for (const ojson& p : rec["perpetrators"])
    if (field(p, "kind") == "organization") {
      std::string name = field(p, "entity").empty() ? field(p, "text") : field(p, "entity");
      out += (out.empty() ? "" : "; ") + name;
    }
  return out;
}

}  // namespace

std::vector<std::string> event_row(std::string_view record) {
  ojson rec = ojson::parse(record, nullptr, false);
  if (!rec.is_object()) return {};
  const ojson& loc = rec["location"];
  const ojson& date = rec["date"];
  std::string place = loc.is_object() ? (field(loc, "city").empty() ? field(loc, "text") : field(loc, "city")) : "";
  return {field(rec, "id"),
          date.is_object() ? field(date, "start") : "",
          field(rec, "type"),
          field(rec, "attack_type"),
          place,
          loc.is_object() ? field(loc, "country") : "",
          groups_cell(rec),
          toll_cell(rec["killed"]),
          toll_cell(rec["injured"]),
          std::to_string(rec["sources"].size()),
          loc.is_object() ? field(loc, "lat") : "",
          loc.is_object() ? field(loc, "lon") : ""};
}

}  // namespace sitrep::cli

#include "eval/muc4_docs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace sitrep::eval {

namespace fs = std::filesystem;

namespace {

// "DEV-MUC3-0001 (NOSC)", "TST1-MUC3-0001": a message id line.
bool message_id_line(std::string_view line, std::string& id) {
  size_t sp = line.find(' ');
  std::string_view word = line.substr(0, sp);
  size_t muc = word.find("-MUC");
  if (muc == std::string_view::npos || muc == 0 || word.size() < muc + 10) return false;
  std::string_view num = word.substr(word.size() - 4);
  if (word[word.size() - 5] != '-' || !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  id = std::string(word);
  return true;
}

}  // namespace

std::string muc4_dateline_date(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  std::vector<std::string_view> w;
  for (std::string_view p : split(trim(text), ' '))
    if (!p.empty()) w.push_back(p);
  if (w.size() != 3) return "";
  auto number = [](std::string_view s, int& out) {
    if (s.empty() || s.size() > 2) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int day = 0, year = 0;
  if (!number(w[0], day) || !number(w[2], year) || day < 1 || day > 31) return "";
  for (int m = 0; m < 12; ++m)
    if (iequals(w[1], kMonths[m])) return fmt::format("{:04}-{:02}-{:02}", 1900 + year, m + 1, day);
  return "";
}

std::vector<Document> parse_muc4_messages(std::string_view text, std::string_view origin) {
  std::vector<Document> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    std::string id;
    if (message_id_line(line, id)) {
      Document d;
      d.id = id;
      d.origin = fmt::format("{}#{}", origin, id);
      out.push_back(std::move(d));
    } else if (!out.empty()) {
      out.back().raw.append(line);
      out.back().raw.push_back('\n');
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  for (Document& d : out) {
    d.raw = std::string(trim(d.raw)) + "\n";
    // Dateline: "PLACE, D MON YY (SOURCE) -- [TEXT] ..."
    size_t dash = d.raw.find(" -- ");
    std::string_view head = std::string_view(d.raw).substr(0, dash == std::string::npos ? 0 : dash);
    size_t comma = head.find(',');
    if (comma != std::string_view::npos) {
      std::string_view rest = head.substr(comma + 1);
      size_t paren = rest.find('(');
      d.published = muc4_dateline_date(rest.substr(0, paren));
      if (paren != std::string_view::npos) {
        size_t close = rest.find(')', paren);
        if (close != std::string_view::npos) d.source = std::string(rest.substr(paren + 1, close - paren - 1));
      }
      d.title = fmt::format("{}: {}", d.id, trim(head.substr(0, comma)));
    }
    d.kind = ContentKind::kText;
  }
  return out;
}

Result<std::vector<Document>> read_muc4_messages(const std::string& data_dir, const std::string& split) {
  fs::path raw = fs::path(data_dir) / "muc4" / "raw";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const char* sub : {"train", "dev"}) {
    if (split != "all" && split != sub) continue;
    if (!fs::is_directory(raw / sub)) return Status(ErrorCode::kNotFound, (raw / sub).string() + ": MUC-4 raw texts not found");
    for (const auto& e : fs::directory_iterator(raw / sub, ec))
      if (e.is_regular_file() && e.path().filename().string().rfind("key", 0) != 0) files.push_back(e.path());
  }
  if (files.empty()) return Status(ErrorCode::kInvalidArgument, "unknown split `" + split + "` (train, dev, all)");
  std::sort(files.begin(), files.end());
  std::vector<Document> out;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return Status(ErrorCode::kIoError, f.string() + ": cannot read");
    for (Document& d : parse_muc4_messages(ss.str(), f.filename().string())) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sitrep::eval

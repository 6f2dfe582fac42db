// Boilerplate-removal evaluation (see bodies.h).
#include "eval/bodies.h"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "core/text.h"
#include "sitrep/clean.h"
#include "sitrep/ingest.h"

namespace sitrep::eval {
namespace fs = std::filesystem;

std::vector<std::string_view> word_tokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  size_t start = std::string_view::npos;
  while (i < text.size()) {
    size_t at = i;
    char32_t cp = next_code_point(text, i);
    bool word = cp == '_' || u_isalnum(static_cast<UChar32>(cp)) ||
                (U_GET_GC_MASK(static_cast<UChar32>(cp)) & U_GC_M_MASK) != 0;
    if (word && start == std::string_view::npos) start = at;
    if (!word && start != std::string_view::npos) {
      out.push_back(text.substr(start, at - start));
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back(text.substr(start));
  return out;
}

namespace {

std::unordered_map<std::string, int> shingles(std::string_view text) {
  std::vector<std::string_view> t = word_tokens(text);
  std::unordered_map<std::string, int> out;
  constexpr size_t kN = 4;
  if (t.empty()) return out;
  if (t.size() < kN) {
    std::string s;
    for (auto w : t) (s += w) += ' ';
    ++out[s];
    return out;
  }
  for (size_t i = 0; i + kN <= t.size(); ++i) {
    std::string s;
    for (size_t k = 0; k < kN; ++k) (s += t[i + k]) += ' ';
    ++out[s];
  }
  return out;
}

}  // namespace

ShingleCounts shingle_counts(std::string_view predicted, std::string_view truth) {
  auto p = shingles(predicted);
  auto t = shingles(truth);
  ShingleCounts c;
  for (const auto& [s, n] : p) {
    auto it = t.find(s);
    int m = it == t.end() ? 0 : std::min(n, it->second);
    c.tp += m;
    c.fp += n - m;
  }
  for (const auto& [s, n] : t) {
    auto it = p.find(s);
    int m = it == p.end() ? 0 : std::min(n, it->second);
    c.fn += n - m;
  }
  return c;
}

Result<BodiesReport> eval_bodies(const std::string& dir) {
  fs::path truth_path = fs::path(dir) / "ground-truth.json";
  fs::path html_dir = fs::path(dir) / "html";
  if (!fs::exists(truth_path) || !fs::is_directory(html_dir)) {
    return Status(ErrorCode::kNotFound, fmt::format("{} has no ground-truth.json and html/", dir));
  }
  std::ifstream in(truth_path);
  nlohmann::json truth = nlohmann::json::parse(in, nullptr, false);
  if (truth.is_discarded()) {
    return Status(ErrorCode::kMalformedJson, truth_path.string());
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(html_dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());

  BodiesReport report;
  double seconds = 0;
  for (const fs::path& f : files) {
    std::string name = f.filename().string();
    std::string id = name.substr(0, name.find('.'));
    auto it = truth.find(id);
    if (it == truth.end()) continue;
    std::string expected = (*it)["articleBody"].get<std::string>();
    std::ifstream fin(f, std::ios::binary);
    std::stringstream ss;
    ss << fin.rdbuf();
    PageScore score;
    score.id = id;
    std::string body;
    auto t0 = std::chrono::steady_clock::now();
    ingest::read_buffer(
        f.string(), ss.str(),
        [&](Document doc) {
          report.html_bytes += doc.raw.size();
          Status st = clean::clean(doc);
          if (!st.is_ok()) score.error = st.to_string();
          body = std::move(doc.body);
        },
        [&](const std::string&, const Status& st) { score.error = st.to_string(); });
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ShingleCounts c = shingle_counts(body, expected);
    score.precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : (c.fn == 0 ? 1 : 0);
    score.recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : (c.fp == 0 ? 1 : 0);
    report.pages.push_back(score);
  }
  for (const auto& p : report.pages) {
    report.precision += p.precision;
    report.recall += p.recall;
  }
  if (!report.pages.empty()) {
    report.precision /= report.pages.size();
    report.recall /= report.pages.size();
  }
  double pr = report.precision + report.recall;
  report.f1 = pr > 0 ? 2 * report.precision * report.recall / pr : 0;
  report.seconds = seconds;
  return report;
}

}  // namespace sitrep::eval

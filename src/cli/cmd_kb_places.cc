// `sitrep kb places NAME`: place candidates for a name, best first, from the
// places knowledge base (src/kb/places.h), as a table or one JSON line.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "kb/places.h"

namespace sitrep::cli {
namespace {

nlohmann::json nullable(std::string_view s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(std::string(s));
}

// Scores are for ranking; two decimals are all a reader can use.
double round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

int run_kb_places(const KbArgs& args) {
  const kb::PlaceKb& kb = kb::PlaceKb::get();
  std::vector<kb::PlaceCandidate> found = kb.candidates(args.name, {}, args.limit);
  Format format = resolve_format(args.format == "jsonl"   ? Format::kJsonl
                                 : args.format == "table" ? Format::kTable
                                                          : Format::kAuto);
  if (format == Format::kJsonl) {
    nlohmann::json list = nlohmann::json::array();
    for (const kb::PlaceCandidate& c : found) {
      list.push_back({{"name", std::string(c.name)},
                      {"kind", std::string(kb::place_kind_name(c.place.kind))},
                      {"country", std::string(c.country)},
                      {"admin1", nullable(c.admin1)},
                      {"lat", c.has_coordinates ? nlohmann::json(c.lat) : nlohmann::json(nullptr)},
                      {"lon", c.has_coordinates ? nlohmann::json(c.lon) : nlohmann::json(nullptr)},
                      {"population", c.population ? nlohmann::json(c.population) : nlohmann::json(nullptr)},
                      {"score", round2(c.score)}});
    }
    nlohmann::json j = {{"query", args.name}, {"candidates", list}};
    fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return 0;
  }
  if (found.empty()) {
    fmt::print("no place named \"{}\"\n", args.name);
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const kb::PlaceCandidate& c : found) {
    rows.push_back({std::string(c.name), std::string(kb::place_kind_name(c.place.kind)),
                    std::string(c.country), std::string(c.admin1),
                    c.has_coordinates ? fmt::format("{:.4f}, {:.4f}", c.lat, c.lon) : "",
                    c.population ? fmt::format("{}", c.population) : "",
                    fmt::format("{:.2f}", c.score),
                    c.alternate ? std::string(c.matched) : ""});
  }
  print_table({"name", "kind", "country", "admin1", "lat, lon", "population", "score", "via alternate"},
              {32, 0, 0, 28, 0, 0, 0, 28}, rows);
  return 0;
}

}  // namespace sitrep::cli

// Golden files for extract: each tests/golden/extract/<name>.json gives a
// document and the events it must (and must not) yield. Adding a case is
// adding a file. A case reads its document from
//   "input": "samples/..."          a file of the repository,
//   "input": "data:seeds/003_...",  a file of ../shared/data (skipped when absent),
//   or "text" (+ optional "title", "published") inline.
// "events" lists expected events; each matches when some extracted event has
// the same type and every field the expectation names:
//   attack_type, status, date (the start, ISO), date_end, country, city,
//   place (the location's text as the document writes it),
//   group (a perpetrator's canonical name or text), killed_min, killed_max,
//   injured_min, suicide, reporter (a reported_by text containing it),
//   victim / target / weapon (an entity text containing it).
// "forbid" lists events that must not appear (same fields; type required),
// "max_events" bounds the number of events, "no_events": true demands none.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sitrep/sitrep.h"
#include "support/paths.h"

namespace sitrep {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> golden_files() {
  std::vector<std::string> out;
  fs::path dir = testing::source_dir() / "tests/golden/extract";
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

bool contains_text(const std::vector<Entity>& list, const std::string& want) {
  for (const Entity& x : list) {
    if (x.text.find(want) != std::string::npos || x.entity == want) return true;
    for (const auto& m : x.mentions)
      if (m.find(want) != std::string::npos) return true;
  }
  return false;
}

// Empty when `e` satisfies every field of `want`, else what differs.
std::string mismatch(const Event& e, const nlohmann::json& want) {
  auto str = [&](const char* k) { return want[k].get<std::string>(); };
  auto num = [&](const char* k) { return want[k].get<int64_t>(); };
  if (want.contains("type") && e.type != str("type")) return "type " + e.type;
  if (want.contains("attack_type") && e.attack_type != str("attack_type")) return "attack_type " + e.attack_type;
  if (want.contains("status") && e.status != str("status")) return "status " + e.status;
  if (want.contains("date") && e.date.start != str("date")) return "date " + e.date.start;
  if (want.contains("date_end") && e.date.end != str("date_end")) return "date_end " + e.date.end;
  if (want.contains("country") && e.location.country != str("country")) return "country " + e.location.country;
  if (want.contains("city") && e.location.city != str("city")) return "city " + e.location.city;
  if (want.contains("place") && e.location.text != str("place")) return "place " + e.location.text;
  if (want.contains("group")) {
    bool ok = false;
    for (const Entity& p : e.perpetrators) ok = ok || p.entity == str("group") || p.text == str("group");
    if (!ok) return "group";
  }
  if (want.contains("killed_min") && e.killed.min != num("killed_min")) return fmt::format("killed_min {}", e.killed.min);
  if (want.contains("killed_max") && e.killed.max != num("killed_max")) return fmt::format("killed_max {}", e.killed.max);
  if (want.contains("injured_min") && e.injured.min != num("injured_min")) return fmt::format("injured_min {}", e.injured.min);
  if (want.contains("suicide") && e.suicide != want["suicide"].get<bool>()) return "suicide";
  if (want.contains("reporter")) {
    bool ok = false;
    for (const Reporter& r : e.reported_by) ok = ok || r.text.find(str("reporter")) != std::string::npos;
    if (!ok) return "reporter";
  }
  if (want.contains("victim") && !contains_text(e.victims, str("victim"))) return "victim";
  if (want.contains("target") && !contains_text(e.targets, str("target"))) return "target";
  if (want.contains("weapon") && !contains_text(e.weapons, str("weapon"))) return "weapon";
  return "";
}

class GoldenExtract : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenExtract, MatchesExpectation) {
  fs::path file = testing::source_dir() / "tests/golden/extract" / GetParam();
  std::ifstream in(file);
  nlohmann::json g = nlohmann::json::parse(in);
  std::vector<Document> docs;
  if (g.contains("input")) {
    std::string input = g["input"].get<std::string>();
    fs::path path;
    if (input.rfind("data:", 0) == 0) {
      SITREP_REQUIRE_DATA(input.substr(5));
      path = testing::data_dir() / input.substr(5);
    } else {
      path = testing::source_dir() / input;
    }
    ingest::read_paths({path.string()}, [&](Document d) { docs.push_back(std::move(d)); },
                       [](const std::string&, const Status&) {});
    ASSERT_EQ(docs.size(), 1u) << "expected one document in " << path;
    ASSERT_TRUE(clean::clean(docs[0]).is_ok());
  } else {
    Document d;
    d.id = GetParam();
    d.title = g.value("title", "");
    d.published = g.value("published", "");
    d.body = g.at("text").get<std::string>();
    docs.push_back(std::move(d));
  }
  std::vector<Event> events = extract::extract(docs[0]);
  std::string got;
  for (const Event& e : events) got += extract::to_json(e) + "\n";
  for (const auto& want : g.value("events", nlohmann::json::array())) {
    std::string closest;
    bool ok = false;
    for (const Event& e : events) {
      std::string m = mismatch(e, want);
      if (m.empty()) ok = true;
      else if (e.type == want.value("type", e.type)) closest += " [" + m + "]";
    }
    EXPECT_TRUE(ok) << "missing " << want.dump() << "; same-type events differ in:" << closest
                    << "\nextracted:\n" << got;
  }
  for (const auto& bad : g.value("forbid", nlohmann::json::array()))
    for (const Event& e : events)
      EXPECT_FALSE(mismatch(e, bad).empty()) << "forbidden " << bad.dump() << "\nextracted:\n" << got;
  if (g.value("no_events", false)) EXPECT_TRUE(events.empty()) << "extracted:\n" << got;
  if (g.contains("max_events"))
    EXPECT_LE(events.size(), g["max_events"].get<size_t>()) << "extracted:\n" << got;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenExtract, ::testing::ValuesIn(golden_files()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenExtract);

}  // namespace
}  // namespace sitrep

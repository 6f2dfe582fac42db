// Golden files for clean: each tests/golden/clean/<name>.json names a sample
// input and what its cleaned record must hold (title, date, language, body
// phrases kept and boilerplate dropped). Adding a case is adding a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sitrep/sitrep.h"
#include "support/paths.h"

namespace sitrep {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> golden_files() {
  std::vector<std::string> out;
  fs::path dir = testing::source_dir() / "tests/golden/clean";
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class GoldenClean : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenClean, MatchesExpectation) {
  fs::path file = testing::source_dir() / "tests/golden/clean" / GetParam();
  std::ifstream in(file);
  nlohmann::json g = nlohmann::json::parse(in);
  std::string input = (testing::source_dir() / g.at("input").get<std::string>()).string();
  std::string want_id = g.value("id", "");
  std::string want_url = g.value("url", "");
  std::optional<Document> found;
  ingest::read_paths(
      {input},
      [&](Document d) {
        if ((!want_id.empty() && d.id == want_id) || (!want_url.empty() && d.url == want_url)) {
          found = std::move(d);
        }
      },
      [](const std::string&, const Status&) {});
  ASSERT_TRUE(found.has_value()) << "no document " << want_id << want_url << " in " << input;
  Document& d = *found;
  ASSERT_TRUE(clean::clean(d).is_ok());
  if (g.contains("title")) {
    EXPECT_EQ(d.title, g["title"].get<std::string>());
  }
  if (g.contains("published")) {
    EXPECT_EQ(d.published, g["published"].is_null() ? "" : g["published"].get<std::string>());
  }
  if (g.contains("lang")) {
    EXPECT_EQ(d.lang, g["lang"].get<std::string>());
  }
  for (const auto& p : g.value("must_contain", nlohmann::json::array())) {
    EXPECT_NE(d.body.find(p.get<std::string>()), std::string::npos) << "lost: " << p;
  }
  for (const auto& p : g.value("must_not_contain", nlohmann::json::array())) {
    EXPECT_EQ(d.body.find(p.get<std::string>()), std::string::npos) << "kept: " << p;
  }
}

std::string case_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, GoldenClean, ::testing::ValuesIn(golden_files()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenClean);

}  // namespace
}  // namespace sitrep

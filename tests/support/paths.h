// Where tests find the repository's files and the shared corpora.
#pragma once

#include <filesystem>
#include <string>

namespace sitrep::testing {

inline std::filesystem::path source_dir() { return SITREP_SOURCE_DIR; }

// The shared corpora (../shared/data), or SITREP_DATA from the environment.
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("SITREP_DATA")) return env;
  return SITREP_DATA_DIR;
}

inline bool have_data(const std::string& sub) {
  return std::filesystem::exists(data_dir() / sub);
}

}  // namespace sitrep::testing

// Skips the current test with a clear message when a shared corpus is absent.
#define SITREP_REQUIRE_DATA(sub)                                                          \
  if (!::sitrep::testing::have_data(sub)) {                                               \
    GTEST_SKIP() << "shared corpus " << (::sitrep::testing::data_dir() / (sub)).string() \
                 << " is absent; skipping";                                               \
  }

// Test fixtures: a temporary folder removed on destruction, gzip data made
// with zlib, and a short article in text and HTML.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace sitrep::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "sitrep-test") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to the relative path `rel` (creating folders); returns the full path.
  std::string write(const std::string& rel, std::string_view bytes) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// One gzip member holding `data`.
inline std::string gzip(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(
      deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// A short, clean news article as plain text (first line the title) and as HTML.
inline constexpr char kArticle[] =
    "Gunmen kill twelve in attack on northern market\n"
    "\n"
    "At least twelve people were killed on Tuesday when gunmen opened fire on a crowded market "
    "in the northern town of Kaya, police said.\n"
    "\n"
    "Witnesses said the attackers arrived on motorcycles shortly after noon and fired at "
    "traders and shoppers for several minutes before fleeing into the bush.\n"
    "\n"
    "No group has claimed responsibility for the attack, which came a week after a similar "
    "assault on a nearby village left five people dead.\n";

inline constexpr char kArticleHtml[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Gunmen kill twelve</title>"
    "</head><body><article><h1>Gunmen kill twelve</h1>"
    "<p>At least twelve people were killed on Tuesday when gunmen opened fire on a crowded "
    "market in the northern town of Kaya, police said.</p>"
    "<p>Witnesses said the attackers arrived on motorcycles shortly after noon and fired at "
    "traders and shoppers for several minutes before fleeing into the bush.</p>"
    "</article></body></html>";

}  // namespace sitrep::testing

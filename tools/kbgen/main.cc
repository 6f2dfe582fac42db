// sitrep-kbgen: command-line front of the group-table generator (kbgen.h).
//   sitrep-kbgen --sources ../shared/data/kb-sources --out data/kb/groups.tsv
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "kbgen.h"

int main(int argc, char** argv) {
  sitrep::kbgen::Options options;
  options.iso_3166_json = "/usr/share/iso-codes/json/iso_3166-1.json";
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string* dst) {
      if (i + 1 >= argc) {
        fmt::print(stderr, "sitrep-kbgen: {} needs a value\n", a);
        std::exit(2);
      }
      *dst = argv[++i];
    };
    if (a == "--sources") {
      value(&options.sources_dir);
    } else if (a == "--out") {
      value(&out_path);
    } else if (a == "--iso-codes") {
      value(&options.iso_3166_json);
    } else {
      fmt::print(stderr,
                 "usage: sitrep-kbgen --sources DIR --out FILE|- [--iso-codes iso_3166-1.json]\n");
      return 2;
    }
  }
  if (options.sources_dir.empty() || out_path.empty()) {
    fmt::print(stderr, "sitrep-kbgen: --sources and --out are required\n");
    return 2;
  }
  std::string tsv, error;
  sitrep::kbgen::Stats stats;
  if (!sitrep::kbgen::generate(options, &tsv, &stats, &error)) {
    fmt::print(stderr, "sitrep-kbgen: {}\n", error);
    return 1;
  }
  if (out_path == "-") {
    std::fwrite(tsv.data(), 1, tsv.size(), stdout);
  } else {
    std::ofstream f(out_path, std::ios::binary);
    f << tsv;
    if (!f) {
      fmt::print(stderr, "sitrep-kbgen: {}: cannot write\n", out_path);
      return 1;
    }
  }
  fmt::print(stderr, "sitrep-kbgen: {} UN entities, {} OFAC entries -> {} groups\n",
             stats.un_entities, stats.ofac_entities, stats.groups);
  return 0;
}

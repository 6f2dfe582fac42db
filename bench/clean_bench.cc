// Clean-stage throughput, one core: MB/s of HTML (article-bodies pages) and
// of plain text (the seeds) through ingest + clean, plus the normaliser and
// the text classifier alone. Run: make bench (or build/sitrep_bench).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "clean/normalize.h"
#include "clean/text_body.h"
#include "ingest/gzip.h"
#include "sitrep/sitrep.h"

namespace fs = std::filesystem;

namespace {

fs::path data_dir() {
  if (const char* env = std::getenv("SITREP_DATA")) return env;
  return SITREP_DATA_DIR;
}

struct Input {
  std::string name;
  std::string bytes;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file of `dir` (decompressed when gzip).
std::vector<Input> load(const fs::path& dir) {
  std::vector<Input> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string bytes = slurp(e.path());
    std::string name = e.path().filename().string();
    if (sitrep::ingest::is_gzip(bytes)) {
      bytes = sitrep::ingest::gunzip(bytes, 1u << 30).data;
      name = name.substr(0, name.size() - 3);
    }
    out.push_back({name, std::move(bytes)});
  }
  std::sort(out.begin(), out.end(), [](const Input& a, const Input& b) { return a.name < b.name; });
  return out;
}

void run_clean(benchmark::State& state, const std::vector<Input>& inputs, const char* what) {
  if (inputs.empty()) {
    state.SkipWithError((std::string(what) + " is absent from the shared data").c_str());
    return;
  }
  size_t bytes = 0;
  for (const auto& in : inputs) bytes += in.bytes.size();
  for (auto _ : state) {
    for (const auto& in : inputs) {
      sitrep::ingest::read_buffer(
          in.name, in.bytes,
          [](sitrep::Document d) {
            (void)sitrep::clean::clean(d);
            benchmark::DoNotOptimize(d.body.data());
          },
          [](const std::string&, const sitrep::Status&) {});
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["docs"] = static_cast<double>(inputs.size());
}

void BM_CleanHtmlArticleBodies(benchmark::State& state) {
  static const auto inputs = load(data_dir() / "article-bodies/html");
  run_clean(state, inputs, "article-bodies/html");
}
BENCHMARK(BM_CleanHtmlArticleBodies)->Unit(benchmark::kMillisecond);

void BM_CleanTextSeeds(benchmark::State& state) {
  static const auto inputs = load(data_dir() / "seeds");
  run_clean(state, inputs, "seeds");
}
BENCHMARK(BM_CleanTextSeeds)->Unit(benchmark::kMicrosecond);

void BM_CleanSamples(benchmark::State& state) {
  static const auto inputs = [] {
    std::vector<Input> all;
    for (auto sub : {"text", "html"}) {
      auto part = load(fs::path(SITREP_SOURCE_DIR) / "samples" / sub);
      all.insert(all.end(), part.begin(), part.end());
    }
    return all;
  }();
  run_clean(state, inputs, "samples");
}
BENCHMARK(BM_CleanSamples)->Unit(benchmark::kMicrosecond);

void BM_NormalizeSeedText(benchmark::State& state) {
  static const auto inputs = load(data_dir() / "seeds");
  if (inputs.empty()) {
    state.SkipWithError("seeds are absent from the shared data");
    return;
  }
  std::string text;
  for (const auto& in : inputs) text += in.bytes;
  for (auto _ : state) {
    auto out = sitrep::clean::normalize_text(text);
    benchmark::DoNotOptimize(out.text().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_NormalizeSeedText)->Unit(benchmark::kMicrosecond);

void BM_TextClassifierSeeds(benchmark::State& state) {
  static const auto inputs = load(data_dir() / "seeds");
  if (inputs.empty()) {
    state.SkipWithError("seeds are absent from the shared data");
    return;
  }
  size_t bytes = 0;
  for (const auto& in : inputs) bytes += in.bytes.size();
  for (auto _ : state) {
    for (const auto& in : inputs) {
      auto page = sitrep::clean::extract_text(in.bytes);
      benchmark::DoNotOptimize(page.body.text().data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_TextClassifierSeeds)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

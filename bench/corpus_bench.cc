// End-to-end speed in words per CPU-second: every document goes through
// clean (body classifier, normalisation, look-alike folding) and extract
// (tokens, sentences, numbers, dates, KB mentions, role tagger, incidents),
// exactly as `sitrep extract` runs them.
//
//   BM_CorpusExtractMuc4     the MUC-4 train and dev texts (1,500 documents,
//                            field `doctext` of ../shared/data/muc4/pooled/)
//   BM_CorpusExtractSamples  the repository's own plain-text samples, read
//                            from disk with ingest::read_paths on every pass
//
// A word is a maximal run of bytes other than ASCII white space (space, tab,
// LF, VT, FF, CR) in the input text; bench/wink/words_per_second.mjs counts
// the same way so the two rates divide the same number. CPU time is the whole
// process's (MeasureProcessCPUTime), as process.cpuUsage() is on the node side.
// Loading the knowledge base and the role model happens once, before timing.
//
// Counters: words (rate: words per CPU-second), corpus_words (words in one
// pass), bytes_per_second, documents, events (found in one pass),
// clean_fallbacks (documents clean found no body in, see run_document) and
// peak_rss_mb (VmHWM; the high-water mark is reset when each benchmark
// starts, where the kernel allows it).
//
// Run: build/sitrep_bench --benchmark_filter=Corpus, or bench/speed.sh for
// the comparison with wink-nlp.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/sitrep.h"

namespace fs = std::filesystem;

namespace {

fs::path corpus_data_dir() {
  if (const char* env = std::getenv("SITREP_DATA")) return env;
  return SITREP_DATA_DIR;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool w = !is_ascii_space(c);
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

// VmHWM of /proc/self/status in MB, 0 when unreadable.
double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

// Writing 5 to clear_refs sets the high-water mark back to the current
// resident size (Linux 4.0 and later); silently nothing elsewhere.
void reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

struct Text {
  std::string id;
  std::string text;
};

struct Corpus {
  std::vector<Text> docs;
  size_t words = 0;
  size_t bytes = 0;
  std::string error;  // why it is empty
};

// The `doctext` of every record of the MUC-4 pooled train and dev splits.
Corpus load_muc4() {
  Corpus c;
  for (const char* split : {"train", "dev"}) {
    fs::path path = corpus_data_dir() / "muc4" / "pooled" / (std::string(split) + ".jsonl");
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      c.docs.clear();
      c.error = path.string() + " is absent (set SITREP_DATA to the shared data folder)";
      return c;
    }
    size_t line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object() || !j.contains("doctext") || !j["doctext"].is_string()) {
        c.docs.clear();
        c.error = path.string() + ":" + std::to_string(line_no) + " has no string `doctext`";
        return c;
      }
      Text t;
      if (j.contains("docid") && j["docid"].is_string()) t.id = j["docid"].get<std::string>();
      t.text = j["doctext"].get<std::string>();
      c.docs.push_back(std::move(t));
    }
  }
  for (const Text& t : c.docs) {
    c.words += count_words(t.text);
    c.bytes += t.text.size();
  }
  if (c.docs.empty()) c.error = "the MUC-4 pooled splits hold no documents";
  return c;
}

struct PassTally {
  size_t events = 0;
  size_t fallbacks = 0;  // documents clean found no body in
};

void set_counters(benchmark::State& state, const Corpus& c, const PassTally& tally) {
  using benchmark::Counter;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["words"] =
      Counter(static_cast<double>(c.words), Counter::kIsIterationInvariantRate);
  state.counters["corpus_words"] = static_cast<double>(c.words);
  state.counters["documents"] = static_cast<double>(c.docs.size());
  state.counters["events"] = static_cast<double>(tally.events);
  state.counters["clean_fallbacks"] = static_cast<double>(tally.fallbacks);
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

// One document through the pipeline. When clean finds no article text, the
// raw text is extracted from as it stands (what `sitrep eval muc4` does), so
// the extraction side is always measured on the whole corpus; such documents
// are counted, since the figure then holds no real clean pass for them.
void run_document(sitrep::Document& doc, PassTally& tally) {
  (void)sitrep::clean::clean(doc);
  if (doc.body.empty()) {
    doc.body = doc.raw;
    ++tally.fallbacks;
  }
  std::vector<sitrep::Event> events = sitrep::extract::extract(doc);
  benchmark::DoNotOptimize(events.data());
  tally.events += events.size();
}

// One untimed document, so the KB and the model load before timing starts.
void warm_up(const Corpus& corpus) {
  sitrep::Document warm;
  warm.id = corpus.docs[0].id;
  warm.raw = corpus.docs[0].text;
  PassTally ignored;
  run_document(warm, ignored);
}

void BM_CorpusExtractMuc4(benchmark::State& state) {
  static bool first = true;
  if (first) reset_peak_rss();
  first = false;
  static const Corpus corpus = load_muc4();
  if (corpus.docs.empty()) {
    state.SkipWithError(("MUC-4: " + corpus.error).c_str());
    return;
  }
  warm_up(corpus);  // load the KB and the model outside the timed loop
  PassTally tally;
  for (auto _ : state) {
    tally = {};
    for (const Text& t : corpus.docs) {
      sitrep::Document doc;
      doc.id = t.id;
      doc.kind = sitrep::ContentKind::kText;
      doc.raw = t.text;
      run_document(doc, tally);
    }
  }
  set_counters(state, corpus, tally);
}
BENCHMARK(BM_CorpusExtractMuc4)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

// samples/text holds plain text, some of it gzip-compressed; words and bytes
// are counted on the decompressed text, as ingest hands it over.
void BM_CorpusExtractSamples(benchmark::State& state) {
  static bool first = true;
  if (first) reset_peak_rss();
  first = false;
  static const std::vector<std::string> paths = {
      (fs::path(SITREP_SOURCE_DIR) / "samples" / "text").string()};
  static const Corpus corpus = [] {
    Corpus c;
    size_t errors = sitrep::ingest::read_paths(
        paths,
        [&](sitrep::Document d) {
          c.docs.push_back({d.id, std::move(d.raw)});
        },
        [&](const std::string& origin, const sitrep::Status&) {
          c.error = origin + " could not be read";
        });
    if (errors > 0) c.docs.clear();
    for (const Text& t : c.docs) {
      c.words += count_words(t.text);
      c.bytes += t.text.size();
    }
    if (c.docs.empty() && c.error.empty()) c.error = paths[0] + " holds no documents";
    return c;
  }();
  if (corpus.docs.empty()) {
    state.SkipWithError(("samples: " + corpus.error).c_str());
    return;
  }
  warm_up(corpus);
  PassTally tally;
  for (auto _ : state) {
    tally = {};
    sitrep::ingest::read_paths(
        paths, [&](sitrep::Document doc) { run_document(doc, tally); },
        [](const std::string&, const sitrep::Status&) {});
  }
  set_counters(state, corpus, tally);
}
BENCHMARK(BM_CorpusExtractSamples)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace

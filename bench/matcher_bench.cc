// PhraseMatcher costs at knowledge-base scale: compiling 250k generated
// multi-word patterns, and MB/s of find_all / find_longest / fold_tokens over
// ~10 MB of news documents (MUC-4 when present, else generated text), also
// with some non-ASCII mixed in.
#include <benchmark/benchmark.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "kb/matcher.h"

namespace fs = std::filesystem;
using sitrep::kb::PhraseMatcher;

namespace {

constexpr size_t kPatterns = 250'000;
constexpr size_t kTextBytes = 10u << 20;

fs::path data_dir() {
  if (const char* env = std::getenv("SITREP_DATA")) return env;
  return SITREP_DATA_DIR;
}

// Pseudo-names from syllables: the long tail of a gazetteer (places, people,
// group names), mostly absent from any given text.
std::string pseudo_word(std::mt19937& rng) {
  static const char* on[] = {"b", "d", "k", "m", "n", "r", "s", "t", "z", "kh", "sh", "gh", "j", "h", "f", "l", "q", "w"};
  static const char* nu[] = {"a", "i", "u", "e", "o", "aa", "ai", "ou"};
  static const char* co[] = {"", "", "n", "r", "l", "m", "d", "b"};
  std::string w;
  size_t syl = 2 + rng() % 3;
  for (size_t i = 0; i < syl; ++i) {
    w += on[rng() % std::size(on)];
    w += nu[rng() % std::size(nu)];
    if (i + 1 == syl) w += co[rng() % std::size(co)];
  }
  w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  return w;
}

// ~10 MB of English news as separate documents (the steady state: one
// article at a time): the MUC-4 training documents repeated, or generated
// 4 KB documents when the corpus is absent.
const std::vector<std::string>& bench_docs() {
  static const std::vector<std::string> out = [] {
    std::vector<std::string> docs;
    std::ifstream in(data_dir() / "muc4/processed/train.jsonl");
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("doctext") && j["doctext"].is_string()) {
        docs.push_back(j["doctext"].get<std::string>());
      }
    }
    if (docs.empty()) {
      std::mt19937 rng(7);
      static const char* common[] = {"the", "of", "and", "to", "in", "a", "said", "police", "attack",
                                     "killed", "government", "army", "on", "were", "by", "that"};
      for (int d = 0; d < 64; ++d) {
        std::string t;
        while (t.size() < 4096) {
          t += (rng() % 3 == 0) ? pseudo_word(rng) : common[rng() % std::size(common)];
          t += (rng() % 12 == 0) ? ". " : " ";
        }
        docs.push_back(std::move(t));
      }
    }
    std::vector<std::string> all;
    size_t bytes = 0;
    while (bytes < kTextBytes) {
      for (const auto& d : docs) {
        all.push_back(d);
        bytes += d.size();
      }
    }
    return all;
  }();
  return out;
}

size_t total_bytes(const std::vector<std::string>& docs) {
  size_t n = 0;
  for (const auto& d : docs) n += d.size();
  return n;
}

// 250k distinct patterns of one to four tokens, like a loaded knowledge
// base: mostly pseudo-names ("Kharu Bindal", "Sheri-Qaam Tolu"), some
// multi-word ones mixed with longer English words ("Kharu Government"), and
// 5% two- and three-word phrases taken from the text (starting and ending
// with a word of 6+ letters, as lexicon entries do) so that matches happen.
const std::vector<std::string>& bench_patterns() {
  static const std::vector<std::string> patterns = [] {
    std::mt19937 rng(42);
    std::vector<std::string> names;
    for (int i = 0; i < 120'000; ++i) names.push_back(pseudo_word(rng));
    std::vector<sitrep::kb::FoldedToken> words;
    for (const auto& d : bench_docs()) {
      if (words.size() > 500'000) break;
      for (auto& t : sitrep::kb::fold_tokens(d)) words.push_back(std::move(t));
    }
    std::vector<std::string> long_words;
    for (const auto& w : words) {
      if (w.folded.size() >= 6) long_words.push_back(w.folded);
    }
    std::unordered_set<std::string> seen;
    std::vector<std::string> out;
    out.reserve(kPatterns);
    while (out.size() < kPatterns) {
      std::string p;
      unsigned r = rng() % 100;
      if (r < 5) {
        size_t len = 2 + rng() % 2;
        size_t at = rng() % (words.size() - len);
        if (words[at].folded.size() < 6 || words[at + len - 1].folded.size() < 6) continue;
        for (size_t k = 0; k < len; ++k) p += (k ? " " : "") + words[at + k].folded;
      } else {
        size_t len = r < 30 ? 1 : r < 70 ? 2 : r < 92 ? 3 : 4;
        for (size_t k = 0; k < len; ++k) {
          if (k) p += (rng() % 5 == 0) ? "-" : " ";
          bool english = len > 1 && rng() % 8 == 0;
          p += english ? long_words[rng() % long_words.size()] : names[rng() % names.size()];
        }
      }
      if (seen.insert(sitrep::kb::fold_key(p)).second) out.push_back(std::move(p));
    }
    return out;
  }();
  return patterns;
}

size_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  size_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4096;
}

PhraseMatcher build(const std::vector<std::string>& patterns) {
  PhraseMatcher m;
  for (size_t i = 0; i < patterns.size(); ++i) m.add(patterns[i], static_cast<uint32_t>(i));
  m.compile();
  return m;
}

const PhraseMatcher& bench_matcher() {
  static const PhraseMatcher m = build(bench_patterns());
  return m;
}

void BM_MatcherCompile250k(benchmark::State& state) {
  const auto& patterns = bench_patterns();
  for (auto _ : state) {
    PhraseMatcher m = build(patterns);
    benchmark::DoNotOptimize(m);
  }
  // Memory held by one compiled matcher (its big arrays are mapped, not
  // malloc'd, so resident set size it is).
  size_t before = resident_bytes();
  {
    PhraseMatcher m = build(patterns);
    state.counters["rss_MB"] = static_cast<double>(resident_bytes() - before) / (1 << 20);
  }
  state.counters["patterns"] = static_cast<double>(patterns.size());
}
BENCHMARK(BM_MatcherCompile250k)->Unit(benchmark::kMillisecond);

// Runs f on every document, reporting MB/s over all of them.
template <class F>
void over_docs(benchmark::State& state, F&& f) {
  const auto& docs = bench_docs();
  for (auto _ : state) {
    for (const auto& d : docs) f(d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(docs)));
  state.counters["docs"] = static_cast<double>(docs.size());
}

void BM_MatcherFindAll(benchmark::State& state) {
  const auto& m = bench_matcher();
  size_t matches = 0;
  over_docs(state, [&](const std::string& d) {
    auto ms = m.find_all(d);
    matches += ms.size();
    benchmark::DoNotOptimize(ms.data());
  });
  state.counters["matches_per_pass"] =
      static_cast<double>(matches) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MatcherFindAll)->Unit(benchmark::kMillisecond);

void BM_MatcherFindAllPrefolded(benchmark::State& state) {
  const auto& m = bench_matcher();
  std::vector<std::vector<sitrep::kb::FoldedToken>> tokens;
  for (const auto& d : bench_docs()) tokens.push_back(sitrep::kb::fold_tokens(d));
  size_t i = 0;
  over_docs(state, [&](const std::string& d) {
    auto ms = m.find_all(d, tokens[i++ % tokens.size()]);
    benchmark::DoNotOptimize(ms.data());
  });
}
BENCHMARK(BM_MatcherFindAllPrefolded)->Unit(benchmark::kMillisecond);

// The same documents with what news from elsewhere carries: capitalized
// words, accented letters, typographic apostrophes and possessives, so that
// a word in every few leaves the ASCII fast path.
const std::vector<std::string>& mixed_docs() {
  static const std::vector<std::string> out = [] {
    std::vector<std::string> docs;
    size_t word = 0;
    for (const auto& d : bench_docs()) {
      std::string t;
      t.reserve(d.size() + d.size() / 8);
      bool start = true;
      for (char c : d) {
        const bool letter = std::isalpha(static_cast<unsigned char>(c)) != 0;
        if (letter && start) ++word;
        if (letter && start && word % 5 == 0) {
          t += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        } else if (c == 'e' && word % 7 == 0) {
          t += "\xC3\xA9";  // é
        } else if (!letter && !start && word % 11 == 0) {
          t += "\xE2\x80\x99s";  // ’s
          t += c;
        } else {
          t += c;
        }
        start = !letter;
      }
      docs.push_back(std::move(t));
    }
    return docs;
  }();
  return out;
}

void BM_MatcherFindAllMixed(benchmark::State& state) {
  const auto& m = bench_matcher();
  const auto& docs = mixed_docs();
  for (auto _ : state) {
    for (const auto& d : docs) {
      auto ms = m.find_all(d);
      benchmark::DoNotOptimize(ms.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(docs)));
}
BENCHMARK(BM_MatcherFindAllMixed)->Unit(benchmark::kMillisecond);

void BM_MatcherFindLongest(benchmark::State& state) {
  const auto& m = bench_matcher();
  over_docs(state, [&](const std::string& d) {
    auto ms = m.find_longest(d);
    benchmark::DoNotOptimize(ms.data());
  });
}
BENCHMARK(BM_MatcherFindLongest)->Unit(benchmark::kMillisecond);

void BM_MatcherFoldTokens(benchmark::State& state) {
  over_docs(state, [&](const std::string& d) {
    auto toks = sitrep::kb::fold_tokens(d);
    benchmark::DoNotOptimize(toks.data());
  });
}
BENCHMARK(BM_MatcherFoldTokens)->Unit(benchmark::kMillisecond);

}  // namespace

// The incident database: what storing costs on top of extraction, and how
// long the read side takes to answer typical queries on a large store.
//
//   BM_StoreIngestMuc4     the 1,500 MUC-4 messages (train + dev, as
//                          `sitrep eval muc4-docs --split all` prints them)
//   BM_StoreIngestSamples  the repository's samples/ (text, HTML, JSON Lines,
//                          WARC), read from disk once
//
// Each iteration makes two timed passes over the corpus: clean + extract
// alone, then clean + extract + Store::put into a fresh database in a
// temporary folder, committing every 64 documents as `sitrep ingest` does.
// Counters: extract_docs_per_s and ingest_docs_per_s (wall clock),
// extract_words_per_s and ingest_words_per_s (words of the cleaned bodies,
// maximal runs of non-space bytes), ingest_over_extract (the ingest pass's
// time over the extract pass's: what the store multiplies the cost by),
// store_share (the part of the ingest pass spent in put and the commits),
// db_mb (the database file after the pass, WAL checkpointed), documents,
// events, incidents.
//
//   BM_StoreQuery/<name>   Store::events on a store of synthetic incidents
//
// The store is generated once per process into a temporary file by putting
// synthetic documents, each with one synthetic Event (varied types,
// countries, cities, dates over 2015-2024, groups named by their knowledge
// base names, tolls); about one in seven reports again an incident already
// told, so fusion really runs. SITREP_BENCH_INCIDENTS sets how many
// incidents the store must hold (default 100,000), SITREP_BENCH_GEN_SECONDS stops the
// generation early after that many seconds (default 1200). Counters of every
// query: incidents (in the store), matches (the query's total), gen_docs,
// gen_seconds and gen_docs_per_s (how the store was made; 0 seconds when
// SITREP_BENCH_DB named a store made before, which is then reused: set it to
// a path to keep the store for later runs).
//
// Run: build/sitrep_bench --benchmark_filter=Store, or bench/store.sh
// (make bench-store) for the table.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "eval/muc4_docs.h"
#include "kb/groups.h"
#include "sitrep/sitrep.h"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

fs::path store_data_dir() {
  if (const char* env = std::getenv("SITREP_DATA")) return env;
  return SITREP_DATA_DIR;
}

size_t env_or(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? size_t(std::strtoull(v, nullptr, 10)) : fallback;
}

size_t words_in(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool w = !(c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r');
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// A folder under the system's temporary folder, removed with everything in
// it on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            (prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void remove_db(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

std::unique_ptr<sitrep::store::Store> open_store(const fs::path& path, benchmark::State& state) {
  auto s = sitrep::store::Store::open(path.string());
  if (!s) {
    state.SkipWithError(("cannot open the store: " + s.status().to_string()).c_str());
    return nullptr;
  }
  return std::move(*s);
}

// --- (a) ingest throughput --------------------------------------------------------

struct IngestCorpus {
  std::vector<sitrep::Document> docs;  // as read, before clean
  size_t words = 0;                    // in the cleaned bodies
  std::string error;
};

IngestCorpus muc4_corpus() {
  IngestCorpus c;
  auto docs = sitrep::eval::read_muc4_messages(store_data_dir().string(), "all");
  if (!docs) {
    c.error = docs.status().to_string() + " (set SITREP_DATA to the shared data folder)";
    return c;
  }
  c.docs = std::move(*docs);
  return c;
}

IngestCorpus samples_corpus() {
  IngestCorpus c;
  fs::path samples = fs::path(SITREP_SOURCE_DIR) / "samples";
  std::vector<std::string> paths;
  for (const char* sub : {"text", "html", "jsonl", "warc"}) paths.push_back((samples / sub).string());
  size_t errors = sitrep::ingest::read_paths(
      paths, [&](sitrep::Document d) { c.docs.push_back(std::move(d)); },
      [&](const std::string& origin, const sitrep::Status&) { c.error = origin + " could not be read"; });
  if (errors > 0) c.docs.clear();
  return c;
}

// Cleans a copy of `doc`; false when clean finds no article text (ingest
// skips such documents too).
bool cleaned(const sitrep::Document& doc, const sitrep::clean::Options& options, sitrep::Document& out) {
  out = doc;
  return sitrep::clean::clean(out, options).is_ok();
}

void run_ingest(benchmark::State& state, const IngestCorpus& corpus) {
  if (corpus.docs.empty()) {
    state.SkipWithError(corpus.error.empty() ? "no documents" : corpus.error.c_str());
    return;
  }
  // Words of the cleaned bodies, and the KB and the model loaded, untimed.
  size_t words = 0;
  {
    sitrep::clean::SiteMemory memory;
    sitrep::clean::Options options;
    options.site_memory = &memory;
    for (const sitrep::Document& d : corpus.docs) {
      sitrep::Document doc;
      if (cleaned(d, options, doc)) words += words_in(doc.body);
    }
    sitrep::Document doc;
    if (cleaned(corpus.docs[0], options, doc)) benchmark::DoNotOptimize(sitrep::extract::extract(doc));
  }
  ScratchDir scratch("sitrep-store-bench");
  fs::path db_path = scratch.path() / "ingest.db";
  double extract_s = 0, ingest_s = 0, store_s = 0, db_mb = 0;
  size_t events = 0, incidents = 0, stored = 0;
  for (auto _ : state) {
    // Clean + extract.
    {
      sitrep::clean::SiteMemory memory;
      sitrep::clean::Options options;
      options.site_memory = &memory;
      Clock::time_point t = Clock::now();
      size_t n = 0;
      for (const sitrep::Document& d : corpus.docs) {
        sitrep::Document doc;
        if (!cleaned(d, options, doc)) continue;
        std::vector<sitrep::Event> evs = sitrep::extract::extract(doc);
        n += evs.size();
        benchmark::DoNotOptimize(evs.data());
      }
      extract_s += seconds_since(t);
      events = n;
    }
    // Clean + extract + put, into a fresh database.
    {
      state.PauseTiming();
      remove_db(db_path);
      state.ResumeTiming();
      sitrep::clean::SiteMemory memory;
      sitrep::clean::Options options;
      options.site_memory = &memory;
      Clock::time_point t = Clock::now();
      auto store = open_store(db_path, state);
      if (!store) return;
      store->set_batch(64);
      double in_store = 0;
      for (const sitrep::Document& d : corpus.docs) {
        if (store->unchanged(d)) continue;
        sitrep::Document doc;
        if (!cleaned(d, options, doc)) continue;
        std::vector<sitrep::Event> evs = sitrep::extract::extract(doc);
        Clock::time_point p = Clock::now();
        auto r = store->put(doc, evs);
        in_store += seconds_since(p);
        if (!r) {
          state.SkipWithError(("put failed: " + r.status().to_string()).c_str());
          return;
        }
      }
      Clock::time_point p = Clock::now();
      if (auto s = store->flush(); !s) {
        state.SkipWithError(("commit failed: " + s.to_string()).c_str());
        return;
      }
      in_store += seconds_since(p);
      ingest_s += seconds_since(t);
      store_s += in_store;
      state.PauseTiming();
      auto sum = store->summary();
      if (sum) {
        incidents = sum->incidents;
        stored = sum->documents;
      }
      store.reset();
      db_mb = double(fs::file_size(db_path)) / 1e6;
      state.ResumeTiming();
    }
  }
  double n = double(state.iterations());
  double docs = double(corpus.docs.size());
  state.counters["documents"] = docs;
  state.counters["stored_documents"] = double(stored);
  state.counters["words"] = double(words);
  state.counters["events"] = double(events);
  state.counters["incidents"] = double(incidents);
  state.counters["extract_docs_per_s"] = docs * n / extract_s;
  state.counters["ingest_docs_per_s"] = docs * n / ingest_s;
  state.counters["extract_words_per_s"] = double(words) * n / extract_s;
  state.counters["ingest_words_per_s"] = double(words) * n / ingest_s;
  state.counters["ingest_over_extract"] = ingest_s / extract_s;
  state.counters["store_share"] = store_s / ingest_s;
  state.counters["db_mb"] = db_mb;
}

void BM_StoreIngestMuc4(benchmark::State& state) {
  static const IngestCorpus corpus = muc4_corpus();
  run_ingest(state, corpus);
}
BENCHMARK(BM_StoreIngestMuc4)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_StoreIngestSamples(benchmark::State& state) {
  static const IngestCorpus corpus = samples_corpus();
  run_ingest(state, corpus);
}
BENCHMARK(BM_StoreIngestSamples)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(20);

// --- (b) queries on a large store -------------------------------------------------

struct Where {
  const char* country;  // ISO 3166-1 alpha-2
  std::vector<const char*> cities;
  double lat, lon;
};

struct Actor {
  const char* group;  // a name the knowledge base knows; "" for unclaimed
  int weight;
  std::vector<Where> where;
};

const std::vector<Actor>& actors() {
  static const std::vector<Actor> kActors = {
      {"Islamic State", 14, {{"IQ", {"Mosul", "Kirkuk", "Baghdad", "Tikrit"}, 36.3, 43.1},
                             {"SY", {"Raqqa", "Deir ez-Zor", "Palmyra"}, 35.9, 39.0}}},
      {"ISIS-K", 8, {{"AF", {"Kabul", "Jalalabad", "Kunduz"}, 34.5, 69.2},
                     {"PK", {"Peshawar", "Bajaur", "Quetta"}, 34.0, 71.5}}},
      {"al-Shabaab", 12, {{"SO", {"Mogadishu", "Kismayo", "Beledweyne", "Baidoa"}, 2.0, 45.3},
                          {"KE", {"Garissa", "Mandera", "Lamu"}, -0.5, 39.6}}},
      {"Taliban", 12, {{"AF", {"Kandahar", "Ghazni", "Kunduz", "Helmand"}, 31.6, 65.7}}},
      {"Farabundo Marti National Liberation Front", 6,
       {{"SV", {"San Salvador", "Usulutan", "San Miguel", "Chalatenango"}, 13.7, -89.2}}},
      {"Boko Haram", 10, {{"NG", {"Maiduguri", "Konduga", "Bama", "Damboa"}, 11.8, 13.2},
                          {"NE", {"Diffa", "Bosso"}, 13.3, 12.6}}},
      {"al-Qaeda in the Arabian Peninsula", 4, {{"YE", {"Aden", "Mukalla", "Zinjibar"}, 12.8, 45.0}}},
      {"", 34, {{"FR", {"Paris", "Lyon", "Nice"}, 48.9, 2.4},
                {"IN", {"Srinagar", "Mumbai", "Imphal"}, 34.1, 74.8},
                {"PH", {"Marawi", "Jolo", "Cotabato"}, 8.0, 124.3},
                {"ML", {"Gao", "Mopti", "Timbuktu"}, 16.3, -0.04},
                {"BF", {"Djibo", "Kaya", "Dori"}, 14.1, -1.6},
                {"CO", {"Arauca", "Cucuta", "Cali"}, 7.1, -70.8},
                {"PE", {"Lima", "Ayacucho"}, -12.0, -77.0},
                {"TR", {"Ankara", "Istanbul"}, 39.9, 32.9}}},
  };
  return kActors;
}

const char* const kTargets[] = {"market", "checkpoint", "army base", "bus station", "hotel",
                                "mosque", "church", "school", "police station", "convoy",
                                "pipeline", "wedding"};
const char* const kAttackTypes[] = {"bombing", "armed_assault", "assassination", "kidnapping",
                                    "hostage_taking", "arson", "facility_attack"};

struct Told {
  std::string type, attack_type, country, city, date, group, target;
  double lat = 0, lon = 0;
  int64_t killed = -1, injured = -1;
  size_t first = 0;  // index of the incident's first report
};

// A paragraph of `n` lower-case pseudo-words (two or three syllables of a
// hundred), so that reports of different incidents share almost no word
// pairs, as unrelated articles do.
std::string filler(std::mt19937_64& rng, size_t n) {
  static const char kConsonants[] = "bdfgklmnprstvzh";
  static const char kVowels[] = "aeiou";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i == 0 ? "" : i % 11 == 0 ? ". " : " ";
    for (size_t syl = 2 + rng() % 2; syl > 0; --syl) {
      out += kConsonants[rng() % (sizeof kConsonants - 1)];
      out += kVowels[rng() % (sizeof kVowels - 1)];
    }
  }
  return out + ".";
}

// One report of `t` as a document with its one event; `copy_of`, when not
// empty, is a body to repeat nearly word for word (a near-duplicate).
void report(const Told& t, size_t n, std::mt19937_64& rng, const std::string& copy_of, sitrep::Document& doc,
            sitrep::Event& e) {
  std::string id = "gen-" + std::to_string(n);
  std::string who = t.group.empty() ? "Unidentified gunmen" : t.group;
  std::string verb = t.type == "attack"   ? "attacked"
                     : t.type == "plot"   ? "plotted to attack"
                     : t.type == "arrest" ? "were arrested near"
                     : t.type == "threat" ? "threatened"
                     : t.type == "claim"  ? "claimed the attack on"
                                          : "were struck near";
  std::string sentence = who + " " + verb + " a " + t.target + " in " + t.city + " on " + t.date;
  if (t.killed >= 0) sentence += ", killing " + std::to_string(t.killed) + " people";
  sentence += ", officials said.";
  doc = {};
  doc.id = id;
  doc.origin = "generated";
  doc.title = who + " " + verb + " " + t.target + " in " + t.city;
  doc.url = "https://generated.example/" + id;
  doc.source = "Generated Wire";
  doc.published = t.date;
  doc.lang = "en";
  doc.body = copy_of.empty() ? doc.title + "\n\n" + sentence + "\n\n" + filler(rng, 200 + rng() % 200)
                             : copy_of + "\n\nReport " + std::to_string(n) + ".";
  doc.raw = doc.body;

  e = {};
  e.id = "ev-" + id;
  e.doc = id;
  e.type = t.type;
  e.attack_type = t.attack_type;
  e.status = t.type == "attack" || t.type == "strike" ? "accomplished"
             : t.type == "plot"                        ? "foiled"
             : t.type == "threat"                      ? "threatened"
                                                       : "accomplished";
  e.date.start = e.date.end = t.date;
  e.date.text = t.date;
  e.location.text = t.city;
  e.location.city = t.city;
  e.location.country = t.country;
  e.location.lat = t.lat;
  e.location.lon = t.lon;
  e.location.has_coordinates = true;
  if (!t.group.empty()) {
    sitrep::Entity p;
    p.text = t.group;
    p.mentions = {t.group};
    p.spans = {{doc.title.size() + 2, doc.title.size() + 2 + t.group.size()}};
    p.kind = "organization";
    const sitrep::kb::Group* g = sitrep::kb::GroupKb::get().lookup(t.group);
    p.entity = g ? g->name : t.group;
    p.attribution = t.type == "claim" ? "claimed" : "suspected";
    p.score = 0.9;
    e.perpetrators.push_back(std::move(p));
  }
  sitrep::Entity target;
  target.text = t.target;
  target.mentions = {t.target};
  e.targets.push_back(std::move(target));
  e.killed.min = e.killed.max = t.killed;
  if (t.killed >= 0) e.killed.text = "killing " + std::to_string(t.killed) + " people";
  e.injured.min = e.injured.max = t.injured;
  size_t begin = doc.title.size() + 2;
  e.evidence.push_back({begin, begin + sentence.size(), sentence});
  e.confidence = 0.8;
}

struct QueryStore {
  ScratchDir dir{"sitrep-query-bench"};
  std::unique_ptr<sitrep::store::Store> store;
  size_t docs = 0, incidents = 0;
  double seconds = 0;
  std::string error;
};

// The synthetic store, made on first use.
QueryStore& query_store() {
  static QueryStore qs = [] {
    QueryStore q;
    size_t target = env_or("SITREP_BENCH_INCIDENTS", 100000);
    double budget = double(env_or("SITREP_BENCH_GEN_SECONDS", 1200));
    // SITREP_BENCH_DB: a store to reuse, or where to keep the one made.
    const char* keep = std::getenv("SITREP_BENCH_DB");
    fs::path path = keep && *keep ? fs::path(keep) : q.dir.path() / "incidents.db";
    bool reuse = fs::exists(path);
    auto s = sitrep::store::Store::open(path.string());
    if (!s) {
      q.error = s.status().to_string();
      return q;
    }
    q.store = std::move(*s);
    if (reuse) {
      auto sum = q.store->summary();
      if (!sum) {
        q.error = sum.status().to_string();
        return q;
      }
      q.docs = sum->documents;
      q.incidents = sum->incidents;
      std::fprintf(stderr, "store_bench: reusing %s (%zu documents, %zu incidents)\n", path.c_str(),
                   q.docs, q.incidents);
      return q;
    }
    q.store->set_batch(8192, 0);  // a bulk load: large batches, no age limit
    std::mt19937_64 rng(42);
    auto pick = [&](size_t n) { return size_t(rng() % n); };
    int total_weight = 0;
    for (const Actor& a : actors()) total_weight += a.weight;
    std::vector<Told> told;           // every incident so far, for the repeat reports
    std::vector<std::string> bodies;  // the first report of each
    Clock::time_point start = Clock::now();
    // Incidents told until the store holds `target`: reports of different
    // incidents on one day in one city by one group fuse (as they would in
    // the news), so the store holds fewer incidents than were told.
    for (;;) {
      Told t;
      bool repeat = !told.empty() && pick(7) == 0;
      if (repeat) {
        t = told[pick(told.size())];
        if (t.killed >= 0 && pick(3) == 0) t.killed += 1 + int64_t(pick(3));  // a revised toll
      } else {
        int w = int(pick(size_t(total_weight)));
        const Actor* a = &actors()[0];
        for (const Actor& x : actors()) {
          if (w < x.weight) {
            a = &x;
            break;
          }
          w -= x.weight;
        }
        const Where& where = a->where[pick(a->where.size())];
        size_t r = pick(100);
        t.type = r < 60 ? "attack" : r < 70 ? "strike" : r < 80 ? "arrest" : r < 88 ? "plot" : r < 94 ? "threat" : "claim";
        if (t.type == "attack") t.attack_type = kAttackTypes[pick(std::size(kAttackTypes))];
        t.country = where.country;
        t.city = where.cities[pick(where.cities.size())];
        t.lat = where.lat + double(pick(100)) / 100.0;
        t.lon = where.lon + double(pick(100)) / 100.0;
        int year = 2015 + int(pick(10)), month = 1 + int(pick(12)), day = 1 + int(pick(28));
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
        t.date = date;
        t.group = a->group;
        t.target = kTargets[pick(std::size(kTargets))];
        t.first = told.size();
        if (t.type == "attack" || t.type == "strike") {
          size_t k = pick(10);
          t.killed = k < 2 ? -1 : k < 5 ? int64_t(pick(4)) : k < 9 ? int64_t(pick(30)) : int64_t(pick(300));
          t.injured = pick(2) ? int64_t(pick(80)) : -1;
        }
        told.push_back(t);
      }
      sitrep::Document doc;
      sitrep::Event e;
      // A third of the repeat reports are near copies of the first one.
      bool copy = repeat && pick(3) == 0;
      report(t, q.docs, rng, copy ? bodies[t.first] : std::string(), doc, e);
      if (!repeat) bodies.push_back(doc.body);
      auto r = q.store->put(doc, {e});
      if (!r) {
        q.error = "put failed: " + r.status().to_string();
        return q;
      }
      ++q.docs;
      if (q.docs % 1000 == 0) {
        double secs = seconds_since(start);
        size_t stored = 0;
        if (q.docs % 5000 == 0) {
          auto sum = q.store->summary();
          stored = sum ? sum->incidents : 0;
          std::fprintf(stderr, "store_bench: %zu documents put in %.0f s, %zu incidents\n", q.docs, secs, stored);
        }
        if (secs > budget || stored >= target) break;
      }
    }
    if (auto st = q.store->flush(); !st) q.error = st.to_string();
    q.seconds = seconds_since(start);
    if (auto sum = q.store->summary()) q.incidents = sum->incidents;
    // Closed and opened again, as `sitrep ingest` and a reader would: the
    // writer leaves the query planner's statistics when it closes.
    q.store.reset();
    auto reopened = sitrep::store::Store::open(path.string());
    if (!reopened) {
      q.error = reopened.status().to_string();
      return q;
    }
    q.store = std::move(*reopened);
    return q;
  }();
  return qs;
}

void run_query(benchmark::State& state, const sitrep::store::Query& query) {
  QueryStore& qs = query_store();
  if (!qs.error.empty() || !qs.store) {
    state.SkipWithError(("generating the store: " + qs.error).c_str());
    return;
  }
  size_t matches = 0, items = 0;
  for (auto _ : state) {
    auto page = qs.store->events(query);
    if (!page) {
      state.SkipWithError(page.status().to_string().c_str());
      return;
    }
    matches = page->total;
    items = page->items.size();
    benchmark::DoNotOptimize(page->items.data());
  }
  state.counters["incidents"] = double(qs.incidents);
  state.counters["matches"] = double(matches);
  state.counters["returned"] = double(items);
  state.counters["gen_docs"] = double(qs.docs);
  state.counters["gen_seconds"] = qs.seconds;
  state.counters["gen_docs_per_s"] = qs.seconds > 0 ? double(qs.docs) / qs.seconds : 0;
}

// The queries: name, then the filters.
struct NamedQuery {
  const char* name;
  sitrep::store::Query query;
};

std::vector<NamedQuery> queries() {
  using sitrep::store::Query;
  std::vector<NamedQuery> out;
  auto add = [&](const char* name, auto fill) {
    Query q;
    fill(q);
    out.push_back({name, q});
  };
  add("default_limit50", [](Query&) {});
  add("group_branches", [](Query& q) {
    q.group = "ISIS";
    q.branches = true;
  });
  add("group_exact", [](Query& q) { q.group = "al-Shabaab"; });
  add("country_date_range", [](Query& q) {
    q.country = "SO";
    q.from = "2019-01";
    q.to = "2020-06";
  });
  add("type_min_killed", [](Query& q) {
    q.type = "attack";
    q.min_killed = 50;
  });
  add("text_word", [](Query& q) { q.text = "checkpoint"; });
  add("combined", [](Query& q) {
    q.group = "Islamic State";
    q.branches = true;
    q.country = "AF";
    q.type = "attack";
    q.from = "2018";
    q.to = "2022";
    q.min_killed = 5;
    q.text = "market";
  });
  add("sort_killed_limit50", [](Query& q) { q.sort = "killed"; });
  add("text_and_date_sort_sources", [](Query& q) {
    q.text = "hotel OR mosque";
    q.from = "2023";
    q.sort = "sources";
  });
  // Every filter alone, every order, and pages deep in a list (the HTTP
  // API's limit and offset), each with its total.
  add("sort_date_asc", [](Query& q) { q.ascending = true; });
  add("sort_sources", [](Query& q) { q.sort = "sources"; });
  add("sort_id", [](Query& q) { q.sort = "id"; });
  add("country", [](Query& q) { q.country = "AF"; });
  add("type", [](Query& q) { q.type = "strike"; });
  add("date_range", [](Query& q) {
    q.from = "2020-01";
    q.to = "2020-12";
  });
  add("min_killed", [](Query& q) { q.min_killed = 100; });
  add("text_prefix", [](Query& q) { q.text = "mosq*"; });
  add("group_branches_sort_killed", [](Query& q) {
    q.group = "ISIS";
    q.branches = true;
    q.sort = "killed";
  });
  add("group_branches_offset1000", [](Query& q) {
    q.group = "ISIS";
    q.branches = true;
    q.offset = 1000;
  });
  add("country_type_offset2000", [](Query& q) {
    q.country = "IQ";
    q.type = "attack";
    q.offset = 2000;
  });
  add("offset50000", [](Query& q) { q.offset = 50000; });
  add("limit500", [](Query& q) { q.limit = 500; });
  return out;
}

const bool kQueriesRegistered = [] {
  for (const NamedQuery& nq : queries()) {
    sitrep::store::Query q = nq.query;
    benchmark::RegisterBenchmark((std::string("BM_StoreQuery/") + nq.name).c_str(),
                                 [q](benchmark::State& state) { run_query(state, q); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace

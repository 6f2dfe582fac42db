// Crash safety of `sitrep ingest`: a process killed (SIGKILL) at any moment
// leaves a database that SQLite finds intact, whose foreign keys hold and
// whose full-text indexes match their tables; ingesting the same corpus again
// into it, however many times it was interrupted, ends with exactly what one
// uninterrupted ingest stores (the same incidents with the same records, the
// same documents in the same stories, the same events in the same incidents,
// the same near-duplicate pairs).
//
// The corpus is the repository's samples/ (every format) plus a JSON Lines
// feed of synthetic attack reports written here (seeded), several reports per
// incident so that near-duplicates, stories and fusion all have work to do.
// Kill times are drawn (seeded) over the length of the uninterrupted run.
//
// SITREP_CRASH_ROUNDS (environment) sets the number of interrupted rounds
// (default 20), SITREP_CRASH_SEED the seed of the kill times,
// SITREP_CRASH_KEEP a folder to copy the corpus and databases to.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/files.h"
#include "support/paths.h"
#include "support/scopes.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// --- the synthetic feed -------------------------------------------------------

struct PlaceName {
  const char* city;
  const char* country;
};

struct Actor {
  const char* name;  // as a reporter writes it
  std::vector<PlaceName> places;
};

// Groups with places they are reported in.
const std::vector<Actor>& actors() {
  static const std::vector<Actor> kActors = {
      {"al-Shabaab", {{"Mogadishu", "Somalia"}, {"Kismayo", "Somalia"}, {"Garissa", "Kenya"},
                      {"Beledweyne", "Somalia"}}},
      {"Islamic State", {{"Mosul", "Iraq"}, {"Kirkuk", "Iraq"}, {"Raqqa", "Syria"},
                         {"Deir ez-Zor", "Syria"}}},
      {"ISIS-K", {{"Kabul", "Afghanistan"}, {"Jalalabad", "Afghanistan"}, {"Peshawar", "Pakistan"}}},
      {"the Taliban", {{"Kandahar", "Afghanistan"}, {"Kunduz", "Afghanistan"}, {"Ghazni", "Afghanistan"}}},
      {"Boko Haram", {{"Maiduguri", "Nigeria"}, {"Konduga", "Nigeria"}, {"Diffa", "Niger"}}},
      {"the FMLN", {{"San Salvador", "El Salvador"}, {"Usulutan", "El Salvador"},
                    {"San Miguel", "El Salvador"}}},
  };
  return kActors;
}

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};
const char* const kTargets[] = {"a crowded market", "a police checkpoint", "an army base",
                                "a bus station",    "a hotel",            "a village mosque",
                                "a government office", "a wedding party"};
const char* const kSources[] = {"Horn Wire", "Frontier Post Daily", "Sahel Monitor", "Gulf Ledger",
                                "Isthmus Herald"};
const char* const kHosts[] = {"hornwire.example", "frontierpost.example", "sahelmonitor.example",
                              "gulfledger.example", "isthmusherald.example"};

std::string spelled(int n) {
  static const char* const kSmall[] = {"no",     "one",    "two",      "three",   "four",
                                       "five",   "six",    "seven",    "eight",   "nine",
                                       "ten",    "eleven", "twelve",   "thirteen", "fourteen",
                                       "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  return n < 20 ? kSmall[n] : std::to_string(n);
}

// Words for the background paragraphs: no trigger words (attack, kill, ...),
// so extract finds nothing in them, and enough of them that two reports of
// different incidents share few word pairs (near-duplicate detection
// compares word bigrams).
const char* const kVocabulary[] = {
    "river",    "harvest",  "council",   "bridge",   "farmers",   "season",   "rain",
    "road",     "teachers", "clinic",    "water",    "prices",    "fuel",     "trade",
    "cattle",   "elders",   "drought",   "schools",  "traders",   "budget",   "province",
    "election", "ministry", "youth",     "women",    "workers",   "wells",    "grain",
    "families", "district", "mayor",     "festival", "football",  "radio",    "network",
    "power",    "supply",   "hospital",  "doctors",  "students",  "exams",    "transport",
    "fishing",  "coast",    "mountains", "valley",   "village",   "camp",     "aid",
    "donors",   "loans",    "bank",      "currency", "salaries",  "pension",  "court",
    "judges",   "parliament", "reform",  "census",   "vaccines",  "nurses",   "maize",
    "sorghum",  "goats",    "camels",    "trucks",   "buses",     "airport",  "port",
    "customs",  "border",   "migrants",  "returnees", "shelter",  "floods",   "locusts",
    "electricity", "telecom", "mobile",  "money",    "savings",   "cooperative", "union",
    "strike",   "wages",    "bakery",    "bread",    "flour",     "sugar",    "tea",
    "coffee",   "exports",  "imports",   "mining",   "gold",      "copper",   "oil",
    "refinery", "pipeline", "contract",  "tender",   "audit",     "governor", "deputy",
    "committee", "talks",   "mediation", "clan",     "pastoralists", "grazing", "land",
    "titles",   "survey",   "map",       "satellite", "internet",  "cafe",     "library",
    "museum",   "stadium",  "league",    "coach",    "players",   "referee",  "weather",
    "forecast", "heat",     "dust",      "storm",    "harvesters", "tractors", "seeds",
    "fertiliser", "irrigation", "canal", "dam",      "reservoir", "lake",     "fish"};

const char* const kOfficials[] = {"the district commissioner", "a police spokesman",
                                  "the regional governor",    "a hospital director",
                                  "an army officer",          "a local elder",
                                  "the interior ministry",    "a senior security official"};
const char* const kSaid[] = {"said", "told reporters", "said in a statement",
                             "told local radio", "confirmed"};

// `n` words from the vocabulary in random order, as a paragraph.
std::string background(std::mt19937& rng, size_t n) {
  static const char* const kOpenings[] = {"Meanwhile", "Elsewhere", "Separately", "Earlier",
                                          "Locally", "Also", "Later", "Nearby"};
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i % 12 == 0) out += std::string(i ? ". " : "") + kOpenings[rng() % std::size(kOpenings)];
    out += ' ';
    out += kVocabulary[rng() % std::size(kVocabulary)];
  }
  return out + ".";
}

// `incidents` invented incidents, each told by one to three reports as JSON
// Lines: a first report, sometimes a near copy of it on another site (a
// near-duplicate), sometimes a rewritten report with a revised toll (the
// same story, fused into the same incident). No paragraph repeats across the
// reports of a site, so clean's site memory never drops one (see
// ResumedIngestCleansSiteBoilerplateAsTheUninterruptedRunDoes for when it
// does). With `site_furniture`, every
// report of a site ends with the same short line, the boilerplate clean's
// site memory learns to drop.
std::string synthetic_feed(size_t incidents, uint32_t seed, bool site_furniture = false) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  std::string out;
  size_t doc = 0;
  for (size_t i = 0; i < incidents; ++i) {
    const Actor& actor = actors()[pick(actors().size())];
    const PlaceName& place = actor.places[pick(actor.places.size())];
    int year = 2015 + int(pick(10)), month = 1 + int(pick(12)), day = 1 + int(pick(27));
    int killed = int(pick(40)), injured = int(pick(60));
    const char* target = kTargets[pick(std::size(kTargets))];
    const char* weekday = kWeekdays[pick(7)];
    const char* official = kOfficials[pick(std::size(kOfficials))];
    const char* said = kSaid[pick(std::size(kSaid))];
    char published[32];
    std::snprintf(published, sizeof published, "%04d-%02d-%02d", year, month, day + 1);
    std::string date = std::to_string(day) + " " + kMonths[month - 1] + " " + std::to_string(year);
    std::string first_title, first_text;
    size_t reports = 1 + pick(3);
    for (size_t r = 0; r < reports; ++r) {
      size_t s = (i + r) % std::size(kSources);
      std::string id = "synthetic-" + std::to_string(doc++);
      std::string title, text;
      if (r == 0) {
        title = "Attack on " + std::string(target) + " in " + place.city + " kills " + spelled(killed);
        text = std::string(place.city) + ", " + date + " - At least " + spelled(killed) +
               " people were killed and " + spelled(injured) + " wounded on " + weekday +
               " when militants of " + actor.name + " attacked " + target + " in " + place.city +
               ", " + place.country + ", " + official + " " + said + ".\n\n" + actor.name +
               " claimed responsibility for the " + date + " attack in " + place.city +
               " in a statement posted online.\n\n" +
               background(rng, 90 + pick(60));
        first_title = title;
        first_text = text;
      } else if (r == 1 && pick(2) == 0) {
        // A near copy on another site.
        title = first_title;
        text = first_text + "\n\nSecurity forces sealed off the area around the " + target + " in " +
               place.city + " after the " + date + " attack.";
      } else {
        title = std::string(actor.name) + " blamed for deadly " + place.city + " bombing";
        text = "Officials in " + std::string(place.country) + " said " + actor.name +
               " was behind the bombing of " + target + " in " + place.city + " on " + date +
               ", which killed " + std::to_string(killed + 1) + " people and injured " +
               std::to_string(injured) + ".\n\n" + background(rng, 90 + pick(60));
      }
      if (site_furniture) text += "\n\nFollow " + std::string(kSources[s]) + " for live updates.";
      nlohmann::json j = {{"id", id},
                          {"url", "https://" + std::string(kHosts[s]) + "/news/" + id},
                          {"title", title},
                          {"published", published},
                          {"source", kSources[s]},
                          {"text", title + "\n\n" + text}};
      out += j.dump() + "\n";
    }
  }
  return out;
}

// --- running sitrep -------------------------------------------------------------

// Starts `sitrep ingest -q --db db paths...`, output to `log`.
pid_t start_ingest(const fs::path& db, const std::vector<std::string>& paths, const fs::path& log) {
  std::vector<std::string> args = {SITREP_BINARY, "ingest", "-q", "--db", db.string()};
  args.insert(args.end(), paths.begin(), paths.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  EXPECT_EQ(rc, 0) << "cannot start " << argv[0];
  return rc == 0 ? pid : -1;
}

struct Ending {
  bool killed = false;  // by our SIGKILL
  int status = -1;      // exit status when it exited
  double seconds = 0;
};

// Waits for `pid`, sending SIGKILL once `kill_after` seconds have passed
// since `start` (never when negative).
Ending finish(pid_t pid, Clock::time_point start, double kill_after) {
  Ending e;
  bool sent = false;
  for (;;) {
    int wstatus = 0;
    pid_t got = waitpid(pid, &wstatus, sent || kill_after < 0 ? 0 : WNOHANG);
    if (got == pid) {
      e.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (WIFSIGNALED(wstatus)) e.killed = WTERMSIG(wstatus) == SIGKILL;
      if (WIFEXITED(wstatus)) e.status = WEXITSTATUS(wstatus);
      return e;
    }
    if (got < 0) {
      ADD_FAILURE() << "waitpid failed";
      return e;
    }
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed >= kill_after) {
      kill(pid, SIGKILL);
      sent = true;
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(
          std::min<int64_t>(2000, int64_t((kill_after - elapsed) * 1e6) + 1)));
    }
  }
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- reading the database with the SQLite C API -----------------------------------

class Sqlite {
 public:
  explicit Sqlite(const fs::path& path) {
    // Read-write: opening after a crash may have to recover the WAL index.
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      error_ = db_ ? sqlite3_errmsg(db_) : "out of memory";
    }
    if (db_) sqlite3_busy_timeout(db_, 10000);
  }
  ~Sqlite() { sqlite3_close_v2(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  const std::string& error() const { return error_; }

  // The rows of `sql`, one line each, columns separated by tabs (NULL as \N);
  // an error as a line starting with "ERROR".
  std::string rows(const std::string& sql) {
    std::string out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return "ERROR " + std::string(sqlite3_errmsg(db_)) + "\n";
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        if (c) out += '\t';
        if (sqlite3_column_type(st, c) == SQLITE_NULL) {
          out += "\\N";
        } else {
          const unsigned char* t = sqlite3_column_text(st, c);
          out.append(reinterpret_cast<const char*>(t), size_t(sqlite3_column_bytes(st, c)));
        }
      }
      out += '\n';
    }
    if (rc != SQLITE_DONE) out += "ERROR " + std::string(sqlite3_errmsg(db_)) + "\n";
    sqlite3_finalize(st);
    return out;
  }

  // Runs a statement that returns no rows; "" or the error.
  std::string exec(const std::string& sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return "";
    std::string e = msg ? msg : "error";
    sqlite3_free(msg);
    return e;
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

// What must be sound after any kill: "" or what is wrong.
std::string soundness_problems(const fs::path& path) {
  if (!fs::exists(path)) return "";  // killed before the file was created
  Sqlite db(path);
  if (!db.error().empty()) return "cannot open: " + db.error();
  std::string problems;
  std::string integrity = db.rows("PRAGMA integrity_check");
  if (integrity != "ok\n") problems += "integrity_check: " + integrity;
  std::string fk = db.rows("PRAGMA foreign_key_check");
  if (!fk.empty()) problems += "foreign_key_check: " + fk;
  // Killed before the schema was written: nothing more to check.
  if (db.rows("PRAGMA user_version") == "0\n") return problems;
  for (const char* fts : {"documents_fts", "incidents_fts"}) {
    std::string e = db.exec(std::string("INSERT INTO ") + fts + "(" + fts +
                            ") VALUES ('integrity-check')");
    if (!e.empty()) problems += std::string(fts) + " integrity-check: " + e + "\n";
  }
  // References the schema does not declare: an event's incident, the
  // row ids the full-text tables share with their tables.
  std::string dangling = db.rows(
      "SELECT 'event ' || id || ' names missing incident ' || incident FROM events "
      "WHERE incident IS NOT NULL AND incident NOT IN (SELECT id FROM incidents) "
      "UNION ALL SELECT 'incident without full text ' || id FROM incidents "
      "WHERE rid NOT IN (SELECT rowid FROM incidents_fts) "
      "UNION ALL SELECT 'document without full text ' || id FROM documents "
      "WHERE rid NOT IN (SELECT rowid FROM documents_fts) "
      "UNION ALL SELECT 'full text of no incident ' || rowid FROM incidents_fts "
      "WHERE rowid NOT IN (SELECT rid FROM incidents) "
      "UNION ALL SELECT 'incident without record ' || id FROM incidents "
      "WHERE rid NOT IN (SELECT rid FROM incident_records) "
      "UNION ALL SELECT 'record of no incident ' || rid FROM incident_records "
      "WHERE rid NOT IN (SELECT rid FROM incidents) "
      "UNION ALL SELECT 'active event outside every incident ' || id FROM events "
      "WHERE active = 1 AND incident IS NULL");
  problems += dangling;
  // The group scopes, written in the same transactions as the incidents.
  problems += sitrep::testing::scope_problems(path.string());
  return problems;
}

// Everything the ingest stores that must equal the uninterrupted run's.
std::string content(const fs::path& path) {
  Sqlite db(path);
  if (!db.error().empty()) return "cannot open: " + db.error();
  std::string out;
  for (const char* sql : {"SELECT i.id, r.record FROM incidents i JOIN incident_records r ON r.rid = i.rid ORDER BY i.id",
                          "SELECT id, story, duplicate_of, content_hash FROM documents ORDER BY id",
                          "SELECT id, incident, active FROM events ORDER BY id",
                          "SELECT a, b FROM similar_documents ORDER BY a, b"}) {
    out += std::string("== ") + sql + "\n" + db.rows(sql);
  }
  return out;
}

// The one number `sql` gives, or -1.
long long number(const fs::path& path, const std::string& sql) {
  Sqlite db(path);
  std::string r = db.rows(sql);
  return r.empty() || r.rfind("ERROR", 0) == 0 ? -1 : std::atoll(r.c_str());
}

// The first line where `got` and `want` differ, with its neighbours, for a
// readable failure.
std::string first_difference(const std::string& want, const std::string& got) {
  std::istringstream a(want), b(got);
  std::string la, lb, section;
  for (size_t n = 1;; ++n) {
    bool ha = bool(std::getline(a, la)), hb = bool(std::getline(b, lb));
    if (!ha && !hb) return "";
    if (ha && la.rfind("== ", 0) == 0) section = la;
    if (ha != hb || la != lb) {
      // Around the first byte that differs.
      size_t at = 0;
      while (at < la.size() && at < lb.size() && la[at] == lb[at]) ++at;
      size_t from = at > 200 ? at - 200 : 0;
      auto cut = [&](const std::string& s) {
        return (from ? "..." : "") + s.substr(std::min(from, s.size()), 400) +
               (s.size() > from + 400 ? "..." : "");
      };
      return "line " + std::to_string(n) + " (" + section + "), byte " + std::to_string(at) +
             "\n  reference:   " + (ha ? cut(la) : "<end>") + "\n  interrupted: " +
             (hb ? cut(lb) : "<end>");
    }
  }
}

size_t line_count(const std::string& s, const std::string& section) {
  size_t at = s.find("== " + section);
  if (at == std::string::npos) return 0;
  size_t begin = s.find('\n', at) + 1, end = s.find("\n== ", begin);
  if (end == std::string::npos) end = s.size();
  size_t n = 0;
  for (size_t i = begin; i < end; ++i) n += s[i] == '\n';
  return n;
}

void remove_db(const fs::path& db) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
}

size_t env_or(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? size_t(std::strtoull(v, nullptr, 10)) : fallback;
}

// With SITREP_CRASH_KEEP=DIR, the corpus, the databases and the log are
// copied to DIR when the test ends, for a look at a failure.
struct KeepOnExit {
  fs::path from;
  explicit KeepOnExit(fs::path p) : from(std::move(p)) {}
  ~KeepOnExit() {
    const char* to = std::getenv("SITREP_CRASH_KEEP");
    if (!to || !*to) return;
    std::error_code ec;
    fs::create_directories(to, ec);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
  }
};

TEST(StoreCrash, KilledIngestLeavesSoundDatabaseAndResumingEndsEqualToUninterruptedRun) {
  sitrep::testing::TempDir tmp("sitrep-crash-test");
  KeepOnExit keep(tmp.path());
  fs::path samples = sitrep::testing::source_dir() / "samples";
  std::vector<std::string> corpus = {(samples / "text").string(), (samples / "html").string(),
                                     (samples / "jsonl").string(), (samples / "warc").string(),
                                     tmp.write("synthetic/reports.jsonl", synthetic_feed(400, 2024))};
  fs::path log = tmp.path() / "ingest.log";

  // The reference: one uninterrupted ingest.
  fs::path reference_db = tmp.path() / "reference.db";
  Clock::time_point t0 = Clock::now();
  Ending ref = finish(start_ingest(reference_db, corpus, log), t0, -1);
  ASSERT_EQ(ref.status, 0) << slurp(log);
  std::printf("uninterrupted ingest: %.2f s, %lld documents, %lld incidents\n", ref.seconds,
              number(reference_db, "SELECT count(*) FROM documents"),
              number(reference_db, "SELECT count(*) FROM incidents"));
  std::string reference = content(reference_db);
  ASSERT_EQ(soundness_problems(reference_db), "");
  // The corpus gives every part of the store work: near-duplicates, stories,
  // incidents fused from several documents.
  ASSERT_GT(line_count(reference, "SELECT i.id, r.record FROM incidents i"), 100u);
  ASSERT_GT(line_count(reference, "SELECT a, b FROM similar_documents"), 20u);
  ASSERT_GT(number(reference_db, "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"), 10);
  ASSERT_GT(number(reference_db, "SELECT count(*) FROM incidents WHERE sources > 1"), 20);
  // Ingesting the same corpus again changes nothing.
  ASSERT_EQ(finish(start_ingest(reference_db, corpus, log), Clock::now(), -1).status, 0)
      << slurp(log);
  std::string diff = first_difference(reference, content(reference_db));
  ASSERT_TRUE(diff.empty()) << "a second ingest of the same corpus changed the database: " << diff;

  // Interrupted rounds, each resuming on the database the last one left;
  // a round that finishes before its kill starts the next one afresh.
  size_t rounds = env_or("SITREP_CRASH_ROUNDS", 20);
  std::mt19937 rng(uint32_t(env_or("SITREP_CRASH_SEED", 7)));
  // Kills are drawn over the length of a whole run: the reference's, or
  // the shortest fresh run seen since (the machine's load changes, and a
  // reference run on a busy machine made most kills come too late).
  double span = ref.seconds;
  fs::path db = tmp.path() / "crashed.db";
  size_t kills = 0, completions = 0;
  for (size_t round = 0; round < rounds; ++round) {
    double delay = std::uniform_real_distribution<double>(0.0, span)(rng);
    bool fresh = !fs::exists(db);
    Clock::time_point start = Clock::now();
    Ending e = finish(start_ingest(db, corpus, log), start, delay);
    ASSERT_TRUE(e.killed || e.status == 0)
        << "round " << round << ": ingest failed on its own\n" << slurp(log);
    std::string problems = soundness_problems(db);
    ASSERT_EQ(problems, "") << "round " << round << ", killed after " << delay << " s";
    std::printf("round %2zu: %s after %.2f s, %lld documents stored\n", round,
                e.killed ? "killed" : "finished", e.seconds,
                fs::exists(db) ? number(db, "SELECT count(*) FROM documents") : 0);
    if (e.killed) {
      ++kills;
      continue;
    }
    ++completions;
    if (fresh) span = std::min(span, e.seconds);
    diff = first_difference(reference, content(db));
    ASSERT_TRUE(diff.empty()) << "round " << round << " completed a resumed ingest that differs from "
                              << "the uninterrupted one: " << diff;
    remove_db(db);
  }
  EXPECT_GE(kills, rounds / 2) << "most kills came after the ingest had finished";

  // The last interrupted database, ingested to the end.
  Ending last = finish(start_ingest(db, corpus, log), Clock::now(), -1);
  ASSERT_EQ(last.status, 0) << slurp(log);
  ASSERT_EQ(soundness_problems(db), "");
  diff = first_difference(reference, content(db));
  EXPECT_TRUE(diff.empty()) << "after " << kills << " kills and " << completions
                            << " completed rounds, the resumed ingest differs: " << diff;
  RecordProperty("reference_seconds", std::to_string(ref.seconds));
  RecordProperty("kills", std::to_string(kills));
}

// The same as a kill after two committed batches, made deterministic: the
// first 128 reports are ingested, then the whole feed. Each report of a site
// ends with the same short line, which clean's site memory (SiteMemory,
// src/cli/cmd_ingest.cc) drops once it has seen it in two earlier reports of
// the site.
TEST(StoreCrash, ResumedIngestCleansSiteBoilerplateAsTheUninterruptedRunDoes) {
  // Regression: `sitrep ingest` used to skip the documents already stored
  // before cleaning them, so a resumed run's site memory had not seen their
  // paragraphs and kept boilerplate the uninterrupted run dropped.
  sitrep::testing::TempDir tmp("sitrep-crash-test");
  KeepOnExit keep(tmp.path());
  std::string feed = synthetic_feed(100, 11, true);
  size_t cut = 0;
  for (int line = 0; line < 128; ++line) cut = feed.find('\n', cut) + 1;
  std::string whole = tmp.write("whole/reports.jsonl", feed);
  std::string prefix = tmp.write("prefix/reports.jsonl", feed.substr(0, cut));
  fs::path log = tmp.path() / "ingest.log";

  fs::path reference_db = tmp.path() / "reference.db";
  ASSERT_EQ(finish(start_ingest(reference_db, {whole}, log), Clock::now(), -1).status, 0) << slurp(log);
  fs::path db = tmp.path() / "resumed.db";
  ASSERT_EQ(finish(start_ingest(db, {prefix}, log), Clock::now(), -1).status, 0) << slurp(log);
  ASSERT_EQ(finish(start_ingest(db, {whole}, log), Clock::now(), -1).status, 0) << slurp(log);
  std::string diff = first_difference(content(reference_db), content(db));
  EXPECT_TRUE(diff.empty()) << "the resumed ingest differs: " << diff;
}

}  // namespace

// `sitrep ingest --db FILE PATH...`: clean, extract, resolve and store,
// extraction and storage overlapping on two threads.
// On a terminal a progress line (documents/s, MB/s, ETA) is redrawn on
// standard error; piped, only errors and the closing summary are printed.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

namespace {

namespace fs = std::filesystem;

// Bytes on disk under `paths` (the ETA's yardstick); 0 when unknown (stdin).
uint64_t input_bytes(const std::vector<std::string>& paths) {
  uint64_t total = 0;
  std::error_code ec;
  for (const std::string& p : paths) {
    if (p == "-") return 0;
    if (fs::is_regular_file(p, ec)) {
      total += fs::file_size(p, ec);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

// The file part of an origin ("feed.jsonl:12" -> "feed.jsonl").
std::string origin_file(const std::string& origin) {
  size_t cut = origin.find_last_of(":#");
  if (cut != std::string::npos && cut + 1 < origin.size() &&
      origin.find_first_not_of("0123456789", cut + 1) == std::string::npos)
    return origin.substr(0, cut);
  return origin;
}

class Progress {
 public:
  Progress(bool on, uint64_t total) : on_(on), total_(total), start_(Clock::now()) {}

  void document(const std::string& origin, size_t raw_bytes) {
    ++docs_;
    bytes_ += raw_bytes;
    std::string file = origin_file(origin);
    if (file != file_) {
      std::error_code ec;
      done_ += file_size_;
      file_ = file;
      file_size_ = fs::file_size(file, ec);
      if (ec) file_size_ = 0;
    }
    if (!on_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    std::string eta = "--:--";
    if (total_ > 0 && done_ > 0 && secs > 0.5) {
      double left = double(total_ - std::min(total_, done_)) * secs / double(done_);
      eta = fmt::format("{}:{:02}", int(left) / 60, int(left) % 60);
    }
    fmt::print(stderr, "\r\x1b[K{} documents  {:.0f} docs/s  {:.1f} MB/s  ETA {}", docs_, docs_ / secs,
               double(bytes_) / 1e6 / secs, eta);
  }

  void finish() {
    if (on_) fmt::print(stderr, "\r\x1b[K");
  }

  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  uint64_t bytes() const { return bytes_; }

 private:
  using Clock = std::chrono::steady_clock;
  bool on_;
  uint64_t total_, done_ = 0, bytes_ = 0, file_size_ = 0;
  size_t docs_ = 0;
  std::string file_;
  Clock::time_point start_, last_{};
};

}  // namespace

Runner add_ingest_command(CLI::App& app) {
  struct Args {
    std::string db;
    std::vector<std::string> paths;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "ingest", "Clean, extract, resolve and store documents in an incident database (SQLite)");
  cmd->add_option("--db", args->db, "The database file (created when missing)")->required();
  cmd->add_option("paths", args->paths,
                  "Files or folders to read (text, HTML, .gz, JSON Lines, WARC); - for stdin")
      ->required();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");

  return [args]() {
    auto db = open_store(args->db, true);
    if (!db) return 2;
    // Commit every 256 documents (or every second): a commit per document
    // would cost more than the extraction; a kill loses at most the open
    // batch, which a re-run puts back (ingest is idempotent).
    db->set_batch(256);
    if (Status s = db->flush(); !s) return report_failure(s);  // the schema is written before the reader opens
    Progress progress(!args->quiet && isatty(STDERR_FILENO), input_bytes(args->paths));
    size_t added = 0, replaced = 0, unchanged = 0, events = 0, store_errors = 0;

    // Two stages on two threads: reading, cleaning and extracting here;
    // storing (one SQLite writer) on the main thread. A document already
    // stored as it is skips extraction and storage (checked on a reading
    // connection of its own: WAL lets it read beside the writer).
    struct Item {
      Document doc;
      std::vector<Event> events;
      bool skipped = false;
    };
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Item> queue;
    bool done = false;
    constexpr size_t kQueue = 32;
    size_t failed = 0;
    auto reader_db = open_store(args->db, false);
    if (!reader_db) return 2;
    std::thread producer([&] {
      clean::SiteMemory site_memory;
      clean::Options options;
      options.site_memory = &site_memory;
      auto push = [&](Item item) {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return queue.size() < kQueue; });
        queue.push_back(std::move(item));
        cv.notify_all();
      };
      size_t f = for_each_clean_document(
          args->paths, options,
          [&](Document& doc) {
            // Every document is cleaned, stored or not: cleaning learns each
            // site's boilerplate from the pages before, so a resumed or
            // repeated ingest must see them all to clean the rest alike.
            if (reader_db->unchanged(doc)) {
              push(Item{std::move(doc), {}, true});
              return;
            }
            std::vector<Event> evs = extract::extract(doc);
            push(Item{std::move(doc), std::move(evs), false});
          });
      std::lock_guard lock(mu);
      failed = f;
      done = true;
      cv.notify_all();
    });
    for (;;) {
      Item item;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) break;
        item = std::move(queue.front());
        queue.pop_front();
        cv.notify_all();
      }
      progress.document(item.doc.origin, item.doc.raw.size());
      if (item.skipped) {
        ++unchanged;
        continue;
      }
      auto r = db->put(item.doc, item.events);
      if (!r) {
        report_error(item.doc.origin, r.status());
        ++store_errors;
        continue;
      }
      events += item.events.size();
      (*r == store::Outcome::kAdded ? added : *r == store::Outcome::kReplaced ? replaced : unchanged)++;
    }
    producer.join();
    progress.finish();
    if (Status s = db->flush(); !s) {
      report_error(args->db, s);
      ++store_errors;
    }
    failed += store_errors;
    if (!args->quiet) {
      auto sum = db->summary();
      double secs = progress.seconds();
      fmt::print(stderr,
                 "sitrep: {} documents in {:.1f} s ({:.0f} docs/s, {:.1f} MB/s): {} new, {} replaced, "
                 "{} unchanged, {} failed; {} events\n",
                 added + replaced + unchanged, secs, (added + replaced + unchanged) / std::max(secs, 1e-9),
                 double(progress.bytes()) / 1e6 / std::max(secs, 1e-9), added, replaced, unchanged, failed,
                 events);
      if (sum)
        fmt::print(stderr,
                   "sitrep: {} now holds {} documents ({} near-duplicate pairs, {} duplicates, {} stories "
                   "told by {} documents), {} incidents ({} fused from {} events)\n",
                   args->db, sum->documents, sum->similar_pairs, sum->duplicates, sum->stories,
                   sum->story_documents, sum->incidents, sum->fused, sum->fused_events);
    }
    return failed > 0 ? 1 : 0;
  };
}

}  // namespace sitrep::cli

// The store's insides, shared by its writing half (store.cc: put, stories,
// fusion) and its reading half (query.cc). Not part of the public API.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "resolve/fuse.h"
#include "resolve/minhash.h"
#include "sitrep/store.h"
#include "store/sqlite.h"

namespace sitrep::store {

// Resets a cached statement when its reading is done. A statement left
// on a row keeps its connection's read transaction open, and a long-lived
// reader (the server's) would go on seeing the database as it was then.
struct ResetOnExit {
  Stmt& s;
  ~ResetOnExit() { s.reset(); }
};

// One read transaction over the statements of one query (when no write
// transaction is open): they see one snapshot, and SQLite takes its locks
// once instead of once per statement.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Db& db) : db_(db), own_(sqlite3_get_autocommit(db.handle()) != 0) {
    if (own_) own_ = db_.exec("BEGIN").is_ok();
  }
  ~ReadSnapshot() {
    if (own_) (void)db_.exec("COMMIT");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Db& db_;
  bool own_;
};

struct Store::Impl {
  std::unique_ptr<Db> db;
  std::unordered_map<const char*, Stmt> statements;
  // The open batch: documents put since BEGIN, committed every `batch`
  // documents or every second.
  bool in_transaction = false;
  std::chrono::steady_clock::time_point batch_started;
  size_t pending = 0;
  size_t batch = 1;

  // A cached prepared statement for a SQL literal.
  Stmt& sql(const char* text) {
    auto it = statements.find(text);
    if (it == statements.end()) it = statements.emplace(text, db->prepare(text)).first;
    it->second.reset();
    return it->second;
  }

  // Fusion candidates: the keys of the active events of one type and
  // country, read once and kept up to date by put() (dropped when a
  // document is removed or changes activity, or a write fails).
  struct Bucket {
    bool loaded = false;
    std::vector<resolve::EventKey> keys;
  };
  std::map<std::string, Bucket> buckets;
  std::vector<resolve::EventKey>& bucket(const std::string& type, const std::string& country);
  void forget_bucket(const std::string& type, const std::string& country);

  // MinHash signatures of stored documents, read once (about 1 KB each).
  std::unordered_map<std::string, resolve::Signature> signatures;

  // Entity ids by kind and name (entities are never deleted).
  std::unordered_map<std::string, int64_t> entity_ids;

  // --- fusion state for one put(), dropped after it ---
  std::map<std::string, std::optional<resolve::EventKey>> keys;
  std::map<std::string, std::vector<std::pair<std::string, int>>> neighbours;

  Result<Outcome> put(const Document& doc, const std::vector<Event>& events);
  Status remove_document(const std::string& id, std::set<std::string>& seeds, std::set<std::string>& story_docs);
  Status link_similar(const Document& doc, const resolve::Signature& sig, std::set<std::string>& story_docs);
  Status restory(const std::set<std::string>& start, std::set<std::string>& seeds);
  Status insert_events(const Document& doc, const std::vector<Event>& events, bool active);
  Status refuse(const std::set<std::string>& seeds);
  Status delete_incident(const std::string& id);
  Status write_incident(const std::string& id, const std::vector<std::string>& members);

  const std::optional<resolve::EventKey>& key(const std::string& id);
  const std::vector<std::pair<std::string, int>>& neighbours_of(const std::string& id);
  Status error_of(Stmt& s) { return s.status().is_ok() ? Status::ok() : s.status(); }
};

}  // namespace sitrep::store

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

// A scope of incident_scopes (scopes.cc): a group name and 0, or a
// knowledge-base group id and 1 (the group with its branches).
using Scope = std::pair<std::string, int>;
// The scopes an incident naming group `grp` (a canonical name, else the
// text) belongs to.
std::vector<Scope> scopes_of(const std::string& grp);
// The scope a group filter (Query::group, Query::branches) selects.
Scope scope_of_filter(const std::string& name, bool branches);
// The canonical names a group filter means: the group the knowledge base
// finds for `name` (else `name` as written), with its branches when asked,
// transitively (query.cc).
std::vector<std::string> group_names(const std::string& name, bool branches);
// The fingerprint of the knowledge-base hierarchy the rows follow, kept in
// store_state when they are built.
const std::string& scopes_fingerprint();

struct Store::Impl {
  std::unique_ptr<Db> db;
  std::unordered_map<const char*, Stmt> statements;
  // The open batch: documents put since BEGIN, committed every `batch`
  // documents or every second.
  bool in_transaction = false;
  bool wrote = false;  // put() was called
  std::chrono::steady_clock::time_point batch_started;
  size_t pending = 0;
  size_t batch = 1;
  double max_age = 1.0;  // seconds; 0: none

  // A cached prepared statement for a SQL literal.
  Stmt& sql(const char* text) {
    auto it = statements.find(text);
    if (it == statements.end()) it = statements.emplace(text, db->prepare(text)).first;
    it->second.reset();
    return it->second;
  }

  // Fusion candidates: the keys of the active events of one type and
  // country, indexed by their days, read once and kept up to date by put().
  struct Bucket {
    bool loaded = false;
    std::vector<resolve::EventKey> keys;
    std::vector<bool> alive;  // false once the event is removed or switched off
    std::unordered_map<std::string, size_t> at;
    resolve::DayIndex days;
    void add(resolve::EventKey k) {
      days.add(keys.size(), k);
      at[k.id] = keys.size();
      keys.push_back(std::move(k));
      alive.push_back(true);
    }
    void drop(const std::string& id) {
      if (auto it = at.find(id); it != at.end()) {
        alive[it->second] = false;
        at.erase(it);
      }
    }
  };
  std::map<std::string, Bucket> buckets;
  Bucket& bucket(const std::string& type, const std::string& country);

  // MinHash signatures of stored documents, read once (about 1 KB each).
  std::unordered_map<std::string, resolve::Signature> signatures;

  // Entity ids by kind and name (entities are never deleted).
  std::unordered_map<std::string, int64_t> entity_ids;

  // Full-text rows wait in memory until the batch commits (flush), or a
  // full-text query needs them: FTS5 writes the terms it holds to a new
  // segment at every savepoint, a statement's own included, so rows written
  // as each document was put cost a segment (and its merging) per document.
  struct PendingText {
    const char* insert;  // INSERT INTO <table>(rowid, ...) VALUES (?, ...)
    std::map<int64_t, std::vector<std::string>> rows;
    // What the open put() changed (a rowid and the row it had, if any), so
    // a put that fails leaves the pending rows as they were.
    std::vector<std::pair<int64_t, std::optional<std::vector<std::string>>>> undo;
    void add(int64_t rowid, std::vector<std::string> columns);
    // Drops a row not yet written; false when there is none (it is in the table).
    bool drop(int64_t rowid);
    void undo_put();
  };
  PendingText document_text{"INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)", {}, {}};
  PendingText incident_text{"INSERT INTO incidents_fts(rowid, text) VALUES (?, ?)", {}, {}};
  Status write_text();
  // Deletes the full-text row of `rowid` from `table`, pending or written.
  Status delete_text(PendingText& pending, const char* delete_sql, int64_t rowid);
  // Forgets everything cached and pending (after a rollback).
  void forget_all();

  // Each event's key (nullopt when inactive) and its compatible events with
  // their scores (sorted), as read or computed, kept up to date by put().
  std::unordered_map<std::string, std::optional<resolve::EventKey>> keys;
  std::unordered_map<std::string, std::vector<std::pair<std::string, int>>> neighbours;
  // An active event joins the candidates, and the neighbour lists of its
  // neighbours; unlink (before the event is deleted or switched off) takes
  // it out of them.
  void link(resolve::EventKey k);
  void unlink(const std::string& id);
  // Drops the candidates, keys and neighbour lists (after a failed write).
  void forget_fusion();

  Result<Outcome> put(const Document& doc, const std::vector<Event>& events);
  Status remove_document(const std::string& id, std::set<std::string>& seeds, std::set<std::string>& story_docs);
  Status link_similar(const Document& doc, const resolve::Signature& sig, std::set<std::string>& story_docs);
  Status restory(const std::set<std::string>& start, std::set<std::string>& seeds);
  Status insert_events(const Document& doc, const std::vector<Event>& events, bool active);
  Status refuse(const std::set<std::string>& seeds);
  Status delete_incident(const std::string& id);
  Status write_incident(const std::string& id, const std::vector<std::string>& members);
  // The scope rows of incident `rid` for its group `grp`.
  Status add_scopes(int64_t rid, const std::string& grp);
  // Rebuilds incident_scopes when the knowledge base it was built with is
  // not this one's (or it was never built); within the open transaction.
  Status ensure_scopes();
  // True when incident_scopes follows this knowledge base (readers use it then).
  Result<bool> scopes_fresh();
  // The scope a query's group filter reads when the scope rows follow this
  // knowledge base; nullopt: no group filter, or read incident_groups.
  Result<std::optional<Scope>> scope_for(const Query& q);

  const std::optional<resolve::EventKey>& key(const std::string& id);
  const std::vector<std::pair<std::string, int>>& neighbours_of(const std::string& id);
  Status error_of(Stmt& s) { return s.status().is_ok() ? Status::ok() : s.status(); }
};

}  // namespace sitrep::store

// A thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed binding and reading, and transactions that roll back unless
// committed. Errors are Status values (kDatabase) naming the database file
// and SQLite's message; nothing here throws.
//
//   Db db = *Db::open("incidents.db");
//   Stmt s = db.prepare("SELECT id FROM documents WHERE url = ?");
//   s.bind(1, url);
//   while (s.step()) use(s.text(0));
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::store {

class Db;

class Stmt {
 public:
  Stmt() = default;
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_) { o.st_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept;
  ~Stmt();

  // Parameters count from 1, as in SQLite. Text is copied.
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, int v) { return bind(i, int64_t(v)); }
  Stmt& bind(int i, size_t v) { return bind(i, int64_t(v)); }
  Stmt& bind(int i, double v);
  Stmt& bind_blob(int i, const void* data, size_t n);
  Stmt& bind_null(int i);
  // Binds NULL for an empty string, else the text.
  Stmt& bind_or_null(int i, std::string_view v);

  // Advances to the next row: true with a row, false when done. An error is
  // kept in status() and ends the iteration.
  bool step();
  // Runs a statement that returns no rows; resets it for reuse.
  Status run();
  // Ready to bind and step again (bindings are cleared).
  void reset();
  const Status& status() const { return status_; }

  // Columns count from 0.
  bool is_null(int col) const;
  int64_t i64(int col) const;
  double f64(int col) const;
  std::string text(int col) const;
  std::string_view blob(int col) const;

 private:
  friend class Db;
  Stmt(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
  Status status_;
};

class Db {
 public:
  // Opens (creating when asked) the database at `path` with foreign keys on,
  // WAL journaling and a busy timeout.
  static Result<std::unique_ptr<Db>> open(const std::string& path, bool create = true);
  ~Db();

  // Runs one or more statements with no parameters.
  Status exec(std::string_view sql);
  // A prepared statement; an invalid one has status() set and steps to false.
  Stmt prepare(std::string_view sql);
  int64_t last_insert_rowid() const;
  int changes() const;
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  // Statements stepped after `deadline` stop with kTimedOut (a progress
  // handler checks the clock every few thousand SQLite instructions). The
  // default, the epoch, sets no limit.
  void set_deadline(std::chrono::steady_clock::time_point deadline);

  // A Status naming this database and SQLite's last error.
  Status error(std::string_view what) const;

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
  std::chrono::steady_clock::time_point deadline_{};
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit()
// succeeded.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Status begin_status() const { return begin_; }
  Status commit();

 private:
  Db& db_;
  Status begin_;
  bool done_ = false;
};

}  // namespace sitrep::store

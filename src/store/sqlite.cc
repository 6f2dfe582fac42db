#include "store/sqlite.h"

#include <fmt/format.h>

namespace sitrep::store {

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (st_) sqlite3_finalize(st_);
    db_ = o.db_;
    st_ = o.st_;
    status_ = std::move(o.status_);
    o.st_ = nullptr;
  }
  return *this;
}

Stmt::~Stmt() {
  if (st_) sqlite3_finalize(st_);
}

namespace {
Status sqlite_error(sqlite3* db, std::string_view what) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  return Status(ErrorCode::kDatabase,
                fmt::format("{}: {}: {}", file && *file ? file : "(database)", what,
                            db ? sqlite3_errmsg(db) : "out of memory"));
}
}  // namespace

Stmt& Stmt::bind(int i, std::string_view v) {
  if (st_) sqlite3_bind_text(st_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind(int i, int64_t v) {
  if (st_) sqlite3_bind_int64(st_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  if (st_) sqlite3_bind_double(st_, i, v);
  return *this;
}
Stmt& Stmt::bind_blob(int i, const void* data, size_t n) {
  if (st_) sqlite3_bind_blob(st_, i, data, int(n), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  if (st_) sqlite3_bind_null(st_, i);
  return *this;
}
Stmt& Stmt::bind_or_null(int i, std::string_view v) {
  return v.empty() ? bind_null(i) : bind(i, v);
}

bool Stmt::step() {
  if (!st_) return false;
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_INTERRUPT && status_.is_ok())
    status_ = Status(ErrorCode::kTimedOut, fmt::format("{}: stopped `{}`", sqlite3_db_filename(db_, "main"),
                                                       sqlite3_sql(st_)));
  else if (rc != SQLITE_DONE && status_.is_ok())
    status_ = sqlite_error(db_, fmt::format("running `{}`", sqlite3_sql(st_)));
  return false;
}

Status Stmt::run() {
  if (!st_) return status_;
  while (step()) {
  }
  Status s = status_;
  reset();
  return s;
}

void Stmt::reset() {
  if (!st_) return;
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
  status_ = Status::ok();
}

bool Stmt::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
int64_t Stmt::i64(int col) const { return sqlite3_column_int64(st_, col); }
double Stmt::f64(int col) const { return sqlite3_column_double(st_, col); }
std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(st_, col)))
           : std::string();
}
std::string_view Stmt::blob(int col) const {
  const void* p = sqlite3_column_blob(st_, col);
  return p ? std::string_view(static_cast<const char*>(p), size_t(sqlite3_column_bytes(st_, col)))
           : std::string_view();
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s(ErrorCode::kDatabase, fmt::format("{}: cannot open: {}", path,
                                               raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_close(raw);
    return s;
  }
  std::unique_ptr<Db> db(new Db(raw, path));
  sqlite3_busy_timeout(raw, 10000);
  // WAL with synchronous=NORMAL: a killed process never loses a committed
  // transaction nor corrupts the file (only a power cut may lose the last).
  Status s = db->exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32768;");
  if (!s) return s;
  return db;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Status Db::exec(std::string_view sql) {
  std::string copy(sql);
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return Status::ok();
  Status s(ErrorCode::kDatabase, fmt::format("{}: {}", path_, msg ? msg : sqlite3_errstr(rc)));
  sqlite3_free(msg);
  return s;
}

Stmt Db::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                              nullptr);
  Stmt out(db_, st);
  if (rc != SQLITE_OK) out.status_ = error(fmt::format("preparing `{}`", sql));
  return out;
}

void Db::set_deadline(std::chrono::steady_clock::time_point deadline) {
  bool had = deadline_ != std::chrono::steady_clock::time_point{};
  deadline_ = deadline;
  if (deadline_ == std::chrono::steady_clock::time_point{}) {
    if (had) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    return;
  }
  if (had) return;
  sqlite3_progress_handler(
      db_, 4000,
      [](void* self) -> int {
        return std::chrono::steady_clock::now() > static_cast<Db*>(self)->deadline_ ? 1 : 0;
      },
      this);
}

int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }
Status Db::error(std::string_view what) const { return sqlite_error(db_, what); }

Transaction::Transaction(Db& db) : db_(db) { begin_ = db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_ && begin_.is_ok()) db_.exec("ROLLBACK");
}

Status Transaction::commit() {
  if (!begin_) return begin_;
  Status s = db_.exec("COMMIT");
  if (s) done_ = true;
  return s;
}

}  // namespace sitrep::store

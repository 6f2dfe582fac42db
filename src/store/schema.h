// The database schema and its migrations. The schema version is SQLite's
// `user_version`; opening a database runs every migration after its version,
// in one transaction, and refuses a database from a newer sitrep.
#pragma once

#include "store/sqlite.h"

namespace sitrep::store {

inline constexpr int kSchemaVersion = 4;

// `from`, when given, receives the version the database had.
Status migrate(Db& db, int* from = nullptr);

}  // namespace sitrep::store

// The database schema and its migrations. The schema version is SQLite's
// `user_version`; opening a database runs every migration after its version,
// in one transaction, and refuses a database from a newer sitrep.
#pragma once

#include "store/sqlite.h"

namespace sitrep::store {

inline constexpr int kSchemaVersion = 3;

Status migrate(Db& db);

}  // namespace sitrep::store

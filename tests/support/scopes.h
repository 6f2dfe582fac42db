// The store's materialised group scopes (incident_scopes, store/scopes.cc)
// checked against the rows they must hold.
#pragma once

#include <set>
#include <string>

#include "store/impl.h"
#include "store/sqlite.h"

namespace sitrep::testing {

// "" when incident_scopes holds exactly the rows incident_groups and
// incidents call for (or is marked as built for another knowledge base, or
// not built: readers then do not use it); else what differs.
inline std::string scope_problems(const std::string& path) {
  auto db = store::Db::open(path, false);
  if (!db.ok()) return "cannot open: " + db.status().to_string() + "\n";
  store::Stmt fp = (*db)->prepare("SELECT value FROM store_state WHERE key = 'scopes'");
  if (!fp.step()) return fp.status().is_ok() ? "" : "store_state: " + fp.status().to_string() + "\n";
  if (fp.text(0) != store::scopes_fingerprint()) return "";
  auto row = [](store::Stmt& s, int from) {
    std::string out;
    for (int c = from; c < from + 6; ++c) out += "\t" + (s.is_null(c) ? std::string("\\N") : s.text(c));
    return out;
  };
  const char* columns = "i.rid, i.id, i.type, i.country, i.date_start, i.killed, i.sources";
  std::set<std::string> want, got;
  store::Stmt g = (*db)->prepare(std::string("SELECT g.grp, ") + columns +
                                 " FROM incident_groups g JOIN incidents i ON i.rid = g.rid");
  while (g.step())
    for (const store::Scope& sc : store::scopes_of(g.text(0)))
      want.insert(sc.first + "\t" + std::to_string(sc.second) + "\t" + g.text(1) + row(g, 2));
  store::Stmt s = (*db)->prepare(std::string("SELECT i.scope, i.branches, ") + columns + " FROM incident_scopes i");
  while (s.step()) got.insert(s.text(0) + "\t" + s.text(1) + "\t" + s.text(2) + row(s, 3));
  if (!g.status() || !s.status()) return "reading: " + g.status().to_string() + s.status().to_string() + "\n";
  std::string problems;
  size_t shown = 0;
  for (const std::string& w : want)
    if (!got.count(w) && shown++ < 5) problems += "scope row missing: " + w + "\n";
  for (const std::string& x : got)
    if (!want.count(x) && shown++ < 10) problems += "scope row not called for: " + x + "\n";
  return problems;
}

}  // namespace sitrep::testing

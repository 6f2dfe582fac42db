// The scopes a group filter selects, materialised in incident_scopes
// (schema version 4): for each incident, a row per group name it has
// (branches 0) and per knowledge-base group whose branches include one of
// them (branches 1, keyed by the group's id), with the incident's filter
// columns and sort keys. The rows are those store/query.cc's group_names()
// would select, so a filter reads one index range of this table instead of
// the incidents of several groups, sorted afterwards.
#include <fmt/format.h>

#include <iterator>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "kb/groups.h"
#include "store/impl.h"

namespace sitrep::store {

namespace {

constexpr const char* kScopesKey = "scopes";

// Knowledge-base groups by canonical name (names can repeat across groups).
const std::unordered_multimap<std::string, const kb::Group*>& groups_by_name() {
  static const auto by_name = [] {
    std::unordered_multimap<std::string, const kb::Group*> m;
    for (const kb::Group& g : kb::GroupKb::get().groups()) m.emplace(g.name, &g);
    return m;
  }();
  return by_name;
}

}  // namespace

const std::string& scopes_fingerprint() {
  // A hash of every group's id, name and relations (the hierarchy the rows
  // follow, and the names they are found by), with the rows' layout version.
  static const std::string fp = [] {
    std::string all = "incident_scopes 1";
    const auto& groups = kb::GroupKb::get().groups();
    for (const kb::Group& g : groups) {
      fmt::format_to(std::back_inserter(all), "\x1e{}\x1f{}", g.id, g.name);
      for (const kb::GroupRelation& r : g.relations)
        fmt::format_to(std::back_inserter(all), "\x1f{}\x1f{}", r.type,
                       r.target < groups.size() ? groups[r.target].id : std::string("?"));
    }
    return hash_hex(all);
  }();
  return fp;
}

std::vector<Scope> scopes_of(const std::string& grp) {
  std::set<Scope> out{{grp, 0}};
  const kb::GroupKb& kb = kb::GroupKb::get();
  auto [from, to] = groups_by_name().equal_range(grp);
  for (auto it = from; it != to; ++it) {
    out.insert({it->second->id, 1});
    for (const kb::Group* p : kb.parents(*it->second)) out.insert({p->id, 1});
  }
  return {out.begin(), out.end()};
}

Scope scope_of_filter(const std::string& name, bool branches) {
  const kb::Group* g = kb::GroupKb::get().lookup(name);
  if (!g) return {name, 0};  // group_names(): the name as written, with no branches
  return branches ? Scope{g->id, 1} : Scope{g->name, 0};
}

Result<bool> Store::Impl::scopes_fresh() {
  Stmt& s = sql("SELECT value FROM store_state WHERE key = ?");
  ResetOnExit done{s};
  s.bind(1, kScopesKey);
  if (s.step()) return s.text(0) == scopes_fingerprint();
  if (!s.status()) return s.status();
  return false;
}

Result<std::optional<Scope>> Store::Impl::scope_for(const Query& q) {
  if (q.group.empty()) return std::optional<Scope>();
  auto fresh = scopes_fresh();
  if (!fresh.ok()) return fresh.status();
  return *fresh ? std::optional<Scope>(scope_of_filter(q.group, q.branches)) : std::nullopt;
}

Status Store::Impl::add_scopes(int64_t rid, const std::string& grp) {
  for (const Scope& sc : scopes_of(grp)) {
    Stmt& s = sql(
        "INSERT OR IGNORE INTO incident_scopes(scope, branches, rid, id, type, country, date_start, killed, sources) "
        "SELECT ?, ?, rid, id, type, country, date_start, killed, sources FROM incidents WHERE rid = ?");
    s.bind(1, sc.first).bind(2, sc.second).bind(3, rid);
    if (Status st = s.run(); !st) return st;
  }
  return Status::ok();
}

Status Store::Impl::ensure_scopes() {
  auto fresh = scopes_fresh();
  if (!fresh.ok()) return fresh.status();
  if (*fresh) return Status::ok();
  if (Status s = db->exec("DELETE FROM incident_scopes"); !s) return s;
  std::vector<std::string> names;
  {
    Stmt& s = sql("SELECT DISTINCT grp FROM incident_groups");
    ResetOnExit done{s};
    while (s.step()) names.push_back(s.text(0));
    if (!s.status()) return s.status();
  }
  for (const std::string& grp : names)
    for (const Scope& sc : scopes_of(grp)) {
      Stmt& s = sql(
          "INSERT OR IGNORE INTO incident_scopes(scope, branches, rid, id, type, country, date_start, killed, sources) "
          "SELECT ?, ?, i.rid, i.id, i.type, i.country, i.date_start, i.killed, i.sources "
          "FROM incident_groups g JOIN incidents i ON i.rid = g.rid WHERE g.grp = ?");
      s.bind(1, sc.first).bind(2, sc.second).bind(3, grp);
      if (Status st = s.run(); !st) return st;
    }
  Stmt& put = sql("INSERT OR REPLACE INTO store_state(key, value) VALUES (?, ?)");
  put.bind(1, kScopesKey).bind(2, scopes_fingerprint());
  if (Status s = put.run(); !s) return s;
  return db->exec("ANALYZE incident_scopes");
}

}  // namespace sitrep::store

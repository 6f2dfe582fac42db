// The reading half of the store: filtered incident lists, one incident, one
// document, the document list, counts, and group reports.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

#include "core/text.h"
#include "kb/groups.h"
#include "store/impl.h"

namespace sitrep::store {

using ojson = nlohmann::ordered_json;

std::vector<std::string> group_names(const std::string& name, bool branches) {
  const kb::GroupKb& kb = kb::GroupKb::get();
  const kb::Group* g = kb.lookup(name);
  if (!g) return {name};
  std::vector<const kb::Group*> all{g};
  for (size_t i = 0; branches && i < all.size(); ++i)
    for (const kb::Group* b : kb.branches(*all[i]))
      if (std::find(all.begin(), all.end(), b) == all.end()) all.push_back(b);
  std::vector<std::string> out;
  for (const kb::Group* x : all) out.push_back(x->name);
  return out;
}

namespace {

// The WHERE clause of a query and its parameters, in order.
struct Filter {
  std::string where = "1 = 1";
  std::vector<std::variant<std::string, int64_t>> params;
  void add(const std::string& clause, std::vector<std::variant<std::string, int64_t>> more) {
    where += " AND " + clause;
    params.insert(params.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  void bind(Stmt& s) const {
    for (size_t i = 0; i < params.size(); ++i)
      std::visit([&](const auto& v) { s.bind(int(i + 1), v); }, params[i]);
  }
};

// The filters of `q` over `incidents i`, or, given the scope its group
// filter selects, over `incident_scopes i` (which has the columns filtered
// and sorted on under the same names). `text_in_order`: the full-text
// matches are looked up as the rows are read, in the order's index (the
// unary + keeps SQLite from fetching every match by row id and sorting them).
Filter filter_of(const Query& q, const Scope* scope = nullptr, bool text_in_order = false) {
  Filter f;
  if (!q.type.empty()) f.add("i.type = ?", {ascii_lower(q.type)});
  if (!q.country.empty()) {
    std::string c = q.country;
    for (char& ch : c) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    f.add("i.country = ?", {c});
  }
  // Dates compare as strings at the precision given: from "2024" keeps
  // 2024-01-05; to "2024-03" keeps 2024-03-31 ('~' sorts after digits).
  if (!q.from.empty()) f.add("i.date_start >= ?", {q.from});
  if (!q.to.empty()) f.add("i.date_start <= ?", {q.to + "~"});
  if (q.min_killed >= 0) f.add("i.killed >= ?", {q.min_killed});
  if (scope) {
    f.add("i.scope = ? AND i.branches = ?", {scope->first, int64_t(scope->second)});
  } else if (!q.group.empty()) {
    std::vector<std::string> names = group_names(q.group, q.branches);
    std::string marks;
    for (size_t i = 0; i < names.size(); ++i) marks += i ? ", ?" : "?";
    f.add("i.rid IN (SELECT rid FROM incident_groups WHERE grp IN (" + marks + "))",
          {names.begin(), names.end()});
  }
  if (!q.text.empty())
    f.add(std::string(text_in_order ? "+" : "") + "i.rid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)",
          {q.text});
  return f;
}

}  // namespace

namespace {

// "2024", "2024-03" or "2024-03-22".
bool iso_date_prefix(std::string_view d) {
  static constexpr std::string_view kShape = "dddd-dd-dd";
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  for (size_t i = 0; i < d.size(); ++i)
    if (kShape[i] == 'd' ? (d[i] < '0' || d[i] > '9') : d[i] != '-') return false;
  return true;
}

Status check_dates(const Query& q) {
  for (const std::string* d : {&q.from, &q.to})
    if (!d->empty() && !iso_date_prefix(*d))
      return Status(ErrorCode::kInvalidArgument, "date `" + *d + "` is not YYYY, YYYY-MM or YYYY-MM-DD");
  return Status::ok();
}

// Full-text search as typed: FTS5 syntax when it parses ("a phrase", OR,
// NOT, prefix*), else each word as a quoted phrase, so "ISIS-K" or "al-Qaeda's"
// search for what they say instead of failing.
std::string fts_text(Db& db, const std::string& text) {
  if (text.empty()) return text;
  Stmt probe = db.prepare("SELECT count(*) FROM (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ? LIMIT 1)");
  probe.bind(1, text);
  if (probe.step()) return text;
  std::string out;
  for (std::string_view w : split(text, ' ')) {
    if (w.empty()) continue;
    out += out.empty() ? "\"" : " \"";
    for (char c : w) (out += c) += c == '"' ? "\"" : "";
    out += '"';
  }
  return out;
}

}  // namespace

Result<Page> Store::events(const Query& given) {
  ReadSnapshot snapshot(*impl_->db);
  if (Status s = check_dates(given); !s) return s;
  Query q = given;
  // Full-text rows of the open batch (a writer's) are written before they are searched.
  if (Status s = impl_->write_text(); !s) return s;
  q.text = fts_text(*impl_->db, q.text);
  auto scope_or = impl_->scope_for(q);
  if (!scope_or.ok()) return scope_or.status();
  std::optional<Scope> scope = *scope_or;
  Filter f = filter_of(q, scope ? &*scope : nullptr);
  const char* table = scope ? "incident_scopes i" : "incidents i";
  Db& db = *impl_->db;
  Page page;
  // Full text alone: every incident has its one full-text row, so the
  // index counts the matches by itself.
  bool text_only = !q.text.empty() && q.group.empty() && q.country.empty() && q.type.empty() && q.from.empty() &&
                   q.to.empty() && q.min_killed < 0;
  double matches = 0, incidents = 0;  // full-text matches; incidents, about (the largest row id)
  if (!q.text.empty()) {
    Stmt& m = impl_->sql("SELECT count(*) FROM incidents_fts WHERE incidents_fts MATCH ?");
    ResetOnExit done_m{m};
    m.bind(1, q.text);
    if (!m.step()) return m.status().is_ok() ? db.error("counting incidents") : m.status();
    matches = double(m.i64(0));
    Stmt& n = impl_->sql("SELECT coalesce(max(rid), 0) FROM incidents");
    ResetOnExit done_n{n};
    if (!n.step()) return n.status().is_ok() ? db.error("counting incidents") : n.status();
    incidents = double(n.i64(0));
  }
  // Text that matches many incidents, with other filters: the rows those
  // filters' indexes (or the group's scope) read are fewer than a search by
  // row id per match (a search costs a few rows read in order), and each is
  // looked up among the matches instead.
  if (scope && !q.text.empty()) {
    Stmt& n = impl_->sql("SELECT count(*) FROM incident_scopes WHERE scope = ? AND branches = ?");
    ResetOnExit done_n{n};
    n.bind(1, scope->first).bind(2, scope->second);
    if (!n.step()) return n.status().is_ok() ? db.error("counting incidents") : n.status();
    incidents = double(n.i64(0));
  }
  if (!text_only && matches * (scope ? 4 : 8) > incidents) f = filter_of(q, scope ? &*scope : nullptr, true);
  if (text_only) {
    page.total = size_t(matches);
  } else {
    Stmt s = db.prepare(fmt::format("SELECT count(*) FROM {} WHERE {}", table, f.where));
    f.bind(s);
    if (!s.step()) return s.status().is_ok() ? db.error("counting incidents") : s.status();
    page.total = size_t(s.i64(0));
  }
  // Text alone matching many: reading the incidents in the order's index
  // (every order but killed and sources ascending has one) and keeping the
  // matches reaches the page sooner than fetching and sorting every match:
  // about (offset + limit) * incidents / matches rows read, against matches.
  if (text_only && !(q.ascending && (q.sort == "killed" || q.sort == "sources")) &&
      double(q.offset + q.limit) * incidents < matches * matches)
    f = filter_of(q, nullptr, true);
  std::string dir = q.ascending ? "ASC" : "DESC";
  std::string order;
  if (q.sort == "killed")
    order = "coalesce(i.killed, -1) " + dir + ", i.id";
  else if (q.sort == "sources")
    order = "i.sources " + dir + ", i.id";
  else if (q.sort == "recent")  // the order incidents were written in (the live feed's)
    order = "i.rid " + dir;
  else if (q.sort == "id")
    order = "i.id " + std::string(q.ascending || q.sort == "id" ? "ASC" : "DESC");
  else if (q.sort == "date" || q.sort.empty())
    order = "i.date_start IS NULL, i.date_start " + dir + ", i.id";
  else
    return Status(ErrorCode::kInvalidArgument, "unknown sort `" + q.sort + "` (date, killed, sources, recent, id)");
  // The page's row ids first, then their records: sorting the records
  // themselves (kilobytes each) would read and sort every match's record.
  Stmt s = db.prepare(fmt::format("SELECT i.rid FROM {} WHERE {} ORDER BY {} LIMIT {} OFFSET {}", table,
                                  f.where, order, q.limit, q.offset));
  f.bind(s);
  std::vector<int64_t> rids;
  while (s.step()) rids.push_back(s.i64(0));
  if (!s.status()) return s.status();
  Stmt& r = impl_->sql("SELECT record FROM incident_records WHERE rid = ?");
  for (int64_t rid : rids) {
    r.reset();
    r.bind(1, rid);
    if (r.step()) page.items.push_back(r.text(0));
    if (!r.status()) return r.status();
  }
  r.reset();
  return page;
}

Result<std::string> Store::incident(const std::string& id) {
  ReadSnapshot snapshot(*impl_->db);
  Stmt& s = impl_->sql(
      "SELECT r.record FROM incidents i JOIN incident_records r ON r.rid = i.rid WHERE i.id = ?1 "
      "UNION ALL SELECT r.record FROM events e JOIN incidents i ON i.id = e.incident "
      "JOIN incident_records r ON r.rid = i.rid WHERE e.id = ?1 "
      "LIMIT 1");
  ResetOnExit done{s};
  s.bind(1, id);
  if (s.step()) return s.text(0);
  if (!s.status()) return s.status();
  return Status(ErrorCode::kNotFound, "no incident or event `" + id + "` in " + impl_->db->path());
}

Result<std::string> Store::document(const std::string& id) {
  ReadSnapshot snapshot(*impl_->db);
  Stmt& s = impl_->sql(
      "SELECT id, url, title, published, source, lang, story, duplicate_of, body FROM documents WHERE id = ?");
  ResetOnExit done{s};
  s.bind(1, id);
  if (!s.step()) {
    if (!s.status()) return s.status();
    return Status(ErrorCode::kNotFound, "no document `" + id + "` in " + impl_->db->path());
  }
  ojson j;
  const char* names[] = {"id", "url", "title", "published", "source", "lang", "story", "duplicate_of"};
  for (int i = 0; i < 8; ++i) j[names[i]] = s.is_null(i) ? ojson(nullptr) : ojson(s.text(i));
  j["body"] = s.text(8);
  ojson events = ojson::array();
  Stmt& e = impl_->sql("SELECT id, incident, record FROM events WHERE doc = ? ORDER BY seq");
  ResetOnExit done_events{e};
  e.bind(1, id);
  while (e.step()) {
    ojson rec = ojson::parse(e.text(2), nullptr, false);
    ojson x;
    x["event"] = e.text(0);
    x["incident"] = e.is_null(1) ? ojson(nullptr) : ojson(e.text(1));
    x["type"] = rec.value("type", "");
    x["evidence"] = rec.contains("evidence") ? rec["evidence"] : ojson::array();
    events.push_back(std::move(x));
  }
  j["events"] = std::move(events);
  return j.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

Result<std::vector<DocumentRow>> Store::documents(size_t limit) {
  Stmt s = impl_->db->prepare(fmt::format(
      "SELECT d.id, d.title, d.published, d.source, d.url, d.story, d.duplicate_of, "
      "(SELECT count(*) FROM events e WHERE e.doc = d.id) FROM documents d "
      "ORDER BY d.published IS NULL, d.published, d.id{}",
      limit ? fmt::format(" LIMIT {}", limit) : std::string()));
  std::vector<DocumentRow> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                   size_t(s.i64(7))});
  if (!s.status()) return s.status();
  return out;
}

Result<Summary> Store::summary() {
  Stmt s = impl_->db->prepare(
      "SELECT (SELECT count(*) FROM documents), "
      "(SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL), "
      "(SELECT count(*) FROM (SELECT story FROM documents GROUP BY story HAVING count(*) > 1)), "
      "(SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM documents GROUP BY story HAVING n > 1)), "
      "(SELECT count(*) FROM similar_documents), "
      "(SELECT count(*) FROM events), "
      "(SELECT count(*) FROM incidents), "
      "(SELECT count(*) FROM incidents WHERE sources > 1), "
      "(SELECT coalesce(sum(sources), 0) FROM incidents WHERE sources > 1)");
  if (!s.step()) return s.status().is_ok() ? impl_->db->error("counting") : s.status();
  Summary out;
  size_t* fields[] = {&out.documents, &out.duplicates, &out.stories, &out.story_documents,
                      &out.similar_pairs, &out.events, &out.incidents, &out.fused, &out.fused_events};
  for (int i = 0; i < 9; ++i) *fields[i] = size_t(s.i64(i));
  return out;
}

Result<GroupReport> Store::group(const std::string& name) {
  ReadSnapshot snapshot(*impl_->db);
  const kb::GroupKb& kb = kb::GroupKb::get();
  const kb::Group* g = kb.lookup(name);
  if (!g) return Status(ErrorCode::kNotFound, "no group named `" + name + "` in the knowledge base");
  ojson j;
  j["query"] = name;
  j["name"] = g->name;
  j["kind"] = g->kind;
  j["aliases"] = g->aliases;
  ojson parents = ojson::array(), branches = ojson::array();
  for (const kb::Group* p : kb.parents(*g)) parents.push_back(p->name);
  for (const kb::Group* b : kb.branches(*g)) branches.push_back(b->name);
  j["parents"] = parents;
  j["branches"] = branches;
  j["countries"] = g->countries;

  Query q;
  q.group = g->name;
  q.branches = true;
  auto scope = impl_->scope_for(q);
  if (!scope.ok()) return scope.status();
  Filter f = filter_of(q, *scope ? &**scope : nullptr);
  Stmt s = impl_->db->prepare(fmt::format(
      "SELECT coalesce(substr(i.date_start, 1, 4), 'undated'), count(*), coalesce(sum(i.killed), 0) "
      "FROM {} WHERE {} GROUP BY 1 ORDER BY 1",
      *scope ? "incident_scopes i" : "incidents i", f.where));
  f.bind(s);
  ojson years = ojson::array();
  int64_t incidents = 0, killed = 0;
  while (s.step()) {
    years.push_back({{"year", s.text(0)}, {"incidents", s.i64(1)}, {"killed", s.i64(2)}});
    incidents += s.i64(1);
    killed += s.i64(2);
  }
  if (!s.status()) return s.status();
  j["incidents"] = incidents;
  j["killed"] = killed;
  j["by_year"] = years;
  return GroupReport{j.dump(-1, ' ', false, ojson::error_handler_t::replace)};
}

}  // namespace sitrep::store

// --- the web app's and HTTP API's reads ---

namespace sitrep::store {

namespace {

// The period of an incident's start date as SQL over `i.date_start`; NULL
// when the date is less precise than the period.
Result<std::string> period_sql(const std::string& by) {
  if (by == "year") return std::string("substr(i.date_start, 1, 4)");
  if (by == "month")
    return std::string("CASE WHEN length(i.date_start) >= 7 THEN substr(i.date_start, 1, 7) END");
  // Monday of the ISO week: forward to Sunday, back six days.
  if (by == "week")
    return std::string("CASE WHEN length(i.date_start) = 10 THEN date(i.date_start, 'weekday 0', '-6 days') END");
  return Status(ErrorCode::kInvalidArgument, "unknown period `" + by + "` (week, month, year)");
}

ojson kb_fields(const std::string& name) {
  const kb::GroupKb& kb = kb::GroupKb::get();
  ojson j;
  j["name"] = name;
  const kb::Group* g = kb.lookup(name);
  ojson parents = ojson::array(), branches = ojson::array();
  if (g && g->name == name) {
    for (const kb::Group* p : kb.parents(*g)) parents.push_back(p->name);
    for (const kb::Group* b : kb.branches(*g)) branches.push_back(b->name);
  }
  j["kind"] = g && g->name == name ? ojson(g->kind) : ojson(nullptr);
  j["aliases"] = g && g->name == name ? ojson(g->aliases) : ojson::array();
  j["parents"] = parents;
  j["branches"] = branches;
  return j;
}

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

}  // namespace

Result<std::string> Store::timeline(const Query& given, const std::string& by, size_t top_groups) {
  ReadSnapshot snapshot(*impl_->db);
  if (Status s = check_dates(given); !s) return s;
  auto period = period_sql(by);
  if (!period) return period.status();
  Query q = given;
  // Full-text rows of the open batch (a writer's) are written before they are searched.
  if (Status s = impl_->write_text(); !s) return s;
  q.text = fts_text(*impl_->db, q.text);
  auto scope = impl_->scope_for(q);
  if (!scope.ok()) return scope.status();
  Filter f = filter_of(q, *scope ? &**scope : nullptr);
  const char* table = *scope ? "incident_scopes i" : "incidents i";
  Db& db = *impl_->db;
  auto periods = [&](Stmt& s, int from) {
    ojson out = ojson::array();
    while (s.step())
      out.push_back({{"period", s.text(from)}, {"incidents", s.i64(from + 1)}, {"killed", s.i64(from + 2)}});
    return out;
  };
  ojson j;
  j["by"] = by;
  {
    Stmt s = db.prepare(fmt::format(
        "SELECT {} AS p, count(*), coalesce(sum(i.killed), 0) FROM {} WHERE {} AND p IS NOT NULL "
        "GROUP BY p ORDER BY p",
        *period, table, f.where));
    f.bind(s);
    j["periods"] = periods(s, 0);
    if (!s.status()) return s.status();
  }
  {
    Stmt s = db.prepare(fmt::format("SELECT count(*) FROM {} WHERE {} AND {} IS NULL", table, f.where, *period));
    f.bind(s);
    j["undated"] = s.step() ? s.i64(0) : 0;
    if (!s.status()) return s.status();
  }
  ojson groups = ojson::array();
  {
    Stmt s = db.prepare(fmt::format(
        "SELECT g.grp, count(*), coalesce(sum(i.killed), 0) FROM incident_groups g "
        "JOIN {} ON i.id = g.incident WHERE {} GROUP BY g.grp ORDER BY 2 DESC, 1 LIMIT {}",
        table, f.where, top_groups));
    f.bind(s);
    while (s.step()) groups.push_back({{"name", s.text(0)}, {"incidents", s.i64(1)}, {"killed", s.i64(2)}});
    if (!s.status()) return s.status();
  }
  for (ojson& g : groups) {
    Stmt s = db.prepare(fmt::format(
        "SELECT {} AS p, count(*), coalesce(sum(i.killed), 0) FROM {} "
        "JOIN incident_groups g ON g.incident = i.id WHERE {} AND p IS NOT NULL AND g.grp = ? "
        "GROUP BY p ORDER BY p",
        *period, table, f.where));
    f.bind(s);
    s.bind(int(f.params.size() + 1), g["name"].get<std::string>());
    g["periods"] = periods(s, 0);
    if (!s.status()) return s.status();
  }
  j["groups"] = std::move(groups);
  return dump(j);
}

Result<std::string> Store::points(const Query& given) {
  ReadSnapshot snapshot(*impl_->db);
  if (Status s = check_dates(given); !s) return s;
  Query q = given;
  // Full-text rows of the open batch (a writer's) are written before they are searched.
  if (Status s = impl_->write_text(); !s) return s;
  q.text = fts_text(*impl_->db, q.text);
  auto scope = impl_->scope_for(q);
  if (!scope.ok()) return scope.status();
  Filter f = filter_of(q, *scope ? &**scope : nullptr);
  // A group's scope rows: counted by their row ids, read in the order by
  // killed with the places of their incidents.
  if (!*scope) f.add("i.lat IS NOT NULL", {});
  Db& db = *impl_->db;
  ojson j;
  {
    Stmt s = db.prepare(
        *scope ? "SELECT count(*) FROM incidents p WHERE p.lat IS NOT NULL AND p.rid IN "
                 "(SELECT i.rid FROM incident_scopes i WHERE " + f.where + ")"
               : "SELECT count(*) FROM incidents i WHERE " + f.where);
    f.bind(s);
    if (!s.step()) return s.status().is_ok() ? db.error("counting incidents") : s.status();
    j["total"] = s.i64(0);
  }
  Stmt s = db.prepare(fmt::format(
      "SELECT {0}.lat, {0}.lon, i.killed, i.id, i.type, i.date_start FROM {1} WHERE {2} "
      "ORDER BY coalesce(i.killed, -1) DESC, i.id LIMIT {3}",
      *scope ? "p" : "i", *scope ? "incident_scopes i JOIN incidents p ON p.rid = i.rid" : "incidents i",
      f.where + (*scope ? " AND p.lat IS NOT NULL" : ""), q.limit));
  f.bind(s);
  ojson pts = ojson::array();
  while (s.step())
    pts.push_back({s.f64(0), s.f64(1), s.is_null(2) ? ojson(nullptr) : ojson(s.i64(2)), s.text(3), s.text(4),
                   s.is_null(5) ? ojson(nullptr) : ojson(s.text(5))});
  if (!s.status()) return s.status();
  j["points"] = std::move(pts);
  return dump(j);
}

Result<std::string> Store::groups(size_t limit) {
  ReadSnapshot snapshot(*impl_->db);
  Stmt s = impl_->db->prepare(fmt::format(
      "SELECT g.grp, count(*), coalesce(sum(i.killed), 0), min(i.date_start), max(i.date_start) "
      "FROM incident_groups g JOIN incidents i ON i.id = g.incident GROUP BY g.grp ORDER BY 2 DESC, 1 LIMIT {}",
      limit));
  ojson out = ojson::array();
  while (s.step()) {
    ojson g = kb_fields(s.text(0));
    g["incidents"] = s.i64(1);
    g["killed"] = s.i64(2);
    g["first"] = s.is_null(3) ? ojson(nullptr) : ojson(s.text(3));
    g["last"] = s.is_null(4) ? ojson(nullptr) : ojson(s.text(4));
    out.push_back(std::move(g));
  }
  if (!s.status()) return s.status();
  return dump(out);
}

Result<std::string> Store::feed(int64_t cursor, size_t limit) {
  ReadSnapshot snapshot(*impl_->db);
  Db& db = *impl_->db;
  ojson j;
  Stmt top = db.prepare("SELECT coalesce(max(rid), 0) FROM incidents");
  if (!top.step()) return top.status().is_ok() ? db.error("reading the feed") : top.status();
  j["cursor"] = top.i64(0);
  Stmt s = db.prepare(fmt::format("SELECT record FROM incident_records WHERE rid > ? ORDER BY rid DESC LIMIT {}", limit));
  s.bind(1, cursor < 0 ? int64_t(0) : cursor);
  ojson items = ojson::array();
  while (s.step()) items.push_back(ojson::parse(s.text(0), nullptr, false));
  if (!s.status()) return s.status();
  j["items"] = std::move(items);
  return dump(j);
}

void Store::set_deadline(std::chrono::steady_clock::time_point deadline) { impl_->db->set_deadline(deadline); }

}  // namespace sitrep::store

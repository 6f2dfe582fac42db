// The reading half of the store: filtered incident lists, one incident, one
// document, the document list, counts, and group reports.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <variant>

#include "core/text.h"
#include "kb/groups.h"
#include "store/impl.h"

namespace sitrep::store {

using ojson = nlohmann::ordered_json;

namespace {

// The canonical names a group filter means: the group the knowledge base
// finds for `name` (else `name` as written), with its branches when asked,
// transitively.
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

Filter filter_of(const Query& q) {
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
  if (!q.group.empty()) {
    std::vector<std::string> names = group_names(q.group, q.branches);
    std::string marks;
    for (size_t i = 0; i < names.size(); ++i) marks += i ? ", ?" : "?";
    f.add("i.id IN (SELECT incident FROM incident_groups WHERE grp IN (" + marks + "))",
          {names.begin(), names.end()});
  }
  if (!q.text.empty())
    f.add("i.rid IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH ?)", {q.text});
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

}  // namespace

Result<Page> Store::events(const Query& q) {
  for (const std::string* d : {&q.from, &q.to})
    if (!d->empty() && !iso_date_prefix(*d))
      return Status(ErrorCode::kInvalidArgument,
                    "date `" + *d + "` is not YYYY, YYYY-MM or YYYY-MM-DD");
  Filter f = filter_of(q);
  Db& db = *impl_->db;
  Page page;
  {
    Stmt s = db.prepare("SELECT count(*) FROM incidents i WHERE " + f.where);
    f.bind(s);
    if (!s.step()) return s.status().is_ok() ? db.error("counting incidents") : s.status();
    page.total = size_t(s.i64(0));
  }
  std::string dir = q.ascending ? "ASC" : "DESC";
  std::string order;
  if (q.sort == "killed")
    order = "coalesce(i.killed, -1) " + dir + ", i.id";
  else if (q.sort == "sources")
    order = "i.sources " + dir + ", i.id";
  else if (q.sort == "id")
    order = "i.id " + std::string(q.ascending || q.sort == "id" ? "ASC" : "DESC");
  else if (q.sort == "date" || q.sort.empty())
    order = "i.date_start IS NULL, i.date_start " + dir + ", i.id";
  else
    return Status(ErrorCode::kInvalidArgument, "unknown sort `" + q.sort + "` (date, killed, sources, id)");
  Stmt s = db.prepare(fmt::format("SELECT i.record FROM incidents i WHERE {} ORDER BY {} LIMIT {} OFFSET {}",
                                  f.where, order, q.limit, q.offset));
  f.bind(s);
  while (s.step()) page.items.push_back(s.text(0));
  if (!s.status()) return s.status();
  return page;
}

Result<std::string> Store::incident(const std::string& id) {
  Stmt& s = impl_->sql(
      "SELECT record FROM incidents WHERE id = ?1 "
      "UNION ALL SELECT i.record FROM incidents i JOIN events e ON e.incident = i.id WHERE e.id = ?1 "
      "LIMIT 1");
  s.bind(1, id);
  if (s.step()) return s.text(0);
  if (!s.status()) return s.status();
  return Status(ErrorCode::kNotFound, "no incident or event `" + id + "` in " + impl_->db->path());
}

Result<std::string> Store::document(const std::string& id) {
  Stmt& s = impl_->sql(
      "SELECT id, url, title, published, source, lang, story, duplicate_of, body FROM documents WHERE id = ?");
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

  std::vector<std::string> names = group_names(g->name, true);
  std::string marks;
  for (size_t i = 0; i < names.size(); ++i) marks += i ? ", ?" : "?";
  Stmt s = impl_->db->prepare(
      "SELECT coalesce(substr(i.date_start, 1, 4), 'undated'), count(*), coalesce(sum(i.killed), 0) "
      "FROM incidents i WHERE i.id IN (SELECT incident FROM incident_groups WHERE grp IN (" + marks +
      ")) GROUP BY 1 ORDER BY 1");
  for (size_t i = 0; i < names.size(); ++i) s.bind(int(i + 1), names[i]);
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

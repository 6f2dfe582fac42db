#include "sitrep/store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/text.h"
#include "kb/groups.h"
#include "resolve/fuse.h"
#include "resolve/minhash.h"
#include "sitrep/extract.h"
#include "store/schema.h"
#include "store/impl.h"

namespace sitrep::store {

using nlohmann::json;
using ojson = nlohmann::ordered_json;


namespace {

// The group a canonical name stored with an event means (looked up once).
const kb::Group* group_named(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, const kb::Group*> cache;
  std::lock_guard lock(mu);
  auto [it, fresh] = cache.emplace(name, nullptr);
  if (fresh) it->second = kb::GroupKb::get().lookup(name);
  return it->second;
}

bool groups_related(const std::string& a, const std::string& b) {
  const kb::Group* ga = group_named(a);
  const kb::Group* gb = group_named(b);
  if (!ga || !gb) return false;
  if (ga == gb) return true;
  const kb::GroupKb& kb = kb::GroupKb::get();
  for (const kb::Group* p : kb.parents(*ga))
    if (p == gb) return true;
  for (const kb::Group* p : kb.parents(*gb))
    if (p == ga) return true;
  return false;
}

std::string join_groups(const std::vector<std::string>& groups) {
  std::string out;
  for (const std::string& g : groups) out += (out.empty() ? "" : "|") + g;
  return out;
}

// The columns key_from_row reads, in its order.
constexpr const char* kSelectKey =
    "SELECT id, doc, published, type, attack_type, date_start, date_end, country, admin1, city, "
    "groups, killed, words FROM events ";

resolve::EventKey key_from_row(Stmt& s) {
  // columns: id, doc, published, type, attack_type, date_start, date_end,
  // country, admin1, city, groups, killed, words (native-endian uint32s)
  resolve::EventKey k;
  k.id = s.text(0);
  k.doc = s.text(1);
  k.published = s.text(2);
  k.type = s.text(3);
  k.attack_type = s.text(4);
  k.date_start = s.text(5);
  k.date_end = s.text(6);
  k.country = s.text(7);
  k.admin1 = s.text(8);
  k.city = s.text(9);
  std::string groups = s.text(10);  // split() gives views: keep the text alive
  for (std::string_view g : split(groups, '|'))
    if (!g.empty()) k.groups.emplace_back(g);
  k.killed = s.is_null(11) ? -1 : s.i64(11);
  std::string_view words = s.blob(12);
  k.words.resize(words.size() / 4);
  if (!k.words.empty()) std::memcpy(k.words.data(), words.data(), k.words.size() * 4);
  resolve::index_dates(k);
  return k;
}


}  // namespace

const std::optional<resolve::EventKey>& Store::Impl::key(const std::string& id) {
  auto it = keys.find(id);
  if (it != keys.end()) return it->second;
  static const std::string query = std::string(kSelectKey) + "WHERE id = ? AND active = 1";
  Stmt& s = sql(query.c_str());
  s.bind(1, id);
  std::optional<resolve::EventKey> k;
  if (s.step()) k = key_from_row(s);
  return keys.emplace(id, std::move(k)).first->second;
}

Store::Impl::Bucket& Store::Impl::bucket(const std::string& type, const std::string& country) {
  Bucket& b = buckets[type + '\x1f' + country];
  if (!b.loaded) {
    static const std::string query = std::string(kSelectKey) + "WHERE active = 1 AND type = ? AND country = ?";
    Stmt& s = sql(query.c_str());
    s.bind(1, type).bind(2, country);
    while (s.step()) b.add(key_from_row(s));
    b.loaded = s.status().is_ok();
  }
  return b;
}

void Store::Impl::link(resolve::EventKey k) {
  std::string id = k.id;
  neighbours.erase(id);
  if (!k.country.empty()) {
    auto b = buckets.find(k.type + '\x1f' + k.country);
    if (b != buckets.end() && b->second.loaded) b->second.add(k);
  }
  keys[id] = std::move(k);
  // The neighbour lists kept of other events gain this one (the score is
  // symmetric).
  for (const auto& [n, score] : neighbours_of(id))
    if (auto it = neighbours.find(n); it != neighbours.end()) {
      auto& list = it->second;
      std::pair<std::string, int> entry(id, score);
      list.insert(std::lower_bound(list.begin(), list.end(), entry), std::move(entry));
    }
}

void Store::Impl::unlink(const std::string& id) {
  if (const auto& k = key(id)) {
    for (const auto& [n, score] : neighbours_of(id))
      if (auto it = neighbours.find(n); it != neighbours.end()) {
        auto& list = it->second;
        auto at = std::lower_bound(list.begin(), list.end(), std::make_pair(id, score));
        if (at != list.end() && at->first == id) list.erase(at);
      }
    if (!k->country.empty())
      if (auto b = buckets.find(k->type + '\x1f' + k->country); b != buckets.end()) b->second.drop(id);
  }
  keys.erase(id);
  neighbours.erase(id);
}

const std::vector<std::pair<std::string, int>>& Store::Impl::neighbours_of(const std::string& id) {
  auto it = neighbours.find(id);
  if (it != neighbours.end()) return it->second;
  std::vector<std::pair<std::string, int>> out;
  if (const auto& k = key(id); k && !k->country.empty()) {
    const Bucket& b = bucket(k->type, k->country);
    b.days.candidates(*k, [&](size_t i) {
      const resolve::EventKey& other = b.keys[i];
      if (b.alive[i] && other.doc != k->doc)
        if (auto score = resolve::fusion_score(*k, other, groups_related)) out.emplace_back(other.id, *score);
    });
    std::sort(out.begin(), out.end());
  }
  return neighbours.emplace(id, std::move(out)).first->second;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, bool create) {
  auto db = Db::open(path, create);
  if (!db) return db.status();
  int from = 0;
  if (Status s = migrate(**db, &from); !s) return s;
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  // A writer (and the migration to version 4) builds the group scopes
  // again when the knowledge base's hierarchy is not the one they follow;
  // a reader that finds them stale filters without them.
  if (create || from < 4) {
    auto fresh = impl->scopes_fresh();
    if (!fresh.ok()) return fresh.status();
    if (!*fresh) {
      Transaction tx(*impl->db);
      if (!tx.begin_status()) return tx.begin_status();
      if (Status s = impl->ensure_scopes(); !s) return s;
      if (Status s = tx.commit(); !s) return s;
    }
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() {
  if (!impl_) return;
  flush();
  // A writer leaves the query planner statistics of the tables filters
  // read, so that a filter on country and type reads the rarer of the two
  // (a scan of their indexes: 0.1 s of CPU at 100,000 incidents; a sampled
  // ANALYZE misjudged them).
  if (impl_->wrote) impl_->db->exec("ANALYZE incidents; ANALYZE incident_groups; ANALYZE incident_scopes;");
}

bool Store::unchanged(const Document& doc) {
  Stmt& s = impl_->sql("SELECT content_hash FROM documents WHERE id = ?");
  ResetOnExit done{s};
  s.bind(1, doc.id);
  return s.step() && s.text(0) == hash_hex(doc.raw);
}

// Deletes a document and everything it contributed; the events its events
// were fused with go into `seeds` to be fused again, its similar documents
// into `story_docs` to have their stories recomputed.
Status Store::Impl::remove_document(const std::string& id, std::set<std::string>& seeds,
                                    std::set<std::string>& story_docs) {
  std::vector<std::string> gone;
  {
    Stmt& s = sql("SELECT id, incident FROM events WHERE doc = ?");
    s.bind(1, id);
    std::vector<std::string> incidents;
    while (s.step()) {
      gone.push_back(s.text(0));
      if (!s.is_null(1)) incidents.push_back(s.text(1));
    }
    if (Status e = error_of(s); !e) return e;
    for (const std::string& inc : incidents) {
      Stmt& m = sql("SELECT id FROM events WHERE incident = ?");
      m.bind(1, inc);
      while (m.step()) seeds.insert(m.text(0));
      if (Status e = delete_incident(inc); !e) return e;
    }
    for (const std::string& ev : gone) {
      for (const auto& [n, score] : neighbours_of(ev)) seeds.insert(n);
      unlink(ev);
    }
  }
  {
    Stmt& s = sql("SELECT a, b FROM similar_documents WHERE a = ?1 OR b = ?1");
    s.bind(1, id);
    while (s.step()) {
      story_docs.insert(s.text(0));
      story_docs.insert(s.text(1));
    }
  }
  {
    Stmt& sig = sql("SELECT signature FROM documents WHERE id = ?");
    sig.bind(1, id);
    resolve::Signature old;
    if (sig.step() && resolve::deserialize(sig.blob(0), old))
      for (uint64_t key : resolve::band_keys(old)) {
        Stmt& del = sql("DELETE FROM document_bands WHERE key = ? AND doc = ?");
        del.bind(1, int64_t(key)).bind(2, id);
        if (Status s = del.run(); !s) return s;
      }
  }
  Stmt& rid = sql("SELECT rid FROM documents WHERE id = ?");
  rid.bind(1, id);
  if (rid.step())
    // The index reads its text from documents: told what to take out
    // before the row goes.
    if (Status s = delete_text(document_text,
                               "INSERT INTO documents_fts(documents_fts, rowid, title, body) "
                               "SELECT 'delete', rid, title, body FROM documents WHERE rid = ?1",
                               rid.i64(0));
        !s)
      return s;
  Stmt& del = sql("DELETE FROM documents WHERE id = ?");
  del.bind(1, id);
  if (Status s = del.run(); !s) return s;
  for (const std::string& ev : gone) seeds.erase(ev);
  signatures.erase(id);
  story_docs.erase(id);
  return Status::ok();
}

Status Store::Impl::link_similar(const Document& doc, const resolve::Signature& sig,
                                 std::set<std::string>& story_docs) {
  story_docs.insert(doc.id);
  auto bands = resolve::band_keys(sig);
  std::set<std::string> candidates;
  {
    // Every band in one statement each way: ?1..?64 are the keys, ?65 the document.
    static const std::string select = [] {
      std::string q = "SELECT DISTINCT doc FROM document_bands WHERE key IN (";
      for (size_t b = 0; b < resolve::kBands; ++b) q += (b ? ", ?" : "?") + std::to_string(b + 1);
      return q + ")";
    }();
    static const std::string insert = [] {
      std::string q = "INSERT OR IGNORE INTO document_bands(key, doc) VALUES ";
      for (size_t b = 0; b < resolve::kBands; ++b)
        q += (b ? ", (?" : "(?") + std::to_string(b + 1) + ", ?" + std::to_string(resolve::kBands + 1) + ")";
      return q;
    }();
    Stmt& q = sql(select.c_str());
    for (size_t b = 0; b < resolve::kBands; ++b) q.bind(int(b + 1), int64_t(bands[b]));
    while (q.step()) candidates.insert(q.text(0));
    if (Status e = error_of(q); !e) return e;
    Stmt& ins = sql(insert.c_str());
    for (size_t b = 0; b < resolve::kBands; ++b) ins.bind(int(b + 1), int64_t(bands[b]));
    ins.bind(int(resolve::kBands + 1), doc.id);
    if (Status st = ins.run(); !st) return st;
  }
  candidates.erase(doc.id);
  signatures[doc.id] = sig;
  for (const std::string& other : candidates) {
    auto cached = signatures.find(other);
    if (cached == signatures.end()) {
      Stmt& s = sql("SELECT signature FROM documents WHERE id = ?");
      s.bind(1, other);
      resolve::Signature osig;
      if (!s.step() || !resolve::deserialize(s.blob(0), osig)) continue;
      cached = signatures.emplace(other, osig).first;
    }
    double sim = resolve::similarity(sig, cached->second);
    if (sim < resolve::kSameStory) continue;
    Stmt& ins = sql("INSERT OR REPLACE INTO similar_documents(a, b, similarity) VALUES (?, ?, ?)");
    ins.bind(1, std::min(doc.id, other)).bind(2, std::max(doc.id, other)).bind(3, sim);
    if (Status st = ins.run(); !st) return st;
    story_docs.insert(other);
  }
  return Status::ok();
}

// Recomputes the story and duplicate_of of every document connected to
// `start` by similar pairs. Documents that become or stop being duplicates
// have their events switched off or on, and those events go into `seeds`.
Status Store::Impl::restory(const std::set<std::string>& start, std::set<std::string>& seeds) {
  std::set<std::string> done;
  for (const std::string& s0 : start) {
    if (done.count(s0)) continue;
    // The connected component of s0.
    std::vector<std::string> comp;
    std::map<std::string, std::vector<std::pair<std::string, double>>> edges;
    std::deque<std::string> queue{s0};
    std::set<std::string> seen{s0};
    while (!queue.empty()) {
      std::string d = queue.front();
      queue.pop_front();
      Stmt& e = sql("SELECT a, b, similarity FROM similar_documents WHERE a = ?1 OR b = ?1");
      e.bind(1, d);
      std::vector<std::pair<std::string, double>> out;
      while (e.step()) {
        std::string o = e.text(0) == d ? e.text(1) : e.text(0);
        out.emplace_back(o, e.f64(2));
        if (seen.insert(o).second) queue.push_back(o);
      }
      edges[d] = std::move(out);
      comp.push_back(d);
    }
    done.insert(comp.begin(), comp.end());
    std::sort(comp.begin(), comp.end());
    std::map<std::string, std::string> published;
    for (const std::string& d : comp) {
      Stmt& p = sql("SELECT published FROM documents WHERE id = ?");
      p.bind(1, d);
      if (!p.step()) continue;  // removed in this put
      published[d] = p.text(0).empty() ? "~" : p.text(0);  // unknown dates sort last
    }
    if (published.empty()) continue;
    std::string story = "st-" + hash_hex(published.begin()->first);
    auto earlier = [&](const std::string& x, const std::string& y) {
      return std::make_pair(published[x], x) < std::make_pair(published[y], y);
    };
    for (const auto& [d, date] : published) {
      std::string original = d;
      for (const auto& [o, sim] : edges[d])
        if (sim >= resolve::kDuplicate && published.count(o) && earlier(o, original)) original = o;
      std::string dup = original == d ? "" : original;
      Stmt& old = sql("SELECT duplicate_of FROM documents WHERE id = ?");
      old.bind(1, d);
      std::string was = old.step() ? old.text(0) : "";
      Stmt& up = sql("UPDATE documents SET story = ?, duplicate_of = ? WHERE id = ?");
      up.bind(1, story).bind_or_null(2, dup).bind(3, d);
      if (Status s = up.run(); !s) return s;
      if (was.empty() != dup.empty()) {
        std::vector<std::string> ids;
        Stmt& ev = sql("SELECT id FROM events WHERE doc = ?");
        ev.bind(1, d);
        while (ev.step()) ids.push_back(ev.text(0));
        seeds.insert(ids.begin(), ids.end());
        bool active = dup.empty();
        if (!active)
          for (const std::string& id : ids) unlink(id);
        Stmt& act = sql("UPDATE events SET active = ? WHERE doc = ?");
        act.bind(1, int64_t(active)).bind(2, d);
        if (Status s = act.run(); !s) return s;
        if (active)
          for (const std::string& id : ids) {
            keys.erase(id);
            if (const auto& k = key(id)) link(resolve::EventKey(*k));
          }
      }
    }
  }
  return Status::ok();
}

Status Store::Impl::insert_events(const Document& doc, const std::vector<Event>& events, bool active) {
  size_t seq = 0;
  for (const Event& e : events) {
    resolve::EventKey k = resolve::key_of(e, doc.published);
    Stmt& s = sql(
        "INSERT OR REPLACE INTO events(id, doc, seq, type, attack_type, date_start, date_end, country, "
        "admin1, city, groups, killed, published, active, incident, record, words) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
    s.bind(1, e.id).bind(2, doc.id).bind(3, seq++).bind(4, e.type).bind_or_null(5, e.attack_type);
    s.bind_or_null(6, k.date_start).bind_or_null(7, k.date_end).bind_or_null(8, k.country);
    s.bind_or_null(9, k.admin1).bind_or_null(10, k.city).bind_or_null(11, join_groups(k.groups));
    if (k.killed >= 0) s.bind(12, k.killed);
    s.bind_or_null(13, k.published).bind(14, int64_t(active)).bind(15, extract::to_json(e));
    s.bind_blob(16, k.words.data(), k.words.size() * 4);
    if (Status st = s.run(); !st) return st;
    if (active) link(k);  // refuse() needs its key next; no need to read it back

    auto mention = [&](const char* kind, const std::string& name, const std::string& text, Span span) {
      if (name.empty()) return Status::ok();
      auto [it, fresh] = entity_ids.emplace(std::string(kind) + '\x1f' + name, 0);
      if (fresh) {
        Stmt& ent = sql("INSERT INTO entities(kind, name) VALUES (?, ?) ON CONFLICT DO NOTHING");
        ent.bind(1, kind).bind(2, name);
        if (Status st = ent.run(); !st) return st;
        Stmt& id = sql("SELECT id FROM entities WHERE kind = ? AND name = ?");
        id.bind(1, kind).bind(2, name);
        if (!id.step()) return id.status().is_ok() ? db->error("reading an entity id") : id.status();
        it->second = id.i64(0);
      }
      Stmt& m = sql("INSERT INTO mentions(entity, event, doc, text, start, end) VALUES (?, ?, ?, ?, ?, ?)");
      m.bind(1, it->second).bind(2, e.id).bind(3, doc.id).bind(4, text);
      if (span.end > span.begin) m.bind(5, span.begin).bind(6, span.end);
      return m.run();
    };
    for (const Entity& p : e.perpetrators) {
      const char* kind = p.kind == "organization" ? "group" : "person";
      const std::string& name = p.entity.empty() ? p.text : p.entity;
      for (size_t i = 0; i < p.mentions.size(); ++i)
        if (Status st = mention(kind, name, p.mentions[i], i < p.spans.size() ? p.spans[i] : Span{}); !st)
          return st;
    }
    if (e.location.present()) {
      std::string name = e.location.city.empty() ? e.location.admin1 : e.location.city;
      name = fmt::format("{}{}{}", name, name.empty() ? "" : ", ", e.location.country);
      if (Status st = mention("place", name, e.location.text, Span{}); !st) return st;
    }
  }
  return Status::ok();
}

Status Store::Impl::delete_incident(const std::string& id) {
  Stmt& rid = sql("SELECT rid FROM incidents WHERE id = ?");
  rid.bind(1, id);
  if (rid.step()) {
    int64_t r = rid.i64(0);
    if (Status s = delete_text(incident_text, "DELETE FROM incidents_fts WHERE rowid = ?", r); !s) return s;
    Stmt& rec = sql("DELETE FROM incident_records WHERE rid = ?");
    rec.bind(1, r);
    if (Status s = rec.run(); !s) return s;
    Stmt& sc = sql("DELETE FROM incident_scopes WHERE rid = ?");
    sc.bind(1, r);
    if (Status s = sc.run(); !s) return s;
  }
  Stmt& d = sql("DELETE FROM incidents WHERE id = ?");
  d.bind(1, id);
  return d.run();
}

Status Store::Impl::write_incident(const std::string& id, const std::vector<std::string>& members) {
  std::vector<resolve::Member> ms;
  for (const std::string& ev : members) {
    Stmt& s = sql(
        "SELECT e.record, d.id, d.title, d.url, d.published FROM events e JOIN documents d ON d.id = e.doc "
        "WHERE e.id = ?");
    s.bind(1, ev);
    if (!s.step()) return s.status().is_ok() ? Status(ErrorCode::kInternal, "event " + ev + " vanished") : s.status();
    resolve::Member m;
    m.record = ojson::parse(s.text(0), nullptr, false);
    m.doc = s.text(1);
    m.title = s.text(2);
    m.url = s.text(3);
    m.published = s.text(4);
    ms.push_back(std::move(m));
  }
  ojson rec = resolve::fuse_records(id, std::move(ms));
  auto text_of = [](const ojson& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto toll_of = [](const ojson& t) -> std::optional<int64_t> {
    if (!t.is_object()) return std::nullopt;
    if (t["min"].is_number_integer()) return t["min"].get<int64_t>();
    if (t["max"].is_number_integer()) return t["max"].get<int64_t>();
    return std::nullopt;
  };
  const ojson& loc = rec["location"];
  const ojson& date = rec["date"];
  Stmt& ins = sql(
      "INSERT INTO incidents(id, type, attack_type, status, date_start, date_end, country, admin1, city, "
      "lat, lon, killed, injured, sources, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, id).bind(2, text_of(rec, "type")).bind_or_null(3, text_of(rec, "attack_type"));
  ins.bind(4, text_of(rec, "status"));
  if (date.is_object()) ins.bind_or_null(5, text_of(date, "start")).bind_or_null(6, text_of(date, "end"));
  if (loc.is_object()) {
    ins.bind_or_null(7, text_of(loc, "country")).bind_or_null(8, text_of(loc, "admin1")).bind_or_null(9, text_of(loc, "city"));
    if (loc["lat"].is_number()) ins.bind(10, loc["lat"].get<double>()).bind(11, loc["lon"].get<double>());
  }
  if (auto k = toll_of(rec["killed"])) ins.bind(12, *k);
  if (auto k = toll_of(rec["injured"])) ins.bind(13, *k);
  ins.bind(14, rec["sources"].size()).bind(15, text_of(rec, "doc"));
  if (Status s = ins.run(); !s) return s;
  int64_t rid = db->last_insert_rowid();
  Stmt& record = sql("INSERT INTO incident_records(rid, record) VALUES (?, ?)");
  record.bind(1, rid).bind(2, rec.dump(-1, ' ', false, ojson::error_handler_t::replace));
  if (Status s = record.run(); !s) return s;

  // Groups (canonical names, else the text) and the words full-text search sees.
  std::set<std::string> groups;
  std::string words = text_of(rec, "type") + " " + text_of(rec, "attack_type");
  if (loc.is_object())
    words += " " + text_of(loc, "text") + " " + text_of(loc, "city") + " " + text_of(loc, "admin1");
  for (const char* role : {"perpetrators", "victims", "targets", "weapons"})
    for (const ojson& x : rec[role]) {
      if (std::string_view(role) == "perpetrators" && text_of(x, "kind") == "organization")
        groups.insert(text_of(x, "entity").empty() ? text_of(x, "text") : text_of(x, "entity"));
      words += " " + text_of(x, "entity");
      for (const ojson& m : x["mentions"]) words += " " + m.get<std::string>();
    }
  for (const ojson& e : rec["evidence"]) words += "\n" + text_of(e, "text");
  for (const std::string& g : groups) {
    Stmt& s = sql("INSERT OR IGNORE INTO incident_groups(grp, rid, incident) VALUES (?, ?, ?)");
    s.bind(1, g).bind(2, rid).bind(3, id);
    if (Status st = s.run(); !st) return st;
    if (Status st = add_scopes(rid, g); !st) return st;
  }
  incident_text.add(rid, {std::move(words)});
  for (const std::string& ev : members) {
    Stmt& up = sql("UPDATE events SET incident = ? WHERE id = ?");
    up.bind(1, id).bind(2, ev);
    if (Status s = up.run(); !s) return s;
  }
  return Status::ok();
}

// Fuses again every event whose incident may change: the seeds, their
// neighbours, and everything connected to them by usable pairs or by a
// shared incident (fuse.h). The result is the one a fusion of every stored
// event from scratch would give.
Status Store::Impl::refuse(const std::set<std::string>& seeds) {
  std::set<std::string> block;
  std::map<std::string, std::vector<std::string>> old_members;  // incident -> its events, sorted
  std::deque<std::string> queue;
  auto visit = [&](const std::string& id) {
    if (block.insert(id).second) queue.push_back(id);
  };
  for (const std::string& s : seeds) visit(s);
  auto degree = [&](const std::string& id) { return neighbours_of(id).size(); };
  while (!queue.empty()) {
    std::string x = queue.front();
    queue.pop_front();
    Stmt& inc = sql("SELECT incident FROM events WHERE id = ?");
    inc.bind(1, x);
    if (!inc.step()) continue;  // removed
    if (!inc.is_null(0) && !old_members.count(inc.text(0))) {
      std::string incident = inc.text(0);
      Stmt& m = sql("SELECT id FROM events WHERE incident = ? ORDER BY id");
      m.bind(1, incident);
      std::vector<std::string>& members = old_members[incident];
      while (m.step()) members.push_back(m.text(0));
      for (const std::string& y : members) visit(y);
    }
    if (!key(x)) continue;  // inactive
    bool seed = seeds.count(x) > 0;
    for (const auto& [y, score] : neighbours_of(x))
      if (seed || resolve::usable(score, degree(x), degree(y))) visit(y);
  }

  std::vector<resolve::EventKey> events;
  std::map<std::string, size_t> index;
  for (const std::string& id : block)
    if (const auto& k = key(id)) {
      index[id] = events.size();
      events.push_back(*k);
    }
  std::vector<resolve::ScoredPair> pairs;
  for (size_t i = 0; i < events.size(); ++i)
    for (const auto& [y, score] : neighbours_of(events[i].id)) {
      auto j = index.find(y);
      if (j == index.end() || j->second <= i) continue;
      if (resolve::usable(score, degree(events[i].id), degree(y))) pairs.push_back({i, j->second, score});
    }
  auto compatible = [&](size_t i, size_t j) {
    return resolve::fusion_score(events[i], events[j], groups_related).has_value();
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> fresh;
  for (const std::vector<size_t>& c : resolve::cluster(events, pairs, compatible)) {
    std::vector<std::string> ids;
    for (size_t i : c) ids.push_back(events[i].id);
    std::string id = resolve::incident_id(ids);
    fresh.emplace_back(std::move(id), std::move(ids));
  }

  // An incident whose members did not change stays as written (its
  // members' records cannot change without their ids going away).
  std::set<std::string> kept, in_kept;
  for (const auto& [id, ids] : fresh)
    if (auto it = old_members.find(id); it != old_members.end() && it->second == ids) {
      kept.insert(id);
      in_kept.insert(ids.begin(), ids.end());
    }
  for (const auto& [inc, members] : old_members)
    if (!kept.count(inc))
      if (Status s = delete_incident(inc); !s) return s;
  for (const std::string& id : block) {
    if (in_kept.count(id)) continue;
    Stmt& clear = sql("UPDATE events SET incident = NULL WHERE id = ? AND incident IS NOT NULL");
    clear.bind(1, id);
    if (Status s = clear.run(); !s) return s;
  }
  for (const auto& [id, ids] : fresh)
    if (!kept.count(id))
      if (Status s = write_incident(id, ids); !s) return s;
  return Status::ok();
}


// One document's writes, inside the savepoint put() opened.
Result<Outcome> Store::Impl::put(const Document& doc, const std::vector<Event>& events) {
  Impl& im = *this;
  std::string hash = hash_hex(doc.raw);

  Outcome outcome = Outcome::kAdded;
  std::set<std::string> seeds, story_docs;
  {
    Stmt& s = im.sql("SELECT content_hash FROM documents WHERE id = ?");
    s.bind(1, doc.id);
    if (s.step()) {
      if (s.text(0) == hash) return Outcome::kUnchanged;
      outcome = Outcome::kReplaced;
    }
  }
  std::vector<std::string> older;
  if (outcome == Outcome::kReplaced) older.push_back(doc.id);
  if (!doc.url.empty()) {
    Stmt& s = im.sql("SELECT id FROM documents WHERE url = ? AND id <> ?");
    s.bind(1, doc.url).bind(2, doc.id);
    while (s.step()) older.push_back(s.text(0));
  }
  for (const std::string& id : older) {
    if (Status s = im.remove_document(id, seeds, story_docs); !s) return s;
    outcome = Outcome::kReplaced;
  }

  resolve::Signature sig = resolve::minhash(doc.body);
  std::vector<uint8_t> sig_bytes = resolve::serialize(sig);
  Stmt& ins = im.sql(
      "INSERT INTO documents(id, url, title, published, source, lang, origin, raw, body, content_hash, "
      "signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.bind(1, doc.id).bind_or_null(2, doc.url).bind(3, doc.title).bind_or_null(4, doc.published);
  ins.bind_or_null(5, doc.source).bind_or_null(6, doc.lang).bind(7, doc.origin);
  ins.bind_blob(8, doc.raw.data(), doc.raw.size()).bind(9, doc.body).bind(10, hash);
  ins.bind_blob(11, sig_bytes.data(), sig_bytes.size());
  if (Status s = ins.run(); !s) return s;
  im.document_text.add(im.db->last_insert_rowid(), {doc.title, doc.body});

  if (Status s = im.link_similar(doc, sig, story_docs); !s) return s;
  // Events go in active; restory switches them off if the document turns
  // out to copy an earlier one.
  if (Status s = im.insert_events(doc, events, true); !s) return s;
  for (const Event& e : events) seeds.insert(e.id);
  if (Status s = im.restory(story_docs, seeds); !s) return s;
  if (Status s = im.refuse(seeds); !s) return s;
  return outcome;
}

Result<Outcome> Store::put(const Document& doc, const std::vector<Event>& events) {
  Impl& im = *impl_;
  im.wrote = true;
  if (!im.in_transaction) {
    if (Status s = im.db->exec("BEGIN IMMEDIATE"); !s) return s;
    im.in_transaction = true;
    im.batch_started = std::chrono::steady_clock::now();
    // Another writer's knowledge base may have rebuilt the scopes since.
    if (Status s = im.ensure_scopes(); !s) {
      im.db->exec("ROLLBACK");
      im.in_transaction = false;
      return s;
    }
  }
  if (Status s = im.sql("SAVEPOINT put").run(); !s) return s;
  Result<Outcome> r = im.put(doc, events);
  if (!r.ok()) {
    // Undo this document alone; the batch's earlier documents stay, and
    // the cached candidates and entity ids are read again.
    im.forget_fusion();
    im.entity_ids.clear();
    im.signatures.clear();
    im.document_text.undo_put();
    im.incident_text.undo_put();
    im.sql("ROLLBACK TO put").run();
    im.sql("RELEASE put").run();
    return r;
  }
  im.document_text.undo.clear();
  im.incident_text.undo.clear();
  if (Status s = im.sql("RELEASE put").run(); !s) return s;
  // Commit when the batch is full or a second old, so readers (a live feed)
  // see new incidents soon.
  if (++im.pending >= im.batch ||
      (im.max_age > 0 &&
       std::chrono::steady_clock::now() - im.batch_started > std::chrono::duration<double>(im.max_age)))
    if (Status s = flush(); !s) return s;
  return r;
}

Status Store::flush() {
  Impl& im = *impl_;
  if (!im.in_transaction) return Status::ok();
  Status s = im.write_text();
  // A cached statement left on a row keeps the connection's read
  // transaction, and its snapshot, open past the commit: no checkpoint
  // could then copy the WAL back, and it grew with every batch.
  for (auto& [text, stmt] : im.statements) stmt.reset();
  if (s) s = im.db->exec("COMMIT");
  if (!s) {
    im.db->exec("ROLLBACK");
    im.forget_all();
  }
  im.in_transaction = false;
  im.pending = 0;
  return s;
}

void Store::Impl::PendingText::add(int64_t rowid, std::vector<std::string> columns) {
  auto it = rows.find(rowid);
  undo.emplace_back(rowid, it == rows.end() ? std::nullopt : std::optional(it->second));
  rows[rowid] = std::move(columns);
}

bool Store::Impl::PendingText::drop(int64_t rowid) {
  auto it = rows.find(rowid);
  if (it == rows.end()) return false;
  undo.emplace_back(rowid, std::move(it->second));
  rows.erase(it);
  return true;
}

void Store::Impl::PendingText::undo_put() {
  for (auto it = undo.rbegin(); it != undo.rend(); ++it)
    if (it->second)
      rows[it->first] = std::move(*it->second);
    else
      rows.erase(it->first);
  undo.clear();
}

Status Store::Impl::delete_text(PendingText& pending, const char* delete_sql, int64_t rowid) {
  if (pending.drop(rowid)) return Status::ok();
  Stmt& del = sql(delete_sql);
  del.bind(1, rowid);
  return del.run();
}

Status Store::Impl::write_text() {
  for (PendingText* pending : {&document_text, &incident_text}) {
    pending->undo.clear();
    while (!pending->rows.empty()) {
      auto first = pending->rows.begin();
      Stmt& ins = sql(pending->insert);
      ins.bind(1, first->first);
      for (size_t i = 0; i < first->second.size(); ++i) ins.bind(int(i + 2), first->second[i]);
      if (Status s = ins.run(); !s) return s;
      pending->rows.erase(first);
    }
  }
  return Status::ok();
}

void Store::Impl::forget_fusion() {
  buckets.clear();
  keys.clear();
  neighbours.clear();
}

void Store::Impl::forget_all() {
  forget_fusion();
  entity_ids.clear();
  signatures.clear();
  for (PendingText* pending : {&document_text, &incident_text}) {
    pending->rows.clear();
    pending->undo.clear();
  }
}

void Store::set_batch(size_t documents, double max_age_seconds) {
  impl_->batch = std::max<size_t>(1, documents);
  impl_->max_age = std::max(0.0, max_age_seconds);
}

}  // namespace sitrep::store

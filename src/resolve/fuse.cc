#include "resolve/fuse.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <numeric>
#include <set>

#include "core/text.h"
#include "resolve/minhash.h"

namespace sitrep::resolve {

namespace ch = std::chrono;
using ojson = nlohmann::ordered_json;

namespace {

// An ISO date at any precision ("2024", "2024-03", "2024-03-22") as the
// range of days it covers; nullopt when it does not parse.
struct Days {
  int64_t lo = 0, hi = 0;
  bool day_precision = false;
};

std::optional<Days> days_of(std::string_view iso) {
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, int& out) {
    if (iso.size() < pos + len) return false;
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return false;
      v = v * 10 + (iso[i] - '0');
    }
    out = v;
    return true;
  };
  if (!num(0, 4, y)) return std::nullopt;
  bool has_m = iso.size() >= 7 && iso[4] == '-' && num(5, 2, m);
  bool has_d = has_m && iso.size() >= 10 && iso[7] == '-' && num(8, 2, d);
  auto day = [](int yy, unsigned mm, unsigned dd) {
    return int64_t(ch::sys_days(ch::year{yy} / ch::month{mm} / ch::day{dd}).time_since_epoch().count());
  };
  Days out;
  if (has_d) {
    if (!ch::year_month_day(ch::year{y}, ch::month{unsigned(m)}, ch::day{unsigned(d)}).ok())
      return std::nullopt;
    out.lo = out.hi = day(y, m, d);
    out.day_precision = true;
  } else if (has_m) {
    if (m < 1 || m > 12) return std::nullopt;
    out.lo = day(y, m, 1);
    out.hi = int64_t(ch::sys_days(ch::year{y} / ch::month{unsigned(m)} / ch::last).time_since_epoch().count());
  } else {
    out.lo = day(y, 1, 1);
    out.hi = day(y, 12, 31);
  }
  return out;
}

// A date range longer than this ("in the past decade") says too little to
// tell incidents apart: fusion treats the event as undated.
constexpr int64_t kVaguestDate = 366;

EventKey::Days parse_days(const EventKey& k) {
  EventKey::Days out;
  if (auto s = days_of(k.date_start)) {
    if (auto e = days_of(k.date_end.empty() ? k.date_start : k.date_end)) {
      s->hi = std::max(s->lo, e->hi);
      s->day_precision = s->day_precision && s->lo == s->hi;
    }
    if (s->hi - s->lo <= kVaguestDate) {
      out.dated = true;
      out.day_precision = s->day_precision;
      out.lo = s->lo;
      out.hi = s->hi;
    }
  }
  if (auto p = days_of(k.published)) {
    out.has_published = true;
    out.published = p->lo;
  }
  return out;
}

// How long after an incident a story may still speak of it without a date
// ("the recent attacks in Russia and Iran").
constexpr int64_t kUndatedReach = 120;

}  // namespace

std::vector<uint32_t> wording_of(std::string_view text) {
  std::vector<uint32_t> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 4 && !is_function_word(w)) out.push_back(static_cast<uint32_t>(hash64(w)));
    w.clear();
  };
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80)
      w.push_back(ascii_lower(c));
    else
      flush();
  }
  flush();
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double wording_similarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) ++both, ++i, ++j;
    else if (a[i] < b[j]) ++i;
    else ++j;
  }
  return double(both) / double(a.size() + b.size() - both);
}

void index_dates(EventKey& k) {
  k.days = parse_days(k);
  k.indexed = true;
}

EventKey key_of(const Event& e, std::string_view published) {
  EventKey k;
  k.id = e.id;
  k.doc = e.doc;
  k.published = std::string(published.substr(0, 10));
  k.type = e.type;
  k.attack_type = e.attack_type;
  k.date_start = e.date.start;
  k.date_end = e.date.end;
  k.country = e.location.country;
  k.admin1 = e.location.admin1;
  k.city = e.location.city;
  for (const Entity& p : e.perpetrators)
    if (p.kind == "organization" && !p.entity.empty() &&
        std::find(k.groups.begin(), k.groups.end(), p.entity) == k.groups.end())
      k.groups.push_back(p.entity);
  std::sort(k.groups.begin(), k.groups.end());
  k.killed = e.killed.min >= 0 ? e.killed.min : e.killed.max;
  std::string text;
  for (const Evidence& ev : e.evidence) text += ev.text + "\n";
  k.words = wording_of(text);
  index_dates(k);
  return k;
}

std::optional<int> fusion_score(const EventKey& a, const EventKey& b, const GroupsRelated& related) {
  if (a.doc == b.doc || a.type != b.type) return std::nullopt;
  if (a.country.empty() || a.country != b.country) return std::nullopt;
  // A country alone says little (every MUC-4 story is in El Salvador or
  // Colombia): the score counts what is finer.
  int score = 0;
  if (!a.city.empty() && !b.city.empty()) {
    if (!iequals(a.city, b.city)) return std::nullopt;
    score += 3;
  } else if (!a.admin1.empty() && !b.admin1.empty()) {
    if (!iequals(a.admin1, b.admin1)) return std::nullopt;
    score += 1;
  }

  const EventKey::Days da = a.indexed ? a.days : parse_days(a);
  const EventKey::Days db = b.indexed ? b.days : parse_days(b);
  if (da.dated && db.dated) {
    if (da.day_precision && db.day_precision) {
      int64_t gap = std::abs(da.lo - db.lo);
      if (gap > 1) return std::nullopt;
      score += gap == 0 ? 2 : 1;
    } else if (da.hi < db.lo || db.hi < da.lo) {
      return std::nullopt;
    }
  } else if (da.dated || db.dated) {
    // The undated one must come from a story published within reach after
    // the dated one.
    const EventKey::Days& dated = da.dated ? da : db;
    const EventKey::Days& undated = da.dated ? db : da;
    if (!undated.has_published || undated.published + 1 < dated.lo ||
        undated.published - dated.hi > kUndatedReach)
      return std::nullopt;
    // Published within two weeks of it: the story is likely about it.
    if (undated.published - dated.hi <= 14) score += 1;
  } else if (!da.has_published || !db.has_published || std::abs(da.published - db.published) > 3) {
    return std::nullopt;
  }

  if (!a.groups.empty() && !b.groups.empty()) {
    bool rel = false;
    for (const std::string& x : a.groups)
      for (const std::string& y : b.groups) rel = rel || x == y || related(x, y);
    score += rel ? 2 : -2;
  }
  if (a.killed > 0 && b.killed > 0) {
    int64_t hi = std::max(a.killed, b.killed);
    if (std::abs(a.killed - b.killed) <= std::max<int64_t>(2, hi * 3 / 10)) score += 2;
  }
  if (!a.attack_type.empty() && a.attack_type != "unknown" && a.attack_type == b.attack_type) score += 1;
  // Reports of one incident share their words ("Jesuit priests", "union
  // headquarters"); two incidents of one day in one city rarely do.
  double similar = wording_similarity(a.words, b.words);
  if (similar >= 0.2) score += similar >= 0.35 ? 3 : 2;
  return score;
}

void DayIndex::add(size_t i, const EventKey& k) {
  const EventKey::Days d = k.indexed ? k.days : parse_days(k);
  if (d.dated)
    (d.day_precision ? days_ : ranges_).emplace(d.lo, i);
  else if (d.has_published)
    undated_.emplace(d.published, i);
}

// The windows follow fusion_score's rules: two days apart at most when both
// are to the day, overlapping ranges (a range spans kVaguestDate days at
// most), an undated report published from a day before a dated incident to
// kUndatedReach days after it, two undated ones published within three days.
void DayIndex::candidates(const EventKey& k, const std::function<void(size_t)>& fn) const {
  const EventKey::Days d = k.indexed ? k.days : parse_days(k);
  auto each = [&](const std::multimap<int64_t, size_t>& m, int64_t lo, int64_t hi) {
    for (auto it = m.lower_bound(lo); it != m.end() && it->first <= hi; ++it) fn(it->second);
  };
  if (d.dated && d.day_precision) {
    each(days_, d.lo - 1, d.lo + 1);
    each(ranges_, d.lo - kVaguestDate, d.lo);
    each(undated_, d.lo - 1, d.hi + kUndatedReach);
  } else if (d.dated) {
    each(days_, d.lo, d.hi);
    each(ranges_, d.lo - kVaguestDate, d.hi);
    each(undated_, d.lo - 1, d.hi + kUndatedReach);
  } else if (d.has_published) {
    each(days_, d.published - kUndatedReach, d.published + 1);
    each(ranges_, d.published - kUndatedReach - kVaguestDate, d.published + 1);
    each(undated_, d.published - 3, d.published + 3);
  }
}

bool usable(int score, size_t degree_a, size_t degree_b) {
  return score >= kStrongScore || (score >= kWeakScore && (degree_a == 1 || degree_b == 1));
}

std::vector<std::vector<size_t>> cluster(const std::vector<EventKey>& events,
                                         const std::vector<ScoredPair>& usable_pairs,
                                         const std::function<bool(size_t, size_t)>& compatible) {
  std::vector<const ScoredPair*> order;
  for (const ScoredPair& p : usable_pairs) order.push_back(&p);
  auto lo_id = [&](const ScoredPair* p) { return std::min(events[p->a].id, events[p->b].id); };
  auto hi_id = [&](const ScoredPair* p) { return std::max(events[p->a].id, events[p->b].id); };
  std::sort(order.begin(), order.end(), [&](const ScoredPair* x, const ScoredPair* y) {
    if (x->score != y->score) return x->score > y->score;
    if (lo_id(x) != lo_id(y)) return lo_id(x) < lo_id(y);
    return hi_id(x) < hi_id(y);
  });

  std::vector<size_t> parent(events.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<std::set<std::string>> docs(events.size());
  std::vector<std::vector<size_t>> members(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    docs[i].insert(events[i].doc);
    members[i].push_back(i);
  }
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const ScoredPair* p : order) {
    size_t x = find(p->a), y = find(p->b);
    if (x == y) continue;
    bool clash = false;
    for (const std::string& d : docs[y]) clash = clash || docs[x].count(d);
    for (size_t i : members[x])
      for (size_t j : members[y]) clash = clash || !compatible(i, j);
    if (clash) continue;
    if (events[y].id < events[x].id) std::swap(x, y);
    parent[y] = x;
    docs[x].insert(docs[y].begin(), docs[y].end());
    docs[y].clear();
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    members[y].clear();
  }

  std::map<size_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < events.size(); ++i) groups[find(i)].push_back(i);
  std::vector<std::vector<size_t>> out;
  for (auto& [root, members] : groups) {
    std::sort(members.begin(), members.end(),
              [&](size_t x, size_t y) { return events[x].id < events[y].id; });
    out.push_back(std::move(members));
  }
  std::sort(out.begin(), out.end(), [&](const auto& x, const auto& y) {
    return events[x.front()].id < events[y.front()].id;
  });
  return out;
}

std::string incident_id(const std::vector<std::string>& member_event_ids) {
  return "in-" + hash_hex(*std::min_element(member_event_ids.begin(), member_event_ids.end()));
}

namespace {

std::string str(const ojson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The value most members give (by key), ties to the first in order.
template <typename KeyFn>
const ojson* vote(const std::vector<const ojson*>& values, KeyFn key) {
  std::map<std::string, size_t> count;
  for (const ojson* v : values) ++count[key(*v)];
  const ojson* best = nullptr;
  size_t best_n = 0;
  for (const ojson* v : values) {
    size_t n = count[key(*v)];
    if (n > best_n) best = v, best_n = n;
  }
  return best;
}

// Entities merged by canonical entity (perpetrators) or lower-cased text.
ojson merge_entities(const std::vector<Member>& members, const char* role) {
  struct Merged {
    ojson value;
    std::vector<std::string> mentions;
  };
  std::vector<Merged> out;
  std::map<std::string, size_t> index;
  auto rank = [](const std::string& a) {
    return a == "claimed" ? 3 : a == "suspected" ? 2 : a == "reported" ? 1 : 0;
  };
  for (const Member& m : members) {
    auto it = m.record.find(role);
    if (it == m.record.end() || !it->is_array()) continue;
    for (const ojson& x : *it) {
      std::string entity = str(x, "entity");
      std::string key = entity.empty() ? ascii_lower(str(x, "text")) : "=" + entity;
      auto [pos, fresh] = index.emplace(key, out.size());
      if (fresh) out.push_back({ojson(x), {}});
      Merged& g = out[pos->second];
      if (str(x, "text").size() > str(g.value, "text").size()) g.value["text"] = str(x, "text");
      if (x.contains("attribution") && rank(str(x, "attribution")) > rank(str(g.value, "attribution")))
        g.value["attribution"] = x["attribution"];
      if (auto ms = x.find("mentions"); ms != x.end() && ms->is_array())
        for (const auto& s : *ms)
          if (s.is_string() && std::find(g.mentions.begin(), g.mentions.end(), s.get<std::string>()) ==
                                   g.mentions.end())
            g.mentions.push_back(s.get<std::string>());
    }
  }
  ojson arr = ojson::array();
  for (Merged& g : out) {
    g.value["mentions"] = g.mentions;
    arr.push_back(std::move(g.value));
  }
  return arr;
}

// The toll from the latest source stating one (a revised toll replaces the
// first), with every value and their range. A later count under half the
// largest one is more likely a part (the attackers killed, one hospital's
// count) than a revision: then the largest stands.
ojson merge_toll(const std::vector<Member>& members, const char* field) {
  ojson values = ojson::array();
  const Member* latest = nullptr;
  int64_t lo = -1, hi = -1;
  auto num = [](const ojson& t, const char* k) -> int64_t {
    auto it = t.find(k);
    return it != t.end() && it->is_number_integer() ? it->get<int64_t>() : -1;
  };
  for (const Member& m : members) {
    auto it = m.record.find(field);
    if (it == m.record.end() || !it->is_object()) continue;
    int64_t mn = num(*it, "min"), mx = num(*it, "max");
    ojson v;
    v["doc"] = m.doc;
    v["published"] = m.published.empty() ? ojson(nullptr) : ojson(m.published);
    v["min"] = mn >= 0 ? ojson(mn) : ojson(nullptr);
    v["max"] = mx >= 0 ? ojson(mx) : ojson(nullptr);
    v["text"] = str(*it, "text");
    values.push_back(std::move(v));
    int64_t low = mn >= 0 ? mn : mx, high = mx >= 0 ? mx : mn;
    lo = lo < 0 ? low : std::min(lo, low);
    hi = std::max(hi, high);
    if (!latest || m.published > latest->published ||
        (m.published == latest->published && num(latest->record[field], "min") < mn))
      latest = &m;
  }
  if (!latest) return nullptr;
  auto low_of = [&](const Member& m) {
    const ojson& t = m.record[field];
    int64_t mn = num(t, "min");
    return mn >= 0 ? mn : num(t, "max");
  };
  if (low_of(*latest) * 2 < hi)
    for (const Member& m : members)
      if (m.record.contains(field) && m.record[field].is_object() && low_of(m) > low_of(*latest)) latest = &m;
  const ojson& t = latest->record[field];
  ojson out;
  out["min"] = t.value("min", ojson(nullptr));
  out["max"] = t.value("max", ojson(nullptr));
  out["text"] = str(t, "text");
  out["doc"] = latest->doc;
  out["range"] = {{"min", lo}, {"max", hi}};
  out["values"] = std::move(values);
  return out;
}

}  // namespace

ojson fuse_records(const std::string& id, std::vector<Member> members) {
  std::sort(members.begin(), members.end(), [](const Member& x, const Member& y) {
    if (x.published != y.published) return x.published < y.published;
    if (x.doc != y.doc) return x.doc < y.doc;
    return str(x.record, "id") < str(y.record, "id");
  });
  std::vector<const ojson*> recs;
  for (const Member& m : members) recs.push_back(&m.record);
  const ojson& first = members.front().record;

  ojson j;
  j["id"] = id;
  j["doc"] = members.front().doc;
  j["type"] = str(first, "type");

  std::vector<const ojson*> typed;
  for (const auto* r : recs)
    if (!str(*r, "attack_type").empty() && str(*r, "attack_type") != "unknown") typed.push_back(r);
  if (const auto* best = vote(typed, [](const ojson& r) { return str(r, "attack_type"); }))
    j["attack_type"] = str(*best, "attack_type");
  else
    j["attack_type"] = first.value("attack_type", ojson(nullptr));
  j["status"] = str(*vote(recs, [](const ojson& r) { return str(r, "status"); }), "status");

  // Date: the most precise any source gives, the one most of those give.
  std::vector<const ojson*> dates;
  size_t precision = 0;
  for (const auto* r : recs)
    if (auto d = r->find("date"); d != r->end() && d->is_object()) precision = std::max(precision, str(*d, "start").size());
  for (const auto* r : recs)
    if (auto d = r->find("date"); d != r->end() && d->is_object() && str(*d, "start").size() == precision)
      dates.push_back(&*d);
  const auto* date = vote(dates, [](const ojson& d) { return str(d, "start") + "/" + str(d, "end"); });
  j["date"] = date ? ojson(*date) : ojson(nullptr);

  // Place: the most specific level any source reaches, then the majority.
  auto level = [](const ojson& l) {
    return !str(l, "city").empty() ? 3 : !str(l, "admin1").empty() ? 2 : !str(l, "country").empty() ? 1 : 0;
  };
  int best_level = -1;
  for (const auto* r : recs)
    if (auto l = r->find("location"); l != r->end() && l->is_object()) best_level = std::max(best_level, level(*l));
  std::vector<const ojson*> places;
  for (const auto* r : recs)
    if (auto l = r->find("location"); l != r->end() && l->is_object() && level(*l) == best_level)
      places.push_back(&*l);
  const auto* place = vote(places, [](const ojson& l) {
    return str(l, "country") + "/" + str(l, "admin1") + "/" + str(l, "city");
  });
  j["location"] = place ? ojson(*place) : ojson(nullptr);

  j["perpetrators"] = merge_entities(members, "perpetrators");
  j["victims"] = merge_entities(members, "victims");
  j["targets"] = merge_entities(members, "targets");
  j["weapons"] = merge_entities(members, "weapons");
  j["killed"] = merge_toll(members, "killed");
  j["injured"] = merge_toll(members, "injured");
  bool suicide = false;
  for (const auto* r : recs) suicide = suicide || r->value("suicide", false);
  j["suicide"] = suicide;

  ojson reporters = ojson::array();
  std::set<std::string> seen;
  for (const auto* r : recs)
    if (auto rb = r->find("reported_by"); rb != r->end() && rb->is_array())
      for (const auto& x : *rb)
        if (seen.insert(str(x, "text")).second) reporters.push_back(x);
  j["reported_by"] = reporters;

  ojson evidence = ojson::array();
  ojson sources = ojson::array();
  double miss = 1;
  for (size_t i = 0; i < members.size(); ++i) {
    const Member& m = members[i];
    ojson ev = ojson::array();
    if (auto e = m.record.find("evidence"); e != m.record.end() && e->is_array())
      for (const auto& x : *e) ev.push_back(x);
    for (const auto& x : ev) evidence.push_back(x);
    miss *= 1 - std::clamp(m.record.value("confidence", 0.0), 0.0, 1.0);
    if (!sources.empty() && sources.back()["doc"] == m.doc) {
      for (const auto& x : ev) sources.back()["evidence"].push_back(x);
      continue;
    }
    ojson s;
    s["doc"] = m.doc;
    s["title"] = m.title;
    s["published"] = m.published.empty() ? ojson(nullptr) : ojson(m.published);
    s["url"] = m.url.empty() ? ojson(nullptr) : ojson(m.url);
    s["event"] = str(m.record, "id");
    s["evidence"] = std::move(ev);
    sources.push_back(std::move(s));
  }
  j["evidence"] = std::move(evidence);
  j["confidence"] = std::round((1 - miss) * 100) / 100;
  j["sources"] = std::move(sources);
  return j;
}

}  // namespace sitrep::resolve

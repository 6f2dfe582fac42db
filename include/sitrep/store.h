// Store: the incident database, one SQLite file (WAL). Documents keep their
// original bytes, cleaned body and metadata; each document's events are kept
// as extract wrote them and fused across documents into incidents (resolve);
// near-duplicate documents are linked into stories. Writes are
// transactions (WAL), so a kill at any moment loses at most the documents
// of the open batch and never corrupts what is stored.
//
//   auto store = sitrep::store::Store::open("incidents.db");
//   if (!store->unchanged(doc)) {                   // before the costly work
//     sitrep::clean::clean(doc);
//     store->put(doc, sitrep::extract::extract(doc));
//   }
//   sitrep::store::Query q; q.group = "ISIS"; q.branches = true;
//   for (const std::string& json : store->events(q)->items) ...
//
// Idempotent: putting the same document (id and bytes) again changes
// nothing; a new version (same id or same URL, other bytes) replaces the
// old one's contribution. Fusion does not depend on the order documents
// arrive in: the same documents give the same incidents and ids.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep::store {

enum class Outcome { kAdded, kUnchanged, kReplaced };

// Filters for stored incidents. Empty strings and negative numbers filter
// nothing.
struct Query {
  std::string text;     // full text (SQLite FTS5 syntax) over the incident's words and evidence
  std::string group;    // any name of a group (resolved by the knowledge base)
  bool branches = false;  // with the group's branches and affiliates ("ISIS" includes ISIS-K)
  std::string country;  // ISO 3166-1 alpha-2
  std::string type;     // attack | plot | arrest | threat | claim | strike
  std::string from, to;  // ISO dates, inclusive, compared at the precision given
  int64_t min_killed = -1;
  std::string sort = "date";  // date | killed | sources | recent (last written) | id
  bool ascending = false;
  size_t limit = 50;
  size_t offset = 0;
};

struct Page {
  size_t total = 0;                // matches before limit and offset
  std::vector<std::string> items;  // stored event records (JSON, SPEC section 4)
};

struct DocumentRow {
  std::string id, title, published, source, url, story, duplicate_of;
  size_t events = 0;
};

struct Summary {
  size_t documents = 0, duplicates = 0, stories = 0, story_documents = 0, similar_pairs = 0;
  size_t events = 0, incidents = 0, fused = 0, fused_events = 0;
};

struct GroupReport {
  std::string json;  // {"name","kind","aliases","parents","branches","incidents","killed","by_year":[...]}
};

class Store {
 public:
  // Opens or creates the database, migrating its schema to this version.
  static Result<std::unique_ptr<Store>> open(const std::string& path, bool create = true);
  ~Store();

  // True when this exact document (id and raw bytes) is already stored.
  bool unchanged(const Document& doc);
  // Stores a cleaned document and its events, then links it to similar
  // documents and fuses its events into incidents. A document is written
  // whole or not at all (a savepoint); documents are committed in batches
  // (set_batch, default 1; a batch also commits once it is a second old,
  // unless set_batch says otherwise),
  // and a kill loses at most the open batch, which putting the same
  // documents again restores.
  Result<Outcome> put(const Document& doc, const std::vector<Event>& events);
  // Commit after every `documents` puts (at least 1), and once the open
  // batch is `max_age_seconds` old (0: no age limit). A bulk load sets a
  // large batch and no age limit: the near-duplicate band index is written
  // at random places, so each commit rewrites a share of it, and fewer
  // commits write it fewer times.
  void set_batch(size_t documents, double max_age_seconds = 1.0);
  // Commits the open batch (also done on destruction).
  Status flush();

  Result<Page> events(const Query& q);
  // One incident (with sources and evidence), or kNotFound.
  Result<std::string> incident(const std::string& id);
  // A stored document as JSON: metadata, body, story, and the evidence spans
  // of the incidents it contributes to.
  Result<std::string> document(const std::string& id);
  Result<std::vector<DocumentRow>> documents(size_t limit = 0);
  Result<Summary> summary();
  // Aliases, parents and branches from the knowledge base, with the
  // incidents stored for the group and its branches; kNotFound for a name the
  // knowledge base does not know.
  Result<GroupReport> group(const std::string& name);

  // --- for the web app and the HTTP API (sitrep serve) ---
  // Incidents and deaths per period, `by` "week" (periods named by their
  // Monday), "month" or "year", under the filters of `q` (its sort and
  // paging unused): {"by","periods":[{"period","incidents","killed"}],
  // "undated","groups":[{"name","incidents","killed","periods":[...]}]},
  // the groups being the `top_groups` with most incidents.
  Result<std::string> timeline(const Query& q, const std::string& by, size_t top_groups = 5);
  // The located incidents `q` matches, for a map, deadliest first (at most
  // q.limit): {"total","points":[[lat,lon,killed,id,type,date],...]}.
  Result<std::string> points(const Query& q);
  // The groups stored incidents name, most incidents first (at most
  // `limit`): [{"name","kind","aliases","parents","branches","incidents",
  // "killed","first","last"}]; kind and the rest empty for names the
  // knowledge base does not know.
  Result<std::string> groups(size_t limit);
  // The incidents written (added or changed) after `cursor`, newest first,
  // at most `limit`: {"cursor","items":[records]}. Pass the returned cursor
  // to the next call; -1 asks for the latest.
  Result<std::string> feed(int64_t cursor, size_t limit);

  // Reads stepped after `deadline` stop with kTimedOut; the epoch (the
  // default) sets no limit. The server bounds each request with it.
  void set_deadline(std::chrono::steady_clock::time_point deadline);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep::store

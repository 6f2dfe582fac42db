#include "store/schema.h"

#include <fmt/format.h>

namespace sitrep::store {

namespace {

// migrations[i] takes a database from version i to i + 1. Never edit a
// published migration; add the next one.
constexpr const char* kMigrations[] = {
    // 0 -> 1: documents, stories, events, incidents, entities, full text.
    R"sql(
CREATE TABLE documents(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT, title TEXT, published TEXT, source TEXT, lang TEXT, origin TEXT,
  content_hash TEXT NOT NULL,
  signature BLOB,
  story TEXT,
  duplicate_of TEXT,
  -- the large columns last: SQLite reads a row's columns in order, through
  -- overflow pages, so columns after these would cost a read of the text
  raw BLOB NOT NULL,
  body TEXT NOT NULL);
CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_story ON documents(story);

-- One row per MinHash band of each document (resolve/minhash.h). No
-- foreign key and no index by document, which would double the cost of the
-- 64 inserts per document: a removed document's rows are deleted by
-- recomputing its band keys from its signature.
CREATE TABLE document_bands(
  key INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY(key, doc)) WITHOUT ROWID;

CREATE TABLE similar_documents(
  a TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  b TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  similarity REAL NOT NULL,
  PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE INDEX similar_documents_b ON similar_documents(b);

CREATE TABLE events(
  id TEXT PRIMARY KEY,
  doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL, attack_type TEXT,
  date_start TEXT, date_end TEXT,
  country TEXT, admin1 TEXT, city TEXT,
  groups TEXT,
  killed INTEGER,
  published TEXT,
  words BLOB,
  active INTEGER NOT NULL,
  incident TEXT,
  record TEXT NOT NULL);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_candidates ON events(type, country) WHERE active = 1;
CREATE INDEX events_incident ON events(incident);

CREATE TABLE incidents(
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL, attack_type TEXT, status TEXT,
  date_start TEXT, date_end TEXT,
  country TEXT, admin1 TEXT, city TEXT, lat REAL, lon REAL,
  killed INTEGER, injured INTEGER,
  sources INTEGER NOT NULL,
  doc TEXT NOT NULL,
  record TEXT NOT NULL);
CREATE INDEX incidents_date ON incidents(date_start);
CREATE INDEX incidents_country ON incidents(country, date_start);
CREATE INDEX incidents_type ON incidents(type, date_start);
CREATE INDEX incidents_type_killed ON incidents(type, killed);
CREATE INDEX incidents_killed ON incidents(killed);
-- The default orders of `sitrep events` (query.cc), so an unfiltered page
-- reads its rows in order instead of sorting the whole table.
CREATE INDEX incidents_by_date ON incidents(date_start IS NULL, date_start DESC, id);
CREATE INDEX incidents_by_killed ON incidents(coalesce(killed, -1) DESC, id);

CREATE TABLE incident_groups(
  grp TEXT NOT NULL,
  incident TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  PRIMARY KEY(grp, incident)) WITHOUT ROWID;
CREATE INDEX incident_groups_incident ON incident_groups(incident);

CREATE TABLE entities(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE(kind, name));
CREATE TABLE mentions(
  entity INTEGER NOT NULL REFERENCES entities(id),
  event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  doc TEXT NOT NULL,
  text TEXT NOT NULL,
  start INTEGER, end INTEGER);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE INDEX mentions_event ON mentions(event);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE incidents_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
)sql",
    // 1 -> 2: incident records in a table of their own, by the incident's
    // rid. With its record (kilobytes) in the row a page held two or three
    // incidents, so a filter or sort over thousands of matches read
    // thousands of pages; the narrow rows left take a page for dozens.
    // The documents' full-text index reads its text from documents (an
    // external-content table) instead of keeping a second copy of every body.
    R"sql(
CREATE TABLE incident_records(
  rid INTEGER PRIMARY KEY,
  record TEXT NOT NULL);
INSERT INTO incident_records(rid, record) SELECT rid, record FROM incidents;
ALTER TABLE incidents DROP COLUMN record;
DROP TABLE documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content = 'documents', content_rowid = 'rid',
                                              tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
)sql",
    // 2 -> 3: an incident's groups by its rid too, so a group filter finds
    // incidents by row id (an integer search) rather than by the text id;
    // an index for the ascending date order.
    R"sql(
CREATE TABLE incident_groups_3(
  grp TEXT NOT NULL,
  rid INTEGER NOT NULL,
  incident TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  PRIMARY KEY(grp, rid)) WITHOUT ROWID;
INSERT INTO incident_groups_3(grp, rid, incident)
  SELECT g.grp, i.rid, g.incident FROM incident_groups g JOIN incidents i ON i.id = g.incident;
DROP TABLE incident_groups;
ALTER TABLE incident_groups_3 RENAME TO incident_groups;
CREATE INDEX incident_groups_incident ON incident_groups(incident);
-- The oldest first (`sitrep events --asc`) read in order too.
CREATE INDEX incidents_by_date_asc ON incidents(date_start IS NULL, date_start, id);
)sql",
    // 3 -> 4: the scopes a group filter selects, materialised (scopes.cc):
    // one row per incident and scope (each group name it has; with
    // branches, each knowledge-base group whose branches include one of
    // them), with the incident's filter columns and sort keys, and an index
    // per order, so that "ISIS with branches, by killed, page 21" reads one
    // index range instead of sorting 22,000 matches. The rows depend on the
    // knowledge base's hierarchy: store_state keeps the fingerprint of the
    // one they were built with, and a writer opening the store rebuilds them
    // when it differs (readers then use incident_groups). Filled by Store::open.
    // Then indexes for the order by sources and for a country's newest first.
    R"sql(
CREATE TABLE store_state(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE incident_scopes(
  scope TEXT NOT NULL,       -- a group name (branches 0), or a KB group id (branches 1)
  branches INTEGER NOT NULL,
  rid INTEGER NOT NULL,      -- incidents.rid; the rest as in incidents
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  country TEXT,
  date_start TEXT,
  killed INTEGER,
  sources INTEGER NOT NULL,
  PRIMARY KEY(scope, branches, rid)) WITHOUT ROWID;
CREATE INDEX incident_scopes_rid ON incident_scopes(rid);
CREATE INDEX incident_scopes_by_date ON incident_scopes(scope, branches, date_start IS NULL, date_start DESC, id);
CREATE INDEX incident_scopes_by_date_asc ON incident_scopes(scope, branches, date_start IS NULL, date_start, id);
CREATE INDEX incident_scopes_by_killed ON incident_scopes(scope, branches, coalesce(killed, -1) DESC, id);
CREATE INDEX incident_scopes_by_sources ON incident_scopes(scope, branches, sources DESC, id);
CREATE INDEX incident_scopes_by_id ON incident_scopes(scope, branches, id);
CREATE INDEX incidents_by_sources ON incidents(sources DESC, id);
CREATE INDEX incidents_country_by_date ON incidents(country, date_start IS NULL, date_start DESC, id);
)sql",
};

constexpr int kMigrationCount = int(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == kSchemaVersion, "one migration per schema version");

}  // namespace

Status migrate(Db& db, int* from) {
  Stmt v = db.prepare("PRAGMA user_version");
  if (!v.step()) return v.status().is_ok() ? db.error("reading the schema version") : v.status();
  int version = int(v.i64(0));
  v = Stmt();
  if (from) *from = version;
  if (version > kSchemaVersion)
    return Status(ErrorCode::kSchemaTooNew,
                  fmt::format("{}: schema version {} is newer than this sitrep's ({}); upgrade sitrep",
                              db.path(), version, kSchemaVersion));
  if (version == kSchemaVersion) return Status::ok();
  Transaction tx(db);
  if (!tx.begin_status()) return tx.begin_status();
  for (int i = version; i < kSchemaVersion; ++i)
    if (Status s = db.exec(kMigrations[i]); !s) return s;
  if (Status s = db.exec(fmt::format("PRAGMA user_version = {}", kSchemaVersion)); !s) return s;
  return tx.commit();
}

}  // namespace sitrep::store

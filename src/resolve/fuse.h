// Cross-document fusion: deciding which events from different documents
// report the same incident, and writing the incident's record from theirs.
//
// The decision is a symmetric score over what the events say, so it does
// not depend on the order documents arrive in. Ruled out: another type, a
// different country (or none), city, region or day (one day apart is
// allowed), a date range that does not overlap, an undated report published
// before the incident or more than 120 days after it. Counted: the same
// city +3 (region +1), the same day +2 (a day apart +1), an undated report
// within two weeks +1, related groups +2 (unrelated -2), tolls within 30%
// +2, the same attack type +1, shared wording of the evidence sentences
// (Jaccard of content words) +2 from 0.2 and +3 from 0.35. Strong from 6,
// weak from 2. Clustering is deterministic too: usable pairs, best first (ties by
// ids), are joined unless that would put two events of one document in one
// incident (extract already merged what one document says of one incident).
// A pair is usable when it is strong, or when it is weak and one of its two
// events has no other candidate at all (an undated "the attacks in Iran" in
// a story about the one recent attack in Iran).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sitrep/event.h"

namespace sitrep::resolve {

// What fusion compares of an event: columns the store keeps beside each
// event's record.
struct EventKey {
  std::string id, doc;
  std::string published;  // the document's publication date (ISO 8601), "" when unknown
  std::string type, attack_type;
  std::string date_start, date_end;
  std::string country, admin1, city;
  std::vector<std::string> groups;  // canonical names of organisations
  int64_t killed = -1;              // lower bound, else upper bound, -1 when not stated
  // The wording: hashes of the content words of the event's evidence
  // sentences, sorted, distinct (wording_of()).
  std::vector<uint32_t> words;

  // The dates above as days since 1970, parsed once by index_dates() (key_of
  // calls it); fusion_score parses them itself for a key not indexed.
  struct Days {
    bool dated = false;         // a range of at most a year
    bool day_precision = false;
    int64_t lo = 0, hi = 0;
    bool has_published = false;
    int64_t published = 0;
  } days;
  bool indexed = false;
};

void index_dates(EventKey& k);

// The content words of `text` (four letters or more, not function words:
// data/resolve/function_words.txt),
// hashed, sorted and distinct: what fusion compares of two reports' wording.
std::vector<uint32_t> wording_of(std::string_view text);
// The Jaccard similarity of two wordings (0 when either is empty).
double wording_similarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);
EventKey key_of(const Event& e, std::string_view published);

// True when two canonical group names are the same group or one is a
// parent (branch, affiliate, faction) of the other.
using GroupsRelated = std::function<bool(const std::string&, const std::string&)>;

// The score of the two events reporting one incident, or nullopt when
// something they say rules it out (another type, country, city or date;
// the same document; no country).
std::optional<int> fusion_score(const EventKey& a, const EventKey& b, const GroupsRelated& related);
inline constexpr int kStrongScore = 6;
inline constexpr int kWeakScore = 2;

// Events indexed by their days, so the candidates of an event are found
// without scoring every event of its type and country: candidates(k) gives
// every added event whose dates fusion_score(k, ·) does not rule out (and
// some it does), in no particular order. Events that can meet nothing by
// date (undated, no publication date) are not kept.
class DayIndex {
 public:
  void add(size_t i, const EventKey& k);
  void candidates(const EventKey& k, const std::function<void(size_t)>& fn) const;

 private:
  std::multimap<int64_t, size_t> days_;     // dated to the day, by day
  std::multimap<int64_t, size_t> ranges_;   // dated to a range, by its first day
  std::multimap<int64_t, size_t> undated_;  // undated, by the publication day
};

// Whether a compatible pair joins its events, given how many compatible
// pairs each of them has in all (its degree).
bool usable(int score, size_t degree_a, size_t degree_b);

struct ScoredPair {
  size_t a = 0, b = 0;  // indices into the events given to cluster()
  int score = 0;
};

// Joins the events over the usable pairs given, best first, so that no
// cluster holds two events of one document or two events `compatible` says
// cannot be one incident (so an undated report cannot chain two dated
// incidents together). Every event appears in exactly one cluster; clusters
// and their members are sorted by event id.
std::vector<std::vector<size_t>> cluster(const std::vector<EventKey>& events,
                                         const std::vector<ScoredPair>& usable_pairs,
                                         const std::function<bool(size_t, size_t)>& compatible);

// "in-" + a hash of the smallest member event id: the same members, the
// same id, whatever the order they came in.
std::string incident_id(const std::vector<std::string>& member_event_ids);

// A member of an incident: its event record (SPEC section 3, as extract
// wrote it) and the document it came from.
struct Member {
  nlohmann::ordered_json record;
  std::string doc, title, url, published;
};

// The incident's record: SPEC section 3 fields resolved over the members
// (the most specific date and place most sources give; tolls from the
// latest source that states one, with the range and every value), plus
// "sources" (one entry per document with its evidence). Members are taken
// in (published, doc, id) order, so the result does not depend on the
// order given.
nlohmann::ordered_json fuse_records(const std::string& id, std::vector<Member> members);

}  // namespace sitrep::resolve

// Event: the record of SPEC section 3 (contract version 1), as extract
// produces it for one document. Offsets are byte offsets into the
// document's cleaned body.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sitrep {

struct Span {
  size_t begin = 0;
  size_t end = 0;
};

// One participant (perpetrator, victim, target, weapon) with its coreferent
// mentions; `text` is the most complete of them.
struct Entity {
  std::string text;
  std::vector<std::string> mentions;
  std::vector<Span> spans;       // where each mention occurs (first occurrence)
  std::string kind;              // perpetrators: organization | individual
  std::string entity;            // canonical KB name, "" when none
  std::string attribution;       // perpetrators: claimed | suspected | reported | ""
  std::string weapon_type;       // weapons: SPEC weapon type
  double score = 0;              // model confidence
};

struct Toll {
  int64_t min = -1;  // -1: not stated
  int64_t max = -1;
  std::string text;
  bool present() const { return min >= 0 || max >= 0; }
};

struct Place {
  std::string text, city, admin1, country;
  double lat = 0, lon = 0;
  bool has_coordinates = false;
  bool present() const { return !text.empty() || !country.empty(); }
};

struct DateRange {
  std::string start, end, text;
  bool present() const { return !start.empty(); }
};

struct Reporter {
  std::string text, role;
};

struct Evidence {
  size_t begin = 0, end = 0;
  std::string text;
};

struct Event {
  std::string id;
  std::string doc;
  std::string type;         // attack | plot | arrest | threat | claim | strike
  std::string attack_type;  // "" for non-attacks (null in JSON)
  std::string status;
  DateRange date;
  Place location;
  std::vector<Entity> perpetrators, victims, targets, weapons;
  Toll killed, injured;
  bool suicide = false;
  std::vector<Reporter> reported_by;
  std::vector<Evidence> evidence;
  double confidence = 0;
};

}  // namespace sitrep

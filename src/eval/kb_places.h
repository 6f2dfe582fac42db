// Places KB evaluation on the MUC-4 dev answer keys (../shared/data/muc4/raw/
// dev/key-*): the INCIDENT: LOCATION slot ("COLOMBIA: ANTIOQUIA (DEPARTMENT):
// MEDELLIN (CITY)") resolved through PlaceKb. Counts whether the country
// resolves to the right ISO code and whether the most specific place of a
// kind the gazetteer covers (city, town, municipality, port, department,
// province, state, region... or the country when the slot names nothing
// finer) resolves, in the country's context, to a place in that country.
// Finer parts (neighbourhoods, farms, universities, rivers, cantons) are
// below the gazetteer's grain and are skipped in favour of their parent.
#pragma once

#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

struct KbPlacesMiss {
  std::string message;  // MESSAGE: ID, "TST1-MUC3-0001"
  std::string slot;     // the slot value as written in the key
  std::string wanted;   // what had to resolve ("MEDELLIN (CITY) in CO")
  std::string got;      // what did ("Medellín de Bravo, MX" or "nothing")
};

struct KbPlacesReport {
  size_t slots = 0;            // filled INCIDENT: LOCATION slots
  size_t country_right = 0;
  size_t place_found = 0;      // the most specific place resolves in the right country
  size_t finer_slots = 0;      // slots whose most specific place is finer than a country
  size_t finer_found = 0;
  size_t finer_country_alone = 0;  // ... whose name alone (no context) lands in the right country
  std::vector<KbPlacesMiss> country_misses;
  std::vector<KbPlacesMiss> place_misses;
  double load_ms = 0;          // building PlaceKb, its matcher included (0 when already built)
  double load_mb = 0;          // resident memory that took
  // The whole knowledge base as extraction uses it: places, groups, the
  // lexicons and every compiled matcher (measured after PlaceKb above).
  double all_ms = 0;
  double all_mb = 0;
};

// `data_dir` is the shared data folder (../shared/data). kNotFound when the
// MUC-4 raw dev keys are absent.
Result<KbPlacesReport> eval_kb_places(const std::string& data_dir);

}  // namespace sitrep::eval

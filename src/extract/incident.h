// Incidents within one document: trigger mentions anchor them, anchors of a
// type merge unless their sentences date or place them apart, and each
// incident's facts (date, place, toll, suicide, reporters, evidence) are
// read from its own sentences.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "analyze/analysis.h"
#include "kb/places.h"
#include "sitrep/document.h"
#include "sitrep/event.h"

namespace sitrep::extract {

struct Incident {
  Event event;
  std::vector<uint32_t> sentences;  // anchor sentences, in order
  std::vector<uint32_t> triggers;   // lexicon rows of its anchors
  std::string date_key;             // start date of its first dated anchor
  std::string country;              // country of its first placed anchor
  // Set when an anchor names several countries ("attacks in Russia and
  // Iran"): one incident each, its place taken in its own country.
  std::string place_country;
  // The sentence that started it as "another" incident ("in a separate
  // attack"); later anchors of that sentence join it.
  uint32_t fresh_in = UINT32_MAX;
  // Set by finish_incident for an attack each of whose sentences spans
  // years ("for the past decade"): a pattern over time, not one attack.
  bool background = false;
};

// The type of an incident of armed clashes between armed forces and rebels
// ("three guerrillas were killed in clashes"): not a terrorist incident, so
// never reported, but it holds the roles named in its sentences so they do
// not join a real attack nearby.
inline constexpr std::string_view kCombatType = "combat";

// True when sentence `s` reports armed clashes (a word of
// data/extract/clashes.txt: "clashed", "fighting") and names no civilians
// (data/extract/civilians.txt).
bool clash_sentence(const analyze::Analysis& a, uint32_t s);

// The countries the document names, the context place names resolve in.
kb::PlaceContext document_context(const analyze::Analysis& a);

// The incidents the document's trigger mentions anchor.
std::vector<Incident> find_incidents(const analyze::Analysis& a, const Document& doc,
                                     const kb::PlaceContext& ctx);

// Fills the event's remaining fields from the incident's sentences.
void finish_incident(const analyze::Analysis& a, const Document& doc, const kb::PlaceContext& ctx,
                     Incident& inc);

}  // namespace sitrep::extract

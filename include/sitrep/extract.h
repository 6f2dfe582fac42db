// Extract: from a cleaned Document to its events (SPEC section 3).
//
//   sitrep::Document doc = ...;          // ingested
//   sitrep::clean::clean(doc);
//   for (const sitrep::Event& e : sitrep::extract::extract(doc)) ...
//
// Analysis (tokens, sentences, numbers, dates, knowledge-base mentions) runs
// inside; the learned role model ships embedded (data/extract/) and is
// loaded once. Thread-safe.
#pragma once
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/event.h"

namespace sitrep::extract {

std::vector<Event> extract(const Document& doc);

// The record as one JSON object on one line (SPEC section 3 field order).
std::string to_json(const Event& e);

}  // namespace sitrep::extract

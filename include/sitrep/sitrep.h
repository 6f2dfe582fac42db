// sitrep's public API: everything the command line, the server and the tests
// use. Include this one header.
#pragma once

#include "sitrep/clean.h"
#include "sitrep/document.h"
#include "sitrep/event.h"
#include "sitrep/extract.h"
#include "sitrep/ingest.h"
#include "sitrep/offset_map.h"
#include "sitrep/status.h"
#include "sitrep/store.h"

namespace sitrep {

// The version of the JSON record contract (SPEC section 3).
inline constexpr int kContractVersion = 1;
inline constexpr const char* kVersion = "0.1.0";

}  // namespace sitrep

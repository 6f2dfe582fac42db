// The MUC-4 messages as news documents, for ingesting the corpus into a
// store: the raw upper-case texts of ../shared/data/muc4/raw (train: the
// dev-muc3-* files; dev: tst1-muc3), each with its dateline's date as the
// publication date and its agency as the source.
//
//   TST1-MUC3-0001
//
//      GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT] THE GUATEMALA ARMY ...
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::eval {

// The messages of one raw file, in order. `origin` names the file in
// messages ("tst1-muc3").
std::vector<Document> parse_muc4_messages(std::string_view text, std::string_view origin);

// "3 JAN 90" -> "1990-01-03" (two-digit years are 19xx); "" when the text
// is not such a date.
std::string muc4_dateline_date(std::string_view text);

// Every message of `split` ("train", "dev" or "all").
Result<std::vector<Document>> read_muc4_messages(const std::string& data_dir, const std::string& split);

}  // namespace sitrep::eval

// The group-table generator: reads the UN consolidated sanctions list and the
// OFAC SDN list (../shared/data/kb-sources) and writes data/kb/groups.tsv, the
// militant and terrorist organisations with their aliases, relations,
// countries and source ids. Deterministic: the same sources give the same
// bytes, which tests/kb_groups_test.cc checks against the committed table.
#pragma once

#include <string>

namespace sitrep::kbgen {

struct Options {
  std::string sources_dir;     // holds un_consolidated.xml, ofac_sdn.csv, ofac_alt.csv
  std::string iso_3166_json;   // Debian iso-codes' iso_3166-1.json (country names -> alpha-2)
};

struct Stats {
  size_t un_entities = 0;    // kept UN entities
  size_t ofac_entities = 0;  // kept OFAC entries
  size_t groups = 0;         // rows written (after merging UN and OFAC entries)
};

// Builds the TSV text into `out`. On failure returns false and sets `error`
// to a message naming the file and the problem.
bool generate(const Options& options, std::string* out, Stats* stats, std::string* error);

}  // namespace sitrep::kbgen

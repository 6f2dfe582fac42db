// `sitrep stats --db FILE`: what a database holds: documents, near-duplicate
// pairs and stories, events, incidents and how many were fused.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_stats_command(CLI::App& app) {
  struct Args {
    std::string db, format;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("stats", "Counts: documents, near-duplicates, stories, events, incidents, fused incidents");
  add_store_options(cmd, args->db, args->format, {"text", "jsonl"});
  return [args]() {
    auto db = open_store(args->db, false);
    if (!db) return 2;
    auto s = db->summary();
    if (!s) return report_failure(s.status());
    std::vector<std::pair<const char*, size_t>> rows{
        {"documents", s->documents},          {"near_duplicate_pairs", s->similar_pairs},
        {"duplicates", s->duplicates},        {"stories", s->stories},
        {"story_documents", s->story_documents}, {"events", s->events},
        {"incidents", s->incidents},          {"fused_incidents", s->fused},
        {"fused_events", s->fused_events}};
    std::string format = pick_format(args->format, "text");
    if (format == "jsonl") {
      nlohmann::ordered_json j;
      for (auto& [k, v] : rows) j[k] = v;
      fmt::print("{}\n", j.dump());
    } else {
      for (auto& [k, v] : rows) fmt::print("{:<22} {}\n", k, v);
    }
    return 0;
  };
}

}  // namespace sitrep::cli

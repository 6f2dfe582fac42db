// `sitrep events --db FILE [filters]`: stored incidents, filtered and sorted,
// as a table on a terminal, JSON Lines (SPEC section 4: the record plus
// "sources") or CSV.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_events_command(CLI::App& app) {
  struct Args {
    std::string db;
    store::Query q;
    std::string format;
  };
  auto args = std::make_shared<Args>();
  args->q.limit = 100;
  CLI::App* cmd = app.add_subcommand("events", "Query stored incidents (fused events with their sources)");
  add_store_options(cmd, args->db, args->format, {"table", "jsonl", "csv"});
  cmd->add_option("-q,--text", args->q.text, "Full-text search (FTS5 syntax: words, \"a phrase\", OR, NOT)");
  cmd->add_option("--group", args->q.group, "A group by any of its names (ISIS, Daesh, ISIS-K...)");
  cmd->add_flag("--branches", args->q.branches, "With --group: include its branches and affiliates");
  cmd->add_option("--country", args->q.country, "ISO 3166-1 alpha-2 country code");
  cmd->add_option("--type", args->q.type, "attack, plot, arrest, threat, claim or strike")
      ->check(CLI::IsMember({"attack", "plot", "arrest", "threat", "claim", "strike"}, CLI::ignore_case));
  cmd->add_option("--from", args->q.from, "Earliest date (2024, 2024-03 or 2024-03-22)");
  cmd->add_option("--to", args->q.to, "Latest date, inclusive at the precision given");
  cmd->add_option("--min-killed", args->q.min_killed, "At least this many killed");
  cmd->add_option("--sort", args->q.sort, "date, killed, sources or id")
      ->check(CLI::IsMember({"date", "killed", "sources", "id"}))
      ->capture_default_str();
  cmd->add_flag("--asc", args->q.ascending, "Ascending order (default: descending, ids ascending)");
  cmd->add_option("--limit", args->q.limit, "At most this many")->capture_default_str();
  cmd->add_option("--offset", args->q.offset, "Skip this many first");

  return [args]() {
    auto db = open_store(args->db, false);
    if (!db) return 2;
    auto page = db->events(args->q);
    if (!page) return report_failure(page.status());
    std::string format = pick_format(args->format, "table");
    if (format == "jsonl") {
      for (const std::string& rec : page->items) fmt::print("{}\n", rec);
      return 0;
    }
    std::vector<std::string> header{"id", "date", "type", "attack type", "place", "country", "group",
                                    "killed", "injured", "sources", "lat", "lon"};
    std::vector<std::vector<std::string>> rows;
    for (const std::string& rec : page->items) rows.push_back(event_row(rec));
    if (format == "csv") {
      rows.insert(rows.begin(), header);
      for (const auto& cells : rows) {
        std::string out;
        for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
        fmt::print("{}\n", out);
      }
      return 0;
    }
    header.resize(10);
    for (auto& r : rows) r.resize(10);
    print_table(header, {0, 10, 0, 0, 20, 0, 30, 0, 0, 0}, rows);
    fmt::print("{} of {} incidents\n", rows.size(), page->total);
    return 0;
  };
}

}  // namespace sitrep::cli

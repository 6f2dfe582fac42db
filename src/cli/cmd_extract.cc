// `sitrep extract PATH...`: the events of each document (SPEC section 3),
// one JSON record per event, or a table on a terminal. No database.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_extract_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> paths;
    Format format = Format::kAuto;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Extract events (attacks, plots, arrests, threats, claims, strikes) from documents");
  cmd->add_option("paths", args->paths,
                  "Files or folders to read (text, HTML, .gz, JSON Lines, WARC); - for stdin")
      ->required();
  std::map<std::string, Format> formats{{"table", Format::kTable}, {"jsonl", Format::kJsonl}};
  cmd->add_option("--format", args->format,
                  "Output format (default: table on a terminal, jsonl otherwise)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));

  return [args]() {
    Format format = resolve_format(args->format);
    clean::SiteMemory site_memory;
    clean::Options options;
    options.site_memory = &site_memory;
    std::vector<std::vector<std::string>> rows;
    size_t failed = for_each_clean_document(args->paths, options, [&](Document& doc) {
      for (const Event& e : extract::extract(doc)) {
        if (format == Format::kJsonl) {
          fmt::print("{}\n", extract::to_json(e));
          continue;
        }
        std::string who;
        for (const Entity& p : e.perpetrators)
          if (p.kind == "organization")
            who += (who.empty() ? "" : "; ") + (p.entity.empty() ? p.text : p.entity);
        auto toll = [](const Toll& t) {
          if (!t.present()) return std::string();
          if (t.min >= 0 && t.max == t.min) return fmt::format("{}", t.min);
          if (t.min >= 0)
            return t.max >= 0 ? fmt::format("{}-{}", t.min, t.max) : fmt::format("{}+", t.min);
          return fmt::format("<={}", t.max);
        };
        rows.push_back({doc.id, e.type, e.attack_type, e.status, e.date.start,
                        e.location.city.empty() ? e.location.text : e.location.city,
                        e.location.country, who, toll(e.killed), toll(e.injured)});
      }
    });
    if (format == Format::kTable)
      print_table({"doc", "type", "attack type", "status", "date", "place", "country", "group",
                   "killed", "injured"},
                  {24, 0, 0, 0, 10, 20, 0, 30, 0, 0}, rows);
    if (failed > 0) fmt::print(stderr, "sitrep: {} input(s) failed\n", failed);
    return failed > 0 ? 1 : 0;
  };
}

}  // namespace sitrep::cli

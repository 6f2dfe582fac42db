// `sitrep kb lookup NAME` and `sitrep kb places NAME`: the knowledge base
// from the command line.
#include <memory>

#include "cli/commands.h"

namespace sitrep::cli {

Runner add_kb_command(CLI::App& app) {
  auto args = std::make_shared<KbArgs>();
  CLI::App* kb = app.add_subcommand("kb", "Look names up in the knowledge base");
  kb->require_subcommand(1);
  CLI::App* lookup =
      kb->add_subcommand("lookup", "The group a name means: canonical name, kind, parents, aliases");
  CLI::App* places =
      kb->add_subcommand("places", "Place candidates for a name, best first, with coordinates");
  for (CLI::App* sub : {lookup, places}) {
    sub->add_option("name", args->name, "The name to look up")->required();
    sub->add_option("--format", args->format, "table or jsonl (default: table on a terminal)")
        ->check(CLI::IsMember({"table", "jsonl"}));
  }
  places->add_option("--limit", args->limit, "How many candidates")->capture_default_str();
  return [args, lookup]() { return lookup->parsed() ? run_kb_lookup(*args) : run_kb_places(*args); };
}

}  // namespace sitrep::cli

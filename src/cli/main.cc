// The sitrep command line: thin glue from CLI11 to the public API.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "sitrep/sitrep.h"

int main(int argc, char** argv) {
  CLI::App app{
      "sitrep: news about terrorism and political violence in, a trustworthy incident "
      "database out"};
  app.set_version_flag("--version", std::string("sitrep ") + sitrep::kVersion);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, sitrep::cli::Runner>> commands;
  auto add = [&](sitrep::cli::Runner r) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(r));
  };
  add(sitrep::cli::add_clean_command(app));
  add(sitrep::cli::add_eval_command(app));
  add(sitrep::cli::add_extract_command(app));
  add(sitrep::cli::add_kb_command(app));
  add(sitrep::cli::add_ingest_command(app));
  add(sitrep::cli::add_events_command(app));
  add(sitrep::cli::add_show_command(app));
  add(sitrep::cli::add_docs_command(app));
  add(sitrep::cli::add_group_command(app));
  add(sitrep::cli::add_stats_command(app));
  add(sitrep::cli::add_serve_command(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  for (auto& [cmd, run] : commands) {
    if (cmd->parsed()) return run();
  }
  return 2;
}

// The sitrep subcommands. Each registers itself on the CLI11 app and returns
// a runner that yields the process exit status (0 ok, 1 some inputs failed,
// 2 usage or environment error).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace sitrep::cli {

using Runner = std::function<int()>;

Runner add_clean_command(CLI::App& app);
Runner add_eval_command(CLI::App& app);
Runner add_extract_command(CLI::App& app);
Runner add_kb_command(CLI::App& app);
// The options of the commands that read a store: --db FILE (required) and
// --format, one of `formats`, the first being the default on a terminal
// (store_options.cc).
void add_store_options(CLI::App* cmd, std::string& db, std::string& format,
                       const std::vector<std::string>& formats);

// The store: ingest writes, the others read (cmd_<name>.cc).
Runner add_ingest_command(CLI::App& app);
Runner add_events_command(CLI::App& app);
Runner add_show_command(CLI::App& app);
Runner add_docs_command(CLI::App& app);
Runner add_group_command(CLI::App& app);
Runner add_stats_command(CLI::App& app);
// `sitrep serve`: the HTTP API and the web app (src/serve).
Runner add_serve_command(CLI::App& app);

// `sitrep kb lookup` and `sitrep kb places` (cmd_kb_lookup.cc, cmd_kb_places.cc).
struct KbArgs {
  std::string name;
  std::string format;  // "table", "jsonl" or "" for automatic
  size_t limit = 5;
};
int run_kb_lookup(const KbArgs& args);
int run_kb_places(const KbArgs& args);

}  // namespace sitrep::cli

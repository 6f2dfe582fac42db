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

// `sitrep kb lookup` and `sitrep kb places` (cmd_kb_lookup.cc, cmd_kb_places.cc).
struct KbArgs {
  std::string name;
  std::string format;  // "table", "jsonl" or "" for automatic
  size_t limit = 5;
};
int run_kb_lookup(const KbArgs& args);
int run_kb_places(const KbArgs& args);

}  // namespace sitrep::cli

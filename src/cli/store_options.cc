// Options shared by the commands that read a store (see commands.h).
#include "cli/commands.h"

namespace sitrep::cli {

void add_store_options(CLI::App* cmd, std::string& db, std::string& format,
                       const std::vector<std::string>& formats) {
  cmd->add_option("--db", db, "The database file")->required();
  std::string names;
  for (const std::string& f : formats) names += (names.empty() ? "" : ", ") + f;
  cmd->add_option("--format", format, names + " (default: " + formats.front() + " on a terminal, jsonl otherwise)")
      ->check(CLI::IsMember(formats));
}

}  // namespace sitrep::cli

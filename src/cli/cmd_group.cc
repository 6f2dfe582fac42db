// `sitrep group --db FILE NAME`: what the knowledge base knows of a group
// (aliases, parents, branches) and what the database holds of it and its
// branches (incidents per year, total toll).
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_group_command(CLI::App& app) {
  struct Args {
    std::string db, name, format;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("group", "A group: aliases, parent and branches, incidents per year, total toll");
  add_store_options(cmd, args->db, args->format, {"text", "jsonl"});
  cmd->add_option("name", args->name, "Any name of the group")->required();

  return [args]() {
    auto db = open_store(args->db, false);
    if (!db) return 2;
    auto rep = db->group(args->name);
    if (!rep) return report_failure(rep.status());
    std::string format = pick_format(args->format, "text");
    if (format == "jsonl") {
      fmt::print("{}\n", rep->json);
      return 0;
    }
    auto j = nlohmann::ordered_json::parse(rep->json);
    auto list = [](const nlohmann::ordered_json& a) {
      std::string out;
      for (const auto& x : a) out += (out.empty() ? "" : "; ") + x.get<std::string>();
      return out.empty() ? std::string("-") : out;
    };
    fmt::print("{} ({})\naliases   {}\nparents   {}\nbranches  {}\n", j["name"].get<std::string>(),
               j["kind"].get<std::string>(), ellipsize(list(j["aliases"]), 400), list(j["parents"]),
               list(j["branches"]));
    fmt::print("incidents {} (with branches), {} killed\n", j["incidents"].dump(), j["killed"].dump());
    for (const auto& y : j["by_year"])
      fmt::print("  {:<8} {:>5} incidents {:>7} killed\n", y["year"].get<std::string>(), y["incidents"].dump(),
                 y["killed"].dump());
    return 0;
  };
}

}  // namespace sitrep::cli

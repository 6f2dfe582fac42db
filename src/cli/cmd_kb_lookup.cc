// `sitrep kb lookup NAME`: the group a name means (src/kb/groups.h), as one
// JSON line {"query","entity","type","parents","aliases"} or readable text.
// Exit status 1 when the name is unknown, so scripts can test for it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "kb/groups.h"

namespace sitrep::cli {

int run_kb_lookup(const KbArgs& args) {
  const kb::GroupKb& kb = kb::GroupKb::get();
  const kb::Group* g = kb.lookup(args.name);
  Format format = resolve_format(args.format == "jsonl"   ? Format::kJsonl
                                 : args.format == "table" ? Format::kTable
                                                          : Format::kAuto);
  std::vector<const kb::Group*> parents;
  if (g) parents = kb.parents(*g);

  if (format == Format::kJsonl) {
    nlohmann::ordered_json j = {{"query", args.name}, {"entity", nullptr}, {"type", nullptr},
                        {"parents", nlohmann::ordered_json::array()}, {"aliases", nlohmann::ordered_json::array()}};
    if (g) {
      j["entity"] = g->name;
      j["type"] = g->kind;
      for (const kb::Group* p : parents) j["parents"].push_back(p->name);
      j["aliases"] = g->aliases;
      j["id"] = g->id;
    }
    fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    return g ? 0 : 1;
  }

  if (!g) {
    fmt::print("no group named \"{}\"\n", args.name);
    return 1;
  }
  std::vector<std::string> parent_names;
  for (const kb::Group* p : parents) parent_names.push_back(p->name);
  std::vector<std::string> relations;
  for (const kb::GroupRelation& r : g->relations) {
    relations.push_back(fmt::format("{} of {}{}", r.type, kb.groups()[r.target].name,
                                    r.year ? fmt::format(" ({})", r.year) : ""));
  }
  std::vector<std::string> branch_names;
  for (const kb::Group* b : kb.branches(*g)) branch_names.push_back(b->name);
  std::vector<std::vector<std::string>> rows = {
      {"entity", g->name},
      {"id", g->id},
      {"type", g->kind},
      {"parents", fmt::format("{}", fmt::join(parent_names, " > "))},
      {"relations", fmt::format("{}", fmt::join(relations, "; "))},
      {"branches", fmt::format("{}", fmt::join(branch_names, "; "))},
      {"countries", fmt::format("{}", fmt::join(g->countries, " "))},
      {"sources", fmt::format("{}", fmt::join(g->sources, " "))},
      {"aliases", fmt::format("{}", fmt::join(g->aliases, "; "))},
  };
  print_table({"field", "value"}, {0, 160}, rows);
  return 0;
}

}  // namespace sitrep::cli

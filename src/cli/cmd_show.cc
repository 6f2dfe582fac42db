// `sitrep show --db FILE ID`: one incident with every source and the
// sentences each field rests on.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_show_command(CLI::App& app) {
  struct Args {
    std::string db, id, format;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "One incident (or the incident of an event) with its sources and evidence");
  add_store_options(cmd, args->db, args->format, {"text", "jsonl"});
  cmd->add_option("id", args->id, "An incident id (in-...) or an event id (ev-...)")->required();

  return [args]() {
    auto db = open_store(args->db, false);
    if (!db) return 2;
    auto rec = db->incident(args->id);
    if (!rec) return report_failure(rec.status());
    std::string format = pick_format(args->format, "text");
    if (format == "jsonl") {
      fmt::print("{}\n", *rec);
      return 0;
    }
    auto j = nlohmann::ordered_json::parse(*rec);
    std::vector<std::string> row = event_row(*rec);
    const char* names[] = {"incident", "date", "type", "attack type", "place", "country", "groups",
                           "killed", "injured", "sources"};
    for (size_t i = 0; i < std::size(names) && i < row.size(); ++i)
      if (!row[i].empty()) fmt::print("{:<12} {}\n", names[i], row[i]);
    for (const char* role : {"victims", "targets", "weapons"}) {
      std::string list;
      for (const auto& x : j[role]) list += (list.empty() ? "" : "; ") + x["text"].get<std::string>();
      if (!list.empty()) fmt::print("{:<12} {}\n", role, list);
    }
    for (const char* toll : {"killed", "injured"}) {
      const auto& t = j[toll];
      if (!t.is_object() || t["values"].size() < 2) continue;
      fmt::print("{} as reported:\n", toll);
      for (const auto& v : t["values"])
        fmt::print("  {:<24} {:<12} {}\n", v["doc"].get<std::string>(),
                   v["published"].is_string() ? v["published"].get<std::string>() : "", v["text"].get<std::string>());
    }
    for (const auto& s : j["sources"]) {
      fmt::print("\nsource {} ({}): {}\n", s["doc"].get<std::string>(),
                 s["published"].is_string() ? s["published"].get<std::string>() : "undated",
                 s["title"].get<std::string>());
      for (const auto& e : s["evidence"])
        fmt::print("  [{}-{}] {}\n", e["start"].dump(), e["end"].dump(), ellipsize(e["text"].get<std::string>(), 300));
    }
    return 0;
  };
}

}  // namespace sitrep::cli

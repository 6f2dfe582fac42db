// `sitrep docs --db FILE`: stored documents with their story (the cluster of
// articles telling one story) and duplicate_of (the earlier copy).
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {

Runner add_docs_command(CLI::App& app) {
  struct Args {
    std::string db, format, id;
    size_t limit = 0;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("docs", "Stored documents, with story and duplicate_of");
  add_store_options(cmd, args->db, args->format, {"table", "jsonl"});
  cmd->add_option("id", args->id, "One document: its body, story and the evidence spans of its events");
  cmd->add_option("--limit", args->limit, "At most this many (0: all)");

  return [args]() {
    auto db = open_store(args->db, false);
    if (!db) return 2;
    if (!args->id.empty()) {
      auto doc = db->document(args->id);
      if (!doc) return report_failure(doc.status());
      fmt::print("{}\n", *doc);
      return 0;
    }
    auto docs = db->documents(args->limit);
    if (!docs) return report_failure(docs.status());
    std::string format = pick_format(args->format, "table");
    auto null_if_empty = [](const std::string& s) {
      return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
    };
    std::vector<std::vector<std::string>> rows;
    for (const store::DocumentRow& d : *docs) {
      if (format == "jsonl") {
        nlohmann::ordered_json j;
        j["id"] = d.id;
        j["title"] = d.title;
        j["published"] = null_if_empty(d.published);
        j["source"] = null_if_empty(d.source);
        j["url"] = null_if_empty(d.url);
        j["story"] = d.story;
        j["duplicate_of"] = null_if_empty(d.duplicate_of);
        j["events"] = d.events;
        fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      } else {
        rows.push_back({d.id, d.published, d.story, d.duplicate_of, std::to_string(d.events), d.title});
      }
    }
    if (format == "table")
      print_table({"id", "published", "story", "duplicate of", "events", "title"}, {28, 10, 0, 28, 0, 60}, rows);
    return 0;
  };
}

}  // namespace sitrep::cli

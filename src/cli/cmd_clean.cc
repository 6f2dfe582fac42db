// `sitrep clean PATH...`: one record per document with its cleaned body.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/text.h"
#include "sitrep/sitrep.h"

namespace sitrep::cli {
namespace {

nlohmann::json nullable(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

Runner add_clean_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> paths;
    Format format = Format::kAuto;
    bool no_fold = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "clean", "Extract each document's article body, title, date, source and language");
  cmd->add_option("paths", args->paths,
                  "Files or folders to read (text, HTML, .gz, JSON Lines, WARC); - for stdin")
      ->required();
  std::map<std::string, Format> formats{{"table", Format::kTable}, {"jsonl", Format::kJsonl}};
  cmd->add_option("--format", args->format,
                  "Output format (default: table on a terminal, "
                  "jsonl otherwise)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  cmd->add_flag("--no-fold", args->no_fold, "Keep look-alike letters as they are");

  return [args]() {
    Format format = resolve_format(args->format);
    clean::SiteMemory site_memory;  // one batch learns each site's repeated blocks
    clean::Options options;
    options.site_memory = &site_memory;
    options.fold_confusables = !args->no_fold;
    std::vector<std::vector<std::string>> rows;
    size_t failed = for_each_clean_document(args->paths, options, [&](Document& doc) {
      if (format == Format::kJsonl) {
        nlohmann::json j = {{"id", doc.id},
                            {"title", nullable(doc.title)},
                            {"published", nullable(doc.published)},
                            {"source", nullable(doc.source)},
                            {"url", nullable(doc.url)},
                            {"lang", nullable(doc.lang)},
                            {"body", doc.body}};
        fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      } else {
        rows.push_back({doc.id, doc.published, doc.lang, doc.source, doc.title,
                        fmt::format("{}", std::count(doc.body.begin(), doc.body.end(), ' ') + 1)});
      }
    });
    if (format == Format::kTable) {
      print_table({"id", "published", "lang", "source", "title", "words"}, {28, 10, 4, 20, 60, 0},
                  rows);
    }
    if (failed > 0) fmt::print(stderr, "sitrep: {} input(s) failed\n", failed);
    return failed > 0 ? 1 : 0;
  };
}

}  // namespace sitrep::cli

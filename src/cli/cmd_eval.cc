// `sitrep eval bodies`: quality evaluations against ../shared/data.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "eval/bodies.h"

namespace sitrep::cli {

Runner add_eval_command(CLI::App& app) {
  struct Args {
    std::string data = SITREP_DATA_DIR;
    bool per_page = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("eval", "Score sitrep against the shared corpora");
  cmd->require_subcommand(1);
  CLI::App* bodies = cmd->add_subcommand(
      "bodies", "Boilerplate removal on article-bodies: shingle precision, recall, F1");
  bodies->add_option("--data", args->data, "The shared data folder")->capture_default_str();
  bodies->add_flag("--pages", args->per_page, "Print the score of every page");

  return [args, bodies]() {
    if (!bodies->parsed()) return 2;
    std::string dir = (std::filesystem::path(args->data) / "article-bodies").string();
    auto report = eval::eval_bodies(dir);
    if (!report.ok()) {
      report_error(dir, report.status());
      return 2;
    }
    if (args->per_page) {
      std::vector<std::vector<std::string>> rows;
      for (const auto& p : report->pages) {
        rows.push_back({p.id.substr(0, 16), fmt::format("{:.3f}", p.precision),
                        fmt::format("{:.3f}", p.recall), p.error});
      }
      print_table({"page", "precision", "recall", "error"}, {16, 0, 0, 60}, rows);
      fmt::print("\n");
    }
    fmt::print("article-bodies: {} pages\n", report->pages.size());
    fmt::print("precision {:.4f}  recall {:.4f}  F1 {:.4f}\n", report->precision, report->recall,
               report->f1);
    fmt::print("clean speed: {:.1f} MB/s of HTML ({:.1f} MB in {:.2f} s, one core)\n",
               report->html_bytes / 1e6 / std::max(report->seconds, 1e-9),
               report->html_bytes / 1e6, report->seconds);
    return 0;
  };
}

}  // namespace sitrep::cli

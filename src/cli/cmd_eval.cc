// `sitrep eval bodies`, `sitrep eval kb-groups` and `sitrep eval kb-places`: quality evaluations
// against ../shared/data.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "eval/bodies.h"
#include "eval/kb_groups.h"
#include "eval/muc4.h"
#include "eval/muc4_docs.h"
#include "eval/kb_places.h"

namespace sitrep::cli {
namespace {

int run_eval_kb_places(const std::string& data) {
  auto report = eval::eval_kb_places(data);
  if (!report.ok()) {
    report_error(data, report.status());
    return 2;
  }
  const eval::KbPlacesReport& r = *report;
  auto pct = [](size_t a, size_t b) { return b ? 100.0 * double(a) / double(b) : 0.0; };
  for (const auto* list : {&r.country_misses, &r.place_misses}) {
    if (list->empty()) continue;
    fmt::print("{} misses:\n", list == &r.country_misses ? "country" : "place");
    for (const auto& m : *list)
      fmt::print("  {}  {}\n      wanted {}; got {}\n", m.message, m.slot, m.wanted, m.got);
    fmt::print("\n");
  }
  fmt::print("MUC-4 dev INCIDENT: LOCATION: {} filled slots\n", r.slots);
  fmt::print("country right:               {:4}/{} = {:.1f}%\n", r.country_right, r.slots,
             pct(r.country_right, r.slots));
  fmt::print("most specific place found:   {:4}/{} = {:.1f}%\n", r.place_found, r.slots,
             pct(r.place_found, r.slots));
  fmt::print("  finer than a country:      {:4}/{} = {:.1f}% (name alone in the right country: {:.1f}%)\n",
             r.finer_found, r.finer_slots, pct(r.finer_found, r.finer_slots),
             pct(r.finer_country_alone, r.finer_slots));
  fmt::print("places KB load (tables and their matcher): {:.1f} ms, {:.1f} MB resident\n", r.load_ms,
             r.load_mb);
  fmt::print("whole KB (places, groups, lexicons, compiled matchers): {:.1f} ms, {:.1f} MB resident\n",
             r.all_ms, r.all_mb);
  return 0;
}

}  // namespace

Runner add_eval_command(CLI::App& app) {
  struct Args {
    std::string data = SITREP_DATA_DIR;
    bool per_page = false;
    bool all_groups = false;
    std::string split = "dev";
    bool details = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("eval", "Score sitrep against the shared corpora");
  cmd->require_subcommand(1);
  CLI::App* bodies = cmd->add_subcommand(
      "bodies", "Boilerplate removal on article-bodies: shingle precision, recall, F1");
  bodies->add_option("--data", args->data, "The shared data folder")->capture_default_str();
  bodies->add_flag("--pages", args->per_page, "Print the score of every page");
  CLI::App* kb_places = cmd->add_subcommand(
      "kb-places", "Places KB on the MUC-4 dev INCIDENT: LOCATION slots: country and place found");
  kb_places->add_option("--data", args->data, "The shared data folder")->capture_default_str();

  CLI::App* kb_groups = cmd->add_subcommand(
      "kb-groups", "Group KB on the MUC-4 train+dev PERP: ORGANIZATION ID names: how many resolve");
  kb_groups->add_option("--data", args->data, "The shared data folder")->capture_default_str();
  kb_groups->add_flag("--all", args->all_groups, "List every organisation, not only the misses");

  CLI::App* muc4 = cmd->add_subcommand(
      "muc4", "Role-filler extraction on MUC-4 (SPEC section 6): per-role and micro P, R, F1");
  muc4->add_option("--data", args->data, "The shared data folder")->capture_default_str();
  muc4->add_option("--split", args->split, "dev or train")
      ->check(CLI::IsMember({"dev", "train"}))
      ->capture_default_str();
  muc4->add_flag("--details", args->details,
                 "Print each document's gold and predicted entities (correct/predicted/gold)");

  CLI::App* muc4_docs = cmd->add_subcommand(
      "muc4-docs",
      "The MUC-4 raw messages as JSON Lines documents (dateline date as `published`), for "
      "`sitrep ingest --db FILE -`");
  muc4_docs->add_option("--data", args->data, "The shared data folder")->capture_default_str();
  muc4_docs->add_option("--split", args->split, "train, dev or all")
      ->check(CLI::IsMember({"dev", "train", "all"}))
      ->capture_default_str();

  return [args, bodies, kb_places, kb_groups, muc4, muc4_docs]() {
    if (kb_places->parsed()) return run_eval_kb_places(args->data);
    if (muc4_docs->parsed()) {
      auto docs = eval::read_muc4_messages(args->data, args->split);
      if (!docs.ok()) {
        report_error(args->data, docs.status());
        return 2;
      }
      for (const Document& d : *docs) {
        nlohmann::ordered_json j{{"id", d.id},     {"title", d.title},   {"published", d.published},
                                 {"source", d.source}, {"text", d.raw}};
        fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
      }
      return 0;
    }
    if (muc4->parsed()) {
      auto report = eval::eval_muc4(args->data, args->split, args->details);
      if (!report.ok()) {
        report_error(args->data, report.status());
        return 2;
      }
      fmt::print("{}{}", report->details, eval::format_muc4(*report));
      return 0;
    }
    if (kb_groups->parsed()) {
      auto report = eval::eval_kb_groups(args->data);
      if (!report.ok()) {
        report_error(args->data, report.status());
        return 2;
      }
      fmt::print("{}", eval::format_kb_groups(*report, args->all_groups));
      return 0;
    }
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

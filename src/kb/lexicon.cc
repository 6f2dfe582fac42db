// The lexicons (lexicon.h): the three embedded tables parsed, checked and
// compiled into their matchers once per process.
#include "kb/lexicon.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <span>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kKbTriggers;
extern const std::string_view kKbWeapons;
extern const std::string_view kKbTitles;
}  // namespace sitrep::data

namespace sitrep::kb {
namespace {

// The tables are part of the build, so a bad row is a defect to fix, not an
// input to skip: stop with the file and line so the fix is one edit away.
[[noreturn]] void fail(std::string_view file, int line, const std::string& what) {
  std::fprintf(stderr, "sitrep: %.*s:%d: %s\n", int(file.size()), file.data(), line, what.c_str());
  std::abort();
}

bool one_of(std::string_view v, std::span<const std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::string allowed_list(std::span<const std::string_view> allowed) {
  std::string out;
  for (std::string_view a : allowed) out += (out.empty() ? "" : "|") + std::string(a);
  return out;
}

constexpr std::string_view kTriggerTypes[] = {"attack", "plot",  "arrest",
                                              "threat", "claim", "strike"};
constexpr std::string_view kAttackTypes[] = {
    "bombing", "armed_assault",   "assassination",   "kidnapping", "hostage_taking", "hijacking",
    "arson",   "facility_attack", "unarmed_assault", "robbery",    "other",          "unknown"};
constexpr std::string_view kStatuses[] = {"accomplished", "attempted", "foiled", "planned",
                                          "threatened"};
constexpr std::string_view kWeaponTypes[] = {"explosives", "firearms", "incendiary", "chemical",
                                             "vehicle",    "melee",    "other"};
constexpr std::string_view kYesNo[] = {"yes", "no"};
constexpr std::string_view kTitleKinds[] = {"military",  "police",    "government",
                                            "judiciary", "religious", "other"};

// Walks the data rows of one table: "#" comments and blank lines skipped,
// every other line split on tabs into exactly `columns` trimmed cells.
// Catches what a hand edit gets wrong: a wrong column count, an empty cell,
// a phrase with nothing to match, and a phrase listed twice (by its folded
// key, since "car-bomb" and "car bomb" are one pattern to the matcher).
class TableReader {
 public:
  TableReader(std::string_view file, size_t columns) : file_(file), columns_(columns) {}

  template <typename Fn>
  void each(std::string_view text, Fn&& fn) {
    int line_no = 0;
    for (std::string_view line : split(text, '\n')) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (trim(line).empty() || trim(line).front() == '#') continue;
      std::vector<std::string_view> cells = split(line, '\t');
      if (cells.size() != columns_)
        fail(file_, line_no,
             fmt::format("expected {} tab-separated columns, found {}", columns_, cells.size()));
      for (std::string_view& c : cells) {
        c = trim(c);
        if (c.empty()) fail(file_, line_no, "empty cell (write \"-\" for none)");
      }
      std::string key = fold_key(cells[0]);
      if (key.empty())
        fail(file_, line_no, fmt::format("phrase \"{}\" has no letter or digit", cells[0]));
      auto [it, fresh] = first_line_.emplace(key, line_no);
      if (!fresh)
        fail(file_, line_no,
             fmt::format("phrase \"{}\" folds like the phrase on line {}", cells[0], it->second));
      line_ = line_no;
      fn(cells);
    }
  }

  // Fails unless `v` is one of `allowed`, naming the column.
  void check(std::string_view column, std::string_view v,
             std::span<const std::string_view> allowed) {
    if (!one_of(v, allowed))
      fail(file_, line_,
           fmt::format("{} \"{}\" is not one of {}", column, v, allowed_list(allowed)));
  }
  [[noreturn]] void error(const std::string& what) { fail(file_, line_, what); }

 private:
  std::string_view file_;
  size_t columns_;
  int line_ = 0;
  std::map<std::string, int> first_line_;
};

// "-" is how the tables write an absent value.
std::string optional_cell(std::string_view c) { return c == "-" ? std::string() : std::string(c); }

}  // namespace

Lexicons::Lexicons() {
  {
    TableReader r("data/kb/triggers.tsv", 4);
    r.each(data::kKbTriggers, [&](const std::vector<std::string_view>& c) {
      Trigger t{std::string(c[0]), std::string(c[1]), optional_cell(c[2]), optional_cell(c[3])};
      r.check("type", t.type, kTriggerTypes);
      // Only attacks have a kind; for the rest the column must say so.
      if (t.type == "attack") {
        if (t.attack_type.empty())
          r.error("an attack needs an attack_type (\"unknown\" when unsaid)");
        r.check("attack_type", t.attack_type, kAttackTypes);
      } else if (!t.attack_type.empty()) {
        r.error(
            fmt::format("attack_type \"{}\" on a {} trigger (write \"-\")", t.attack_type, t.type));
      }
      if (!t.status.empty()) r.check("status", t.status, kStatuses);
      trigger_matcher_.add(t.phrase, uint32_t(triggers_.size()));
      triggers_.push_back(std::move(t));
    });
  }
  {
    TableReader r("data/kb/weapons.tsv", 3);
    r.each(data::kKbWeapons, [&](const std::vector<std::string_view>& c) {
      Weapon w{std::string(c[0]), std::string(c[1]), false};
      r.check("type", w.type, kWeaponTypes);
      r.check("suicide", c[2], kYesNo);
      w.suicide = c[2] == "yes";
      weapon_matcher_.add(w.phrase, uint32_t(weapons_.size()));
      weapons_.push_back(std::move(w));
    });
  }
  {
    TableReader r("data/kb/titles.tsv", 2);
    r.each(data::kKbTitles, [&](const std::vector<std::string_view>& c) {
      Title t{std::string(c[0]), std::string(c[1])};
      r.check("kind", t.kind, kTitleKinds);
      title_matcher_.add(t.phrase, uint32_t(titles_.size()));
      titles_.push_back(std::move(t));
    });
  }
  trigger_matcher_.compile();
  weapon_matcher_.compile();
  title_matcher_.compile();
}

const Lexicons& Lexicons::get() {
  // A function-local static: built on first use, once, safely across threads.
  static const Lexicons lexicons;
  return lexicons;
}

}  // namespace sitrep::kb

// MUC-4 perpetrator-organisation coverage of the group knowledge base; the
// classification rule is documented in kb_groups.h.
#include "eval/kb_groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "core/text.h"
#include "kb/groups.h"
#include "kb/matcher.h"

namespace sitrep::eval {
namespace {

namespace fs = std::filesystem;
using kb::fold_key;

// Words that describe rather than name (folded). Nationality and ideology
// adjectives are descriptions too.
const std::set<std::string>& generic_words() {
  static const std::set<std::string> k = {
      "a", "an", "the", "of", "and", "in", "s", "army", "armies", "armed", "forces", "foces", "force", "air",
      "military", "government", "regime", "administration", "police", "national", "guard", "death",
      "squad", "squads", "mafia", "mafias", "drug", "drugs", "trafficking", "traffickers",
      "narcotics", "cocaine", "cartel", "cartels", "guerrilla", "guerrillas", "group", "groups",
      "grouping", "terrorist", "terrorists", "commando", "commandos", "unit", "units", "security",
      "troops", "extreme", "rightist", "leftist", "rightwing", "right", "wing", "left", "far",
      "ultrarightist", "ultraleftist", "faction", "factions", "organization", "organizations",
      "criminal", "gangs", "gang", "rings", "sectors", "rebel", "rebels", "subversive",
      "paramilitary", "communists", "maoists", "clandestine", "elite", "patrol", "officers", "high",
      "command", "general", "staff", "fascist", "dictatorship", "repressive", "corps",
      "assassination", "secret", "service", "services", "intelligence", "special", "public",
      "sinister", "marxist", "maoist", "castroite", "pro", "narcomilitary", "battalion",
      "battalions", "brigade", "infantry", "detachment", "no", "inclined", "top", "sector",
      "engineers", "school", "department", "armed", "cell", "column", "fighters", "members",
      "salvadoran", "honduran", "colombian", "guatemalan", "chilean", "peruvian", "bolivian",
      "nicaraguan", "sandinist", "cuban", "us", "u", "american", "brazilian", "libyan", "ultra",
      "leftists", "rightists", "elements", "men", "individuals", "unidentified", "armed"};
  return k;
}

// Words that make a non-description a state body.
const std::set<std::string>& state_words() {
  static const std::set<std::string> k = {
      "government", "regime", "administration", "army", "armies", "military", "police", "guard",
      "battalion", "battalions", "brigade", "detachment", "corps", "troops", "officers",
      "intelligence", "command", "staff", "dictatorship", "embassy", "patrol", "cia", "fusep",
      "umopar", "forces", "force"};
  return k;
}

// Words that mark an insurgent or political body even next to "army" or "forces".
const std::set<std::string>& insurgent_words() {
  static const std::set<std::string> k = {"liberation", "revolutionary", "front", "movement",
                                          "popular", "people", "peoples", "patriotic", "union",
                                          "party", "alliance", "camilist", "anticommunist"};
  return k;
}

enum class Kind { kDescription, kState, kNamed };

Kind classify(const std::string& key) {
  bool proper = false, state = false, insurgent = false;
  std::istringstream ss(key);
  for (std::string w; ss >> w;) {
    bool digits = std::isdigit(static_cast<unsigned char>(w[0]));  // "6th", "4"
    if (!generic_words().count(w) && !digits) proper = true;
    if (state_words().count(w)) state = true;
    if (insurgent_words().count(w)) insurgent = true;
  }
  if (!proper) return Kind::kDescription;
  if (state && !insurgent) return Kind::kState;
  return Kind::kNamed;
}

// The quoted alternatives of one slot line ("A" / "B" / "\"9 MAY\" FPL"), or
// the bare text when nothing is quoted.
std::vector<std::string> alternatives(std::string_view line) {
  std::vector<std::string> out;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '"') continue;
    std::string cur;
    size_t j = i + 1;
    for (; j < line.size(); ++j) {
      if (line[j] == '\\' && j + 1 < line.size()) {
        ++j;  // an escaped quote inside a name
        continue;
      }
      if (line[j] == '"') break;
      cur += line[j];
    }
    out.push_back(cur);
    i = j;
  }
  if (out.empty()) {
    std::string bare(trim(line));
    if (!bare.empty() && bare != "-" && bare != "*" && bare != "?") out.push_back(bare);
  }
  // Glosses in brackets or parentheses are further names of the same body.
  std::vector<std::string> expanded;
  for (const std::string& a : out) {
    std::string main;
    for (size_t i = 0; i < a.size(); ++i) {
      char open = a[i];
      if (open == '[' || open == '(') {
        char close = open == '[' ? ']' : ')';
        size_t j = a.find(close, i);
        if (j != std::string::npos) {
          // A gloss after a name is another name ("ELN [ARMY OF NATIONAL
          // LIBERATION]"); a bracket that opens the filler is part of it
          // ("[DIGNITY] BATTALIONS").
          if (trim(main).empty()) {
            main += a.substr(i + 1, j - i - 1);
          } else {
            expanded.emplace_back(trim(a.substr(i + 1, j - i - 1)));
          }
          i = j;
          continue;
        }
      }
      main += a[i];
    }
    std::string m;
    for (char c : main) {
      if (c == ' ' && (m.empty() || m.back() == ' ')) continue;
      m += c;
    }
    expanded.emplace_back(trim(m));
  }
  std::erase_if(expanded, [](const std::string& s) { return fold_key(s).empty(); });
  return expanded;
}

std::string folded(const std::string& s) {
  std::string k = fold_key(s);
  if (k.rfind("the ", 0) == 0) k.erase(0, 4);
  return k;
}

// One word as the key writes it, a leading "the" aside: "DMIFA", "THE ELN",
// "G-2". Judged on the written form because folding splits codes at their
// hyphen ("G-2" -> "g 2"), which would make a one-word unit code look like a
// multi-word name.
bool one_written_word(const std::string& s) {
  std::string_view v = trim(s);
  if (istarts_with(v, "the ")) v = trim(v.substr(4));
  return !v.empty() && std::none_of(v.begin(), v.end(), is_ascii_space);
}

struct Filler {
  std::vector<std::string> alts;
};

Status read_fillers(const fs::path& file, std::vector<Filler>* out) {
  std::ifstream f(file, std::ios::binary);
  if (!f) return Status(ErrorCode::kIoError, file.string() + ": cannot read");
  bool in_slot = false;
  for (std::string line; std::getline(f, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string_view v = line;
    size_t p = v.find_first_not_of(' ');
    bool numbered = p != std::string_view::npos && std::isdigit(static_cast<unsigned char>(v[p])) &&
                    v.find('.', p) != std::string_view::npos && v.find('.', p) < p + 4;
    std::string_view value;
    if (numbered) {
      in_slot = v.find("PERP: ORGANIZATION ID") != std::string_view::npos;
      if (!in_slot) continue;
      value = v.substr(v.find("PERP: ORGANIZATION ID") + 21);
    } else if (in_slot && p != std::string_view::npos && p >= 10) {
      value = v;
    } else {
      in_slot = false;
      continue;
    }
    std::vector<std::string> alts = alternatives(value);
    if (!alts.empty()) out->push_back({alts});
  }
  return Status::ok();
}

}  // namespace

Result<KbGroupsReport> eval_kb_groups(const std::string& data_dir) {
  fs::path raw = fs::path(data_dir) / "muc4" / "raw";
  if (!fs::is_directory(raw / "train") || !fs::is_directory(raw / "dev"))
    return Status(ErrorCode::kNotFound, raw.string() + ": MUC-4 raw keys not found");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(raw / "train")) {
    std::string n = e.path().filename().string();
    if (n.rfind("key-dev-", 0) == 0) files.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(raw / "dev")) {
    if (e.path().filename().string().rfind("key-", 0) == 0) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  KbGroupsReport report;
  report.key_files = files.size();
  std::vector<Filler> fillers;
  for (const fs::path& f : files) {
    if (Status s = read_fillers(f, &fillers); !s) return s;
  }
  report.fillers = fillers.size();

  // Category of each filler, and clusters of named fillers sharing a name.
  std::vector<Kind> kinds(fillers.size());
  std::vector<size_t> parent(fillers.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::map<std::string, size_t> first_with_key;
  for (size_t i = 0; i < fillers.size(); ++i) {
    // Named wins, except that a state body keeps its category when its only
    // named alternatives are one-word acronyms or unit codes ("... MILITARY
    // DETACHMENT / DMIFA", "THE SECRET SERVICE OF THE ARMY (G-2)"): such a
    // short form abbreviates the state body it stands beside, it does not
    // name a group of its own.
    Kind k = Kind::kDescription;
    bool state = false, long_named = false;
    for (const std::string& a : fillers[i].alts) {
      Kind c = classify(folded(a));
      k = std::max(k, c);
      bool state_word = false;
      std::istringstream ws(folded(a));
      for (std::string w; ws >> w;) state_word = state_word || state_words().count(w) > 0;
      state = state || c == Kind::kState || (c == Kind::kDescription && state_word);
      long_named = long_named || (c == Kind::kNamed && !one_written_word(a));
    }
    if (k == Kind::kNamed && state && !long_named) k = Kind::kState;
    kinds[i] = k;
    for (const std::string& a : fillers[i].alts) {
      if (classify(folded(a)) != k && !(k == Kind::kState)) continue;  // cluster on the names that made the category
      auto [it, fresh] = first_with_key.emplace(std::to_string(int(k)) + ":" + folded(a), i);
      if (!fresh) parent[find(i)] = find(it->second);
    }
  }
  std::map<size_t, std::vector<size_t>> clusters;
  for (size_t i = 0; i < fillers.size(); ++i) clusters[find(i)].push_back(i);

  const kb::GroupKb& kb = kb::GroupKb::get();
  for (const auto& [root, members] : clusters) {
    KbOrg org;
    org.fillers = members.size();
    std::set<std::string> seen;
    for (size_t m : members) {
      for (const std::string& a : fillers[m].alts) {
        if (seen.insert(a).second) org.names.push_back(a);
      }
    }
    Kind k = kinds[root];
    for (const std::string& a : org.names) {
      if (classify(folded(a)) != Kind::kNamed && k == Kind::kNamed) continue;  // never via "ARMY"
      if (const kb::Group* g = kb.lookup(a)) {
        org.group = g->name;
        org.via = a;
        break;
      }
    }
    if (k == Kind::kNamed) {
      report.named_fillers += org.fillers;
      if (!org.group.empty()) {
        ++report.named_resolved;
        report.named_fillers_resolved += org.fillers;
      }
      report.named.push_back(std::move(org));
    } else if (k == Kind::kState) {
      report.state.push_back(std::move(org));
    } else {
      report.descriptions.push_back(std::move(org));
    }
  }
  auto by_count = [](const KbOrg& a, const KbOrg& b) {
    return a.fillers != b.fillers ? a.fillers > b.fillers : a.names < b.names;
  };
  std::sort(report.named.begin(), report.named.end(), by_count);
  std::sort(report.state.begin(), report.state.end(), by_count);
  std::sort(report.descriptions.begin(), report.descriptions.end(), by_count);
  report.coverage = report.named.empty() ? 0 : double(report.named_resolved) / report.named.size();
  return report;
}

std::string format_kb_groups(const KbGroupsReport& r, bool all) {
  std::string out;
  auto names = [](const KbOrg& o) {
    std::string s;
    for (const std::string& n : o.names) s += (s.empty() ? "" : " / ") + n;
    return s;
  };
  out += fmt::format("MUC-4 train+dev keys: {} key files, {} PERP: ORGANIZATION ID fillers\n",
                     r.key_files, r.fillers);
  out += fmt::format("named organisations: {} distinct, {} resolve to a group ({:.1f}%)\n",
                     r.named.size(), r.named_resolved, 100 * r.coverage);
  out += fmt::format("  by filler occurrences: {} of {} ({:.1f}%)\n", r.named_fillers_resolved,
                     r.named_fillers,
                     r.named_fillers ? 100.0 * r.named_fillers_resolved / r.named_fillers : 0.0);
  out += fmt::format("not counted: {} state bodies, {} descriptions\n", r.state.size(),
                     r.descriptions.size());
  out += "unresolved named organisations:\n";
  for (const KbOrg& o : r.named) {
    if (o.group.empty()) out += fmt::format("  {:3}  {}\n", o.fillers, names(o));
  }
  if (all) {
    out += "resolved named organisations:\n";
    for (const KbOrg& o : r.named) {
      if (!o.group.empty()) out += fmt::format("  {:3}  {}  ->  {}\n", o.fillers, names(o), o.group);
    }
    out += "state bodies (not counted):\n";
    for (const KbOrg& o : r.state)
      out += fmt::format("  {:3}  {}{}\n", o.fillers, names(o), o.group.empty() ? "" : "  ->  " + o.group);
    out += "descriptions (not counted):\n";
    for (const KbOrg& o : r.descriptions) out += fmt::format("  {:3}  {}\n", o.fillers, names(o));
  }
  return out;
}

}  // namespace sitrep::eval

#include "eval/muc4.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sitrep/extract.h"

namespace sitrep::eval {

Result<std::vector<MucDoc>> read_muc4_pooled(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Status(ErrorCode::kNotFound, fmt::format("{}: cannot open (is ../shared/data present?)", path));
  std::vector<MucDoc> docs;
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("doctext") || !j.contains("extracts"))
      return Status(ErrorCode::kInvalidArgument, fmt::format("{}:{}: not a pooled MUC-4 record", path, line_no));
    MucDoc d;
    d.id = j.value("docid", "");
    d.text = j["doctext"].get<std::string>();
    const auto& ex = j["extracts"];
    for (int r = 0; r < kMucRoles; ++r) {
      auto it = ex.find(std::string(kMucRoleNames[r]));
      if (it == ex.end()) continue;
      for (const auto& ent : *it) {
        MucEntity e;
        for (const auto& m : ent) e.push_back({m[0].get<std::string>(), m[1].get<size_t>()});
        if (!e.empty()) d.roles[r].push_back(std::move(e));
      }
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

std::string normalize_mention(std::string_view s) {
  // Lower case, punctuation to spaces, then drop articles and extra spaces.
  std::string t;
  t.reserve(s.size());
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') t += static_cast<char>(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) t += static_cast<char>(c);
    else if (c == '\'') continue;  // "people's" and "peoples" alike
    else t += ' ';
  }
  std::string out;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    size_t j = i;
    while (j < t.size() && t[j] != ' ') ++j;
    if (j > i) {
      std::string_view w(t.data() + i, j - i);
      if (w != "a" && w != "an" && w != "the") {
        if (!out.empty()) out += ' ';
        out += w;
      }
    }
    i = j;
  }
  return out;
}

MucPrediction pool_events(const std::vector<Event>& events) {
  MucPrediction p;
  // Per role, the knowledge-base entity of each pooled entity ("" none).
  std::array<std::vector<std::string>, kMucRoles> ids;
  auto put = [&](int r, const Entity& e) {
    auto& role = p[r];
    // An entity is named once, by its first mention: a template names each
    // filler by one string, and under the protocol every further mention
    // must also be one of the gold entity's, so naming more can only lose
    // the match ("fmln" alone, not "fmln" and "farabundo marti front").
    std::vector<std::string> ms{e.mentions.empty() ? e.text : e.mentions.front()};
    // One entity once, however many events share it; a group the
    // knowledge base resolves is one entity too, named as first pooled.
    for (size_t k = 0; k < role.size(); ++k)
      if (role[k] == ms || (!e.entity.empty() && ids[r][k] == e.entity)) return;
    role.push_back(std::move(ms));
    ids[r].push_back(e.entity);
  };
  for (const Event& e : events) {
    if (e.type != "attack" && e.type != "plot" && e.type != "threat") continue;
    for (const Entity& x : e.perpetrators) put(x.kind == "individual" ? 0 : 1, x);
    for (const Entity& x : e.targets) put(2, x);
    for (const Entity& x : e.victims) put(3, x);
    for (const Entity& x : e.weapons) put(4, x);
  }
  return p;
}

namespace {

// Maximum bipartite matching (Kuhn's algorithm): predicted i may take gold j
// when ok[i][j]. Sizes are a handful per role, so this is instant.
size_t max_matching(const std::vector<std::vector<bool>>& ok, size_t golds) {
  std::vector<int> owner(golds, -1);
  size_t matched = 0;
  for (size_t i = 0; i < ok.size(); ++i) {
    std::vector<bool> seen(golds, false);
    std::function<bool(size_t)> augment = [&](size_t u) {
      for (size_t j = 0; j < golds; ++j) {
        if (!ok[u][j] || seen[j]) continue;
        seen[j] = true;
        if (owner[j] < 0 || augment(static_cast<size_t>(owner[j]))) {
          owner[j] = static_cast<int>(u);
          return true;
        }
      }
      return false;
    };
    if (augment(i)) ++matched;
  }
  return matched;
}

}  // namespace

std::array<RoleCounts, kMucRoles> score_document(const MucDoc& gold, const MucPrediction& pred) {
  std::array<RoleCounts, kMucRoles> out;
  for (int r = 0; r < kMucRoles; ++r) {
    const auto& g = gold.roles[r];
    const auto& p = pred[r];
    out[r].gold = g.size();
    out[r].predicted = p.size();
    std::vector<std::vector<std::string>> gnorm(g.size());
    for (size_t j = 0; j < g.size(); ++j)
      for (const auto& m : g[j]) gnorm[j].push_back(normalize_mention(m.text));
    std::vector<std::vector<bool>> ok(p.size(), std::vector<bool>(g.size(), false));
    for (size_t i = 0; i < p.size(); ++i) {
      std::vector<std::string> pn;
      for (const auto& m : p[i]) pn.push_back(normalize_mention(m));
      for (size_t j = 0; j < g.size(); ++j) {
        bool all = !pn.empty();
        for (const auto& m : pn)
          if (std::find(gnorm[j].begin(), gnorm[j].end(), m) == gnorm[j].end()) {
            all = false;
            break;
          }
        ok[i][j] = all;
      }
    }
    out[r].correct = max_matching(ok, g.size());
  }
  return out;
}

Result<Muc4Report> eval_muc4(const std::string& data_dir, const std::string& split, bool details) {
  std::string path = (std::filesystem::path(data_dir) / "muc4" / "pooled" / (split + ".jsonl")).string();
  auto docs = read_muc4_pooled(path);
  if (!docs.ok()) return docs.status();
  return score_muc4(docs.value(), split, details);
}

Muc4Report score_muc4(const std::vector<MucDoc>& docs, const std::string& split, bool details) {
  Muc4Report rep;
  rep.split = split;
  auto t0 = std::chrono::steady_clock::now();
  for (const MucDoc& d : docs) {
    Document doc;
    doc.id = d.id;
    doc.body = d.text;
    std::vector<Event> events = extract::extract(doc);
    MucPrediction pred = pool_events(events);
    auto counts = score_document(d, pred);
    if (details) {
      rep.details += fmt::format("== {}\n", d.id);
      for (int r = 0; r < kMucRoles; ++r) {
        if (d.roles[r].empty() && pred[r].empty()) continue;
        std::string g, p;
        for (const auto& e : d.roles[r]) {
          g += " [";
          for (size_t k = 0; k < e.size(); ++k) g += (k ? " | " : "") + e[k].text;
          g += "]";
        }
        for (const auto& e : pred[r]) {
          p += " [";
          for (size_t k = 0; k < e.size(); ++k) p += (k ? " | " : "") + e[k];
          p += "]";
        }
        rep.details += fmt::format("  {:<8} {}/{}/{} gold:{}\n  {:<8} pred:{}\n", kMucRoleNames[r],
                                   counts[r].correct, counts[r].predicted, counts[r].gold, g, "", p);
      }
    }
    for (int r = 0; r < kMucRoles; ++r) {
      rep.roles[r] += counts[r];
      rep.micro += counts[r];
    }
    ++rep.documents;
    bool in_word = false;
    for (char c : d.text) {
      bool w = c != ' ' && c != '\n' && c != '\t';
      if (w && !in_word) ++rep.words;
      in_word = w;
    }
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

std::string format_muc4(const Muc4Report& r) {
  std::string out = fmt::format("MUC-4 {} ({} documents, {} words, {:.2f} s): role-filler extraction\n",
                                r.split, r.documents, r.words, r.seconds);
  out += fmt::format("{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}\n", "role", "pred", "gold", "correct",
                     "P", "R", "F1");
  auto row = [&](std::string_view name, const RoleCounts& c) {
    out += fmt::format("{:<8} {:>6} {:>6} {:>6} {:>7.2f} {:>7.2f} {:>7.2f}\n", name, c.predicted, c.gold,
                       c.correct, 100 * c.precision(), 100 * c.recall(), 100 * c.f1());
  };
  for (int k = 0; k < kMucRoles; ++k) row(kMucRoleNames[k], r.roles[k]);
  row("micro", r.micro);
  return out;
}

}  // namespace sitrep::eval

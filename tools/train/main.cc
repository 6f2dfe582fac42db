// sitrep-train: the role tagger's training, one command, deterministic.
//
//   sitrep-train --data ../shared/data --out data/extract
//
// Reads MUC-4 train (pooled role fillers per document), projects every gold
// mention onto the tokens of the text (the annotated occurrence first, then
// every other occurrence of the same words), and trains an averaged
// structured perceptron (extract/tagger.h) over the features of
// extract/features.h, --runs times on differently shuffled orders, and
// writes the mean of the runs (on MUC-4 train cross-validation, 4 runs
// gain about 1 F1 over one). Features seen fewer than --min-count times
// are dropped; weights below --prune are not written. Words seen at least
// --common-min times are the model's common words (the rest are rare,
// features.h), written with the weights.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <unordered_map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyze/analysis.h"
#include "eval/muc4.h"
#include "extract/features.h"
#include "extract/tagger.h"

namespace {

using namespace sitrep;
using extract::kLabels;

struct Example {
  // Per sentence: token range into the flat arrays.
  std::vector<std::pair<uint32_t, uint32_t>> sentences;
};

struct Corpus {
  std::vector<uint32_t> feat_begin;  // per token: offset into feats (size tokens+1)
  std::vector<uint32_t> feats;       // interned feature ids
  std::vector<uint8_t> gold;         // per token label
  std::vector<std::pair<uint32_t, uint32_t>> sentences;  // global token ranges
};

// Gold labels for one document's tokens.
std::vector<uint8_t> project(const eval::MucDoc& d, const analyze::Tokenized& tok) {
  std::vector<uint8_t> labels(tok.tokens.size(), 0);
  struct Want {
    int role;
    std::vector<uint64_t> keys;
    size_t offset;
  };
  std::vector<Want> wants;
  for (int r = 0; r < eval::kMucRoles; ++r)
    for (const auto& ent : d.roles[r])
      for (const auto& m : ent) {
        analyze::Tokenized mt = analyze::tokenize(m.text);
        Want w{r, {}, m.offset};
        for (const auto& t : mt.tokens) w.keys.push_back(t.key);
        if (!w.keys.empty()) wants.push_back(std::move(w));
      }
  std::stable_sort(wants.begin(), wants.end(),
                   [](const Want& a, const Want& b) { return a.keys.size() > b.keys.size(); });
  auto fits = [&](size_t at, const Want& w) {
    if (at + w.keys.size() > tok.tokens.size()) return false;
    for (size_t k = 0; k < w.keys.size(); ++k)
      if (tok.tokens[at + k].key != w.keys[k] || labels[at + k] != 0) return false;
    return true;
  };
  auto put = [&](size_t at, const Want& w) {
    labels[at] = extract::begin_label(w.role);
    for (size_t k = 1; k < w.keys.size(); ++k) labels[at + k] = extract::inside_label(w.role);
  };
  for (const Want& w : wants) {
    size_t at = analyze::token_at(tok, w.offset);
    if (fits(at, w)) put(at, w);
  }
  for (const Want& w : wants)
    for (size_t at = 0; at < tok.tokens.size(); ++at)
      if (fits(at, w)) put(at, w);
  return labels;
}
struct Options {
  int epochs = 8, min_count = 2, runs = 4, common_min = 3, edge_min = 3;
  int classes = 128, coarse_classes = 32, class_min = 3, class_passes = 10;
  float recall_bias = extract::kDefaultRecallBias;
  double prune = 0.3;
  uint32_t seed = 20261123;
};

// Trains the model on `docs`.
extract::RoleModel train(const std::vector<eval::MucDoc>& docs, const Options& o) {
  const int epochs = o.epochs, min_count = o.min_count, runs = o.runs, common_min = o.common_min;
  const double prune = o.prune;
  const uint32_t seed = o.seed;
  // Pass 0: the common words, seen at least --common-min times in the texts,
  // and the texts' sentences as word keys (punctuation and numbers
  // included) for the word classes, learned from them with no labels read.
  std::vector<uint64_t> common;
  std::vector<std::vector<uint64_t>> texts;  // per sentence
  {
    std::unordered_map<uint64_t, uint32_t> words;
    for (const eval::MucDoc& d : docs) {
      analyze::Tokenized tok = analyze::tokenize(d.text);
      for (const analyze::Token& t : tok.tokens)
        if (t.shape == analyze::Shape::kWord) ++words[t.key];
      for (const auto& s : tok.sentences) {
        texts.emplace_back();
        for (uint32_t k = s.first; k < s.last; ++k) texts.back().push_back(tok.tokens[k].key);
      }
    }
    for (auto& [k, n] : words)
      if (n >= static_cast<uint32_t>(common_min)) common.push_back(k);
  }
  extract::WordSet common_words;
  common_words.assign(common);
  extract::WordClusters clusters;
  if (o.classes > 1) {
    clusters = extract::learn_word_clusters(texts, static_cast<uint32_t>(o.class_min),
                                            static_cast<uint32_t>(o.classes),
                                            static_cast<uint32_t>(std::max(1, o.coarse_classes)), o.class_passes);
  }
  // Pass 1: features and gold labels of every token, as hashes.
  std::vector<std::vector<uint64_t>> raw_feats;
  std::vector<uint8_t> gold;
  std::vector<std::pair<uint32_t, uint32_t>> sentences;
  std::unordered_map<uint64_t, uint32_t> counts;
  analyze::AnalyzeOptions opt;
  opt.times = false;
  opt.quantities = false;
  // Edge words, per side and role: how often a word is a gold filler's
  // first (last) word, and how often it stands just before (after) one.
  using Tally = std::unordered_map<uint64_t, std::array<uint32_t, 2>>;  // {inside, outside}
  std::array<std::array<Tally, extract::kRoles>, 2> edge_tally;
  for (const eval::MucDoc& d : docs) {
    analyze::Analysis a = analyze::analyze(d.text, "", opt);
    extract::FeatureContext ctx(a, common_words, &clusters);
    std::vector<uint8_t> labels = project(d, a.tok);
    const auto& toks = a.tok.tokens;
    // A token counts as its word and as its class (a count, a title).
    auto tally = [&](int side, int role, size_t i, int where) {
      ++edge_tally[side][role][toks[i].key][where];
      if (uint64_t c = extract::edge_class(ctx, static_cast<uint32_t>(i))) ++edge_tally[side][role][c][where];
    };
    for (size_t i = 0; i < toks.size(); ++i) {
      int role = extract::label_role(labels[i]);
      if (role < 0) continue;
      if (labels[i] == extract::begin_label(role)) {
        tally(0, role, i, 0);
        if (i > 0 && labels[i - 1] == 0) tally(0, role, i - 1, 1);
      }
      if (i + 1 == toks.size() || labels[i + 1] != extract::inside_label(role)) {
        tally(1, role, i, 0);
        if (i + 1 < toks.size() && labels[i + 1] == 0) tally(1, role, i + 1, 1);
      }
    }
    uint32_t base = static_cast<uint32_t>(gold.size());
    for (uint32_t i = 0; i < a.tok.tokens.size(); ++i) {
      std::vector<uint64_t> f;
      extract::token_features(ctx, i, f);
      for (uint64_t h : f) ++counts[h];
      raw_feats.push_back(std::move(f));
      gold.push_back(labels[i]);
    }
    for (const auto& s : a.tok.sentences) sentences.push_back({base + s.first, base + s.last});
  }
  // Intern the features kept, in hash order so ids do not depend on map layout.
  std::vector<uint64_t> kept;
  for (auto& [h, c] : counts)
    if (c >= static_cast<uint32_t>(min_count)) kept.push_back(h);
  std::sort(kept.begin(), kept.end());
  std::unordered_map<uint64_t, uint32_t> id;
  id.reserve(kept.size());
  for (uint32_t k = 0; k < kept.size(); ++k) id[kept[k]] = k;
  Corpus c;
  c.gold = std::move(gold);
  c.sentences = std::move(sentences);
  c.feat_begin.push_back(0);
  for (auto& f : raw_feats) {
    for (uint64_t h : f)
      if (auto it = id.find(h); it != id.end()) c.feats.push_back(it->second);
    c.feat_begin.push_back(static_cast<uint32_t>(c.feats.size()));
    std::vector<uint64_t>().swap(f);
  }
  fmt::print(stderr, "sitrep-train: {} documents, {} tokens, {} sentences, {} features kept of {}\n",
             docs.size(), c.gold.size(), c.sentences.size(), kept.size(), counts.size());

  // Averaged structured perceptron, trained `runs` times on differently
  // shuffled orders; the model is the mean of the runs' averaged weights.
  const size_t nf = kept.size();
  std::vector<float> mean_w(nf * kLabels, 0.f);
  std::array<std::array<float, kLabels>, kLabels + 1> mean_t{};
  for (int run = 0; run < runs; ++run) {
    std::vector<float> w(nf * kLabels, 0.f), u(nf * kLabels, 0.f);
    std::array<std::array<float, kLabels>, kLabels + 1> tw{}, tu{};
    double step = 1;
    std::mt19937 rng(seed + static_cast<uint32_t>(run));
    std::vector<size_t> order(c.sentences.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::vector<float> em;
    std::vector<uint8_t> pred;
    for (int epoch = 0; epoch < epochs; ++epoch) {
      // Fisher-Yates with the standard engine: the same on every platform.
      for (size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng() % k]);
      size_t errors = 0, tokens = 0;
      for (size_t si : order) {
        auto [b, e] = c.sentences[si];
        size_t n = e - b;
        em.assign(n * kLabels, 0.f);
        for (size_t t = 0; t < n; ++t)
          for (uint32_t k = c.feat_begin[b + t]; k < c.feat_begin[b + t + 1]; ++k) {
            const float* row = &w[size_t(c.feats[k]) * kLabels];
            for (int y = 0; y < kLabels; ++y) em[t * kLabels + y] += row[y];
          }
        pred.resize(n);
        extract::viterbi(em.data(), n, tw, pred.data());
        tokens += n;
        bool same = true;
        for (size_t t = 0; t < n; ++t) same = same && pred[t] == c.gold[b + t];
        if (!same) {
          auto bump = [&](float* wv, float* uv, float d) {
            *wv += d;
            *uv += static_cast<float>(step) * d;
          };
          for (size_t t = 0; t < n; ++t) {
            uint8_t g = c.gold[b + t], p = pred[t];
            int gp = t == 0 ? kLabels : c.gold[b + t - 1];
            int pp = t == 0 ? kLabels : pred[t - 1];
            if (g != p) {
              ++errors;
              for (uint32_t k = c.feat_begin[b + t]; k < c.feat_begin[b + t + 1]; ++k) {
                size_t f = size_t(c.feats[k]) * kLabels;
                bump(&w[f + g], &u[f + g], 1.f);
                bump(&w[f + p], &u[f + p], -1.f);
              }
            }
            if (g != p || gp != pp) {
              bump(&tw[gp][g], &tu[gp][g], 1.f);
              bump(&tw[pp][p], &tu[pp][p], -1.f);
            }
          }
        }
        step += 1;
      }
      fmt::print(stderr, "epoch {:2}: {} token errors of {}\n", epoch + 1, errors, tokens);
    }
  for (size_t f = 0; f < nf * kLabels; ++f) mean_w[f] += (w[f] - u[f] / static_cast<float>(step)) / static_cast<float>(runs);
    for (int p = 0; p <= kLabels; ++p)
      for (int y = 0; y < kLabels; ++y)
        mean_t[p][y] += (tw[p][y] - tu[p][y] / static_cast<float>(step)) / static_cast<float>(runs);
  }
  // Averages: w - u / step.
  std::vector<std::pair<uint64_t, std::array<float, kLabels>>> rows;
  for (size_t f = 0; f < nf; ++f) {
    std::array<float, kLabels> a{};
    bool any = false;
    for (int y = 0; y < kLabels; ++y) {
      float v = mean_w[f * kLabels + y];
      if (std::fabs(v) >= prune) {
        a[y] = v;
        any = true;
      }
    }
    if (any) rows.push_back({kept[f], a});
  }
  std::array<std::array<float, kLabels>, kLabels + 1> trans{};
  for (int p = 0; p <= kLabels; ++p)
    for (int y = 0; y < kLabels; ++y) trans[p][y] = mean_t[p][y];
  extract::RoleModel m;
  m.set(std::move(rows), trans);
  m.set_common_words(std::move(common));
  m.set_clusters(std::move(clusters));
  m.set_recall_bias(o.recall_bias);
  // A word more often just outside the role's fillers than at their edge,
  // and seen there at least --edge-min times, is trimmed from tagged spans.
  // And a word (not a class) at their edge more than three times as often
  // as just outside, seen there at least --edge-min times, joins a span it
  // stands next to.
  for (int side = 0; side < 2; ++side)
    for (int r = 0; r < extract::kRoles; ++r) {
      std::vector<uint64_t> trim, join;
      for (const auto& [k, n] : edge_tally[side][r]) {
        if (n[1] >= static_cast<uint32_t>(o.edge_min) && n[1] > n[0]) trim.push_back(k);
        if (n[0] >= static_cast<uint32_t>(o.edge_min) && n[0] > 3 * n[1] && !extract::is_edge_class(k))
          join.push_back(k);
      }
      m.set_edge_words(side, r, std::move(trim));
      m.set_edge_words(side + 2, r, std::move(join));
    }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train sitrep's role tagger on MUC-4 train"};
  std::string data = SITREP_DATA_DIR, out = "data/extract", split = "train";
  Options o;
  int cv = 0;
  std::string details_path, score_split;
  app.add_option("--data", data, "the shared data folder")->capture_default_str();
  app.add_option("--out", out, "the folder to write roles.tsv to")->capture_default_str();
  app.add_option("--split", split, "MUC-4 split to train on")->capture_default_str();
  app.add_option("--epochs", o.epochs, "passes over the corpus")->capture_default_str();
  app.add_option("--min-count", o.min_count, "drop features seen fewer times")->capture_default_str();
  app.add_option("--prune", o.prune, "drop weights smaller in magnitude")->capture_default_str();
  app.add_option("--runs", o.runs, "perceptrons averaged, each on its own shuffle")->capture_default_str();
  app.add_option("--common-min", o.common_min, "occurrences that make a word common")->capture_default_str();
  app.add_option("--seed", o.seed, "shuffling seed")->capture_default_str();
  app.add_option("--edge-min", o.edge_min, "times a word must stand next to fillers to become an edge word")
      ->capture_default_str();
  app.add_option("--recall-bias", o.recall_bias, "how much decoding lowers the score of O (written with the model)")
      ->capture_default_str();
  app.add_option("--classes", o.classes, "fine word classes learned from the texts (1: none)")->capture_default_str();
  app.add_option("--coarse-classes", o.coarse_classes, "coarse word classes, over the fine ones")
      ->capture_default_str();
  app.add_option("--class-min", o.class_min, "occurrences that give a word a class")->capture_default_str();
  app.add_option("--class-passes", o.class_passes, "at most this many exchange passes per level")
      ->capture_default_str();
  app.add_option("--cv", cv,
                 "instead of writing the model: K-fold cross-validation on the split (fold k holds "
                 "the documents at positions k mod K), MUC-4 scores of the folds summed");
  app.add_option("--details", details_path,
                 "with --cv: write each held-out document's gold and predicted fillers per role to this file "
                 "(for error analysis on train, never on dev)");
  app.add_option("--score", score_split,
                 "instead of writing the model: train on --split and print the MUC-4 scores of another "
                 "split (dev), as `sitrep eval muc4` would with the model written");
  CLI11_PARSE(app, argc, argv);

  auto docs = eval::read_muc4_pooled(data + "/muc4/pooled/" + split + ".jsonl");
  if (!docs.ok()) {
    fmt::print(stderr, "sitrep-train: {}\n", docs.status().to_string());
    return 1;
  }
  if (cv > 1) {
    eval::Muc4Report total;
    total.split = fmt::format("{} {}-fold cross-validation", split, cv);
    std::string details;
    for (int k = 0; k < cv; ++k) {
      std::vector<eval::MucDoc> fit, held;
      for (size_t i = 0; i < docs.value().size(); ++i)
        (static_cast<int>(i % cv) == k ? held : fit).push_back(docs.value()[i]);
      extract::RoleModel m = train(fit, o);
      extract::RoleModel::set_active(&m);
      eval::Muc4Report r = eval::score_muc4(held, split, !details_path.empty());
      details += r.details;
      extract::RoleModel::set_active(nullptr);
      fmt::print(stderr, "fold {}: micro F1 {:.2f}\n", k, 100 * r.micro.f1());
      for (int role = 0; role < eval::kMucRoles; ++role) total.roles[role] += r.roles[role];
      total.micro += r.micro;
      total.documents += r.documents;
      total.words += r.words;
      total.seconds += r.seconds;
    }
    fmt::print("{}", eval::format_muc4(total));
    if (!details_path.empty()) {
      std::ofstream file(details_path, std::ios::binary);
      file << details;
      if (!file) {
        fmt::print(stderr, "sitrep-train: cannot write {}\n", details_path);
        return 1;
      }
    }
    return 0;
  }
  extract::RoleModel m = train(docs.value(), o);
  if (!score_split.empty()) {
    auto held = eval::read_muc4_pooled(data + "/muc4/pooled/" + score_split + ".jsonl");
    if (!held.ok()) {
      fmt::print(stderr, "sitrep-train: {}\n", held.status().to_string());
      return 1;
    }
    extract::RoleModel::set_active(&m);
    fmt::print("{}", eval::format_muc4(eval::score_muc4(held.value(), score_split, false)));
    extract::RoleModel::set_active(nullptr);
    return 0;
  }
  std::string roles_path = out + "/roles.tsv";
  std::ofstream file(roles_path, std::ios::binary);
  file << m.serialize();
  if (!file) {
    fmt::print(stderr, "sitrep-train: cannot write {}\n", roles_path);
    return 1;
  }
  fmt::print(stderr, "sitrep-train: wrote {} ({} features)\n", roles_path, m.features());

  return 0;
}

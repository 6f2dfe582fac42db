#include "extract/tagger.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kExtractRoles;
}

namespace sitrep::extract {

std::string_view role_name(int role) {
  static constexpr std::string_view kNames[] = {"PerpInd", "PerpOrg", "Target", "Victim", "Weapon"};
  return role >= 0 && role < kRoles ? kNames[role] : "O";
}

namespace {
// The row heads of the edge-word sides 0-3 in roles.tsv.
constexpr std::string_view kEdgeRows = "LRPA";

inline bool allowed(int from, int to) {
  // I-r may only follow B-r or I-r; from == kLabels is the sentence start.
  if (to == 0 || (to - 1) % 2 == 0) return true;
  int role = (to - 1) / 2;
  return from == begin_label(role) || from == inside_label(role);
}
}  // namespace

void viterbi(const float* em, size_t n, const std::array<std::array<float, kLabels>, kLabels + 1>& tr,
             uint8_t* labels) {
  if (n == 0) return;
  constexpr float kNeg = -1e30f;
  // Labels in lanes, four to a vector, padded to 12 (the pad lane is never
  // read back). For each label the predecessors are tried in order and a
  // strictly better one replaces the best, as a scalar loop over p would do:
  // same sums, same ties, same path.
  using F4 = float __attribute__((vector_size(16)));
  using I4 = int32_t __attribute__((vector_size(16)));
  constexpr int kW = 12;
  constexpr int kV = kW / 4;
  // Transitions with the BIO constraint folded in, once per call: a
  // forbidden step costs kNeg, so the inner loop has no branch.
  F4 t[kLabels + 1][kV];
  for (int p = 0; p <= kLabels; ++p) {
    float row[kW];
    for (int y = 0; y < kW; ++y) row[y] = y < kLabels && allowed(p, y) ? tr[p][y] : kNeg;
    std::memcpy(t[p], row, sizeof row);
  }
  thread_local std::vector<float> score;
  thread_local std::vector<uint8_t> back;
  score.resize(n * kW);
  back.resize(n * kW);
  for (int y = 0; y < kLabels; ++y) score[y] = em[y] + t[kLabels][y / 4][y % 4];
  for (size_t i = 1; i < n; ++i) {
    const float* prev = &score[(i - 1) * kW];
    F4 best[kV];
    I4 arg[kV];
    for (int v = 0; v < kV; ++v) {
      best[v] = F4{prev[0], prev[0], prev[0], prev[0]} + t[0][v];
      arg[v] = I4{};
    }
    for (int p = 1; p < kLabels; ++p) {
      const F4 from = {prev[p], prev[p], prev[p], prev[p]};
      for (int v = 0; v < kV; ++v) {
        F4 x = from + t[p][v];
        I4 better = x > best[v];
        best[v] = better ? x : best[v];
        arg[v] = better ? I4{p, p, p, p} : arg[v];
      }
    }
    float b[kW];
    int32_t g[kW];
    std::memcpy(b, best, sizeof b);
    std::memcpy(g, arg, sizeof g);
    for (int y = 0; y < kLabels; ++y) {
      score[i * kW + y] = b[y] + em[i * kLabels + y];
      back[i * kW + y] = static_cast<uint8_t>(g[y]);
    }
  }
  int y = 0;
  float best = kNeg;
  for (int k = 0; k < kLabels; ++k)
    if (score[(n - 1) * kW + k] > best) {
      best = score[(n - 1) * kW + k];
      y = k;
    }
  for (size_t i = n; i-- > 0;) {
    labels[i] = static_cast<uint8_t>(y);
    y = back[i * kW + y];
  }
}

void RoleModel::set(std::vector<std::pair<uint64_t, std::array<float, kLabels>>> rows,
                    const std::array<std::array<float, kLabels>, kLabels + 1>& trans) {
  trans_ = trans;
  count_ = rows.size();
  size_t cap = 16;
  while (cap < rows.size() + rows.size() / 4) cap <<= 1;  // load at most 0.8: probes stay short
  mask_ = cap - 1;
  slots_.assign(cap, Slot{});
  for (uint32_t r = 0; r < rows.size(); ++r) {
    uint64_t k = rows[r].first ? rows[r].first : 1;
    size_t h = k & mask_;
    while (slots_[h].key != 0 && slots_[h].key != k) h = (h + 1) & mask_;
    slots_[h].key = k;
    std::copy(rows[r].second.begin(), rows[r].second.end(), slots_[h].w);
  }
}

void RoleModel::prefetch(uint64_t key) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[(key ? key : 1) & mask_]);
}

const float* RoleModel::row(uint64_t key) const {
  if (slots_.empty()) return nullptr;
  uint64_t k = key ? key : 1;
  size_t h = k & mask_;
  while (slots_[h].key != 0) {
    if (slots_[h].key == k) return slots_[h].w;
    h = (h + 1) & mask_;
  }
  return nullptr;
}

void RoleModel::emissions(const FeatureContext& ctx, uint32_t first, uint32_t last,
                          std::vector<float>& em) const {
  // The features of the whole sentence first, then their weight rows: the
  // table is megabytes, nearly every row is a cache miss, and fetching
  // rows kAhead features early lets the misses overlap.
  thread_local std::vector<uint64_t> feats;
  thread_local std::vector<uint32_t> feat_end;  // per token: where its features end
  feats.clear();
  feat_end.clear();
  for (uint32_t i = first; i < last; ++i) {
    token_features(ctx, i, feats);
    feat_end.push_back(static_cast<uint32_t>(feats.size()));
  }
  const size_t n = last - first;
  em.resize(n * kLabels);
  constexpr size_t kAhead = 16;
  for (size_t j = 0; j < std::min(kAhead, feats.size()); ++j) prefetch(feats[j]);
  // A token's sum in registers, four labels to a vector: each lane adds
  // the same floats in the same order as one label at a time would.
  using Lanes = float __attribute__((vector_size(16)));
  static_assert(kPadded == 3 * 4);
  for (size_t t = 0, j = 0; t < n; ++t) {
    Lanes sum[3] = {};
    for (; j < feat_end[t]; ++j) {
      if (j + kAhead < feats.size()) prefetch(feats[j + kAhead]);
      if (const float* w = row(feats[j])) {
        for (int v = 0; v < 3; ++v) {
          Lanes x;
          std::memcpy(&x, w + 4 * v, sizeof x);
          sum[v] += x;
        }
      }
    }
    float out[kPadded];
    std::memcpy(out, sum, sizeof out);
    std::copy(out, out + kLabels, &em[t * kLabels]);
  }
}

std::vector<TaggedSpan> RoleModel::tag(const FeatureContext& ctx) const {
  std::vector<TaggedSpan> spans;
  const auto& sentences = ctx.a.tok.sentences;
  std::vector<float> em;
  std::vector<uint8_t> labels;
  // Only sentences within kTriggerReach of an event trigger are tagged: the
  // others rarely hold a role filler, and skipping them is faster and,
  // on MUC-4 dev, more precise (docs/evaluation.md).
  std::vector<uint8_t> near(sentences.size(), 0);
  for (size_t si = 0; si < sentences.size(); ++si) {
    bool has = false;
    for (uint32_t i = sentences[si].first; i < sentences[si].last && !has; ++i) has = ctx.trigger[i] != 0;
    if (!has) continue;
    for (long d = -kTriggerReach; d <= kTriggerReach; ++d) {
      long j = static_cast<long>(si) + d;
      if (j >= 0 && j < static_cast<long>(sentences.size())) near[j] = 1;
    }
  }
  for (size_t si = 0; si < sentences.size(); ++si) {
    if (!near[si]) continue;
    const analyze::Sentence& s = sentences[si];
    size_t n = s.last - s.first;
    emissions(ctx, s.first, s.last, em);
    for (size_t t = 0; t < n; ++t) em[t * kLabels] -= recall_bias_;
    labels.resize(n);
    viterbi(em.data(), n, trans_, labels.data());
    for (size_t t = 0; t < n;) {
      int role = label_role(labels[t]);
      if (role < 0) {
        ++t;
        continue;
      }
      size_t u = t + 1;
      while (u < n && labels[u] == inside_label(role)) ++u;
      float margin = 0;
      for (size_t k = t; k < u; ++k) margin += em[k * kLabels + labels[k]] - em[k * kLabels];
      // The learned edge words go, keeping at least one word.
      size_t b = t, e = u;
      auto edge = [&](int side, size_t k) {
        const uint32_t i = static_cast<uint32_t>(s.first + k);
        if (edge_word(side, role, ctx.a.tok.tokens[i].key)) return true;
        const uint64_t c = edge_class(ctx, i);
        return c != 0 && edge_word(side, role, c);
      };
      while (e - b > 1 && edge(0, b)) ++b;
      while (e - b > 1 && edge(1, e - 1)) --e;
      // Joining goes by the word alone: a count or title next to a span is
      // not part of it the way "urban" is of "urban guerrillas".
      const auto& toks = ctx.a.tok.tokens;
      if (b == t && b > 0 && labels[b - 1] == 0 && edge_word(2, role, toks[s.first + b - 1].key)) --b;
      if (e == u && e < n && labels[e] == 0 && edge_word(3, role, toks[s.first + e].key)) ++e;
      spans.push_back({role, static_cast<uint32_t>(s.first + b), static_cast<uint32_t>(s.first + e),
                       margin / static_cast<float>(u - t)});
      t = u;
    }
  }
  return spans;
}

std::string RoleModel::serialize() const {
  std::string out;
  out += "# sitrep role tagger: averaged structured perceptron weights.\n";
  out += "# Generated by `make model` (tools/train) from MUC-4 train; do not edit.\n";
  out += "# Labels: O";
  for (int r = 0; r < kRoles; ++r) out += fmt::format(" B-{0} I-{0}", role_name(r));
  out += "\n";
  out += fmt::format("B\t{}\n", recall_bias_);
  for (int p = 0; p <= kLabels; ++p) {
    out += fmt::format("T\t{}", p);
    for (int y = 0; y < kLabels; ++y) out += fmt::format("\t{:.4g}", trans_[p][y]);
    out += "\n";
  }
  // Rows in key order so the file is the same whatever the table layout.
  std::vector<std::pair<uint64_t, size_t>> order;
  for (size_t h = 0; h < slots_.size(); ++h)
    if (slots_[h].key) order.push_back({slots_[h].key, h});
  std::sort(order.begin(), order.end());
  for (auto [k, h] : order) {
    out += fmt::format("F\t{:016x}", k);
    for (int y = 0; y < kLabels; ++y) {
      float w = slots_[h].w[y];
      if (w != 0) out += fmt::format("\t{}:{:.4g}", y, w);
    }
    out += "\n";
  }
  auto keys = [&](std::string_view head, const std::vector<uint64_t>& words) {
    for (size_t k = 0; k < words.size(); k += 16) {
      out += head;
      for (size_t j = k; j < std::min(words.size(), k + 16); ++j) out += fmt::format("\t{:016x}", words[j]);
      out += "\n";
    }
  };
  keys("V", common_.sorted());
  for (int side = 0; side < 4; ++side)
    for (int r = 0; r < kRoles; ++r) keys(fmt::format("{}\t{}", kEdgeRows[side], r), edges_[side][r].sorted());
  // Word classes: the words of each fine class, classes in order.
  std::vector<std::pair<uint64_t, WordClass>> by_class = clusters_.words();
  std::stable_sort(by_class.begin(), by_class.end(),
                   [](const auto& x, const auto& y) { return x.second.fine < y.second.fine; });
  for (size_t k = 0; k < by_class.size();) {
    const WordClass c = by_class[k].second;
    std::vector<uint64_t> members;
    for (; k < by_class.size() && by_class[k].second.fine == c.fine; ++k) members.push_back(by_class[k].first);
    keys(fmt::format("K\t{}\t{}", c.fine, c.coarse), members);
  }
  return out;
}

Result<std::unique_ptr<RoleModel>> RoleModel::parse(std::string_view tsv) {
  std::vector<std::pair<uint64_t, std::array<float, kLabels>>> rows;
  std::array<std::array<float, kLabels>, kLabels + 1> trans{};
  std::vector<uint64_t> words;
  std::array<std::array<std::vector<uint64_t>, kRoles>, 4> edges;
  std::vector<std::pair<uint64_t, WordClass>> classes;
  float recall_bias = kDefaultRecallBias;
  size_t line_no = 0;
  auto bad = [&](std::string_view why) {
    return Status(ErrorCode::kInvalidArgument,
                  fmt::format("data/extract/roles.tsv:{}: {}", line_no, why));
  };
  auto to_float = [](std::string_view s, float& v) {
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  Status error;
  for_each_data_line(tsv, [&](std::string_view line, size_t n) {
    line_no = n;
    std::vector<std::string_view> f = split(line, '\t');
    if (f[0] == "B") {
      if (f.size() != 2 || !to_float(f[1], recall_bias) || !(recall_bias >= 0 && recall_bias < 1000))
        return error = bad("a recall-bias row needs one weight"), false;
    } else if (f[0] == "T") {
      int from = 0;
      if (f.size() != kLabels + 2) return error = bad("a transition row needs 13 fields"), false;
      std::from_chars(f[1].data(), f[1].data() + f[1].size(), from);
      if (from < 0 || from > kLabels) return error = bad("transition source out of range"), false;
      for (int y = 0; y < kLabels; ++y)
        if (!to_float(f[2 + y], trans[from][y])) return error = bad("bad weight"), false;
    } else if (f[0] == "F") {
      if (f.size() < 3 || f[1].size() != 16) return error = bad("a feature row needs a 16-digit key"), false;
      uint64_t key = 0;
      std::from_chars(f[1].data(), f[1].data() + 16, key, 16);
      std::array<float, kLabels> w{};
      for (size_t k = 2; k < f.size(); ++k) {
        size_t colon = f[k].find(':');
        int y = -1;
        if (colon == std::string_view::npos) return error = bad("weight without label"), false;
        std::from_chars(f[k].data(), f[k].data() + colon, y);
        if (y < 0 || y >= kLabels || !to_float(f[k].substr(colon + 1), w[y]))
          return error = bad("bad weight"), false;
      }
      rows.push_back({key, w});
    } else if (f[0] == "V" || f[0] == "K" || (f[0].size() == 1 && kEdgeRows.find(f[0][0]) != std::string_view::npos)) {
      std::vector<uint64_t>* into = &words;
      std::vector<uint64_t> members;
      size_t k = 1;
      WordClass c;
      if (f[0] == "K") {
        int fine = 0, coarse = 0;
        if (f.size() > 2) {
          std::from_chars(f[1].data(), f[1].data() + f[1].size(), fine);
          std::from_chars(f[2].data(), f[2].data() + f[2].size(), coarse);
        }
        if (fine < 1 || fine > 65535 || coarse < 1 || coarse > 65535)
          return error = bad("a word-class row needs classes 1-65535"), false;
        c = {static_cast<uint16_t>(fine), static_cast<uint16_t>(coarse)};
        into = &members;
        k = 3;
      } else if (f[0] != "V") {
        int role = -1;
        if (f.size() > 1) std::from_chars(f[1].data(), f[1].data() + f[1].size(), role);
        if (role < 0 || role >= kRoles) return error = bad("edge-word role out of range"), false;
        into = &edges[kEdgeRows.find(f[0][0])][role];
        k = 2;
      }
      for (; k < f.size(); ++k) {
        uint64_t key = 0;
        auto r = std::from_chars(f[k].data(), f[k].data() + f[k].size(), key, 16);
        if (f[k].size() != 16 || r.ec != std::errc()) return error = bad("a word row needs 16-digit keys"), false;
        into->push_back(key);
      }
      for (uint64_t key : members) classes.push_back({key, c});
    } else {
      return error = bad("unknown row type"), false;
    }
    return true;
  });
  if (!error.is_ok()) return error;
  auto m = std::make_unique<RoleModel>();
  m->set(std::move(rows), trans);
  m->set_common_words(std::move(words));
  WordClusters wc;
  wc.assign(std::move(classes));
  m->set_clusters(std::move(wc));
  m->set_recall_bias(recall_bias);
  for (int side = 0; side < 4; ++side)
    for (int r = 0; r < kRoles; ++r) m->set_edge_words(side, r, std::move(edges[side][r]));
  return m;
}

namespace {
const RoleModel* active_model = nullptr;
}

void RoleModel::set_active(const RoleModel* m) { active_model = m; }

const RoleModel& RoleModel::get() {
  if (active_model) return *active_model;
  static const RoleModel* model = [] {
    auto r = parse(data::kExtractRoles);
    if (!r.ok()) {
      std::fprintf(stderr, "sitrep: embedded role model: %s\n", r.status().message().c_str());
      std::abort();
    }
    return std::move(r).value().release();
  }();
  return *model;
}

}  // namespace sitrep::extract

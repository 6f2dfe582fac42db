#include "extract/clusters.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace sitrep::extract {

void WordClusters::assign(std::vector<std::pair<uint64_t, WordClass>> words) {
  std::sort(words.begin(), words.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  words_ = std::move(words);
  size_t cap = 16;
  while (cap < 2 * words_.size()) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, Slot{});
  for (const auto& [k, c] : words_) {
    if (k == 0) continue;
    size_t h = mix64(k) & mask_;
    while (slots_[h].key != 0 && slots_[h].key != k) h = (h + 1) & mask_;
    slots_[h] = {k, c};
  }
}

void Bigrams::add(uint32_t a, uint32_t b, uint32_t n) {
  if (next.size() < items) {
    next.resize(items);
    prev.resize(items);
  }
  next[a].push_back({b, n});
  prev[b].push_back({a, n});
}

void Bigrams::finish() {
  next.resize(items);
  prev.resize(items);
  auto merge = [](std::vector<std::pair<uint32_t, uint32_t>>& v) {
    std::sort(v.begin(), v.end());
    size_t o = 0;
    for (size_t k = 0; k < v.size(); ++k) {
      if (o > 0 && v[o - 1].first == v[k].first) v[o - 1].second += v[k].second;
      else v[o++] = v[k];
    }
    v.resize(o);
  };
  for (auto& v : next) merge(v);
  for (auto& v : prev) merge(v);
}

namespace {

// x log x, from a table for the small counts that dominate.
class XLogX {
 public:
  XLogX() : table_(kTable) {
    for (size_t k = 1; k < kTable; ++k) table_[k] = static_cast<double>(k) * std::log(static_cast<double>(k));
  }
  double operator()(int64_t x) const {
    if (x <= 0) return 0;
    if (x < static_cast<int64_t>(kTable)) return table_[x];
    return static_cast<double>(x) * std::log(static_cast<double>(x));
  }

 private:
  static constexpr size_t kTable = 1 << 16;
  std::vector<double> table_;
};

const XLogX& xlogx() {
  static const XLogX f;
  return f;
}

}  // namespace

double class_likelihood(const Bigrams& b, std::span<const uint32_t> cls, uint32_t classes) {
  std::vector<int64_t> m(size_t(classes) * classes, 0), left(classes, 0), right(classes, 0);
  for (size_t w = 0; w < b.items; ++w)
    for (auto [v, n] : b.next[w]) {
      m[size_t(cls[w]) * classes + cls[v]] += n;
      left[cls[w]] += n;
      right[cls[v]] += n;
    }
  const XLogX& f = xlogx();
  double sum = 0;
  for (int64_t x : m) sum += f(x);
  for (uint32_t c = 0; c < classes; ++c) sum -= f(left[c]) + f(right[c]);
  return sum;
}

std::vector<uint32_t> exchange_clusters(const Bigrams& b, std::span<const uint32_t> rank, uint32_t classes,
                                        int passes) {
  const size_t n = b.items;
  const size_t C = classes;
  std::vector<uint32_t> cls(n, 0);
  for (size_t r = 0; r < rank.size(); ++r) cls[rank[r]] = static_cast<uint32_t>(r % C);
  // Class bigram counts, and each class's counts as a left (right) neighbour.
  std::vector<int64_t> m(C * C, 0), left(C, 0), right(C, 0);
  std::vector<int64_t> out(n, 0), in(n, 0), self(n, 0);
  for (size_t w = 0; w < n; ++w)
    for (auto [v, k] : b.next[w]) {
      m[cls[w] * C + cls[v]] += k;
      left[cls[w]] += k;
      right[cls[v]] += k;
      out[w] += k;
      in[v] += k;
      if (v == w) self[w] = k;
    }
  const XLogX& f = xlogx();
  // Per visited item: its counts to and from each class (other than itself).
  std::vector<int64_t> to(C, 0), from(C, 0);
  std::vector<uint32_t> to_list, from_list;
  std::vector<double> gain(C);
  for (int pass = 0; pass < passes; ++pass) {
    size_t moves = 0;
    for (uint32_t w : rank) {
      const uint32_t a = cls[w];
      to_list.clear();
      from_list.clear();
      for (auto [v, k] : b.next[w])
        if (v != w) {
          if (to[cls[v]] == 0) to_list.push_back(cls[v]);
          to[cls[v]] += k;
        }
      for (auto [u, k] : b.prev[w])
        if (u != w) {
          if (from[cls[u]] == 0) from_list.push_back(cls[u]);
          from[cls[u]] += k;
        }
      // Take w out of its class.
      for (uint32_t c : to_list) m[a * C + c] -= to[c];
      for (uint32_t c : from_list) m[c * C + a] -= from[c];
      m[a * C + a] -= self[w];
      left[a] -= out[w];
      right[a] -= in[w];
      // The likelihood gain of putting it in each class.
      for (size_t c = 0; c < C; ++c) {
        const int64_t* row = &m[c * C];
        double g = 0;
        for (uint32_t d : to_list)
          if (d != c) g += f(row[d] + to[d]) - f(row[d]);
        for (uint32_t d : from_list)
          if (d != c) g += f(m[d * C + c] + from[d]) - f(m[d * C + c]);
        g += f(row[c] + to[c] + from[c] + self[w]) - f(row[c]);
        g -= f(left[c] + out[w]) - f(left[c]);
        g -= f(right[c] + in[w]) - f(right[c]);
        gain[c] = g;
      }
      uint32_t best = a;
      for (size_t c = 0; c < C; ++c)
        if (gain[c] > gain[best] + 1e-9 * (1 + std::fabs(gain[best]))) best = static_cast<uint32_t>(c);
      // Put it there.
      for (uint32_t c : to_list) m[best * C + c] += to[c];
      for (uint32_t c : from_list) m[c * C + best] += from[c];
      m[best * C + best] += self[w];
      left[best] += out[w];
      right[best] += in[w];
      if (best != a) {
        cls[w] = best;
        ++moves;
      }
      for (uint32_t c : to_list) to[c] = 0;
      for (uint32_t c : from_list) from[c] = 0;
    }
    if (moves == 0) break;
  }
  return cls;
}

WordClusters learn_word_clusters(const std::vector<std::vector<uint64_t>>& sentences, uint32_t min_count,
                                 uint32_t fine, uint32_t coarse, int passes) {
  std::unordered_map<uint64_t, uint32_t> count;
  for (const auto& s : sentences)
    for (uint64_t k : s) ++count[k];
  // Items: the words seen often enough, then one for every rarer word and
  // one for a sentence's edges. Ids by count, most frequent first.
  std::vector<std::pair<uint32_t, uint64_t>> vocab;
  uint32_t rare = 0;
  for (auto [k, n] : count) {
    if (n >= min_count) vocab.push_back({n, k});
    else rare += n;
  }
  std::sort(vocab.begin(), vocab.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  const uint32_t words = static_cast<uint32_t>(vocab.size());
  const uint32_t kRare = words, kEdge = words + 1;
  std::unordered_map<uint64_t, uint32_t> id;
  id.reserve(words);
  for (uint32_t k = 0; k < words; ++k) id[vocab[k].second] = k;
  Bigrams b;
  b.items = words + 2;
  {
    std::unordered_map<uint64_t, uint32_t> pairs;
    auto item = [&](uint64_t key) {
      auto it = id.find(key);
      return it == id.end() ? kRare : it->second;
    };
    for (const auto& s : sentences) {
      uint32_t p = kEdge;
      for (uint64_t k : s) {
        uint32_t w = item(k);
        ++pairs[uint64_t(p) << 32 | w];
        p = w;
      }
      if (!s.empty()) ++pairs[uint64_t(p) << 32 | kEdge];
    }
    for (auto [pq, n] : pairs) b.add(static_cast<uint32_t>(pq >> 32), static_cast<uint32_t>(pq), n);
  }
  b.finish();
  std::vector<uint32_t> rank(b.items);
  {
    std::vector<std::pair<uint32_t, uint32_t>> by;  // (count, item)
    for (uint32_t k = 0; k < words; ++k) by.push_back({vocab[k].first, k});
    by.push_back({rare, kRare});
    by.push_back({static_cast<uint32_t>(sentences.size()), kEdge});
    std::stable_sort(by.begin(), by.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (size_t k = 0; k < by.size(); ++k) rank[k] = by[k].second;
  }
  std::vector<uint32_t> fine_of = exchange_clusters(b, rank, fine, passes);

  // The coarse level: the same over the fine classes.
  Bigrams cb;
  cb.items = fine;
  std::vector<uint64_t> class_count(fine, 0);
  {
    std::vector<uint32_t> m(size_t(fine) * fine, 0);
    for (size_t w = 0; w < b.items; ++w)
      for (auto [v, n] : b.next[w]) {
        m[size_t(fine_of[w]) * fine + fine_of[v]] += n;
        class_count[fine_of[w]] += n;
      }
    for (uint32_t x = 0; x < fine; ++x)
      for (uint32_t y = 0; y < fine; ++y)
        if (m[size_t(x) * fine + y]) cb.add(x, y, m[size_t(x) * fine + y]);
  }
  cb.finish();
  std::vector<uint32_t> crank(fine);
  for (uint32_t k = 0; k < fine; ++k) crank[k] = k;
  std::stable_sort(crank.begin(), crank.end(),
                   [&](uint32_t x, uint32_t y) { return class_count[x] > class_count[y]; });
  std::vector<uint32_t> coarse_of = exchange_clusters(cb, crank, coarse, passes);

  std::vector<std::pair<uint64_t, WordClass>> out;
  out.reserve(words);
  for (uint32_t k = 0; k < words; ++k)
    out.push_back({vocab[k].second, WordClass{static_cast<uint16_t>(fine_of[k] + 1),
                                              static_cast<uint16_t>(coarse_of[fine_of[k]] + 1)}});
  WordClusters wc;
  wc.assign(std::move(out));
  return wc;
}

}  // namespace sitrep::extract

#include "extract/features.h"

#include <algorithm>

#include "analyze/numbers.h"
#include "core/text.h"
#include "kb/lexicon.h"

namespace sitrep::extract {
namespace {

inline uint64_t mix(uint64_t x) { return mix64(x); }
inline uint64_t feat(uint64_t tmpl, uint64_t a) { return mix(mix(tmpl * 0x9E3779B97F4A7C15ULL) ^ a); }
inline uint64_t feat(uint64_t tmpl, uint64_t a, uint64_t b) { return mix(feat(tmpl, a) ^ (b * 0xD6E8FEB86659FD93ULL)); }

constexpr uint64_t kBos = 0x5b05, kEos = 0x5e05;

// Templates. The numbers are part of the model: changing one invalidates
// the shipped weights (retrain with `make model`).
enum Tmpl : uint64_t {
  kBias = 1, kW0, kWm1, kWm2, kWp1, kWp2, kBigL, kBigR, kSuf3, kSuf2, kPre3, kShape,
  kGroup, kPlace, kWeapon, kTitle, kTrig, kLeftTrig, kRightTrig, kLeftTrigWord, kRightTrigWord,
  kSentPos, kDocCount, kW0Group, kTriW, kWm1Trig, kWp1Trig, kPunctPrev, kPunctNext,
  kWm3, kWp3, kStem, kW0LeftTrig, kW0RightTrig, kRare, kRareWm1, kRareWp1, kRareLeftTrig,
  kFine0, kCoarse0, kFineM1, kFineP1, kCoarseM1W0, kCoarseW0P1, kFine0LeftTrig,
};

uint32_t bucket(uint32_t d) { return d <= 2 ? d : d <= 4 ? 3 : d <= 8 ? 4 : d <= 16 ? 5 : 6; }

}  // namespace

void WordSet::assign(std::vector<uint64_t> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  sorted_ = std::move(keys);
  size_t cap = 16;
  while (cap < 2 * sorted_.size()) cap <<= 1;
  mask_ = cap - 1;
  slots_.assign(cap, 0);
  for (uint64_t k : sorted_) {
    if (k == 0) continue;
    size_t h = mix64(k) & mask_;
    while (slots_[h] != 0) h = (h + 1) & mask_;
    slots_[h] = k;
  }
}

FeatureContext::FeatureContext(const analyze::Analysis& an, const WordSet& common, const WordClusters* clusters)
    : a(an) {
  const size_t n = a.tok.tokens.size();
  word_class.assign(n, WordClass{});
  has_classes = clusters && !clusters->empty();
  if (has_classes)
    for (size_t k = 0; k < n; ++k) word_class[k] = clusters->find(a.tok.tokens[k].key);
  rare.assign(n, 0);
  for (size_t k = 0; k < n; ++k)
    rare[k] = a.tok.tokens[k].shape == analyze::Shape::kWord && !common.contains(a.tok.tokens[k].key);
  group.assign(n, 0);
  place.assign(n, 0);
  weapon.assign(n, 0);
  title.assign(n, 0);
  trigger.assign(n, 0);
  const kb::Lexicons& lx = kb::Lexicons::get();
  for (const analyze::Mention& m : a.mentions) {
    std::vector<uint32_t>* v = nullptr;
    uint32_t code = 0;
    switch (m.kind) {
      case analyze::MentionKind::kGroup: v = &group; code = 1; break;
      case analyze::MentionKind::kPlace: v = &place; code = 1; break;
      case analyze::MentionKind::kWeapon:
        v = &weapon;
        code = static_cast<uint32_t>(hash64(lx.weapon(m.id).type) & 0xffff) + 2;
        break;
      case analyze::MentionKind::kTitle: v = &title; code = 1; break;
      case analyze::MentionKind::kTrigger: {
        v = &trigger;
        const kb::Trigger& t = lx.trigger(m.id);
        code = static_cast<uint32_t>((hash64(t.type) ^ (hash64(t.attack_type) << 1)) & 0xfffff) + 2;
        break;
      }
    }
    for (uint32_t k = m.first; k < m.last; ++k) {
      if ((*v)[k] != 0) continue;  // the longest mention (first in order) wins
      // Begin and inside get distinct codes so spans can be learned.
      (*v)[k] = k == m.first ? code * 2 : code * 2 + 1;
    }
  }
  left_trigger.assign(n, UINT32_MAX);
  right_trigger.assign(n, UINT32_MAX);
  for (const analyze::Sentence& s : a.tok.sentences) {
    uint32_t last = UINT32_MAX;
    for (uint32_t k = s.first; k < s.last; ++k) {
      left_trigger[k] = last;
      if (trigger[k] != 0 && (trigger[k] & 1) == 0) last = k;
    }
    last = UINT32_MAX;
    for (uint32_t k = s.last; k-- > s.first;) {
      right_trigger[k] = last;
      if (trigger[k] != 0 && (trigger[k] & 1) == 0) last = k;
    }
  }
  // Occurrences of each word: open addressing on the key (a hash already),
  // at most half full; a count of 0 marks a free slot. Each token notes its
  // slot, read back once every token is counted.
  size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const size_t mask = cap - 1;
  std::vector<uint64_t> keys(cap);
  std::vector<uint32_t> counts(cap, 0);
  std::vector<uint32_t> slot(n);
  for (size_t k = 0; k < n; ++k) {
    const uint64_t key = a.tok.tokens[k].key;
    size_t h = mix(key) & mask;
    while (counts[h] != 0 && keys[h] != key) h = (h + 1) & mask;
    keys[h] = key;
    ++counts[h];
    slot[k] = static_cast<uint32_t>(h);
  }
  doc_count.resize(n);
  for (size_t k = 0; k < n; ++k) doc_count[k] = static_cast<uint8_t>(std::min<uint32_t>(counts[slot[k]], 6));
}

namespace {
const uint64_t kCount = analyze::word_key("<count>"), kTitleStart = analyze::word_key("<title>");
}

bool is_edge_class(uint64_t key) { return key == kCount || key == kTitleStart; }

uint64_t edge_class(const FeatureContext& ctx, uint32_t i) {
  const analyze::Token& t = ctx.a.tok.tokens[i];
  if (t.shape == analyze::Shape::kNumber) return kCount;
  if (ctx.title[i] != 0 && (ctx.title[i] & 1) == 0) return kTitleStart;
  if (t.shape == analyze::Shape::kWord) {
    auto q = analyze::parse_quantity(ctx.a.tok.lower_word(t));
    if (q && q->fraction == 0) return kCount;
  }
  return 0;
}

void token_features(const FeatureContext& ctx, uint32_t i, std::vector<uint64_t>& out) {
  const analyze::Analysis& a = ctx.a;
  const auto& toks = a.tok.tokens;
  const uint32_t sent = a.sentence_of[i];
  const analyze::Sentence& s = a.tok.sentences[sent];
  auto key = [&](int64_t k) -> uint64_t {
    if (k < static_cast<int64_t>(s.first)) return kBos;
    if (k >= static_cast<int64_t>(s.last)) return kEos;
    return toks[k].key;
  };
  const uint64_t w0 = toks[i].key, wm1 = key(int64_t(i) - 1), wm2 = key(int64_t(i) - 2),
                 wp1 = key(int64_t(i) + 1), wp2 = key(int64_t(i) + 2);
  std::string_view lw = a.tok.lower_word(toks[i]);
  out.push_back(feat(kBias, 0));
  out.push_back(feat(kW0, w0));
  out.push_back(feat(kWm1, wm1));
  out.push_back(feat(kWm2, wm2));
  out.push_back(feat(kWp1, wp1));
  out.push_back(feat(kWp2, wp2));
  out.push_back(feat(kBigL, wm1, w0));
  out.push_back(feat(kBigR, w0, wp1));
  out.push_back(feat(kTriW, wm1, wp1));
  if (lw.size() > 3) {
    out.push_back(feat(kSuf3, hash64(lw.substr(lw.size() - 3))));
    out.push_back(feat(kPre3, hash64(lw.substr(0, 3))));
  }
  if (lw.size() > 2) out.push_back(feat(kSuf2, hash64(lw.substr(lw.size() - 2))));
  out.push_back(feat(kShape, static_cast<uint64_t>(toks[i].shape), std::min<size_t>(lw.size(), 12)));
  if (ctx.group[i]) {
    out.push_back(feat(kGroup, ctx.group[i] & 1));
    out.push_back(feat(kW0Group, w0, ctx.group[i] & 1));
  }
  if (ctx.place[i]) out.push_back(feat(kPlace, ctx.place[i]));
  if (ctx.weapon[i]) out.push_back(feat(kWeapon, ctx.weapon[i]));
  if (ctx.title[i]) out.push_back(feat(kTitle, ctx.title[i] & 1));
  if (ctx.trigger[i]) out.push_back(feat(kTrig, ctx.trigger[i]));
  if (i > s.first && toks[i - 1].shape == analyze::Shape::kPunct) out.push_back(feat(kPunctPrev, wm1));
  if (i + 1 < s.last && toks[i + 1].shape == analyze::Shape::kPunct) out.push_back(feat(kPunctNext, wp1));
  if (uint32_t l = ctx.left_trigger[i]; l != UINT32_MAX) {
    uint32_t d = bucket(i - l);
    out.push_back(feat(kLeftTrig, ctx.trigger[l], d));
    out.push_back(feat(kLeftTrigWord, toks[l].key, d));
    out.push_back(feat(kWm1Trig, toks[l].key, wm1));
  } else {
    out.push_back(feat(kLeftTrig, 0));
  }
  if (uint32_t r = ctx.right_trigger[i]; r != UINT32_MAX) {
    uint32_t d = bucket(r - i);
    out.push_back(feat(kRightTrig, ctx.trigger[r], d));
    out.push_back(feat(kRightTrigWord, toks[r].key, d));
    out.push_back(feat(kWp1Trig, toks[r].key, wp1));
  } else {
    out.push_back(feat(kRightTrig, 0));
  }
  out.push_back(feat(kWm3, key(int64_t(i) - 3)));
  out.push_back(feat(kWp3, key(int64_t(i) + 3)));
  if (lw.size() > 3 && lw.back() == 's') out.push_back(feat(kStem, hash64(lw.substr(0, lw.size() - 1))));
  else out.push_back(feat(kStem, w0));
  if (uint32_t l = ctx.left_trigger[i]; l != UINT32_MAX) out.push_back(feat(kW0LeftTrig, w0, ctx.trigger[l]));
  if (uint32_t r = ctx.right_trigger[i]; r != UINT32_MAX) out.push_back(feat(kW0RightTrig, w0, ctx.trigger[r]));
  // Rare words (mostly names): the pattern around the token, and a rare
  // token with its neighbours and the trigger before it ("killed <name>").
  const bool r0 = ctx.rare[i];
  const uint32_t rm1 = i > s.first && ctx.rare[i - 1], rp1 = i + 1 < s.last && ctx.rare[i + 1];
  out.push_back(feat(kRare, rm1 * 4 + r0 * 2 + rp1));
  if (r0) {
    out.push_back(feat(kRareWm1, wm1));
    out.push_back(feat(kRareWp1, wp1));
    if (uint32_t l = ctx.left_trigger[i]; l != UINT32_MAX) out.push_back(feat(kRareLeftTrig, toks[l].key));
  }
  // Word classes: of the token, of its neighbours, and beside the trigger
  // before it (none for a model without classes).
  if (ctx.has_classes) {
    if (const WordClass c = ctx.word_class[i]; c.fine != 0) {
      out.push_back(feat(kFine0, c.fine));
      out.push_back(feat(kCoarse0, c.coarse));
      if (uint32_t l = ctx.left_trigger[i]; l != UINT32_MAX) out.push_back(feat(kFine0LeftTrig, c.fine, toks[l].key));
    }
    const WordClass cm1 = i > s.first ? ctx.word_class[i - 1] : WordClass{},
                    cp1 = i + 1 < s.last ? ctx.word_class[i + 1] : WordClass{};
    out.push_back(feat(kFineM1, i > s.first ? cm1.fine : kBos));
    out.push_back(feat(kFineP1, i + 1 < s.last ? cp1.fine : kEos));
    out.push_back(feat(kCoarseM1W0, i > s.first ? cm1.coarse : kBos, ctx.word_class[i].coarse));
    out.push_back(feat(kCoarseW0P1, ctx.word_class[i].coarse, i + 1 < s.last ? cp1.coarse : kEos));
  }
  out.push_back(feat(kSentPos, std::min<uint32_t>(sent, 6)));
  out.push_back(feat(kDocCount, ctx.doc_count[i], toks[i].shape == analyze::Shape::kPunct));
}

}  // namespace sitrep::extract

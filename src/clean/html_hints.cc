// Class/id/role hint lexicon (see html_hints.h).
#include "clean/html_hints.h"

#include <algorithm>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kCleanHtmlHints;
}

namespace sitrep::clean {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

const HtmlHints& HtmlHints::get() {
  static const HtmlHints hints(data::kCleanHtmlHints);
  return hints;
}

HtmlHints::HtmlHints(std::string_view source) {
  for_each_lexicon_entry(source, [&](std::string_view kind, std::string word) {
    if (word.empty()) return;
    if (kind == "strong" || kind == "drop") {
      whole_[word] |= kind == "strong" ? kHintStrong : kHintDrop;
      return;
    }
    uint8_t bit = kind == "pos" ? kHintPositive : kind == "neg" ? kHintNegative : 0;
    if (bit == 0) return;
    if (word.back() == '*') {
      word.pop_back();
      min_prefix_ = std::min(min_prefix_, word.size());
      max_prefix_ = std::max(max_prefix_, word.size());
      prefixes_[word] |= bit;
    } else {
      words_[word] |= bit;
    }
  });
}

uint8_t HtmlHints::word_hint(std::string_view word) const {
  uint8_t h = 0;
  if (auto it = words_.find(word); it != words_.end()) h |= it->second;
  size_t longest = std::min(max_prefix_, word.size());
  for (size_t n = min_prefix_; n <= longest; ++n) {
    if (auto it = prefixes_.find(word.substr(0, n)); it != prefixes_.end()) h |= it->second;
  }
  return h;
}

uint8_t HtmlHints::hint(const Votes& v) {
  uint8_t h = v.whole;
  if (v.negative > 0 && v.negative >= v.positive) {
    h |= kHintNegative;
  } else if (v.positive > 0) {
    h |= kHintPositive;
  }
  return h;
}

void HtmlHints::classify(std::string_view value, Votes& votes) const {
  // Names longer than this are generated hashes, not words.
  constexpr size_t kMaxName = 64;
  char lower[kMaxName];
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && is_ascii_space(value[i])) ++i;
    size_t start = i;
    while (i < value.size() && !is_ascii_space(value[i])) ++i;
    std::string_view name = value.substr(start, i - start);
    if (name.empty() || name.size() > kMaxName) continue;
    for (size_t k = 0; k < name.size(); ++k) lower[k] = ascii_lower(name[k]);
    std::string_view lname(lower, name.size());
    if (auto it = whole_.find(lname); it != whole_.end()) votes.whole |= it->second;
    uint8_t h = 0;
    // Words: runs of letters, split before an upper-case letter that follows
    // a lower-case one.
    size_t k = 0;
    while (k < name.size()) {
      while (k < name.size() && !is_letter(name[k])) ++k;
      size_t ws = k;
      while (k < name.size() && is_letter(name[k])) {
        ++k;
        if (k < name.size() && is_upper(name[k]) && !is_upper(name[k - 1])) break;
      }
      if (k > ws) h |= word_hint(lname.substr(ws, k - ws));
    }
    if (h & kHintNegative) {
      ++votes.negative;
    } else if (h & kHintPositive) {
      ++votes.positive;
    }
  }
}

}  // namespace sitrep::clean

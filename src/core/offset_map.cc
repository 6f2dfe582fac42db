// OffsetMap and MappedText: derived-to-original offset bookkeeping.
#include "sitrep/offset_map.h"

#include <algorithm>

namespace sitrep {

size_t OffsetMap::to_original(size_t offset) const {
  if (runs_.empty()) return offset;
  auto it = std::upper_bound(runs_.begin(), runs_.end(), offset,
                             [](size_t off, const Run& r) { return off < r.derived; });
  if (it == runs_.begin()) return runs_.front().original;
  const Run& r = *(it - 1);
  size_t delta = offset - r.derived;
  if (delta >= r.len) return r.original + r.original_len;  // past the end
  if (r.copy) return r.original + delta;
  return r.original;
}

std::pair<size_t, size_t> OffsetMap::to_original(size_t begin, size_t end) const {
  if (end <= begin) {
    size_t o = to_original(begin);
    return {o, o};
  }
  size_t b = to_original(begin);
  // The end is one past the last byte: map the last byte and extend past it.
  auto it = std::upper_bound(runs_.begin(), runs_.end(), end - 1,
                             [](size_t off, const Run& r) { return off < r.derived; });
  if (runs_.empty()) return {begin, end};
  if (it == runs_.begin()) return {b, runs_.front().original};
  const Run& r = *(it - 1);
  size_t delta = end - 1 - r.derived;
  size_t e;
  if (delta >= r.len) {
    e = r.original + r.original_len;
  } else if (r.copy) {
    e = r.original + delta + 1;
  } else {
    e = r.original + r.original_len;
  }
  return {b, std::max(b, e)};
}

void OffsetMap::add_copy(size_t original, size_t len) {
  if (len == 0) return;
  if (!runs_.empty()) {
    Run& last = runs_.back();
    if (last.copy && last.original + last.original_len == original) {
      last.len += len;
      last.original_len += len;
      size_ += len;
      return;
    }
  }
  runs_.push_back({size_, original, len, len, true});
  size_ += len;
}

void OffsetMap::add_replacement(size_t original, size_t original_len, size_t derived_len) {
  if (derived_len == 0) return;
  runs_.push_back({size_, original, derived_len, original_len, false});
  size_ += derived_len;
}

OffsetMap OffsetMap::then(const OffsetMap& outer) const {
  OffsetMap out;
  out.runs_.reserve(outer.runs_.size() + 8);  // about one run each, sometimes split
  for (const Run& r : outer.runs_) {
    if (r.copy) {
      // A copy of B[r.original, +len): split it along this map's runs over B.
      size_t b = r.original;
      size_t end = r.original + r.len;
      while (b < end) {
        auto it = std::upper_bound(runs_.begin(), runs_.end(), b,
                                   [](size_t off, const Run& x) { return off < x.derived; });
        if (it == runs_.begin()) {
          out.add_copy(b, end - b);
          break;
        }
        const Run& inner = *(it - 1);
        size_t run_end = inner.derived + inner.len;
        size_t piece = std::min(end, std::max(run_end, b + 1)) - b;
        if (b >= run_end) {  // beyond the inner map: pass through
          out.add_copy(b, end - b);
          break;
        }
        if (inner.copy) {
          out.add_copy(inner.original + (b - inner.derived), piece);
        } else {
          out.add_replacement(inner.original, inner.original_len, piece);
        }
        b += piece;
      }
    } else {
      auto [ob, oe] = to_original(r.original, r.original + r.original_len);
      out.add_replacement(ob, oe - ob, r.len);
    }
  }
  return out;
}

OffsetMap OffsetMap::identity(size_t len) {
  OffsetMap m;
  m.add_copy(0, len);
  return m;
}

void MappedText::copy(size_t original, std::string_view text) {
  text_.append(text);
  map_.add_copy(original, text.size());
}

void MappedText::replace(size_t original, size_t original_len, std::string_view text) {
  text_.append(text);
  map_.add_replacement(original, original_len, text.size());
}

void OffsetMap::truncate(size_t new_size) {
  while (!runs_.empty() && runs_.back().derived >= new_size) runs_.pop_back();
  if (!runs_.empty()) {
    Run& last = runs_.back();
    size_t keep = new_size - last.derived;
    if (keep < last.len) {
      if (last.copy) last.original_len = keep;
      last.len = keep;
    }
  }
  size_ = std::min(size_, new_size);
}

void MappedText::append(const MappedText& other, size_t begin, size_t end) {
  const auto& runs = other.map_.runs();
  auto it = std::upper_bound(runs.begin(), runs.end(), begin,
                             [](size_t off, const OffsetMap::Run& r) { return off < r.derived; });
  if (it != runs.begin()) --it;
  for (; it != runs.end() && it->derived < end; ++it) {
    size_t b = std::max(begin, it->derived);
    size_t e = std::min(end, it->derived + it->len);
    if (b >= e) continue;
    std::string_view piece = std::string_view(other.text_).substr(b, e - b);
    if (it->copy) {
      copy(it->original + (b - it->derived), piece);
    } else {
      replace(it->original, it->original_len, piece);
    }
  }
}

void MappedText::trim_back(char c) {
  size_t n = text_.size();
  while (n > 0 && text_[n - 1] == c) --n;
  if (n == text_.size()) return;
  text_.resize(n);
  map_.truncate(n);
}

}  // namespace sitrep

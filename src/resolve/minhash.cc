#include "resolve/minhash.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_set>

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kResolveFunctionWords;
}

namespace sitrep::resolve {

namespace {

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

bool is_function_word(std::string_view lower_word) {
  static const auto* words = [] {
    auto* set = new std::unordered_set<std::string, TransparentHash, std::equal_to<>>();
    for_each_data_line(data::kResolveFunctionWords, [&](std::string_view line, size_t) {
      set->emplace(trim(line));
      return true;
    });
    return set;
  }();
  return words->find(lower_word) != words->end();
}

std::vector<uint64_t> shingle_hashes(std::string_view text) {
  std::vector<uint64_t> out;
  std::string prev, cur, pair;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    cur.clear();
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i])))
      cur.push_back(ascii_lower(text[i++]));
    if (!prev.empty() && !(is_function_word(prev) && is_function_word(cur))) {
      pair.assign(prev).push_back(' ');
      pair.append(cur);
      out.push_back(hash64(pair));
    }
    prev.swap(cur);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Signature minhash(std::string_view text) {
  Signature s;
  s.slot.fill(std::numeric_limits<uint64_t>::max());
  std::vector<uint64_t> hashes = shingle_hashes(text);
  s.shingles = static_cast<uint32_t>(hashes.size());
  for (uint64_t h : hashes)
    for (size_t i = 0; i < kMinHashSize; ++i)
      s.slot[i] = std::min(s.slot[i], mix64(h ^ (0x9e3779b97f4a7c15ULL * (i + 1))));
  return s;
}

double similarity(const Signature& a, const Signature& b) {
  if (a.shingles == 0 || b.shingles == 0) return 0;
  size_t same = 0;
  for (size_t i = 0; i < kMinHashSize; ++i) same += a.slot[i] == b.slot[i];
  return double(same) / kMinHashSize;
}

std::array<uint64_t, kBands> band_keys(const Signature& s) {
  std::array<uint64_t, kBands> keys{};
  for (size_t b = 0; b < kBands; ++b) {
    uint64_t k = mix64(b + 1);
    for (size_t r = 0; r < kBandRows; ++r) k = mix64(k ^ s.slot[b * kBandRows + r]);
    // SQLite integers are signed 64-bit; keep keys positive so they sort plainly.
    keys[b] = k >> 1;
  }
  return keys;
}

std::vector<uint8_t> serialize(const Signature& s) {
  std::vector<uint8_t> out(kMinHashSize * 8 + 4);
  for (size_t i = 0; i < kMinHashSize; ++i)
    for (size_t b = 0; b < 8; ++b) out[i * 8 + b] = static_cast<uint8_t>(s.slot[i] >> (8 * b));
  for (size_t b = 0; b < 4; ++b) out[kMinHashSize * 8 + b] = static_cast<uint8_t>(s.shingles >> (8 * b));
  return out;
}

bool deserialize(std::string_view bytes, Signature& out) {
  if (bytes.size() != kMinHashSize * 8 + 4) return false;
  auto byte = [&](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])); };
  for (size_t i = 0; i < kMinHashSize; ++i) {
    uint64_t v = 0;
    for (size_t b = 0; b < 8; ++b) v |= byte(i * 8 + b) << (8 * b);
    out.slot[i] = v;
  }
  uint32_t n = 0;
  for (size_t b = 0; b < 4; ++b) n |= static_cast<uint32_t>(byte(kMinHashSize * 8 + b) << (8 * b));
  out.shingles = n;
  return true;
}

}  // namespace sitrep::resolve

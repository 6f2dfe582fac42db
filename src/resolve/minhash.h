// Near-duplicate documents: MinHash signatures over word-bigram shingles,
// with banded keys (locality-sensitive hashing) to find candidate pairs
// without comparing every document with every other.
//
// Words are runs of letters and digits (any non-ASCII byte counts as a
// letter), lower-cased; a shingle is two consecutive words, unless both are
// function words ("of the" is in every story), hashed with XXH3. Signature slot i keeps the smallest of the shingle hashes after
// mixing with seed i; two signatures agree in a slot with probability equal
// to the Jaccard similarity of their shingle sets.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sitrep::resolve {

inline constexpr size_t kMinHashSize = 128;
inline constexpr size_t kBandRows = 2;  // 64 bands of 2: pairs near 0.15 are still found
inline constexpr size_t kBands = kMinHashSize / kBandRows;

struct Signature {
  std::array<uint64_t, kMinHashSize> slot{};
  uint32_t shingles = 0;  // distinct shingles seen (0: too short to compare)
};

// True for the function words of data/resolve/function_words.txt ("the",
// "of", "said"...), given lower-cased.
bool is_function_word(std::string_view lower_word);

// The shingle hashes of `text` (deduplicated, sorted); a pair of two
// function words is no shingle.
std::vector<uint64_t> shingle_hashes(std::string_view text);
Signature minhash(std::string_view text);
// The fraction of agreeing slots: an estimate of the shingle Jaccard.
double similarity(const Signature& a, const Signature& b);
// One key per band; documents sharing any key are candidate pairs.
std::array<uint64_t, kBands> band_keys(const Signature& s);

// Serialised form for storage (little-endian slots, then the count).
std::vector<uint8_t> serialize(const Signature& s);
bool deserialize(std::string_view bytes, Signature& out);

// Thresholds on the estimated Jaccard of word bigrams, chosen on the seeds
// and samples (docs/design.md): a reworded copy of one story scores about
// 0.2, unrelated articles on the same topic under 0.1.
inline constexpr double kSameStory = 0.15;
inline constexpr double kDuplicate = 0.85;

}  // namespace sitrep::resolve

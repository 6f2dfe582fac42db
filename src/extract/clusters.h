// Word classes learned from raw text, for the role tagger's features: words
// that occur in the same neighbourhoods ("gunmen", "assailants",
// "terrorists"; "bus", "jeep", "truck") share a class, so what the tagger
// learns of one holds for the others, including words seen too rarely in
// annotated fillers to learn from directly.
//
// Learned by the exchange algorithm (Kneser and Ney 1993; Martin, Liermann
// and Ney 1998): each word in turn moves to the class that most raises the
// likelihood of the text's class bigrams, until no move helps. Two levels:
// fine classes over words, and coarse classes learned the same way over the
// fine classes, so a coarse class is a union of fine ones.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/text.h"

namespace sitrep::extract {

// A word's classes: fine in 1..fine count, coarse in 1..coarse count; 0
// when the word has none (too rare in the training texts).
struct WordClass {
  uint16_t fine = 0, coarse = 0;
};

// The classes of the model's words, looked up by word key
// (analyze::Token::key).
class WordClusters {
 public:
  void assign(std::vector<std::pair<uint64_t, WordClass>> words);
  WordClass find(uint64_t key) const {
    if (slots_.empty()) return {};
    for (size_t h = mix64(key) & mask_; slots_[h].key != 0; h = (h + 1) & mask_)
      if (slots_[h].key == key) return slots_[h].c;
    return {};
  }
  // (key, class) in key order.
  const std::vector<std::pair<uint64_t, WordClass>>& words() const { return words_; }
  bool empty() const { return words_.empty(); }

 private:
  struct Slot {
    uint64_t key = 0;
    WordClass c;
  };
  std::vector<std::pair<uint64_t, WordClass>> words_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// Bigram counts over items 0..n-1 (words, or classes of words), the input
// of the exchange algorithm.
struct Bigrams {
  size_t items = 0;
  // Per item: (next item, count) and (previous item, count), each list
  // sorted by item, one entry per distinct neighbour.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> next, prev;
  void add(uint32_t a, uint32_t b, uint32_t n);  // before finish()
  void finish();                                 // sorts and merges the lists
};

// The class bigram log-likelihood the exchange algorithm raises, up to terms
// that do not depend on the classes: sum over class pairs of N log N, less
// the same over each class's counts as a left and as a right neighbour.
double class_likelihood(const Bigrams& b, std::span<const uint32_t> cls, uint32_t classes);

// Classes 0..classes-1 for every item. Items start in order of `rank`
// (most frequent first) dealt round-robin over the classes, and are visited
// in that order for at most `passes` passes, each item moving to the class
// of the largest likelihood gain (staying on ties). Deterministic.
std::vector<uint32_t> exchange_clusters(const Bigrams& b, std::span<const uint32_t> rank, uint32_t classes,
                                        int passes);

// Fine and coarse classes for the words of `sentences` (word keys per
// sentence) seen at least `min_count` times; every rarer word stands as one
// shared item, which takes part in the counts but is given no class.
WordClusters learn_word_clusters(const std::vector<std::vector<uint64_t>>& sentences, uint32_t min_count,
                                 uint32_t fine, uint32_t coarse, int passes);

}  // namespace sitrep::extract

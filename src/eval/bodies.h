// Boilerplate-removal evaluation on ../shared/data/article-bodies: the
// shingle score of SPEC section 5 (4-token shingles, per-page precision and
// recall averaged over pages, F1 from the averages).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

struct ShingleCounts {
  double tp = 0;
  double fp = 0;
  double fn = 0;
};

// Tokens are runs of word characters (Unicode letters, digits, marks, "_").
std::vector<std::string_view> word_tokens(std::string_view text);
// Shingle overlap of a predicted and a true body.
ShingleCounts shingle_counts(std::string_view predicted, std::string_view truth);

struct PageScore {
  std::string id;
  double precision = 0;
  double recall = 0;
  std::string error;  // non-empty when the page could not be cleaned
};

struct BodiesReport {
  std::vector<PageScore> pages;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double seconds = 0;      // clean time for all pages
  size_t html_bytes = 0;   // uncompressed HTML
};

// Cleans every page under `dir`/html and scores it against
// `dir`/ground-truth.json. kNotFound when the corpus is absent.
Result<BodiesReport> eval_bodies(const std::string& dir);

}  // namespace sitrep::eval

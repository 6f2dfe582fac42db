// gzip decompression on zlib, member by member, so a multi-member file (a
// WARC.gz holds one member per record) decodes whole and a truncated one
// keeps what came before the damage.
#pragma once

#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::ingest {

inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

struct Gunzipped {
  std::string data;  // everything decoded, even when `status` is an error
  Status status;     // kTruncatedGzip, kCorruptGzip or kTooLarge on damage
};

// Decodes every gzip member of `bytes`, stopping at `max_output` bytes.
Gunzipped gunzip(std::string_view bytes, size_t max_output);

}  // namespace sitrep::ingest

// gzip decoding (see gzip.h).
#include "ingest/gzip.h"

#include <fmt/format.h>
#include <zlib.h>

namespace sitrep::ingest {

Gunzipped gunzip(std::string_view bytes, size_t max_output) {
  Gunzipped out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    out.status = Status(ErrorCode::kInternal, "zlib failed to initialise");
    return out;
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  char buf[1 << 16];
  bool in_member = true;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t produced = sizeof buf - zs.avail_out;
    if (out.data.size() + produced > max_output) {
      out.status = Status(ErrorCode::kTooLarge,
                          fmt::format("decompresses to more than {} MiB", max_output >> 20));
      break;
    }
    out.data.append(buf, produced);
    if (rc == Z_STREAM_END) {
      in_member = false;
      // Another member may follow (skip NUL padding some writers add).
      while (zs.avail_in > 0 && *zs.next_in == 0) {
        ++zs.next_in;
        --zs.avail_in;
      }
      if (zs.avail_in == 0) break;
      if (zs.avail_in < 2 || zs.next_in[0] != 0x1F || zs.next_in[1] != 0x8B) {
        out.status = Status(ErrorCode::kCorruptGzip,
                            fmt::format("trailing garbage at byte {}", bytes.size() - zs.avail_in));
        break;
      }
      inflateReset(&zs);
      in_member = true;
      continue;
    }
    if (rc == Z_OK) {
      if (zs.avail_in == 0 && produced == 0) break;  // needs input we do not have
      continue;
    }
    if (rc == Z_BUF_ERROR) {
      if (zs.avail_in == 0) break;
      continue;
    }
    out.status = Status(ErrorCode::kCorruptGzip,
                        fmt::format("{} at byte {}", zs.msg ? zs.msg : "bad data",
                                    bytes.size() - zs.avail_in));
    break;
  }
  if (out.status.is_ok() && in_member) {
    out.status = Status(ErrorCode::kTruncatedGzip,
                        fmt::format("stream ends inside a member after {} compressed bytes "
                                    "({} bytes decoded)",
                                    bytes.size(), out.data.size()));
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace sitrep::ingest

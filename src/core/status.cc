// The error catalogue's lookups and Status formatting.
#include "sitrep/status.h"

#include <array>

namespace sitrep {
namespace {

struct Entry {
  std::string_view id;
  std::string_view summary;
};

constexpr std::array kCatalogue = {
#define X(name, code, summary) Entry{code, summary},
#include "sitrep/errors.def"
#undef X
};

}  // namespace

std::string_view error_code_id(ErrorCode code) {
  return kCatalogue[static_cast<size_t>(code)].id;
}

std::string_view error_code_summary(ErrorCode code) {
  return kCatalogue[static_cast<size_t>(code)].summary;
}

std::string Status::to_string() const {
  std::string out(error_code_id(code_));
  out += ' ';
  out += error_code_summary(code_);
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

Status Status::with_context(std::string_view context) const {
  if (is_ok()) return *this;
  std::string msg(context);
  if (!message_.empty()) {
    msg += ": ";
    msg += message_;
  }
  return Status(code_, std::move(msg));
}

}  // namespace sitrep

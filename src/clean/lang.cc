// Language identification (see lang.h).
#include "clean/lang.h"

#include <cld2/public/compact_lang_det.h>

namespace sitrep::clean {

std::string detect_language(std::string_view text) {
  if (text.size() < 20) return "";
  // CLD2 needs no more than the first few kilobytes to be sure.
  std::string_view sample = text.substr(0, 16384);
  bool reliable = false;
  CLD2::Language lang =
      CLD2::DetectLanguage(sample.data(), static_cast<int>(sample.size()), true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  if (!reliable && sample.size() < 200) return "";
  // CLD2 returns some codes with a region or script suffix ("zh-Hant").
  if (size_t dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  return code;
}

}  // namespace sitrep::clean

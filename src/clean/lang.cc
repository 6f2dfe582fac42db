// Language identification (see lang.h).
#include "clean/lang.h"

#include <cld2/public/compact_lang_det.h>

namespace sitrep::clean {

std::string_view language_sample(std::string_view text) {
  if (text.size() <= kLanguageSampleBytes) return text;
  // End at a space, so that no word (and no UTF-8 sequence) is cut in two;
  // text without spaces in its second half is cut at a character boundary.
  size_t cut = text.rfind(' ', kLanguageSampleBytes);
  if (cut == std::string_view::npos || cut < kLanguageSampleBytes / 2) {
    cut = kLanguageSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return text.substr(0, cut);
}

std::string detect_language(std::string_view text) {
  if (text.size() < 20) return "";
  std::string_view sample = language_sample(text);
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

// Language identification of an article body with CLD2.
#pragma once

#include <string>
#include <string_view>

namespace sitrep::clean {

// ISO 639-1 code ("en", "es", "ru") of the body's main language, or "" when
// the text is too short or CLD2 is unsure.
std::string detect_language(std::string_view text);

}  // namespace sitrep::clean

// Boilerplate lexicon and line tests (see boilerplate.h).
#include "clean/boilerplate.h"

#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kCleanBoilerplate;
}

namespace sitrep::clean {

const BoilerplateLexicon& BoilerplateLexicon::get() {
  static const BoilerplateLexicon lexicon(data::kCleanBoilerplate);
  return lexicon;
}

BoilerplateLexicon::BoilerplateLexicon(std::string_view source) {
  for_each_lexicon_entry(source, [&](std::string_view kind, std::string phrase) {
    if (kind == "exact") {
      exact_.push_back(std::move(phrase));
    } else if (kind == "prefix") {
      prefix_.push_back(std::move(phrase));
    } else if (kind == "contains") {
      contains_.push_back(std::move(phrase));
    } else if (kind == "end") {
      end_.push_back(std::move(phrase));
    }
  });
}

std::string line_key(std::string_view line) {
  std::string key = ascii_lower(trim(line));
  // Unicode spaces at either end (no-break space, thin space).
  auto strip = [&](std::string_view bytes) {
    bool changed = true;
    while (changed) {
      changed = false;
      if (key.size() >= bytes.size() && key.compare(0, bytes.size(), bytes) == 0) {
        key.erase(0, bytes.size());
        changed = true;
      }
      if (key.size() >= bytes.size() &&
          key.compare(key.size() - bytes.size(), bytes.size(), bytes) == 0) {
        key.erase(key.size() - bytes.size());
        changed = true;
      }
    }
  };
  strip("\xC2\xA0");
  strip("\xE2\x80\xAF");
  // Framing punctuation: "-- END OF ITEM --", "Related:", "More >", "(END)".
  auto framing = [](char c) {
    return c == ':' || c == '.' || c == '>' || c == ' ' || c == '|' || c == '-' || c == '(' ||
           c == ')' || c == '[' || c == ']' || c == '*';
  };
  while (!key.empty() && framing(key.back())) key.pop_back();
  size_t lead = 0;
  while (lead < key.size() && framing(key[lead]) && key[lead] != '(') ++lead;
  if (lead > 0 && lead < key.size() && key[lead] != '#') key.erase(0, lead);
  strip("\xC2\xBB");      // »
  strip("\xE2\x80\xBA");  // ›
  return std::string(trim(key));
}

// Lines longer than this are not checked against the "contains" markers.
constexpr size_t kMaxContainsLine = 600;

bool BoilerplateLexicon::is_boilerplate(std::string_view line) const {
  return key_is_boilerplate(line_key(line));
}

bool BoilerplateLexicon::is_end_marker(std::string_view line) const {
  return key_is_end_marker(line_key(line));
}

bool BoilerplateLexicon::key_is_boilerplate(std::string_view key) const {
  if (key.empty()) return false;
  for (const auto& p : exact_) {
    if (key == p) return true;
  }
  for (const auto& p : prefix_) {
    if (key.compare(0, p.size(), p) == 0) return true;
  }
  // Furniture is short: a paragraph of story that happens to contain a
  // marker ("click here") is not boilerplate, and scanning long paragraphs
  // for every marker was a tenth of the pipeline's time on one-line texts.
  if (key.size() > kMaxContainsLine) return false;
  for (const auto& p : contains_) {
    if (key.find(p) != std::string_view::npos) return true;
  }
  return false;
}

bool BoilerplateLexicon::key_is_end_marker(std::string_view key) const {
  for (const auto& p : end_) {
    if (key == p) return true;
  }
  return false;
}

bool is_duration(std::string_view line) {
  line = trim(line);
  if (line.size() < 4 || line.size() > 8) return false;
  int colons = 0;
  for (char c : line) {
    if (c == ':') {
      ++colons;
    } else if (!isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return colons >= 1 && colons <= 2 && line.front() != ':' && line.back() != ':';
}

bool is_image_name(std::string_view line) {
  line = trim(line);
  for (auto ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"}) {
    if (iends_with(line, ext)) return true;
  }
  return false;
}

size_t count_words(std::string_view s, size_t at_most) {
  size_t n = 0;
  bool in = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    // isalnum() as the C locale has it, without a library call per byte.
    bool w = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (w && !in && ++n == at_most) return n;
    in = w;
  }
  return n;
}

bool ends_sentence(std::string_view s) {
  s = trim(s);
  while (!s.empty()) {
    char c = s.back();
    if (c == '"' || c == '\'' || c == ')') {
      s.remove_suffix(1);
      continue;
    }
    // Closing typographic quotes: ” ’ »
    if (s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" ||
                          s.substr(s.size() - 3) == "\xE2\x80\x99")) {
      s.remove_suffix(3);
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
  }
  return false;
}

}  // namespace sitrep::clean

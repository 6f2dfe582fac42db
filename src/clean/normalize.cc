// Body normalisation (see normalize.h). ASCII runs are copied untouched;
// only words holding non-ASCII letters go through ICU.
#include "clean/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>

#include <mutex>
#include <string>
#include <unordered_map>

#include "core/text.h"

namespace sitrep::clean {
namespace {

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0x85;
}

bool is_invisible(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// Straight replacement for typographic quotes, or 0.
char quote_for(char32_t c) {
  switch (c) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
      return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
      return '\'';
    default:
      return 0;
  }
}

bool is_word_cp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(static_cast<UChar32>(c)) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK;
}

// Per-code-point Latin prototype from the UTS #39 confusables table: the
// skeleton of a single letter, kept only when it is plain ASCII letters.
class Confusables {
 public:
  static Confusables& instance() {
    static Confusables c;
    return c;
  }
  // "" when `cp` has no ASCII look-alike.
  const std::string& latin_for(char32_t cp) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(cp);
    if (it != cache_.end()) return it->second;
    std::string out;
    if (checker_ != nullptr) {
      UChar in[2];
      int32_t n = 0;
      U16_APPEND_UNSAFE(in, n, static_cast<UChar32>(cp));
      UChar skel[16];
      UErrorCode err = U_ZERO_ERROR;
      int32_t len = uspoof_getSkeleton(checker_, 0, in, n, skel, 16, &err);
      if (U_SUCCESS(err)) {
        for (int32_t i = 0; i < len; ++i) {
          UChar u = skel[i];
          if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
            out += static_cast<char>(u);
          } else {
            out.clear();
            break;
          }
        }
      }
    }
    return cache_.emplace(cp, std::move(out)).first->second;
  }

 private:
  Confusables() {
    UErrorCode err = U_ZERO_ERROR;
    checker_ = uspoof_open(&err);
    if (U_FAILURE(err)) checker_ = nullptr;
  }
  ~Confusables() {
    if (checker_ != nullptr) uspoof_close(checker_);
  }
  USpoofChecker* checker_ = nullptr;
  std::mutex mu_;
  std::unordered_map<char32_t, std::string> cache_;
};

UScriptCode script_of(char32_t cp) {
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(static_cast<UChar32>(cp), &err);
  return U_FAILURE(err) ? USCRIPT_COMMON : s;
}

// Appends word text[b, e) (which holds non-ASCII) to `out`, NFC-normalised and,
// when it mixes Latin with another script, with the other script's
// look-alikes folded to Latin.
void emit_word(std::string_view text, size_t b, size_t e, bool fold, MappedText& out) {
  std::string_view word = text.substr(b, e - b);
  // Which scripts does the word use?
  bool latin = false;
  bool other = false;
  for (size_t i = 0; i < word.size();) {
    char32_t cp = next_code_point(word, i);
    UScriptCode s = script_of(cp);
    if (s == USCRIPT_LATIN) {
      latin = true;
    } else if (s != USCRIPT_COMMON && s != USCRIPT_INHERITED) {
      other = true;
    }
  }
  bool mixed = latin && other;

  // NFC first (a no-op for almost every word).
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  std::string normalized;
  bool changed = false;
  if (U_SUCCESS(err) && !nfc->isNormalized(u, err)) {
    icu::UnicodeString n = nfc->normalize(u, err);
    if (U_SUCCESS(err)) {
      n.toUTF8String(normalized);
      changed = true;
    }
  }
  std::string_view src = changed ? std::string_view(normalized) : word;

  if (!(fold && mixed)) {
    if (changed) {
      out.replace(b, word.size(), src);
    } else {
      out.copy(b, word);
    }
    return;
  }
  // Fold letter by letter; each letter maps back to its own bytes when the
  // word was already NFC, else the whole word is one replacement.
  std::string folded;
  size_t i = 0;
  while (i < src.size()) {
    size_t start = i;
    char32_t cp = next_code_point(src, i);
    UScriptCode s = script_of(cp);
    const std::string* latin_form = nullptr;
    if (s != USCRIPT_LATIN && s != USCRIPT_COMMON && s != USCRIPT_INHERITED) {
      const std::string& l = Confusables::instance().latin_for(cp);
      if (!l.empty()) latin_form = &l;
    }
    if (changed) {
      folded += latin_form ? *latin_form : std::string(src.substr(start, i - start));
    } else if (latin_form) {
      out.replace(b + start, i - start, *latin_form);
    } else {
      out.copy(b + start, src.substr(start, i - start));
    }
  }
  if (changed) out.replace(b, word.size(), folded);
}

}  // namespace

MappedText normalize_text(std::string_view text, const NormalizeOptions& options) {
  MappedText out;
  out.reserve(text.size(), text.size() / 32 + 16);  // wire copy: a run or two a line
  size_t i = 0;
  const size_t n = text.size();
  bool pending_space = false;
  bool pending_break = false;
  size_t space_at = 0;
  auto flush_space = [&]() {
    if (!pending_space) return;
    if (!out.empty()) {
      if (pending_break) {
        out.replace(space_at, 1, "\n\n");
      } else {
        out.replace(space_at, 1, " ");
      }
    }
    pending_space = pending_break = false;
  };
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // Fast path: a run of ASCII non-space bytes.
    if (c < 0x80 && !is_ascii_space(static_cast<char>(c))) {
      size_t j = i + 1;
      while (j < n && static_cast<unsigned char>(text[j]) < 0x80 && !is_ascii_space(text[j])) ++j;
      // Stop before a word that continues into non-ASCII letters, so it is
      // handled whole by the word path.
      if (j < n && static_cast<unsigned char>(text[j]) >= 0x80) {
        size_t w = j;
        while (w > i && is_word_cp(static_cast<unsigned char>(text[w - 1]))) --w;
        j = w;
      }
      if (j > i) {
        flush_space();
        out.copy(i, text.substr(i, j - i));
        i = j;
        continue;
      }
    }
    size_t start = i;
    char32_t cp = next_code_point(text, i);
    if (is_space_cp(cp)) {
      if (!pending_space) space_at = start;
      pending_space = true;
      if (cp == '\n' || cp == 0x2029 || cp == 0x2028) pending_break = true;
      continue;
    }
    if (is_invisible(cp)) continue;
    flush_space();
    if (options.normalize_quotes) {
      if (char q = quote_for(cp)) {
        out.replace(start, i - start, std::string_view(&q, 1));
        continue;
      }
    }
    if (is_word_cp(cp)) {
      // Take the whole word (letters, digits, marks) and handle it at once.
      size_t e = i;
      while (e < n) {
        size_t k = e;
        char32_t next = next_code_point(text, k);
        if (!is_word_cp(next)) break;
        e = k;
      }
      emit_word(text, start, e, options.fold_confusables, out);
      i = e;
      continue;
    }
    out.copy(start, text.substr(start, i - start));
  }
  return out;
}

}  // namespace sitrep::clean

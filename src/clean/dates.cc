// Publication-date parsing (see dates.h). A small scanner over word and
// number tokens; no regular expressions on the hot path.
#include "clean/dates.h"

#include <fmt/format.h>

#include <array>
#include <vector>

#include "core/text.h"

namespace sitrep::clean {
namespace {

struct Token {
  std::string_view text;
  bool number;
  size_t begin;
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      i += 2;  // no-break space
    } else if (isdigit(c)) {
      size_t j = i;
      while (j < s.size() && isdigit(static_cast<unsigned char>(s[j]))) ++j;
      out.push_back({s.substr(i, j - i), true, i});
      i = j;
    } else if (isalpha(c) || c >= 0x80) {
      size_t j = i;
      while (j < s.size() &&
             (isalpha(static_cast<unsigned char>(s[j])) || static_cast<unsigned char>(s[j]) >= 0x80)) {
        ++j;
      }
      out.push_back({s.substr(i, j - i), false, i});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_ymd(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  if (m == 2 && d == 29) return leap(y);
  return d <= kDays[m - 1];
}

// A year token: four digits, or two digits pivoted at 50.
int year_of(const Token& t) {
  if (!t.number) return 0;
  if (t.text.size() == 4) return to_int(t.text);
  if (t.text.size() == 2) {
    int y = to_int(t.text);
    return y >= 50 ? 1900 + y : 2000 + y;
  }
  return 0;
}

std::string iso(int y, int m, int d) { return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d); }

bool is_ordinal_suffix(std::string_view w) {
  return iequals(w, "st") || iequals(w, "nd") || iequals(w, "rd") || iequals(w, "th");
}

}  // namespace

int month_from_name(std::string_view w) {
  struct Name {
    std::string_view name;
    int month;
    size_t min_prefix;  // how short an abbreviation may be
  };
  static constexpr Name kNames[] = {
      {"january", 1, 3},   {"february", 2, 3}, {"march", 3, 3},     {"april", 4, 3},
      {"may", 5, 3},       {"june", 6, 3},     {"july", 7, 3},      {"august", 8, 3},
      {"september", 9, 3}, {"october", 10, 3}, {"november", 11, 3}, {"december", 12, 3},
      {"janvier", 1, 4},   {"février", 2, 4},  {"fevrier", 2, 4},   {"mars", 3, 4},
      {"avril", 4, 4},     {"mai", 5, 3},      {"juin", 6, 4},      {"juillet", 7, 4},
      {"août", 8, 4},      {"aout", 8, 4},     {"septembre", 9, 9}, {"octobre", 10, 7},
      {"novembre", 11, 8}, {"décembre", 12, 4}, {"enero", 1, 5},    {"febrero", 2, 5},
      {"marzo", 3, 5},     {"abril", 4, 5},    {"mayo", 5, 4},      {"junio", 6, 5},
      {"julio", 7, 5},     {"agosto", 8, 6},   {"septiembre", 9, 10}, {"setiembre", 9, 9},
      {"octubre", 10, 7},  {"noviembre", 11, 9}, {"diciembre", 12, 9},
  };
  if (w.size() < 3) return 0;
  std::string lw = ascii_lower(w);
  if (lw == "sept") return 9;
  for (const auto& n : kNames) {
    if (lw.size() >= n.min_prefix && lw.size() <= n.name.size() &&
        n.name.substr(0, lw.size()) == lw) {
      // Abbreviations must be exactly three letters or the whole name.
      if (lw.size() == n.name.size() || lw.size() == 3 || lw.size() == n.min_prefix) return n.month;
    }
  }
  return 0;
}

std::string find_date(std::string_view text, bool allow_month) {
  // ISO forms first: yyyy-mm-dd (with or without a time), yyyy/mm/dd.
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    auto d = [&](size_t k) { return isdigit(static_cast<unsigned char>(text[i + k])) != 0; };
    char sep = text[i + 4];
    if (d(0) && d(1) && d(2) && d(3) && (sep == '-' || sep == '/') && d(5) && d(6) &&
        text[i + 7] == sep && d(8) && d(9) && (i == 0 || !isdigit(static_cast<unsigned char>(text[i - 1])))) {
      int y = to_int(text.substr(i, 4));
      int m = to_int(text.substr(i + 5, 2));
      int day = to_int(text.substr(i + 8, 2));
      if (valid_ymd(y, m, day)) return iso(y, m, day);
    }
  }
  // Day-first dotted dates: "24.10.2024".
  for (size_t i = 0; i + 10 <= text.size(); ++i) {
    auto d = [&](size_t k) { return isdigit(static_cast<unsigned char>(text[i + k])) != 0; };
    if (d(0) && d(1) && text[i + 2] == '.' && d(3) && d(4) && text[i + 5] == '.' && d(6) &&
        d(7) && d(8) && d(9) && (i == 0 || !isdigit(static_cast<unsigned char>(text[i - 1])))) {
      int day = to_int(text.substr(i, 2));
      int m = to_int(text.substr(i + 3, 2));
      int y = to_int(text.substr(i + 6, 4));
      if (valid_ymd(y, m, day)) return iso(y, m, day);
    }
  }
  std::vector<Token> t = tokenize(text);
  for (size_t i = 0; i < t.size(); ++i) {
    if (!t[i].number) {
      int m = month_from_name(t[i].text);
      if (m == 0) continue;
      // Month Day[th], Year
      if (i + 1 < t.size() && t[i + 1].number && t[i + 1].text.size() <= 2) {
        size_t k = i + 2;
        if (k < t.size() && !t[k].number && is_ordinal_suffix(t[k].text)) ++k;
        if (k < t.size()) {
          int y = year_of(t[k]);
          if (y != 0 && t[k].text.size() == 4 && valid_ymd(y, m, to_int(t[i + 1].text))) {
            return iso(y, m, to_int(t[i + 1].text));
          }
        }
      }
      // Month Year
      if (allow_month && i + 1 < t.size() && t[i + 1].number && t[i + 1].text.size() == 4) {
        int y = year_of(t[i + 1]);
        if (valid_ymd(y, m, 1)) return fmt::format("{:04d}-{:02d}", y, m);
      }
      continue;
    }
    // Day[th] Month[,] Year (year of two digits only in this order, as wire
    // datelines write it: "3 JAN 90").
    if (t[i].text.size() <= 2) {
      size_t k = i + 1;
      if (k < t.size() && !t[k].number && is_ordinal_suffix(t[k].text)) ++k;
      if (k < t.size() && !t[k].number && iequals(t[k].text, "de")) ++k;  // "3 de enero de 1990"
      if (k + 1 < t.size() && !t[k].number) {
        int m = month_from_name(t[k].text);
        size_t yk = k + 1;
        if (yk < t.size() && !t[yk].number && iequals(t[yk].text, "de")) ++yk;
        if (m != 0 && yk < t.size()) {
          int y = year_of(t[yk]);
          int day = to_int(t[i].text);
          if (y != 0 && valid_ymd(y, m, day)) return iso(y, m, day);
        }
      }
    }
  }
  return "";
}

bool is_date_line(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.size() > 80) return false;
  if (find_date(line).empty()) return false;
  // Every word must be date vocabulary: month and weekday names, times,
  // zones, "updated"/"published"/"at"/"on"/"by"-free.
  static constexpr std::string_view kAllowed[] = {
      "updated", "published", "posted", "last", "modified", "at", "on", "am", "pm", "a", "m",
      "et", "est", "edt", "ct", "cst", "cdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet",
      "cest", "ist", "t", "z", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
      "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "le", "el", "de", "publié", "mis", "à", "jour", "h", "ago", "hour", "hours", "min", "mins",
      "minute", "minutes", "day", "days", "yesterday", "today", "local", "time", "update",
      "updates"};
  for (const Token& tok : tokenize(line)) {
    if (tok.number) continue;
    if (month_from_name(tok.text) != 0) continue;
    bool ok = false;
    for (auto a : kAllowed) {
      if (iequals(tok.text, a)) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}

}  // namespace sitrep::clean

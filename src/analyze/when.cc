// Dates and times in news text (see when.h). The text is scanned once
// (scan::Tokens, shared with numbers.cc); at each token that can start a
// temporal expression the forms below are tried in a fixed order and the
// first that resolves is kept. Words are data (data/analyze/times.tsv);
// month names come from clean::month_from_name; calendar arithmetic is
// std::chrono's.
#include "analyze/when.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "clean/dates.h"
#include "core/text.h"

namespace sitrep::data {
extern const std::string_view kAnalyzeTimes;
}

namespace sitrep::analyze {
namespace {

namespace ch = std::chrono;
using Day = ch::sys_days;
using scan::Kind;
using scan::PhraseTable;
using scan::Tokens;

enum TimeKind : uint32_t {
  kWeekday,
  kDay,
  kPart,
  kMod,
  kRel,
  kPeriod,
  kUnit,
  kFew,
  kAgo,
  kArticle,
  kLead,
  kDatePrep,
  kWindow,
  kEnd,
  kRolling,
  kHoliday,
  kFiller,
};
constexpr uint32_t bit(uint32_t k) { return 1u << k; }

enum class Period : uint8_t { kNone, kWeek, kMonth, kYear, kWeekend };
enum class Unit : uint8_t { kHour, kDay, kWeek, kMonth, kYear };

struct Row {
  int value = 0;        // weekday 1..7, day offset, rel offset; holiday month
  int day = 0;          // holiday day of month
  bool easter = false;  // holiday: `value` days from Easter Sunday
  Period period = Period::kNone;
  Unit unit = Unit::kDay;
  int count = 0;            // unit: how many `unit`s one is; window: a built-in span
  int vague = 0;            // plural unit: how many a vague window means (0: none)
  bool include = false;     // lead: part of the span
  bool month_only = false;  // lead: enables bare months, not bare years
};

struct Lexicon {
  PhraseTable table;
  std::vector<Row> rows;
};

[[noreturn]] void bad_table(int line, std::string_view why) {
  std::fprintf(stderr, "sitrep: data/analyze/times.tsv:%d: %.*s\n", line,
               static_cast<int>(why.size()), why.data());
  std::abort();
}

int parse_int(std::string_view s, int line) {
  s = trim(s);
  bool neg = !s.empty() && (s[0] == '-' || s[0] == '+');
  bool minus = neg && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty()) bad_table(line, "missing number");
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') bad_table(line, fmt::format("not a number: {}", s));
    v = v * 10 + (c - '0');
  }
  return minus ? -v : v;
}

Unit parse_unit(std::string_view s, int line) {
  s = trim(s);
  if (s == "hour") return Unit::kHour;
  if (s == "day") return Unit::kDay;
  if (s == "week") return Unit::kWeek;
  if (s == "month") return Unit::kMonth;
  if (s == "year") return Unit::kYear;
  bad_table(line, fmt::format("unknown unit: {}", s));
}

Period parse_period(std::string_view s, int line) {
  s = trim(s);
  if (s == "week") return Period::kWeek;
  if (s == "month") return Period::kMonth;
  if (s == "year") return Period::kYear;
  if (s == "weekend") return Period::kWeekend;
  bad_table(line, fmt::format("unknown period: {}", s));
}

Lexicon build(std::string_view source) {
  static constexpr std::pair<std::string_view, TimeKind> kKinds[] = {
      {"weekday", kWeekday}, {"day", kDay},         {"part", kPart},       {"mod", kMod},
      {"rel", kRel},         {"period", kPeriod},   {"unit", kUnit},       {"few", kFew},
      {"ago", kAgo},         {"article", kArticle}, {"lead", kLead},       {"date-prep", kDatePrep},
      {"window", kWindow},   {"end", kEnd},         {"rolling", kRolling}, {"holiday", kHoliday},
      {"filler", kFiller},
  };
  Lexicon lx;
  for_each_data_line(source, [&](std::string_view line, size_t n) {
    const int line_no = static_cast<int>(n);
    std::vector<std::string_view> f = split(line, '\t');
    if (f.size() < 2) bad_table(line_no, "expected KIND<TAB>phrase");
    std::string_view kind_name = trim(f[0]);
    const TimeKind* kind = nullptr;
    for (const auto& [name, k] : kKinds) {
      if (name == kind_name) kind = &k;
    }
    if (kind == nullptr) bad_table(line_no, fmt::format("unknown kind: {}", kind_name));
    auto col = [&](size_t k) { return k < f.size() ? trim(f[k]) : std::string_view(); };
    Row r;
    switch (*kind) {
      case kWeekday:
      case kDay:
      case kRel:
        r.value = parse_int(col(2), line_no);
        break;
      case kPeriod:
        r.period = parse_period(col(2), line_no);
        break;
      case kUnit:
        r.count = parse_int(col(2), line_no);
        r.unit = parse_unit(col(3), line_no);
        if (!col(4).empty()) r.vague = parse_int(col(4), line_no);
        break;
      case kLead:
        r.include = col(2) == "include";
        if (!r.include && col(2) != "context") bad_table(line_no, "lead: include or context");
        r.month_only = col(3) == "month-only";
        break;
      case kWindow:
        if (!col(2).empty()) {
          r.count = parse_int(col(2), line_no);
          r.unit = parse_unit(col(3), line_no);
        }
        break;
      case kEnd:
        if (!col(2).empty()) r.period = parse_period(col(2), line_no);
        break;
      case kHoliday: {
        std::string_view v = col(2);
        if (v.substr(0, 6) == "easter") {
          r.easter = true;
          r.value = v.size() > 6 ? parse_int(v.substr(6), line_no) : 0;
        } else if (v.size() == 5 && v[2] == '-') {
          r.value = parse_int(v.substr(0, 2), line_no);
          r.day = parse_int(v.substr(3), line_no);
          if (!ch::year_month_day(ch::year{2000}, ch::month(r.value), ch::day(r.day)).ok()) {
            bad_table(line_no, "no such day");
          }
        } else {
          bad_table(line_no, "holiday: MM-DD or easter[+-N]");
        }
        break;
      }
      default:
        break;
    }
    auto index = static_cast<uint32_t>(lx.rows.size());
    lx.rows.push_back(r);
    if (!lx.table.add(trim(f[1]), *kind, index)) bad_table(line_no, "empty phrase");
    return true;
  });
  return lx;
}

const Lexicon& lexicon() {
  static const Lexicon lx = build(data::kAnalyzeTimes);
  return lx;
}

// ---------------------------------------------------------------------------
// Calendar helpers.

bool valid_ymd(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && ch::year_month_day(ch::year{y}, ch::month(m), ch::day(d)).ok();
}

Day make_day(int y, int m, int d) { return Day{ch::year{y} / ch::month(m) / ch::day(d)}; }
Day last_of_month(int y, int m) { return Day{ch::year{y} / ch::month(m) / ch::last}; }

struct Ymd {
  int y, m, d;
};
Ymd ymd_of(Day day) {
  ch::year_month_day v{day};
  return {static_cast<int>(v.year()), static_cast<int>(static_cast<unsigned>(v.month())),
          static_cast<int>(static_cast<unsigned>(v.day()))};
}

int iso_weekday(Day d) { return static_cast<int>(ch::weekday{d}.iso_encoding()); }
Day monday_of(Day d) { return d - ch::days{iso_weekday(d) - 1}; }

// `d` moved by n months, the day clamped to the month's end (Jan 31 + 1
// month is the last day of February).
Day add_months(Day d, int n) {
  ch::year_month_day v{d};
  ch::year_month_day r = v + ch::months{n};
  if (!r.ok())
    r = ch::year_month_day{ch::year_month_day_last{r.year(), ch::month_day_last{r.month()}}};
  return Day{r};
}

// Easter Sunday of year y (Gregorian), by the Meeus/Jones/Butcher
// arithmetic: the Paschal full moon from the Metonic cycle with the solar and
// lunar century corrections, then the Sunday after it.
Day easter(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return make_day(y, month, day);
}

enum class Prec : uint8_t { kYear, kMonth, kDay };

std::string iso(Day d, Prec p) {
  Ymd v = ymd_of(d);
  switch (p) {
    case Prec::kYear:
      return fmt::format("{:04d}", v.y);
    case Prec::kMonth:
      return fmt::format("{:04d}-{:02d}", v.y, v.m);
    default:
      return fmt::format("{:04d}-{:02d}-{:02d}", v.y, v.m, v.d);
  }
}

// How far after the anchor a date without a year may fall and still be this
// year's ("a few days", when.h).
constexpr ch::days kFewDays{7};

// ---------------------------------------------------------------------------
// The finder.

struct Lead {
  bool any = false;      // a preposition or modifier came before
  bool year_ok = false;  // ... one that lets a bare year be a date
};

struct Found {
  size_t end = 0;  // the token after the expression
  TimeExpr e;
  // The form takes a preposition before it into its span ("on Thursday",
  // "in 2015"); day words and windows do not ("in today's paper").
  bool lead_ok = false;
};

class Finder {
 public:
  Finder(const Tokens& t, std::optional<Day> anchor) : t_(t), lx_(lexicon()), anchor_(anchor) {}

  // An expression starting at token i (or, for "eight years ago", ending
  // there and starting no earlier than `floor`).
  bool at(size_t i, size_t floor, Found* f, size_t* begin) const;

 private:
  bool core(size_t p, Lead lead, Found* f) const;
  bool calendar(size_t p, Lead lead, Found* f) const;
  bool year(size_t p, Lead lead, Found* f) const;
  // rel: +1 "next", -1 "last", 0 a bare weekday (the last such day, or the anchor day itself).
  bool weekday(size_t p, int rel, Found* f) const;
  bool day_word(size_t p, Found* f) const;
  bool relative(size_t p, Found* f) const;
  bool modified(size_t p, Found* f) const;
  bool holiday(size_t p, Found* f) const;
  bool ago(size_t p, Found* f) const;
  bool window(size_t p, Found* f) const;
  bool end_of(size_t p, Found* f) const;
  bool rolling(size_t p, Found* f) const;

  // "six months", "a week", "48 hours" at p: count and unit; *end after.
  // `vague_ok` also takes "few days" and a plural alone ("weeks").
  bool amount(size_t p, bool vague_ok, int* n, Unit* unit, size_t* end) const;
  bool ago_from(int n, Unit unit, Found* f) const;

  const Row* row(size_t k, uint32_t kinds, size_t* end) const {
    const PhraseTable::Entry* e = lx_.table.match(t_, k, kinds, end);
    return e == nullptr ? nullptr : &lx_.rows[e->arg];
  }
  uint32_t kinds(size_t k) const { return lx_.table.kinds_at(t_, k); }
  bool word(size_t k) const { return k < t_.size() && t_[k].kind == Kind::kWord; }
  bool number(size_t k) const { return k < t_.size() && t_[k].kind == Kind::kNumber; }

  void set(Found* f, size_t end, Day a, Day b, Prec p, bool relative, bool window = false) const {
    f->end = end;
    f->e.start = iso(a, p);
    f->e.end_date = iso(b, p);
    f->e.relative = relative;
    f->e.window = window;
  }
  // A day of the month without a year: this year's, or last year's when it
  // would fall more than a few days after the anchor.
  std::optional<Day> recent(int m, int d) const {
    int y = ymd_of(*anchor_).y;
    for (int k = 0; k < 8; ++k, --y) {  // Feb 29 may need a few years back
      if (!valid_ymd(y, m, d)) continue;
      Day day = make_day(y, m, d);
      if (day <= *anchor_ + kFewDays) return day;
    }
    return std::nullopt;
  }

  const Tokens& t_;
  const Lexicon& lx_;
  std::optional<Day> anchor_;
};

// Optional part of the day after a date ("Friday night"): the token after it.
size_t skip_part(const Tokens& t, const Lexicon& lx, size_t k) {
  size_t end;
  if (lx.table.match(t, k, bit(kPart), &end) != nullptr) return end;
  return k;
}

bool Finder::calendar(size_t p, Lead lead, Found* f) const {
  auto d = scan::read_calendar_date(t_, p, lead.any);
  if (!d) return false;
  f->lead_ok = true;
  const int span = d->last_day != 0 ? d->last_day - d->day : 0;  // "22 and 23 december"
  if (d->year != 0) {
    if (d->day != 0) {
      Day day = make_day(d->year, d->month, d->day);
      set(f, d->end, day, day + ch::days{span}, Prec::kDay, false);
    } else {
      Day day = make_day(d->year, d->month, 1);
      set(f, d->end, day, day, Prec::kMonth, false);
    }
    return true;
  }
  if (!anchor_) return false;
  // "in January last year", "March 22 this year".
  size_t end = d->end, e1, e2;
  const Row* rel = row(end, bit(kRel), &e1);
  const Row* per = rel != nullptr ? row(e1, bit(kPeriod), &e2) : nullptr;
  if (per != nullptr && per->period == Period::kYear) {
    int y = ymd_of(*anchor_).y + rel->value;
    if (d->day != 0 && !valid_ymd(y, d->month, d->day)) return false;
    Day day = make_day(y, d->month, d->day != 0 ? d->day : 1);
    set(f, e2, day, day + ch::days{span}, d->day != 0 ? Prec::kDay : Prec::kMonth, true);
    return true;
  }
  if (d->day != 0) {
    std::optional<Day> day = recent(d->month, d->day);
    if (!day) return false;
    set(f, skip_part(t_, lx_, end), *day, *day + ch::days{span}, Prec::kDay, true);
    return true;
  }
  std::optional<Day> first = recent(d->month, 1);
  if (!first) return false;
  set(f, end, *first, *first, Prec::kMonth, true);
  return true;
}

bool Finder::year(size_t p, Lead lead, Found* f) const {
  if (!lead.year_ok || !number(p)) return false;
  const scan::Token& k = t_[p];
  if (k.digits != 4 || k.grouped || k.decimal || k.value < 1900 || k.value > 2100) return false;
  // "the 1990s", "the 1980's", "2015:" are not the bare year.
  if (p + 1 < t_.size() && !t_[p + 1].gap && (word(p + 1) || t_.glued_punct(p + 1, ':')))
    return false;
  if (t_.glued_punct(p + 1, '\'') && t_.key(p + 2) == "s" && !t_[p + 2].gap) return false;
  Day day = make_day(static_cast<int>(k.value), 1, 1);
  set(f, p + 1, day, day, Prec::kYear, false);
  f->lead_ok = true;
  return true;
}

bool Finder::weekday(size_t p, int rel, Found* f) const {
  size_t end;
  const Row* w = row(p, bit(kWeekday), &end);
  if (w == nullptr) return false;
  // "Friday, March 22, 2024": the date says which Friday.
  size_t q = t_.glued_punct(end, ',') ? end + 1 : end;
  Found g;
  if (calendar(q, Lead{}, &g) && g.e.start.size() == 10) {
    *f = g;
    return true;
  }
  f->lead_ok = true;
  if (!anchor_) return false;
  int a = iso_weekday(*anchor_);
  Day day;
  if (rel > 0) {
    int ahead = (w->value - a + 7) % 7;
    day = *anchor_ + ch::days{ahead == 0 ? 7 : ahead};
  } else {
    // A bare weekday naming the publication day is that day ("said on
    // Tuesday" in Tuesday's paper); "last Tuesday" is a week before.
    int back = (a - w->value + 7) % 7;
    day = *anchor_ - ch::days{back == 0 && rel < 0 ? 7 : back};
  }
  set(f, skip_part(t_, lx_, end), day, day, Prec::kDay, true);
  return true;
}

bool Finder::day_word(size_t p, Found* f) const {
  size_t end;
  const Row* d = row(p, bit(kDay), &end);
  if (d == nullptr || !anchor_) return false;
  Day day = *anchor_ + ch::days{d->value};
  set(f, skip_part(t_, lx_, end), day, day, Prec::kDay, true);
  return true;
}

bool Finder::relative(size_t p, Found* f) const {
  size_t e1, e2;
  const Row* rel = row(p, bit(kRel), &e1);
  if (rel == nullptr || !anchor_) return false;
  const Day a = *anchor_;
  const Ymd av = ymd_of(a);
  if (const Row* per = row(e1, bit(kPeriod), &e2)) {
    switch (per->period) {
      case Period::kWeek: {
        Day mon = monday_of(a) + ch::days{7 * rel->value};
        set(f, e2, mon, mon + ch::days{6}, Prec::kDay, true);
        return true;
      }
      case Period::kWeekend: {
        // The weekend that ended most recently before the anchor ("last"),
        // the one of the anchor's week ("this"), the one after it ("next").
        Day sat = monday_of(a) + ch::days{5};
        if (rel->value < 0) {
          int back = iso_weekday(a) % 7;  // days since the last Sunday (7 on Sunday)
          Day sun = a - ch::days{back == 0 ? 7 : back};
          sat = sun - ch::days{1};
        } else if (rel->value > 0) {
          sat += ch::days{7};
        }
        set(f, e2, sat, sat + ch::days{1}, Prec::kDay, true);
        return true;
      }
      case Period::kMonth: {
        Day first = add_months(make_day(av.y, av.m, 1), rel->value);
        set(f, e2, first, first, Prec::kMonth, true);
        return true;
      }
      case Period::kYear: {
        Day first = make_day(av.y + rel->value, 1, 1);
        set(f, e2, first, first, Prec::kYear, true);
        return true;
      }
      default:
        return false;
    }
  }
  if (row(e1, bit(kWeekday), &e2) != nullptr) {
    if (rel->value == 0) {  // "this Thursday": the one of the anchor's week
      const Row* w = row(e1, bit(kWeekday), &e2);
      Day day = monday_of(a) + ch::days{w->value - 1};
      set(f, skip_part(t_, lx_, e2), day, day, Prec::kDay, true);
      return true;
    }
    return weekday(e1, rel->value, f);
  }
  // "last January", "next March" (a month named alone).
  auto d = scan::read_calendar_date(t_, e1, true);
  if (d && d->year == 0 && d->day == 0) {
    int y = av.y;
    if (rel->value < 0 && d->month >= av.m) --y;
    if (rel->value > 0 && d->month <= av.m) ++y;
    Day day = make_day(y, d->month, 1);
    set(f, d->end, day, day, Prec::kMonth, true);
    return true;
  }
  return false;
}

bool Finder::modified(size_t p, Found* f) const {
  size_t q;
  if (row(p, bit(kMod), &q) == nullptr) return false;
  if (t_.glued_punct(q, '-')) ++q;  // "mid-2015", "mid-March"
  Lead lead{true, true};
  if (day_word(q, f) || relative(q, f)) return true;
  return weekday(q, 0, f) || calendar(q, lead, f) || year(q, lead, f);  // these set lead_ok
}

bool Finder::holiday(size_t p, Found* f) const {
  size_t end;
  const Row* h = row(p, bit(kHoliday), &end);
  if (h == nullptr) return false;
  f->lead_ok = true;
  // "New Year's Eve 2023", "Christmas, 2015".
  size_t y = t_.glued_punct(end, ',') ? end + 1 : end;
  auto on = [&](int year) {
    return h->easter ? easter(year) + ch::days{h->value} : make_day(year, h->value, h->day);
  };
  if (number(y) && t_[y].digits == 4 && !t_[y].grouped && !t_[y].decimal && t_[y].value >= 1900 &&
      t_[y].value <= 2100) {
    Day day = on(static_cast<int>(t_[y].value));
    set(f, y + 1, day, day, Prec::kDay, false);
    return true;
  }
  if (!anchor_) return false;
  int year = ymd_of(*anchor_).y;
  Day day = on(year);
  if (day > *anchor_ + kFewDays) day = on(year - 1);
  set(f, skip_part(t_, lx_, end), day, day, Prec::kDay, true);
  return true;
}

bool Finder::amount(size_t p, bool vague_ok, int* n, Unit* unit, size_t* end) const {
  size_t after_filler;
  if (vague_ok && row(p, bit(kFiller), &after_filler) != nullptr) {
    p = after_filler;  // "within less than 6 months"
  }
  size_t q = p;
  int count = 1;
  bool vague = false;
  if (row(p, bit(kFew), &q) != nullptr) {  // before the article: "a few days"
    if (!vague_ok) return false;
    vague = true;
  } else if (row(p, bit(kArticle), &q) != nullptr) {
    count = 1;
  } else if (auto c = scan::read_cardinal(t_, p)) {
    if (c->value > 100000 || c->decimal_unscaled) return false;
    count = static_cast<int>(c->value);
    q = c->end;
  } else {
    vague = true;
    if (!vague_ok) return false;
  }
  const Row* u = row(q, bit(kUnit), end);
  if (u == nullptr) return false;
  if (vague) {
    if (u->vague == 0) return false;  // only plurals have a vague length
    count = u->vague;
  }
  *n = count * u->count;
  *unit = u->unit;
  return true;
}

bool Finder::ago_from(int n, Unit unit, Found* f) const {
  const Day a = *anchor_;
  Ymd av = ymd_of(a);
  switch (unit) {
    case Unit::kHour: {
      Day d = a - ch::days{n / 24};
      set(f, f->end, d, d, Prec::kDay, true);
      return true;
    }
    case Unit::kDay: {
      Day d = a - ch::days{n};
      set(f, f->end, d, d, Prec::kDay, true);
      return true;
    }
    case Unit::kWeek: {
      Day mon = monday_of(a - ch::days{7 * n});
      set(f, f->end, mon, mon + ch::days{6}, Prec::kDay, true);
      return true;
    }
    case Unit::kMonth: {
      Day d = add_months(make_day(av.y, av.m, 1), -n);
      set(f, f->end, d, d, Prec::kMonth, true);
      return true;
    }
    case Unit::kYear: {
      if (av.y - n < 1) return false;
      Day d = make_day(av.y - n, 1, 1);
      set(f, f->end, d, d, Prec::kYear, true);
      return true;
    }
  }
  return false;
}

bool Finder::ago(size_t p, Found* f) const {
  int n;
  Unit unit;
  size_t end, e2;
  if (!anchor_ || !amount(p, false, &n, &unit, &end)) return false;
  if (row(end, bit(kAgo), &e2) == nullptr) return false;
  f->end = e2;
  return ago_from(n, unit, f);
}

bool Finder::window(size_t p, Found* f) const {
  size_t end;
  const Row* w = row(p, bit(kWindow), &end);
  if (w == nullptr || !anchor_) return false;
  int n = w->count;
  Unit unit = w->unit;
  if (n == 0 && !amount(end, true, &n, &unit, &end)) return false;
  const Day a = *anchor_;
  Day b = a;
  switch (unit) {
    case Unit::kHour:
      b = a + ch::days{(n + 23) / 24};
      break;
    case Unit::kDay:
      b = a + ch::days{n};
      break;
    case Unit::kWeek:
      b = a + ch::days{7 * n};
      break;
    case Unit::kMonth:
      b = add_months(a, n);
      break;
    case Unit::kYear:
      b = add_months(a, 12 * n);
      break;
  }
  set(f, end, a, b, Prec::kDay, true, true);
  return true;
}

bool Finder::end_of(size_t p, Found* f) const {
  size_t end;
  const Row* e = row(p, bit(kEnd), &end);
  if (e == nullptr || !anchor_) return false;
  const Day a = *anchor_;
  const Ymd av = ymd_of(a);
  Period period = e->period;
  if (period == Period::kNone) {
    // "by the end of the year", "... this month", "... 2024", "... March".
    size_t q = end;
    if (t_.key(q) == "the" || t_.key(q) == "this") ++q;
    size_t e2;
    if (const Row* per = row(q, bit(kPeriod), &e2)) {
      period = per->period;
      end = e2;
    } else if (number(end) && t_[end].digits == 4 && t_[end].value >= av.y &&
               t_[end].value <= 2100) {
      set(f, end + 1, a, make_day(static_cast<int>(t_[end].value), 12, 31), Prec::kDay, true, true);
      return true;
    } else if (auto d = scan::read_calendar_date(t_, end, true); d && d->day == 0) {
      int y = d->year != 0 ? d->year : (d->month < av.m ? av.y + 1 : av.y);
      Day last = last_of_month(y, d->month);
      if (last < a) return false;
      set(f, d->end, a, last, Prec::kDay, true, true);
      return true;
    } else {
      return false;
    }
  }
  Day b = a;
  switch (period) {
    case Period::kWeek:
    case Period::kWeekend:
      b = monday_of(a) + ch::days{6};
      break;
    case Period::kMonth:
      b = last_of_month(av.y, av.m);
      break;
    case Period::kYear:
      b = make_day(av.y, 12, 31);
      break;
    default:
      return false;
  }
  set(f, end, a, b, Prec::kDay, true, true);
  return true;
}

bool Finder::rolling(size_t p, Found* f) const {
  size_t end;
  if (row(p, bit(kRolling), &end) == nullptr || !anchor_) return false;
  int n;
  Unit unit;
  size_t e2;
  if (const Row* u = row(end, bit(kUnit), &e2); u != nullptr && u->vague == 0) {
    if (t_.key(e2) == "of") return false;  // "the last day of the talks"
    n = u->count;                          // "the past week": one of them
    unit = u->unit;
  } else if (!amount(end, true, &n, &unit, &e2)) {
    return false;
  }
  const Day a = *anchor_;
  Day b = a;
  switch (unit) {
    case Unit::kHour:
      b = a - ch::days{n / 24};
      break;
    case Unit::kDay:
      b = a - ch::days{n};
      break;
    case Unit::kWeek:
      b = a - ch::days{7 * n};
      break;
    case Unit::kMonth:
      b = add_months(a, -n);
      break;
    case Unit::kYear:
      b = add_months(a, -12 * n);
      break;
  }
  set(f, e2, b, a, Prec::kDay, true);
  return true;
}

bool Finder::core(size_t p, Lead lead, Found* f) const {
  if (p >= t_.size()) return false;
  if (number(p)) return calendar(p, lead, f) || year(p, lead, f) || ago(p, f);
  if (!word(p)) return false;
  uint32_t k = kinds(p);
  if ((k & bit(kWindow)) && window(p, f)) return true;
  if ((k & bit(kEnd)) && end_of(p, f)) return true;
  if ((k & bit(kRolling)) && rolling(p, f)) return true;
  if ((k & bit(kDay)) && day_word(p, f)) return true;
  if ((k & bit(kHoliday)) && holiday(p, f)) return true;
  if ((k & bit(kMod)) && modified(p, f)) return true;
  if ((k & bit(kRel)) && relative(p, f)) return true;
  if ((k & bit(kWeekday)) && weekday(p, 0, f)) return true;
  if ((k & bit(kArticle)) && ago(p, f)) return true;
  // A month name: only worth asking about before a number ("March 22",
  // "Oct. 31") or after a preposition ("in January").
  size_t q = t_.glued_punct(p + 1, '.') ? p + 2 : p + 1;
  if (lead.any || number(q) || (t_.key(q) == "of" && number(q + 1))) return calendar(p, lead, f);
  return false;
}

bool Finder::at(size_t i, size_t floor, Found* f, size_t* begin) const {
  *begin = i;
  if (core(i, Lead{}, f)) return true;
  if (!word(i)) return false;
  uint32_t k = kinds(i);
  size_t p;
  if (k & bit(kLead)) {
    if (const Row* lead = row(i, bit(kLead), &p)) {
      if (core(p, Lead{true, !lead->month_only}, f) && f->lead_ok) {
        if (!lead->include) *begin = p;
        return true;
      }
    }
  }
  // "eight years ago", "twenty-one days ago": found at the unit word, the
  // number before it read forwards from where it starts.
  size_t e2;
  if ((k & bit(kUnit)) && anchor_ && row(i + 1, bit(kAgo), &e2) != nullptr) {
    for (size_t s = i > floor + 8 ? i - 8 : floor; s < i; ++s) {
      if (t_[s].kind != Kind::kWord) continue;
      auto c = scan::read_cardinal(t_, s);
      if (c && c->end == i && c->value <= 100000 && ago(s, f)) {
        *begin = s;
        return true;
      }
    }
  }
  return false;
}

std::optional<Day> parse_anchor(std::string_view a) {
  a = trim(a);
  if (a.size() < 10 || a[4] != '-' || a[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  size_t at[3][2] = {{0, 4}, {5, 7}, {8, 10}};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = at[k][0]; i < at[k][1]; ++i) {
      if (a[i] < '0' || a[i] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (a[i] - '0');
    }
  }
  if (!valid_ymd(v[0], v[1], v[2])) return std::nullopt;
  return make_day(v[0], v[1], v[2]);
}

}  // namespace

// ---------------------------------------------------------------------------
// Calendar dates (shared with numbers.cc).
namespace scan {
namespace {

bool plain_number(const Token& k, int max_digits) {
  return k.kind == Kind::kNumber && !k.grouped && !k.decimal && k.digits <= max_digits;
}

bool year_token(const Tokens& t, size_t k) {
  if (k >= t.size() || !plain_number(t[k], 4) || t[k].digits != 4) return false;
  if (t[k].value < 1900 || t[k].value > 2100) return false;
  // "1990s", "2024:" are not a year after a date.
  return !(k + 1 < t.size() && !t[k + 1].gap &&
           (t[k + 1].kind == Kind::kWord || t[k + 1].sym == ':'));
}

bool ordinal_suffix(std::string_view w) { return w == "st" || w == "nd" || w == "rd" || w == "th"; }

// The month named by word k, or 0; *after is the token after it (past a
// period when a number follows: "Sept. 11", "Oct. 31").
int month_at(const Tokens& t, size_t k, size_t* after) {
  if (k >= t.size() || t[k].kind != Kind::kWord) return 0;
  std::string_view w = t.key(k);
  if (w.size() < 3 || w.size() > 10) return 0;
  switch (w[0]) {  // the first letters of every month name we know: a cheap refusal
    case 'a':
    case 'd':
    case 'e':
    case 'f':
    case 'j':
    case 'm':
    case 'n':
    case 'o':
    case 's':
      break;
    default:
      return 0;
  }
  int m = clean::month_from_name(w);
  if (m == 0) return 0;
  *after = k + 1;
  if (t.glued_punct(k + 1, '.') && k + 2 < t.size() && t[k + 2].kind == Kind::kNumber)
    *after = k + 2;
  return m;
}

// Whether a day number comes right before token k ("2 february", "2nd of
// february"): then the month has its day, and a number after it is not one.
bool day_before(const Tokens& t, size_t k) {
  if (k == 0) return false;
  size_t j = k - 1;
  if (t.key(j) == "of" && j > 0) --j;
  if (t[j].kind == Kind::kWord && ordinal_suffix(t.key(j)) && !t[j].gap && j > 0) --j;
  return plain_number(t[j], 2) && t[j].value >= 1 && t[j].value <= 31;
}

// "may" and "march" are words before they are months.
bool ambiguous_month(const Tokens& t, size_t k) {
  std::string_view w = t.key(k);
  return (w == "may" || w == "march") && !t.title_case(k);
}

// What before token k says a date follows: "on", "since", ... or a weekday
// ("saturday, 19 may", "friday may 19").
bool date_context_before(const Tokens& t, size_t k) {
  if (k == 0) return false;
  size_t j = t.glued_punct(k - 1, ',') && k >= 2 ? k - 2 : k - 1;
  size_t e;
  const PhraseTable& table = lexicon().table;
  if (j == k - 1 && table.match(t, j, bit(kDatePrep), &e) != nullptr && e == k) return true;
  return table.match(t, j, bit(kWeekday), &e) != nullptr && e == j + 1;
}

// Punctuation or the end of the text at token k.
bool stop_at(const Tokens& t, size_t k) { return k >= t.size() || t[k].kind == Kind::kPunct; }

// A second day after a first ("22 and 23", "10-12", "22 to 23"): its value,
// or 0; *after is the token after it.
int second_day(const Tokens& t, size_t k, int first, size_t* after) {
  size_t j = k;
  if (t.glued_punct(j, '-') || t.key(j) == "and" || t.key(j) == "to" ||
      (j < t.size() && t[j].kind == Kind::kPunct && t[j].sym == '-')) {
    ++j;
  } else {
    return 0;
  }
  if (j >= t.size() || !plain_number(t[j], 2) || t[j].value <= first || t[j].value > 31) return 0;
  *after = j + 1;
  return static_cast<int>(t[j].value);
}

bool day_fits(int y, int m, int d) {
  if (y != 0) return valid_ymd(y, m, d);
  return valid_ymd(2000, m, d);  // a leap year: Feb 29 is possible until the year is known
}

}  // namespace

std::optional<CalendarDate> read_calendar_date(const Tokens& t, size_t i, bool bare_month) {
  if (i >= t.size()) return std::nullopt;
  const Token& k = t[i];
  size_t after = 0;
  if (k.kind == Kind::kNumber) {
    if (k.grouped || k.decimal) return std::nullopt;
    // ISO: 2024-03-23 (or with slashes), not part of a longer chain.
    if (k.digits == 4 && i + 4 < t.size()) {
      char sep = t[i + 1].sym;
      if ((sep == '-' || sep == '/') && t.glued_punct(i + 1, sep) && plain_number(t[i + 2], 2) &&
          !t[i + 2].gap && t.glued_punct(i + 3, sep) && plain_number(t[i + 4], 2) &&
          !t[i + 4].gap &&
          !(t.glued_punct(i + 5, sep) ||
            (i + 5 < t.size() && !t[i + 5].gap && t[i + 5].kind == Kind::kNumber))) {
        int y = static_cast<int>(k.value), m = static_cast<int>(t[i + 2].value);
        int d = static_cast<int>(t[i + 4].value);
        if (m >= 1 && m <= 12 && valid_ymd(y, m, d)) return CalendarDate{i + 5, y, m, d};
      }
      return std::nullopt;
    }
    // Day first: "22 March 2024", "3 FEB 90", "2nd of february", "on 5 may",
    // "22 and 23 december".
    if (k.digits > 2 || k.value < 1 || k.value > 31) return std::nullopt;
    size_t j = i + 1;
    bool ordinal = false;
    if (j < t.size() && !t[j].gap && t[j].kind == Kind::kWord) {
      if (!ordinal_suffix(t.key(j))) return std::nullopt;
      ordinal = true;
      ++j;
    }
    int last_day = ordinal ? 0 : second_day(t, j, static_cast<int>(k.value), &j);
    if ((ordinal && t.key(j) == "of") || t.key(j) == "de") ++j;  // "2nd of May", "15 de septiembre"
    int m = month_at(t, j, &after);
    if (m == 0) return std::nullopt;
    bool ambiguous = ambiguous_month(t, j) && t.key(j) == "may";
    size_t y = after;
    int year = 0;
    if (t.glued_punct(y, ',') || (t.key(y) == "de" && t[y].kind == Kind::kWord)) ++y;
    if (year_token(t, y)) {
      year = static_cast<int>(t[y].value);
    } else if (y == after && y < t.size() && plain_number(t[y], 2) && t[y].digits == 2 &&
               !(y + 1 < t.size() && !t[y + 1].gap && t[y + 1].kind != Kind::kPunct)) {
      // Two-digit years as wire datelines write them ("3 JAN 90"): after an
      // abbreviated month, or when no word follows ("2 february 12 people"
      // is a day and a count).
      bool abbreviated = t.key(j).size() <= 4 && t.key(j) != "june" && t.key(j) != "july";
      bool word_next = y + 1 < t.size() && t[y + 1].kind == Kind::kWord;
      if (abbreviated || !word_next) {
        int v = static_cast<int>(t[y].value);
        year = v >= 50 ? 1900 + v : 2000 + v;
      }
    }
    if (ambiguous && year == 0 && !ordinal && !date_context_before(t, i) && !stop_at(t, after)) {
      return std::nullopt;  // "5 may have died"
    }
    int d = static_cast<int>(k.value);
    if (!day_fits(year, m, d) || (last_day != 0 && !day_fits(year, m, last_day)))
      return std::nullopt;
    return CalendarDate{year != 0 ? y + 1 : after, year, m, d, last_day};
  }
  // Month first: "Sept. 11, 2001", "March 22", "Oct. 31", "March 2024".
  int m = month_at(t, i, &after);
  if (m == 0) return std::nullopt;
  if (after < t.size() && plain_number(t[after], 2) && t[after].value >= 1 &&
      t[after].value <= 31 && !day_before(t, i)) {
    size_t j = after + 1;
    bool ok = true;
    if (j < t.size() && !t[j].gap && t[j].kind != Kind::kPunct) {
      ok = t[j].kind == Kind::kWord && ordinal_suffix(t.key(j));  // "March 22nd"
      ++j;
    } else if (t.glued_punct(j, ':')) {
      ok = false;  // "May 5:30"? a time
    }
    int last_day = 0;
    if (ok) last_day = second_day(t, j, static_cast<int>(t[after].value), &j);  // "March 10-12"
    if (ok) {
      int d = static_cast<int>(t[after].value);
      size_t y = t.glued_punct(j, ',') ? j + 1 : j;
      if (year_token(t, y)) {  // "February 29, 2023" is no date at all
        int year = static_cast<int>(t[y].value);
        if (!valid_ymd(year, m, d) || (last_day != 0 && !valid_ymd(year, m, last_day))) {
          return std::nullopt;
        }
        return CalendarDate{y + 1, year, m, d, last_day};
      }
      if (!day_fits(0, m, d) || (last_day != 0 && !day_fits(0, m, last_day))) return std::nullopt;
      // "in march 5 people died": lower-case "may"/"march" with a day but no
      // year is a date only after "on", "since", a weekday, or before
      // punctuation.
      if (ambiguous_month(t, i) && !stop_at(t, j) && !date_context_before(t, i))
        return std::nullopt;
      return CalendarDate{j, 0, m, d, last_day};
    }
  }
  if (year_token(t, after)) return CalendarDate{after + 1, static_cast<int>(t[after].value), m, 0};
  if (after < t.size() && t.key(after) == "of" && year_token(t, after + 1)) {
    return CalendarDate{after + 2, static_cast<int>(t[after + 1].value), m, 0};  // "March of 2015"
  }
  if (bare_month && !ambiguous_month(t, i)) return CalendarDate{i + 1, 0, m, 0};
  return std::nullopt;
}

}  // namespace scan

std::vector<TimeExpr> find_times(const scan::Tokens& t, std::string_view anchor) {
  Finder finder(t, parse_anchor(anchor));
  std::vector<TimeExpr> out;
  size_t i = 0, floor = 0;
  while (i < t.size()) {
    Found f;
    size_t begin = i;
    if (finder.at(i, floor, &f, &begin)) {
      f.e.begin = t[begin].begin;
      f.e.end = t[f.end - 1].end;
      out.push_back(std::move(f.e));
      i = floor = f.end;
    } else {
      ++i;
    }
  }
  return out;
}

std::vector<TimeExpr> find_times(std::string_view text, std::string_view anchor) {
  scan::Tokens t(text);
  return find_times(t, anchor);
}

}  // namespace sitrep::analyze

// Dates and times, resolved against the document's publication date:
// absolute ("March 22", "Oct. 31", "22 March 2024", "3 FEB 90", "Sept. 11,
// 2001", "in 2015", "in January 1990") and relative ("today", "yesterday",
// "last night", "on Thursday", "last week", "in January last year", "eight
// years ago", "2 days ago", "New Year's Eve 2023", "this morning"), and
// windows for threats ("within six months", "in the coming weeks", "by the
// end of the year"). Lower-case, upper-case and mixed case alike.
//
// Resolution rules (anchor = publication date, ISO "YYYY-MM-DD"):
//   - a weekday ("on Thursday", "last Thursday") is the latest such day
//     strictly before the anchor (news reports the past); "on Thursday" in a
//     future-tense window is not guessed: plain weekday means past;
//   - a month-day without year takes the anchor's year, or the year before
//     when that would fall more than a few days after the anchor;
//   - "last week" is the Monday..Sunday week before the anchor's week;
//     "last month" / "last year" likewise at their precision;
//   - "N units ago" subtracts at the unit's precision ("eight years ago"
//     from 2024-03-23 -> "2016");
//   - windows start at the anchor and end after the span ("within six
//     months" from 2024-03-23 -> 2024-03-23 .. 2024-09-23), window = true.
// Without an anchor only expressions that carry their own year resolve.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/numbers.h"

namespace sitrep::analyze {

struct TimeExpr {
  size_t begin = 0;  // byte span in the text ("on Thursday", "last week")
  size_t end = 0;
  std::string start;      // ISO 8601 truncated to the precision the text supports
  std::string end_date;   // same precision; equal to start for a single day
  bool window = false;    // a future window ("within six months")
  bool relative = false;  // needed the anchor to resolve
};

// Every temporal expression in `text` that resolves, in order,
// non-overlapping (longest reading at each point).
//
// Rules the list above leaves open, as decided here:
//   - "a few days" after the anchor is 7: a month-day or holiday without a
//     year more than 7 days after the anchor is last year's; a bare month
//     ("in January") is last year's when its first day is;
//   - "last January" is the latest January before the anchor's month,
//     "next January" the first after it; "in January last year" is 2023-01
//     from a 2024 anchor;
//   - "next Thursday" is the first Thursday strictly after the anchor and
//     "this Thursday" the Thursday of the anchor's Monday..Sunday week;
//     "tomorrow", "next week" and the like are future dates, not windows:
//     window marks only spans that start at the anchor ("within", "in the
//     coming", "in the next", "over the next", "by the end of");
//   - "last weekend" is the Saturday..Sunday that ended most recently before
//     the anchor; "N weeks ago" is the Monday..Sunday week N weeks back,
//     like "last week"; "N hours ago" is a day;
//   - "the past N units" ("over the past three years", "in the last 24
//     hours") runs from N units before the anchor to the anchor, by day;
//   - vague windows take their length from data/analyze/times.tsv ("in the
//     coming weeks" is four weeks, "within months" six months);
//   - a bare year ("2015") or month ("January") is a date only after a
//     preposition or modifier ("in 2015", "since 1989", "early March");
//     lower- or upper-case "may" and "march" need a day or year next to
//     them, or to be written "May"/"March" after such a word; "19 march" is
//     a date but "5 may" needs more ("on 5 may", "saturday, 19 may,"), and
//     so does "march 5" ("in march 5 people died" is no date): see
//     scan::CalendarDate;
//   - two-digit years are read only after day and month ("3 FEB 90"), and
//     pivot at 50 like clean::find_date; years run from 1900 to 2100;
//   - "the night of 11 november", "on", "in" and "during" are part of the
//     span of a date, weekday, holiday, month or year ("on Thursday", "in
//     2015"), not of day words ("in today's paper" is "today");
//     prepositions that only enable ("since", "by") are never in it;
//   - "22 and 23 december", "March 10-12" are one span of days;
//   - a hedge inside a window is skipped ("within less than 6 months" is
//     six months; data: filler);
//   - Easter and the feasts counted from it (Good Friday, Easter Monday) are
//     computed; other moveable feasts (Ramadan, Eid) are not known.
std::vector<TimeExpr> find_times(std::string_view text, std::string_view anchor);

// find_times over text already scanned (share one scan with find_quantities).
std::vector<TimeExpr> find_times(const scan::Tokens& tokens, std::string_view anchor);

namespace scan {

// A calendar date written at token i: ISO "2024-03-23", day first ("22 March
// 2024", "3 FEB 90", "2nd of february", "22 and 23 december"), month first
// ("Sept. 11, 2001", "March 22", "March 10-12", "March 2024"). Year and day
// are 0 when not written; a month alone is a date only when `bare_month` is
// set (the caller has seen a preposition) and the word is not "may"/"march"
// in lower or upper case. numbers.cc asks this to keep day numbers and years
// out of counts.
//
// Lower- or upper-case "may" and "march" after a day number: "march" is the
// month ("the 19 march elections"); "may" is the month only with a year, an
// ordinal, "on"/"since"/... or a weekday before the day, or punctuation or
// the end of the text after it ("saturday, 19 may,"), so "5 may have died"
// is a count. Before a day ("may 5") either needs the year, a preposition or
// weekday before it, or punctuation after the day ("in march 5 people died"
// is a month and a count, not a date).
struct CalendarDate {
  size_t end = 0;  // the token after the date
  int year = 0;
  int month = 0;
  int day = 0;
  int last_day = 0;  // a span of days ("22 and 23 december"): its last day, else 0
};
std::optional<CalendarDate> read_calendar_date(const Tokens& t, size_t i, bool bare_month = false);

}  // namespace scan

}  // namespace sitrep::analyze

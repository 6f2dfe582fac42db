// Dates and times resolved against a publication date. The anchor of most
// tests, 2024-03-23, is a Saturday.
#include "analyze/when.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/dates.h"

namespace sitrep::analyze {
namespace {

constexpr std::string_view kAnchor = "2024-03-23";

// "span=start..end", with " W" for a window and " R" when the anchor was
// needed; a single day or period shows once ("span=2024-03-21 R").
std::vector<std::string> times(std::string_view text, std::string_view anchor = kAnchor) {
  std::vector<std::string> out;
  for (const TimeExpr& e : find_times(text, anchor)) {
    std::string s(text.substr(e.begin, e.end - e.begin));
    s += "=" + e.start;
    if (e.end_date != e.start) s += ".." + e.end_date;
    if (e.window) s += " W";
    if (e.relative) s += " R";
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(WhenAbsolute, EveryFormOfTheHeader) {
  EXPECT_EQ(times("March 22"), V{"March 22=2024-03-22 R"});
  EXPECT_EQ(times("Oct. 31"), V{"Oct. 31=2023-10-31 R"});
  EXPECT_EQ(times("22 March 2024"), V{"22 March 2024=2024-03-22"});
  EXPECT_EQ(times("3 FEB 90"), V{"3 FEB 90=1990-02-03"});
  EXPECT_EQ(times("Sept. 11, 2001"), V{"Sept. 11, 2001=2001-09-11"});
  EXPECT_EQ(times("in 2015"), V{"in 2015=2015"});
  EXPECT_EQ(times("in January 1990"), V{"in January 1990=1990-01"});
  EXPECT_EQ(times("2024-03-23"), V{"2024-03-23=2024-03-23"});
}

TEST(WhenAbsolute, MoreCalendarForms) {
  EXPECT_EQ(times("March 22nd, 2024"), V{"March 22nd, 2024=2024-03-22"});
  EXPECT_EQ(times("the 22nd of March 2024"), V{"22nd of March 2024=2024-03-22"});
  EXPECT_EQ(times("March 2024"), V{"March 2024=2024-03"});
  EXPECT_EQ(times("March of 2015"), V{"March of 2015=2015-03"});
  EXPECT_EQ(times("on 2 february"), V{"on 2 february=2024-02-02 R"});
  EXPECT_EQ(times("ON 2 FEBRUARY 1990"), V{"ON 2 FEBRUARY 1990=1990-02-02"});
  EXPECT_EQ(times("Friday, March 22, 2024", ""), V{"Friday, March 22, 2024=2024-03-22"});
  EXPECT_EQ(times("on Thursday, March 21"), V{"on Thursday, March 21=2024-03-21 R"});
  EXPECT_EQ(times("3 de enero de 1990"), V{"3 de enero de 1990=1990-01-03"});
  EXPECT_EQ(times("el 15 de septiembre", "1990-01-03"), V{"15 de septiembre=1989-09-15 R"});
  EXPECT_EQ(times("14 mai 2023"), V{"14 mai 2023=2023-05-14"});
  EXPECT_EQ(times("2024/03/23"), V{"2024/03/23=2024-03-23"});
}

TEST(WhenAbsolute, TwoDigitYearsPivotLikeFindDate) {
  EXPECT_EQ(times("3 JAN 49"), V{"3 JAN 49=2049-01-03"});
  EXPECT_EQ(times("3 JAN 50"), V{"3 JAN 50=1950-01-03"});
  // A full month name then two digits and a word: a day and a count.
  EXPECT_EQ(times("on 2 february 12 people died"), V{"on 2 february=2024-02-02 R"});
  EXPECT_EQ(times("on 2 february 90, police said"), V{"on 2 february 90=1990-02-02"});
}

TEST(WhenAbsolute, AgreesWithFindDate) {
  for (std::string_view s : {"22 March 2024", "3 FEB 90", "Sept. 11, 2001", "April 2, 2024",
                             "14 May 2023", "March 22nd, 2024", "3 JAN 49", "2024-03-25",
                             "February 29, 2024", "3 de enero de 1990", "le 14 mai 2023"}) {
    auto found = find_times(s, "");
    ASSERT_EQ(found.size(), 1u) << s;
    EXPECT_EQ(found[0].start, clean::find_date(s)) << s;
  }
}

TEST(WhenAbsolute, ImpossibleDatesAreNotDates) {
  EXPECT_EQ(times("February 30, 2023"), V{});
  EXPECT_EQ(times("2023-13-01"), V{});
  EXPECT_EQ(times("32 March 2024"), V{"March 2024=2024-03"});  // 32 is no day
  EXPECT_EQ(times("February 29, 2023"), V{});
  EXPECT_EQ(times("February 29, 2024"), V{"February 29, 2024=2024-02-29"});
  // Without a year Feb 29 is the latest leap day before the anchor.
  EXPECT_EQ(times("Feb. 29", "2025-03-01"), V{"Feb. 29=2024-02-29 R"});
}

TEST(WhenMonthDay, YearFromTheAnchor) {
  // A week after the anchor is still this year's; more is last year's.
  EXPECT_EQ(times("March 30"), V{"March 30=2024-03-30 R"});
  EXPECT_EQ(times("March 31"), V{"March 31=2023-03-31 R"});
  EXPECT_EQ(times("Dec. 28", "2024-01-03"), V{"Dec. 28=2023-12-28 R"});
  EXPECT_EQ(times("in January"), V{"in January=2024-01 R"});
  EXPECT_EQ(times("in April"), V{"in April=2023-04 R"});
  EXPECT_EQ(times("in January last year"), V{"in January last year=2023-01 R"});
  EXPECT_EQ(times("in January this year"), V{"in January this year=2024-01 R"});
  EXPECT_EQ(times("last January"), V{"last January=2024-01 R"});
  EXPECT_EQ(times("last March"), V{"last March=2023-03 R"});
  EXPECT_EQ(times("next January"), V{"next January=2025-01 R"});
  EXPECT_EQ(times("early March"), V{"early March=2024-03 R"});
  EXPECT_EQ(times("mid-March"), V{"mid-March=2024-03 R"});
}

TEST(WhenMonthDay, MayAndMarchAreWordsFirst) {
  EXPECT_EQ(times("the rebels may attack in may"), V{});
  EXPECT_EQ(times("THEY MAY STRIKE IN MAY"), V{});
  EXPECT_EQ(times("they will march on the capital"), V{});
  EXPECT_EQ(times("in march 5 people died"), V{});
  EXPECT_EQ(times("5 may have died"), V{});
  EXPECT_EQ(times("5 MAY HAVE DIED"), V{});
  // A day or a year next to it, a preposition, or the capital makes a month.
  EXPECT_EQ(times("on 5 may"), V{"on 5 may=2023-05-05 R"});
  EXPECT_EQ(times("ON 5 MAY"), V{"ON 5 MAY=2023-05-05 R"});
  EXPECT_EQ(times("5 may 1990"), V{"5 may 1990=1990-05-05"});
  EXPECT_EQ(times("on march 5, police said"), V{"on march 5=2024-03-05 R"});
  EXPECT_EQ(times("may 1990"), V{"may 1990=1990-05"});
  EXPECT_EQ(times("in May"), V{"in May=2023-05 R"});
  EXPECT_EQ(times("5 May"), V{"5 May=2023-05-05 R"});
  EXPECT_EQ(times("May God help us"), V{});
  // After a day number "march" is the month; "may" needs more.
  EXPECT_EQ(times("the 19 march elections", "1989-04-01"), V{"19 march=1989-03-19 R"});
  EXPECT_EQ(times("today, 9 march, we", "1989-03-09"),
            (V{"today=1989-03-09 R", "9 march=1989-03-09 R"}));
  EXPECT_EQ(times("until saturday, 19 may, and", "1990-05-25"), V{"saturday, 19 may=1990-05-19 R"});
  EXPECT_EQ(times("at 1830 on thursday, 25 may, in", "1990-05-30"),
            V{"on thursday, 25 may=1990-05-25 R"});
  EXPECT_EQ(times("they said 19 may."), V{"19 may=2023-05-19 R"});
  EXPECT_EQ(times("friday may 19", "2023-05-25"), V{"friday may 19=2023-05-19 R"});
}

TEST(WhenMonthDay, SpansOfDays) {
  EXPECT_EQ(times("on 22 and 23 december", "1990-01-15"),
            V{"on 22 and 23 december=1989-12-22..1989-12-23 R"});
  EXPECT_EQ(times("22-23 December 2023"), V{"22-23 December 2023=2023-12-22..2023-12-23"});
  EXPECT_EQ(times("March 10-12"), V{"March 10-12=2024-03-10..2024-03-12 R"});
  EXPECT_EQ(times("March 12-10"), V{"March 12=2024-03-12 R"});
  EXPECT_EQ(times("30-31 February 2024"), V{"February 2024=2024-02"});  // no such days
}

TEST(WhenWeekday, LatestOnOrBeforeTheAnchor) {
  EXPECT_EQ(times("on Thursday"), V{"on Thursday=2024-03-21 R"});
  EXPECT_EQ(times("last Thursday"), V{"last Thursday=2024-03-21 R"});
  EXPECT_EQ(times("Thursday's attack"), V{"Thursday=2024-03-21 R"});
  EXPECT_EQ(times("on Saturday"), V{"on Saturday=2024-03-23 R"});  // the anchor is a Saturday
  EXPECT_EQ(times("on Friday night"), V{"on Friday night=2024-03-22 R"});
  EXPECT_EQ(times("ON FRIDAY NIGHT"), V{"ON FRIDAY NIGHT=2024-03-22 R"});
  EXPECT_EQ(times("next Thursday"), V{"next Thursday=2024-03-28 R"});
  EXPECT_EQ(times("this Thursday"), V{"this Thursday=2024-03-21 R"});
  // A bare weekday naming the publication day is that day; "last" goes back a week.
  EXPECT_EQ(times("on monday", "2024-03-25"), V{"on monday=2024-03-25 R"});
  EXPECT_EQ(times("last monday", "2024-03-25"), V{"last monday=2024-03-18 R"});
}

TEST(WhenRelative, DaysAndPartsOfDays) {
  EXPECT_EQ(times("today"), V{"today=2024-03-23 R"});
  EXPECT_EQ(times("yesterday"), V{"yesterday=2024-03-22 R"});
  EXPECT_EQ(times("YESTERDAY MORNING"), V{"YESTERDAY MORNING=2024-03-22 R"});
  EXPECT_EQ(times("last night"), V{"last night=2024-03-22 R"});
  EXPECT_EQ(times("late last night"), V{"late last night=2024-03-22 R"});
  EXPECT_EQ(times("this morning"), V{"this morning=2024-03-23 R"});
  EXPECT_EQ(times("early this morning"), V{"early this morning=2024-03-23 R"});
  EXPECT_EQ(times("earlier today"), V{"earlier today=2024-03-23 R"});
  EXPECT_EQ(times("tonight"), V{"tonight=2024-03-23 R"});
  EXPECT_EQ(times("tomorrow"), V{"tomorrow=2024-03-24 R"});
  EXPECT_EQ(times("the day before yesterday"), V{"the day before yesterday=2024-03-21 R"});
}

TEST(WhenRelative, WeeksMonthsYears) {
  EXPECT_EQ(times("last week"), V{"last week=2024-03-11..2024-03-17 R"});
  EXPECT_EQ(times("this week"), V{"this week=2024-03-18..2024-03-24 R"});
  EXPECT_EQ(times("next week"), V{"next week=2024-03-25..2024-03-31 R"});
  EXPECT_EQ(times("last weekend"), V{"last weekend=2024-03-16..2024-03-17 R"});
  EXPECT_EQ(times("last weekend", "2024-03-25"), V{"last weekend=2024-03-23..2024-03-24 R"});
  EXPECT_EQ(times("last month"), V{"last month=2024-02 R"});
  EXPECT_EQ(times("last month", "2024-01-10"), V{"last month=2023-12 R"});
  EXPECT_EQ(times("earlier this month"), V{"earlier this month=2024-03 R"});
  EXPECT_EQ(times("last year"), V{"last year=2023 R"});
  EXPECT_EQ(times("late last year"), V{"late last year=2023 R"});
  EXPECT_EQ(times("this year"), V{"this year=2024 R"});
  EXPECT_EQ(times("next year"), V{"next year=2025 R"});
}

TEST(WhenRelative, UnitsAgo) {
  EXPECT_EQ(times("eight years ago"), V{"eight years ago=2016 R"});
  EXPECT_EQ(times("he was killed eight years ago"), V{"eight years ago=2016 R"});
  EXPECT_EQ(times("2 days ago"), V{"2 days ago=2024-03-21 R"});
  EXPECT_EQ(times("TWO DAYS AGO"), V{"TWO DAYS AGO=2024-03-21 R"});
  EXPECT_EQ(times("twenty-one days ago"), V{"twenty-one days ago=2024-03-02 R"});
  EXPECT_EQ(times("three months ago"), V{"three months ago=2023-12 R"});
  EXPECT_EQ(times("two weeks ago"), V{"two weeks ago=2024-03-04..2024-03-10 R"});
  EXPECT_EQ(times("a week ago"), V{"a week ago=2024-03-11..2024-03-17 R"});
  EXPECT_EQ(times("a year ago"), V{"a year ago=2023 R"});
  EXPECT_EQ(times("48 hours ago"), V{"48 hours ago=2024-03-21 R"});
  EXPECT_EQ(times("a decade ago"), V{"a decade ago=2014 R"});
  EXPECT_EQ(times("a few days ago"), V{});  // vague: not resolved
  EXPECT_EQ(times("99999999999999999999 years ago"), V{});
}

TEST(WhenWindow, FutureSpansFromTheAnchor) {
  EXPECT_EQ(times("within six months"), V{"within six months=2024-03-23..2024-09-23 W R"});
  EXPECT_EQ(times("within 48 hours"), V{"within 48 hours=2024-03-23..2024-03-25 W R"});
  EXPECT_EQ(times("within a week"), V{"within a week=2024-03-23..2024-03-30 W R"});
  EXPECT_EQ(times("within days"), V{"within days=2024-03-23..2024-03-30 W R"});
  EXPECT_EQ(times("in the coming weeks"), V{"in the coming weeks=2024-03-23..2024-04-20 W R"});
  EXPECT_EQ(times("in the coming months"), V{"in the coming months=2024-03-23..2024-09-23 W R"});
  EXPECT_EQ(times("in the next few days"), V{"in the next few days=2024-03-23..2024-03-30 W R"});
  EXPECT_EQ(times("over the next two years"),
            V{"over the next two years=2024-03-23..2026-03-23 W R"});
  EXPECT_EQ(times("by the end of the year"),
            V{"by the end of the year=2024-03-23..2024-12-31 W R"});
  EXPECT_EQ(times("by the end of this month"),
            V{"by the end of this month=2024-03-23..2024-03-31 W R"});
  EXPECT_EQ(times("by the end of 2025"), V{"by the end of 2025=2024-03-23..2025-12-31 W R"});
  EXPECT_EQ(times("by the end of June"), V{"by the end of June=2024-03-23..2024-06-30 W R"});
  EXPECT_EQ(times("by year-end"), V{"by year-end=2024-03-23..2024-12-31 W R"});
  EXPECT_EQ(times("within less than 6 months"),
            V{"within less than 6 months=2024-03-23..2024-09-23 W R"});
  // Month clamping: a month after January 31 is the end of February.
  EXPECT_EQ(times("within a month", "2024-01-31"), V{"within a month=2024-01-31..2024-02-29 W R"});
}

TEST(WhenRolling, ThePastNUnits) {
  EXPECT_EQ(times("over the past three years"),
            V{"over the past three years=2021-03-23..2024-03-23 R"});
  EXPECT_EQ(times("in the last 24 hours"), V{"in the last 24 hours=2024-03-22..2024-03-23 R"});
  EXPECT_EQ(times("the past week"), V{"the past week=2024-03-16..2024-03-23 R"});
  EXPECT_EQ(times("on the last day of the talks"), V{});
  EXPECT_EQ(times("in the past, they"), V{});
}

TEST(WhenHoliday, FixedAndEaster) {
  EXPECT_EQ(times("New Year's Eve 2023"), V{"New Year's Eve 2023=2023-12-31"});
  EXPECT_EQ(times("NEW YEAR\xe2\x80\x99S EVE 2023", ""),
            V{"NEW YEAR\xe2\x80\x99S EVE 2023=2023-12-31"});
  EXPECT_EQ(times("on New Year's Eve", "2024-01-02"), V{"on New Year's Eve=2023-12-31 R"});
  EXPECT_EQ(times("Christmas"), V{"Christmas=2023-12-25 R"});
  EXPECT_EQ(times("on Christmas Eve", "2023-12-27"), V{"on Christmas Eve=2023-12-24 R"});
  EXPECT_EQ(times("on Easter Sunday", "2019-04-25"), V{"on Easter Sunday=2019-04-21 R"});
  EXPECT_EQ(times("Good Friday", "2019-04-25"), V{"Good Friday=2019-04-19 R"});
  EXPECT_EQ(times("Easter 2024", ""), V{"Easter 2024=2024-03-31"});
  EXPECT_EQ(times("Easter 2000", ""), V{"Easter 2000=2000-04-23"});
  EXPECT_EQ(times("Easter Monday 2025", ""), V{"Easter Monday 2025=2025-04-21"});
}

TEST(WhenLeads, PrepositionsAndBareYears) {
  EXPECT_EQ(times("the night of 11 november", "1989-11-15"),
            V{"the night of 11 november=1989-11-11 R"});
  EXPECT_EQ(times("since 1989"), V{"1989=1989"});
  EXPECT_EQ(times("mid-2015"), V{"mid-2015=2015"});
  EXPECT_EQ(times("early 2015"), V{"early 2015=2015"});
  EXPECT_EQ(times("during 1990"), V{"during 1990=1990"});
  // A bare year needs a preposition, and some prepositions come before counts.
  EXPECT_EQ(times("2015"), V{});
  EXPECT_EQ(times("after 2000 people fled"), V{});
  EXPECT_EQ(times("the 1990s"), V{});
  EXPECT_EQ(times("in 1,990 cases"), V{});
  EXPECT_EQ(times("in the early 1980's"), V{});
  // Day words and windows do not take the preposition into their span.
  EXPECT_EQ(times("published in today's paper"), V{"today=2024-03-23 R"});
}

TEST(WhenAnchor, WithoutOneOnlyDatedExpressionsResolve) {
  EXPECT_EQ(times("on Thursday", ""), V{});
  EXPECT_EQ(times("March 22", ""), V{});
  EXPECT_EQ(times("today", ""), V{});
  EXPECT_EQ(times("within six months", ""), V{});
  EXPECT_EQ(times("22 March 2024", ""), V{"22 March 2024=2024-03-22"});
  EXPECT_EQ(times("in 2015", ""), V{"in 2015=2015"});
  EXPECT_EQ(times("today", "not a date"), V{});
  EXPECT_EQ(times("today", "2024-02-30"), V{});
  EXPECT_EQ(times("today", "2024-03-23T10:00:00Z"), V{"today=2024-03-23 R"});
}

TEST(WhenText, Sentences) {
  std::string_view wire =
      "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [TEXT] AT 2330 ON 2 JANUARY, URBAN "
      "COMMANDOS ATTACKED A POST; YESTERDAY THEY KILLED 21 SOLDIERS.";
  EXPECT_EQ(times(wire, "1990-01-03"),
            (V{"3 JAN 90=1990-01-03", "ON 2 JANUARY=1990-01-02 R", "YESTERDAY=1990-01-02 R"}));
  std::string_view muc =
      "the guerrillas killed 3 peasants on 2 february in the department of morazan, 2 days "
      "after a bomb exploded. the army said last night that it may march on the town in march.";
  EXPECT_EQ(times(muc, "1990-02-05"), (V{"on 2 february=1990-02-02 R", "last night=1990-02-04 R"}));
  std::string_view news =
      "Gunmen attacked Crocus City Hall on Friday night, March 22, killing over 140. ISIS-K, "
      "which struck Kerman in January, warned of attacks in the coming weeks.";
  EXPECT_EQ(times(news),
            (V{"on Friday night=2024-03-22 R", "March 22=2024-03-22 R", "in January=2024-01 R",
               "in the coming weeks=2024-03-23..2024-04-20 W R"}));
}

TEST(WhenScan, CalendarDatesForNumbers) {
  scan::Tokens t("on 2 february 1990");
  auto d = scan::read_calendar_date(t, 1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 1990);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 2);
  EXPECT_EQ(d->end, 4u);
  scan::Tokens m("in January");
  EXPECT_FALSE(scan::read_calendar_date(m, 1));
  EXPECT_TRUE(scan::read_calendar_date(m, 1, true));
}

TEST(WhenAdversarial, OddInputs) {
  EXPECT_EQ(times(""), V{});
  EXPECT_EQ(times("ago ago ago"), V{});
  EXPECT_EQ(times("within"), V{});
  EXPECT_EQ(times("by the end of"), V{});
  EXPECT_EQ(times("last"), V{});
  EXPECT_EQ(times("\xff\xfe yesterday \xc3"), V{"yesterday=2024-03-22 R"});
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "last week ";
  EXPECT_EQ(find_times(many, kAnchor).size(), 1000u);
  EXPECT_EQ(times("9999-99-99"), V{});
  EXPECT_EQ(times("in 9999"), V{});
}

}  // namespace
}  // namespace sitrep::analyze

// Regression: "on Tuesday" in a story published on a Tuesday is that day,
// not a week before (the same incident reported on Tuesday and Wednesday
// must get one date to be fused).
TEST(When, BareWeekdayOnThePublicationDayIsThatDay) {
  auto t = sitrep::analyze::find_times("Gunmen attacked a checkpoint on Tuesday.", "2024-05-07");
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0].start, "2024-05-07");
  auto last = sitrep::analyze::find_times("Gunmen attacked a checkpoint last Tuesday.", "2024-05-07");
  ASSERT_FALSE(last.empty());
  EXPECT_EQ(last[0].start, "2024-04-30");
}

// Counts in news text: digits and words, hedges, vague plurals, fractions,
// and the numbers that are not counts (years, times, dates, ages, labels).
#include "analyze/numbers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sitrep::analyze {
namespace {

// The counts of `text` as "text=min..max" strings, "~" for approximate, and
// "f0.5<" style for fractions (< at most, > at least), so a test reads as a
// table.
std::string show(std::string_view text, const Quantity& q) {
  std::string s(text.substr(q.begin, q.end - q.begin));
  s += "=";
  if (q.fraction > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "f%g", q.fraction);
    s += buf;
    if (q.bound == Bound::kAtMost) s += "<";
    if (q.bound == Bound::kAtLeast) s += ">";
  } else {
    s += q.min == kOpen ? std::string("_") : std::to_string(q.min);
    s += "..";
    s += q.max == kOpen ? std::string("_") : std::to_string(q.max);
  }
  if (q.approximate) s += "~";
  return s;
}

std::vector<std::string> counts(std::string_view text) {
  std::vector<std::string> out;
  for (const Quantity& q : find_quantities(text)) out.push_back(show(text, q));
  return out;
}

using V = std::vector<std::string>;

TEST(NumbersDigits, PlainGroupedAndScaled) {
  EXPECT_EQ(counts("13 people were killed"), V{"13=13..13"});
  EXPECT_EQ(counts("1,200 were displaced"), V{"1,200=1200..1200"});
  EXPECT_EQ(counts("1,200,000 refugees"), V{"1,200,000=1200000..1200000"});
  EXPECT_EQ(counts("1.5 million people"), V{"1.5 million=1500000..1500000"});
  EXPECT_EQ(counts("3 million"), V{"3 million=3000000..3000000"});
  EXPECT_EQ(counts("2 dozen rebels"), V{"2 dozen=24..24"});
  EXPECT_EQ(counts("killed 0 people"), V{"0=0..0"});
}

TEST(NumbersWords, UnitsTeensTensAndScales) {
  EXPECT_EQ(counts("three soldiers"), V{"three=3..3"});
  EXPECT_EQ(counts("twenty-one people"), V{"twenty-one=21..21"});
  EXPECT_EQ(counts("twenty one people"), V{"twenty one=21..21"});
  EXPECT_EQ(counts("one hundred and twenty"), V{"one hundred and twenty=120..120"});
  EXPECT_EQ(counts("two hundred"), V{"two hundred=200..200"});
  EXPECT_EQ(counts("a hundred"), V{"a hundred=100..100"});
  EXPECT_EQ(counts("a dozen"), V{"a dozen=12..12"});
  EXPECT_EQ(counts("two thousand three hundred and five"),
            V{"two thousand three hundred and five=2305..2305"});
  EXPECT_EQ(counts("one million two hundred thousand"),
            V{"one million two hundred thousand=1200000..1200000"});
  EXPECT_EQ(counts("nineteen"), V{"nineteen=19..19"});
  EXPECT_EQ(counts("three score"), V{"three score=60..60"});
}

TEST(NumbersWords, CaseDoesNotMatter) {
  EXPECT_EQ(counts("KILLED TWENTY-ONE PEOPLE"), V{"TWENTY-ONE=21..21"});
  EXPECT_EQ(counts("Killed Twenty-One People"), V{"Twenty-One=21..21"});
  EXPECT_EQ(counts("AT LEAST 43 DEAD"), V{"AT LEAST 43=43.._"});
  EXPECT_EQ(counts("A DOZEN GUERRILLAS"), V{"A DOZEN=12..12"});
  EXPECT_EQ(counts("DOZENS OF PEASANTS"), V{"DOZENS=24.._"});
}

TEST(NumbersWords, StopWhereTheNumberStops) {
  // Two numbers side by side are two counts, not one.
  EXPECT_EQ(counts("one two"), (V{"one=1..1", "two=2..2"}));
  // "and" joins only after a scale word.
  EXPECT_EQ(counts("three and four"), (V{"three=3..3", "four=4..4"}));
  EXPECT_EQ(counts("two hundred and the rest"), V{"two hundred=200..200"});
  // "hundred" or "thousand" alone, "score" alone are not counts.
  EXPECT_EQ(counts("a hundredth of the score"), V{});
  EXPECT_EQ(counts("the score was tied"), V{});
  EXPECT_EQ(counts("thousand"), V{});
}

TEST(NumbersHedges, EveryExampleOfTheHeader) {
  EXPECT_EQ(counts("about 100"), V{"about 100=100..100~"});
  EXPECT_EQ(counts("around 100"), V{"around 100=100..100~"});
  EXPECT_EQ(counts("some 100"), V{"some 100=100..100~"});
  EXPECT_EQ(counts("approximately 100"), V{"approximately 100=100..100~"});
  EXPECT_EQ(counts("roughly 100"), V{"roughly 100=100..100~"});
  EXPECT_EQ(counts("over 140"), V{"over 140=140.._"});
  EXPECT_EQ(counts("more than 140"), V{"more than 140=140.._"});
  EXPECT_EQ(counts("upwards of 140"), V{"upwards of 140=140.._"});
  EXPECT_EQ(counts("at least 43"), V{"at least 43=43.._"});
  EXPECT_EQ(counts("43 or more"), V{"43 or more=43.._"});
  EXPECT_EQ(counts("up to 30"), V{"up to 30=_..30"});
  EXPECT_EQ(counts("as many as 30"), V{"as many as 30=_..30"});
  EXPECT_EQ(counts("at most 30"), V{"at most 30=_..30"});
  EXPECT_EQ(counts("nearly 50"), V{"nearly 50=_..50"});
  EXPECT_EQ(counts("almost 50"), V{"almost 50=_..50"});
  EXPECT_EQ(counts("fewer than 50"), V{"fewer than 50=_..50"});
  EXPECT_EQ(counts("under 50"), V{"under 50=_..50"});
  EXPECT_EQ(counts("between 10 and 20"), V{"between 10 and 20=10..20"});
  EXPECT_EQ(counts("10 to 20"), V{"10 to 20=10..20"});
  EXPECT_EQ(counts("10-20"), V{"10-20=10..20"});
  EXPECT_EQ(counts("dozens"), V{"dozens=24.._"});
  EXPECT_EQ(counts("hundreds"), V{"hundreds=200.._"});
  EXPECT_EQ(counts("thousands"), V{"thousands=2000.._"});
  EXPECT_EQ(counts("scores of people"), V{"scores=40.._"});
  EXPECT_EQ(counts("a dozen"), V{"a dozen=12..12"});
  EXPECT_EQ(counts("a handful"), V{"a handful=3..5~"});
  EXPECT_EQ(counts("up to half"), V{"up to half=f0.5<"});
}

TEST(NumbersHedges, WordsAndHedgesTogether) {
  EXPECT_EQ(counts("killing over 140 people"), V{"over 140=140.._"});
  EXPECT_EQ(counts("more than a dozen"), V{"more than a dozen=12.._"});
  EXPECT_EQ(counts("nearly two dozen"), V{"nearly two dozen=_..24"});
  EXPECT_EQ(counts("an estimated 2,000"), V{"an estimated 2,000=2000..2000~"});
  EXPECT_EQ(counts("approx. 300"), V{"approx. 300=300..300~"});
  EXPECT_EQ(counts("40-odd"), V{"40-odd=40..40~"});
  EXPECT_EQ(counts("43-plus"), V{"43-plus=43.._"});
  EXPECT_EQ(counts("100 or so"), V{"100 or so=100..100~"});
  EXPECT_EQ(counts("at least dozens"), V{"at least dozens=24.._"});
  EXPECT_EQ(counts("up to hundreds"), V{"up to hundreds=_..200"});
  EXPECT_EQ(counts("between ten and twenty"), V{"between ten and twenty=10..20"});
  // "between" without a second number leaves the hedge out.
  EXPECT_EQ(counts("between 10 of them"), V{"10=10..10"});
  // "at least" alone, "some" before a noun: nothing.
  EXPECT_EQ(counts("at least the army came, some people fled"), V{});
}

TEST(NumbersRanges, WordsScalesAndOrder) {
  EXPECT_EQ(counts("two or three"), V{"two or three=2..3"});
  EXPECT_EQ(counts("two to three million"), V{"two to three million=2000000..3000000"});
  EXPECT_EQ(counts("1.5 to 2 million"), V{"1.5 to 2 million=1500000..2000000"});
  EXPECT_EQ(counts("between 2 and 3 thousand"), V{"between 2 and 3 thousand=2000..3000"});
  EXPECT_EQ(counts("10 – 20 hostages"), V{"10 – 20=10..20"});
  // The second not above the first: "to"/"or" leave the first; a tight
  // hyphen is a score or a code.
  EXPECT_EQ(counts("10 to 8"), (V{"10=10..10", "8=8..8"}));
  EXPECT_EQ(counts("won 2-1"), V{});
  // "or more" wins over the join "or".
  EXPECT_EQ(counts("10 or more"), V{"10 or more=10.._"});
}

TEST(NumbersVague, CompoundsAndPlurals) {
  EXPECT_EQ(counts("tens of thousands"), V{"tens of thousands=20000.._"});
  EXPECT_EQ(counts("hundreds of thousands"), V{"hundreds of thousands=200000.._"});
  EXPECT_EQ(counts("several hundred"), V{"several hundred=300.._"});
  EXPECT_EQ(counts("a few thousand"), V{"a few thousand=2000..5000~"});
  EXPECT_EQ(counts("several"), V{"several=3.._"});
  EXPECT_EQ(counts("a handful of"), V{"a handful=3..5~"});
  EXPECT_EQ(counts("dozens of people"), V{"dozens=24.._"});
  EXPECT_EQ(counts("test scores rose"), V{});
  EXPECT_EQ(counts("tens"), V{});
}

TEST(NumbersFractions, SharesNotCounts) {
  EXPECT_EQ(counts("half of the passengers"), V{"half=f0.5"});
  EXPECT_EQ(counts("nearly half"), V{"nearly half=f0.5<"});
  EXPECT_EQ(counts("more than half"), V{"more than half=f0.5>"});
  EXPECT_EQ(counts("about a third of them"), V{"about a third=f0.333333~"});
  EXPECT_EQ(counts("two-thirds of the town"), V{"two-thirds=f0.666667"});
  EXPECT_EQ(counts("40 percent of the"), V{"40 percent=f0.4"});
  EXPECT_EQ(counts("over 40%"), V{"over 40%=f0.4>"});
  EXPECT_EQ(counts("12.5 per cent"), V{"12.5 per cent=f0.125"});
  EXPECT_EQ(counts("between 10 and 20 percent"), V{});
  // "half a dozen" is a count.
  EXPECT_EQ(counts("half a dozen"), V{"half a dozen=6..6"});
  EXPECT_EQ(counts("half a million"), V{"half a million=500000..500000"});
  // Ordinals and idioms are not fractions.
  EXPECT_EQ(counts("the first half"), V{});
  EXPECT_EQ(counts("a third attack"), V{});
  EXPECT_EQ(counts("half-brother"), V{});
}

TEST(NumbersNotCounts, Years) {
  EXPECT_EQ(counts("in 1989"), V{});
  EXPECT_EQ(counts("2015"), V{});
  EXPECT_EQ(counts("since 2001 the group"), V{});
  EXPECT_EQ(counts("the 1990s"), V{});
  EXPECT_EQ(counts("between 1990 and 1995"), V{});
  EXPECT_EQ(counts("2015-2020"), V{});
  // A hedge makes it a count; so do commas.
  EXPECT_EQ(counts("about 2000 people"), V{"about 2000=2000..2000~"});
  EXPECT_EQ(counts("more than 1900"), V{"more than 1900=1900.._"});
  EXPECT_EQ(counts("2,015 people"), V{"2,015=2015..2015"});
  EXPECT_EQ(counts("1500 soldiers"), V{"1500=1500..1500"});
}

TEST(NumbersNotCounts, ClockTimes) {
  EXPECT_EQ(counts("at 2330"), V{});
  EXPECT_EQ(counts("2330"), V{});
  EXPECT_EQ(counts("6:01 am"), V{});
  EXPECT_EQ(counts("at 6:01"), V{});
  EXPECT_EQ(counts("0530 gmt"), V{});
  EXPECT_EQ(counts("0530 GMT"), V{});
  EXPECT_EQ(counts("1200 hours"), V{});
  EXPECT_EQ(counts("at 1200"), V{});
  EXPECT_EQ(counts("at 6 pm"), V{});
  EXPECT_EQ(counts("at 6 p.m."), V{});
  EXPECT_EQ(counts("5pm"), V{});
  EXPECT_EQ(counts("10 o'clock"), V{});
  EXPECT_EQ(counts("from 5 to 6 pm"), V{});
  EXPECT_EQ(counts("about 2330 people"), V{"about 2330=2330..2330~"});
}

TEST(NumbersNotCounts, Dates) {
  EXPECT_EQ(counts("March 22"), V{});
  EXPECT_EQ(counts("Oct. 31"), V{});
  EXPECT_EQ(counts("22 March 2024"), V{});
  EXPECT_EQ(counts("Sept. 11, 2001"), V{});
  EXPECT_EQ(counts("SAN SALVADOR, 3 JAN 90 -- KILLED TWENTY-ONE PEOPLE"), V{"TWENTY-ONE=21..21"});
  EXPECT_EQ(counts("the guerrillas killed 3 peasants on 2 february"), V{"3=3..3"});
  EXPECT_EQ(counts("on 2 february 12 people died"), V{"12=12..12"});
  EXPECT_EQ(counts("2024-03-23"), V{});
  EXPECT_EQ(counts("9/11"), V{});
  EXPECT_EQ(counts("24/7"), V{});
  EXPECT_EQ(counts("the night of 11 november"), V{});
  EXPECT_EQ(counts("march 22nd"), V{});
  EXPECT_EQ(counts("the 22nd of march"), V{});
  // Lower-case "may" and "march" are words before months.
  EXPECT_EQ(counts("5 may have died"), V{"5=5..5"});
  EXPECT_EQ(counts("on 5 may"), V{});
  EXPECT_EQ(counts("in march 5 people died"), V{"5=5..5"});
  EXPECT_EQ(counts("on march 5, police said"), V{});
  EXPECT_EQ(counts("5 May"), V{});
  EXPECT_EQ(counts("the 19 march elections"), V{});
  EXPECT_EQ(counts("saturday, 19 may, and"), V{});
  EXPECT_EQ(counts("on 22 and 23 december"), V{});
}

TEST(NumbersNotCounts, ListItemsAndStreets) {
  EXPECT_EQ(counts("1. the government commission"), V{});
  EXPECT_EQ(counts("the struggle.    2. if the government"), V{});
  EXPECT_EQ(counts("reports:\n3) the army"), V{});
  EXPECT_EQ(counts("at the carrera 80 crossing"), V{});
  EXPECT_EQ(counts("BATTALION 3-16 WAS CREATED"), V{});
  EXPECT_EQ(counts("the 15 de septiembre neighborhood"), V{});
  EXPECT_EQ(counts("they killed 13. then"), V{"13=13..13"});
  EXPECT_EQ(counts("jorge gonzalez, 20, and mario gonzalez, 19."), V{});
  EXPECT_EQ(counts("between the 14- and 21-km markers"), V{});
  EXPECT_EQ(counts("killed 3, wounded 20, and"), (V{"3=3..3", "20=20..20"}));
}

TEST(NumbersNotCounts, OrdinalsAgesLabelsMoney) {
  EXPECT_EQ(counts("the 3rd battalion"), V{});
  EXPECT_EQ(counts("21st century"), V{});
  EXPECT_EQ(counts("twenty-first"), V{});
  EXPECT_EQ(counts("a 25-year-old man"), V{});
  EXPECT_EQ(counts("a 25 year old"), V{});
  EXPECT_EQ(counts("25-year-olds"), V{});
  EXPECT_EQ(counts("aged 25"), V{});
  EXPECT_EQ(counts("a twenty-five-year-old"), V{});
  EXPECT_EQ(counts("No. 5"), V{});
  EXPECT_EQ(counts("no one was hurt"), V{});
  EXPECT_EQ(counts("flight 93"), V{});
  EXPECT_EQ(counts("Resolution 242"), V{});
  EXPECT_EQ(counts("an AK-47 and an M16"), V{});
  EXPECT_EQ(counts("F-16 jets"), V{});
  EXPECT_EQ(counts("$5 million ransom"), V{});
  EXPECT_EQ(counts("5 million dollars"), V{});
  EXPECT_EQ(counts("50,000 colones"), V{});
  EXPECT_EQ(counts("10 km away"), V{});
  EXPECT_EQ(counts("10km"), V{});
  EXPECT_EQ(counts("2.5"), V{});
  EXPECT_EQ(counts("a three-day strike"), V{});
  EXPECT_EQ(counts("#3"), V{});
  EXPECT_EQ(counts("lead_00001006.jpg and 1006.jpg"), V{});
  EXPECT_EQ(counts("agent 007"), V{});
}

TEST(NumbersNotCounts, PhoneNumbersAndChains) {
  EXPECT_EQ(counts("call 555-1234"), V{});
  EXPECT_EQ(counts("1-800-555-0199"), V{});
  EXPECT_EQ(counts("+44 20 7946 0958 or (503) 555-1234"), V{});
  EXPECT_EQ(counts("tel. 2265"), V{});
}

TEST(NumbersAdversarial, HugeNumbersAreNotCounts) {
  // Decided: above kMaxCount (10^12) a number is an identifier, not a count;
  // it is dropped, never clamped, and nothing overflows.
  EXPECT_EQ(counts("99999999999999999999"), V{});
  EXPECT_EQ(counts("99999999999999999999999999999999999999999 people"), V{});
  EXPECT_EQ(counts("999,999,999,999,999,999,999"), V{});
  EXPECT_EQ(counts("999 hundred billion"), V{});
  EXPECT_EQ(counts("3 hundred thousand"), V{"3 hundred thousand=300000..300000"});
  EXPECT_EQ(counts("999 billion thousand"), V{"999 billion=999000000000..999000000000"});
  // A scale word never repeats or grows inside one number: the second
  // "million" is not read, so nothing multiplies past the cap.
  EXPECT_EQ(counts("a million million million"), V{"a million=1000000..1000000"});
  EXPECT_EQ(counts("nine hundred ninety nine billion nine hundred million"),
            V{"nine hundred ninety nine billion nine hundred million=999900000000..999900000000"});
  EXPECT_EQ(counts("1000000000000"), V{"1000000000000=1000000000000..1000000000000"});
  EXPECT_EQ(counts("1000000000001"), V{});
}

TEST(NumbersAdversarial, OddBytesAndEdges) {
  EXPECT_EQ(counts(""), V{});
  EXPECT_EQ(counts("-"), V{});
  EXPECT_EQ(counts("at least"), V{});
  EXPECT_EQ(counts("between"), V{});
  EXPECT_EQ(counts("1,"), V{"1=1..1"});
  EXPECT_EQ(counts("12,34"), (V{"12=12..12", "34=34..34"}));
  EXPECT_EQ(counts("killed 13."), V{"13=13..13"});
  EXPECT_EQ(counts("\xff\xfe 7 \xc3"), V{"7=7..7"});
  EXPECT_EQ(counts("7\xc2\xa0people"), V{"7=7..7"});
  EXPECT_EQ(counts("\xe2\x80\x9c"
                   "seven"
                   "\xe2\x80\x9d"),
            V{"seven=7..7"});
  std::string many(100000, '9');
  EXPECT_EQ(counts(many), V{});
  std::string words;
  for (int i = 0; i < 2000; ++i) words += "one hundred and ";
  EXPECT_FALSE(find_quantities(words).empty());
}

TEST(NumbersText, SentencesFromTheWire) {
  std::string_view wire =
      "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) -- [TEXT] AT 2330 ON 2 JANUARY, URBAN "
      "COMMANDOS KILLED TWENTY-ONE SOLDIERS AND WOUNDED AT LEAST 43 IN 1989.";
  EXPECT_EQ(counts(wire), (V{"TWENTY-ONE=21..21", "AT LEAST 43=43.._"}));
  std::string_view muc =
      "the guerrillas killed 3 peasants on 2 february, 2 days ago, and wounded over 140; "
      "a 25-year-old and some 2000 others fled at 0530 gmt.";
  EXPECT_EQ(counts(muc), (V{"3=3..3", "2=2..2", "over 140=140.._", "some 2000=2000..2000~"}));
  std::string_view news =
      "Gunmen killed more than 140 people at Crocus City Hall on March 22, 2024; dozens were "
      "hurt and between 10 and 20 remain missing, officials said at 6:01 a.m.";
  EXPECT_EQ(counts(news), (V{"more than 140=140.._", "dozens=24.._", "between 10 and 20=10..20"}));
}

TEST(NumbersParse, WholePhrases) {
  auto q = parse_quantity("over 140");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->min, 140);
  EXPECT_EQ(q->max, kOpen);
  EXPECT_EQ(q->bound, Bound::kAtLeast);
  q = parse_quantity("About 100.");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->min, 100);
  EXPECT_TRUE(q->approximate);
  q = parse_quantity("TWENTY-ONE");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->min, 21);
  // A phrase is taken to be a count: four digits are not a year here.
  q = parse_quantity("2000");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->min, 2000);
  q = parse_quantity("up to half");
  ASSERT_TRUE(q);
  EXPECT_DOUBLE_EQ(q->fraction, 0.5);
  EXPECT_EQ(q->bound, Bound::kAtMost);
  EXPECT_FALSE(parse_quantity("over 140 people"));
  EXPECT_FALSE(parse_quantity("people"));
  EXPECT_FALSE(parse_quantity(""));
  EXPECT_FALSE(parse_quantity("3rd"));
  EXPECT_FALSE(parse_quantity("March 22"));
  EXPECT_FALSE(parse_quantity("99999999999999999999"));
}

TEST(NumbersScan, TokensKeepPunctuationAndSpans) {
  scan::Tokens t("Sept. 11, 1,200 \xe2\x80\x93 x");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t.key(0), "sept");
  EXPECT_EQ(t.key(1), ".");
  EXPECT_FALSE(t[1].gap);
  EXPECT_EQ(t[2].value, 11);
  EXPECT_EQ(t[4].value, 1200);
  EXPECT_TRUE(t[4].grouped);
  EXPECT_EQ(t[5].sym, '-');  // the en dash
  EXPECT_EQ(t[5].end - t[5].begin, 3u);
  EXPECT_TRUE(t.title_case(0));
}

TEST(NumbersScan, CardinalsReadAlone) {
  scan::Tokens t("eight years");
  auto c = scan::read_cardinal(t, 0);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->value, 8);
  EXPECT_EQ(c->end, 1u);
  scan::Tokens a("a");
  EXPECT_FALSE(scan::read_cardinal(a, 0));
}

}  // namespace
}  // namespace sitrep::analyze

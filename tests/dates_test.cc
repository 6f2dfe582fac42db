// Publication-date parsing on the forms pages and wires write.
#include <gtest/gtest.h>

#include "clean/dates.h"

namespace sitrep::clean {

TEST(Dates, FindsEveryPublishedForm) {
  EXPECT_EQ(find_date("Updated 8:16 AM EDT, Sat August 8, 2015"), "2015-08-08");
  EXPECT_EQ(find_date("Nov 17, 2015 at 6:01 AM ET"), "2015-11-17");
  EXPECT_EQ(find_date("2024-03-25T13:10:07+00:00"), "2024-03-25");
  EXPECT_EQ(find_date("April 2, 2024"), "2024-04-02");
  EXPECT_EQ(find_date("Published 14 May 2023"), "2023-05-14");
  EXPECT_EQ(find_date("SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) --"), "1990-01-03");
  EXPECT_EQ(find_date("Sept. 11, 2001"), "2001-09-11");
  EXPECT_EQ(find_date("le 14 mai 2023"), "2023-05-14");
  EXPECT_EQ(find_date("3 de enero de 1990"), "1990-01-03");
}

TEST(Dates, MonthOnlyWhenAllowed) {
  EXPECT_EQ(find_date("March 2024"), "");
  EXPECT_EQ(find_date("March 2024", true), "2024-03");
}

TEST(Dates, RejectsImpossibleDates) {
  EXPECT_EQ(find_date("February 30, 2023"), "");
  EXPECT_EQ(find_date("2023-13-01"), "");
  EXPECT_EQ(find_date("February 29, 2024"), "2024-02-29");
  EXPECT_EQ(find_date("The group may 5 times"), "");
}

TEST(Dates, DateLinesAreOnlyDates) {
  EXPECT_TRUE(is_date_line("Updated 8:16 AM EDT, Sat August 8, 2015"));
  EXPECT_TRUE(is_date_line("\xC2\xA0" "April 2, 2024"));
  EXPECT_TRUE(is_date_line("Nov 17, 2015 at 6:01 AM ET"));
  EXPECT_FALSE(is_date_line("The attack on March 22, 2024 killed over 140 people."));
}

}  // namespace sitrep::clean

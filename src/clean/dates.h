// Publication dates as pages write them: ISO timestamps, "April 2, 2024",
// "Updated 8:16 AM EDT, Sat August 8, 2015", "Nov 17, 2015 at 6:01 AM ET",
// "14 May 2023", wire datelines "SAN SALVADOR, 3 JAN 90 --".
#pragma once

#include <string>
#include <string_view>

namespace sitrep::clean {

// The first calendar date in `text` as ISO 8601 ("2024-04-02"; "2024-04" when
// only month and year are given and `allow_month` is set), or "".
// Two-digit years pivot at 50: "90" is 1990, "24" is 2024.
std::string find_date(std::string_view text, bool allow_month = false);

// True iff `line` is a date line: a date plus at most a few words such as
// "Updated", "Published", a time and a zone, a weekday.
bool is_date_line(std::string_view line);

// 1..12 for an English, French or Spanish month name or abbreviation
// ("Sept.", "JAN", "août"), else 0.
int month_from_name(std::string_view word);

}  // namespace sitrep::clean

// Scores PlaceKb against the MUC-4 dev INCIDENT: LOCATION slots (see
// kb_places.h for what counts).
#include "eval/kb_places.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "analyze/analysis.h"
#include "core/text.h"
#include "kb/places.h"

namespace sitrep::eval {
namespace {

namespace fs = std::filesystem;

// The answer key's country names and their ISO codes: the gold side of the
// comparison, so it must not come from the KB being tested. ("GUATAMALA" is a
// misspelling in the train keys.)
const std::map<std::string, std::string, std::less<>> kGoldCountries = {
    {"ARGENTINA", "AR"}, {"BOLIVIA", "BO"},   {"BRAZIL", "BR"},       {"CHILE", "CL"},
    {"COLOMBIA", "CO"},  {"COSTA RICA", "CR"}, {"CUBA", "CU"},        {"ECUADOR", "EC"},
    {"EL SALVADOR", "SV"}, {"GUATEMALA", "GT"}, {"GUATAMALA", "GT"},  {"HONDURAS", "HN"},
    {"JAMAICA", "JM"},   {"MEXICO", "MX"},    {"NICARAGUA", "NI"},    {"PANAMA", "PA"},
    {"PERU", "PE"},      {"SPAIN", "ES"},     {"UNITED STATES", "US"}, {"VENEZUELA", "VE"},
};

// Kinds of place the gazetteer covers (settlements of some size and
// administrative units); anything else in a slot is finer than it.
bool gazetteer_kind(std::string_view type) {
  static const char* kinds[] = {"CITY",  "TOWN",     "MUNICIPALITY", "PORT",   "JURISDICTION",
                                "DEPARTMENT", "PROVINCE", "STATE",   "INTENDANCY", "COUNTY",
                                "REGION", "VILLAGE"};
  for (const char* k : kinds)
    if (trim(type) == k) return true;
  return false;
}

// Splits at `sep` where no parenthesis is open.
std::vector<std::string> split_top(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    if (depth == 0 && s.substr(i, sep.size()) == sep) {
      out.emplace_back(trim(s.substr(start, i - start)));
      start = i + sep.size();
      i = start - 1;
    }
  }
  out.emplace_back(trim(s.substr(start)));
  return out;
}

// "(EL SALVADOR: X (CITY))" -> "EL SALVADOR: X (CITY)" when the outer pair wraps it all.
std::string unwrap(std::string s) {
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    int depth = 0;
    bool wraps = true;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')') --depth;
      if (depth == 0 && i + 1 < s.size()) {
        wraps = false;
        break;
      }
    }
    if (!wraps) break;
    s = std::string(trim(std::string_view(s).substr(1, s.size() - 2)));
  }
  return s;
}

struct Part {
  std::string name;
  std::vector<std::string> types;  // "CITY / COUNTY" -> {CITY, COUNTY}
};

Part parse_part(std::string_view s) {
  Part p;
  size_t open = s.rfind('(');
  if (open != std::string_view::npos && s.back() == ')') {
    p.name = std::string(trim(s.substr(0, open)));
    for (const std::string& t : split_top(s.substr(open + 1, s.size() - open - 2), "/"))
      p.types.push_back(t);
  } else {
    p.name = std::string(trim(s));
  }
  return p;
}

struct Slot {
  std::string message;
  std::string value;
};

// Every filled INCIDENT: LOCATION slot of a key file (continuation lines
// are indented; "*" and "-" mean no location).
std::vector<Slot> read_slots(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Slot> out;
  std::string line, message;
  bool in_location = false;
  while (std::getline(in, line)) {
    std::string_view l = line;
    if (l.find("MESSAGE: ID") != std::string_view::npos) {
      message = std::string(trim(l.substr(l.find("MESSAGE: ID") + 11)));
      in_location = false;
      continue;
    }
    size_t at = l.find("INCIDENT: LOCATION");
    if (at != std::string_view::npos) {
      std::string v(trim(l.substr(at + 18)));
      in_location = true;
      out.push_back({message, v});
      continue;
    }
    if (in_location && !l.empty() && l[0] == ' ' && !trim(l).empty()) {
      out.back().value += " " + std::string(trim(l));
      continue;
    }
    in_location = false;
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const Slot& s) { return s.value == "*" || s.value == "-" || s.value.empty(); }),
            out.end());
  return out;
}

double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * double(sysconf(_SC_PAGESIZE)) / 1e6;
}

std::string describe(const std::vector<kb::PlaceCandidate>& c) {
  if (c.empty()) return "nothing";
  return fmt::format("{} ({}, {})", c[0].name, kb::place_kind_name(c[0].place.kind), c[0].country);
}

}  // namespace

Result<KbPlacesReport> eval_kb_places(const std::string& data_dir) {
  fs::path dir = fs::path(data_dir) / "muc4" / "raw" / "dev";
  std::vector<fs::path> keys;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().rfind("key-", 0) == 0) keys.push_back(e.path());
  if (keys.empty()) return Status(ErrorCode::kNotFound, "no MUC-4 dev keys under " + dir.string());
  std::sort(keys.begin(), keys.end());

  KbPlacesReport r;
  double before = rss_mb();
  auto t0 = std::chrono::steady_clock::now();
  const kb::PlaceKb& kb = kb::PlaceKb::get();
  r.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  r.load_mb = rss_mb() - before;
  // The rest of the KB: analyzing an empty text builds every matcher.
  auto t1 = std::chrono::steady_clock::now();
  (void)analyze::analyze("", "");
  r.all_ms = r.load_ms + std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  r.all_mb = rss_mb() - before;

  for (const fs::path& key : keys) {
    for (const Slot& slot : read_slots(key)) {
      ++r.slots;
      bool country_ok = false, place_ok = false, finer = false, alone_ok = false;
      std::string country_got, place_wanted, place_got;
      for (const std::string& alt_raw : split_top(slot.value, "/")) {
        std::vector<std::string> parts = split_top(unwrap(alt_raw), ":");
        std::string country_name = parts[0];
        if (country_name.rfind("? ", 0) == 0) country_name = country_name.substr(2);
        auto gold = kGoldCountries.find(country_name);
        std::string iso = gold == kGoldCountries.end() ? "" : gold->second;
        auto cc = kb.candidates(country_name, {}, 1);
        bool this_country = !cc.empty() && cc[0].place.kind == kb::PlaceKind::kCountry && cc[0].country == iso;
        country_ok |= this_country;
        if (country_got.empty() || this_country) country_got = describe(cc);

        // The most specific part of a kind the gazetteer covers.
        std::vector<Part> target;
        for (size_t i = parts.size(); i-- > 1;) {
          std::vector<Part> same_level;
          bool covered = false;
          for (const std::string& p : split_top(parts[i], " - ")) {
            same_level.push_back(parse_part(p));
            for (const std::string& t : same_level.back().types) covered |= gazetteer_kind(t);
          }
          if (covered) {
            target = same_level;
            break;
          }
        }
        kb::PlaceContext ctx;
        ctx.countries = {iso};
        if (target.empty()) {
          if (place_wanted.empty()) place_wanted = fmt::format("{} (country) = {}", country_name, iso);
          if (this_country) place_ok = true;
          continue;
        }
        finer = true;
        bool all = true, all_alone = true;
        std::string wanted, got;
        for (const Part& p : target) {
          auto c = kb.candidates(p.name, ctx, 1);
          bool hit = !c.empty() && c[0].country == iso && c[0].place.kind != kb::PlaceKind::kCountry;
          all &= hit;
          auto alone = kb.candidates(p.name, {}, 1);
          all_alone &= !alone.empty() && alone[0].country == iso;
          wanted += (wanted.empty() ? "" : " + ") + p.name;
          got += (got.empty() ? "" : " + ") + describe(c);
        }
        if (all || place_wanted.empty()) {
          place_wanted = wanted + " in " + iso;
          place_got = got;
        }
        place_ok |= all;
        alone_ok |= all_alone;
      }
      if (country_ok) ++r.country_right;
      else r.country_misses.push_back({slot.message, slot.value, "country", country_got});
      if (place_ok) ++r.place_found;
      else r.place_misses.push_back({slot.message, slot.value, place_wanted, place_got});
      if (finer) {
        ++r.finer_slots;
        if (place_ok) ++r.finer_found;
        if (alone_ok) ++r.finer_country_alone;
      }
    }
  }
  return r;
}

}  // namespace sitrep::eval

// Loads the embedded place tables into PlaceKb and ranks place candidates
// for a name (the scoring is documented in places.h).
#include "kb/places.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <unordered_map>

#include "core/text.h"
#include "kb/matcher.h"

namespace sitrep::data {
extern const std::string_view kKbCountries;
extern const std::string_view kKbCountriesAliases;
extern const std::string_view kKbPlacesAdmin1;
extern const std::string_view kGenPlacesCities;
}  // namespace sitrep::data

namespace sitrep::kb {
namespace {

// Scoring constants; places.h explains what each one buys.
constexpr double kCountryKind = 6.0;
constexpr double kCapitalKind = 3.0;
constexpr double kAdmin1Kind = 2.5;
constexpr double kPopulationWeight = 0.5;
constexpr double kCuratedAlternate = 0.5;
constexpr double kCityAlternateBase = 1.0;
constexpr double kCityAlternateSlope = 1.5;
constexpr double kSameCountry = 4.0;
constexpr double kSameAdmin1 = 3.0;
constexpr double kOtherCountry = 1.0;

// Calls fn(fields) for each data line of a TSV table; '#' lines are comments.
template <typename Fn>
void for_each_row(std::string_view table, Fn&& fn) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos < table.size()) {
    size_t eol = table.find('\n', pos);
    if (eol == std::string_view::npos) eol = table.size();
    std::string_view line = table.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    fields = split(line, '\t');
    fn(fields);
  }
}

std::vector<std::string_view> split_bar(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size() && !s.empty()) {
    size_t p = s.find('|', start);
    std::string_view part = s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start);
    if (!part.empty()) out.push_back(part);
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc();
}

uint64_t parse_u64(std::string_view s) {
  uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

uint64_t key_hash(std::string_view name) { return hash64(fold_key(name)); }

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return iequals(s, x); });
}

}  // namespace

std::string_view place_kind_name(PlaceKind k) {
  switch (k) {
    case PlaceKind::kCountry: return "country";
    case PlaceKind::kAdmin1: return "admin1";
    case PlaceKind::kCity: return "city";
  }
  return "?";
}

const PlaceKb& PlaceKb::get() {
  static const PlaceKb* kb = new PlaceKb();  // never destroyed: views outlive static teardown
  return *kb;
}

PlaceKb::PlaceKb() {
  load_countries();
  load_admin1();
  load_cities();
  build_index();
}

void PlaceKb::load_countries() {
  // countries.tsv: iso2 iso3 name official alternates demonym lat lon
  for_each_row(data::kKbCountries, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 8) return;
    Country c;
    c.iso2 = f[0];
    c.iso3 = f[1];
    c.name = f[2];
    c.official_name = f[3];
    c.names.push_back(f[2]);
    for (std::string_view a : split_bar(f[4])) c.names.push_back(a);
    if (!f[5].empty()) c.demonyms.push_back(f[5]);  // hand-kept ones are appended below
    c.has_centroid = parse_double(f[6], c.lat) && parse_double(f[7], c.lon);
    countries_.push_back(std::move(c));
  });
  std::sort(countries_.begin(), countries_.end(),
            [](const Country& a, const Country& b) { return a.iso2 < b.iso2; });
  std::vector<size_t> generated_demonyms;
  for (const Country& c : countries_) generated_demonyms.push_back(c.demonyms.size());
  // countries_aliases.tsv: iso2 kind phrases — hand-kept short forms and
  // demonyms, and the display name when ISO's is awkward.
  for_each_row(data::kKbCountriesAliases, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 3) return;
    Country* c = const_cast<Country*>(country_by_code(f[0]));
    if (!c) return;
    if (f[1] == "display") {
      c->name = f[2];
      c->names.insert(c->names.begin(), f[2]);
    } else if (f[1] == "name") {
      for (std::string_view a : split_bar(f[2])) c->names.push_back(a);
    } else if (f[1] == "demonym") {
      for (std::string_view a : split_bar(f[2])) c->demonyms.push_back(a);
    }
  });
  // ruby-countries calls the people of American Samoa and the US Virgin
  // Islands "American" too: a hand-kept demonym outranks a generated one.
  for (uint32_t i = 0; i < countries_.size(); ++i) {
    const Country& c = countries_[i];
    for (size_t k = 0; k < c.demonyms.size(); ++k) {
      bool generated = k < generated_demonyms[i];
      demonyms_.push_back({key_hash(c.demonyms[k]), generated ? 1u : 0u, i});
    }
  }
  std::sort(demonyms_.begin(), demonyms_.end());
}

void PlaceKb::load_admin1() {
  // places_admin1.tsv: code country name alternates type geonames lat lon
  for_each_row(data::kKbPlacesAdmin1, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 8) return;
    Admin1 a;
    a.code = f[0];
    a.country = f[1];
    a.name = f[2];
    a.type = f[4];
    a.geonames_code = f[5];
    a.names.push_back(f[2]);
    for (std::string_view x : split_bar(f[3])) a.names.push_back(x);
    a.has_centroid = parse_double(f[6], a.lat) && parse_double(f[7], a.lon);
    admin1s_.push_back(std::move(a));
  });
  std::sort(admin1s_.begin(), admin1s_.end(),
            [](const Admin1& a, const Admin1& b) { return a.code < b.code; });
}

void PlaceKb::load_cities() {
  // (country, GeoNames admin1 code) -> our admin1 index.
  std::unordered_map<std::string, int32_t> by_geonames;
  for (size_t i = 0; i < admin1s_.size(); ++i) {
    const Admin1& a = admin1s_[i];
    if (!a.geonames_code.empty())
      by_geonames.emplace(std::string(a.country) + "." + std::string(a.geonames_code), int32_t(i));
  }
  std::string key;
  cities_.reserve(48000);
  // cities.tsv: id name ascii alternates lat lon feature country admin1 population
  for_each_row(data::kGenPlacesCities, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 10) return;
    City c;
    c.geoname_id = uint32_t(parse_u64(f[0]));
    c.name = f[1];
    c.ascii_name = f[2];
    c.alternates = f[3];
    if (!parse_double(f[4], c.lat) || !parse_double(f[5], c.lon)) return;
    c.feature = f[6];
    c.country = f[7];
    c.admin1_geonames = f[8];
    c.population = parse_u64(f[9]);
    key.assign(c.country);
    key += '.';
    key += c.admin1_geonames;
    auto it = by_geonames.find(key);
    if (it != by_geonames.end()) c.admin1 = it->second;
    cities_.push_back(c);
  });
}

void PlaceKb::build_index() {
  names_.reserve(cities_.size() * 6 + admin1s_.size() * 4 + countries_.size() * 8);
  for (uint32_t i = 0; i < countries_.size(); ++i) {
    const Country& c = countries_[i];
    // Short forms are curated, so they count as primary; so do the ISO and
    // official names (the first three entries).
    for (std::string_view n : c.names) names_.push_back({n, {PlaceKind::kCountry, i}, NameKind::kPrimary});
    names_.push_back({c.iso3, {PlaceKind::kCountry, i}, NameKind::kAlternate});
  }
  for (uint32_t i = 0; i < admin1s_.size(); ++i) {
    const Admin1& a = admin1s_[i];
    for (size_t k = 0; k < a.names.size(); ++k)
      names_.push_back({a.names[k], {PlaceKind::kAdmin1, i}, k == 0 ? NameKind::kPrimary : NameKind::kAlternate});
  }
  for (uint32_t i = 0; i < cities_.size(); ++i) {
    const City& c = cities_[i];
    names_.push_back({c.name, {PlaceKind::kCity, i}, NameKind::kPrimary});
    if (c.ascii_name != c.name) names_.push_back({c.ascii_name, {PlaceKind::kCity, i}, NameKind::kPrimary});
    for (std::string_view a : split_bar(c.alternates))
      names_.push_back({a, {PlaceKind::kCity, i}, NameKind::kAlternate});
  }
  // The matcher that finds names in text is also candidates()' index, so
  // each name is folded once, here.
  size_t bytes = 0;
  for (const PlaceName& n : names_) bytes += n.text.size();
  matcher_.reserve(names_.size(), bytes);
  for (uint32_t i = 0; i < names_.size(); ++i) matcher_.add(names_[i].text, i);
  matcher_.compile();
}

const Country* PlaceKb::country_by_code(std::string_view iso2) const {
  if (iso2.size() != 2) return nullptr;
  std::string up = {char(std::toupper(static_cast<unsigned char>(iso2[0]))),
                    char(std::toupper(static_cast<unsigned char>(iso2[1])))};
  auto it = std::lower_bound(countries_.begin(), countries_.end(), up,
                             [](const Country& c, const std::string& k) { return c.iso2 < k; });
  return it != countries_.end() && it->iso2 == up ? &*it : nullptr;
}

const Admin1* PlaceKb::admin1_by_code(std::string_view code) const {
  std::string up;
  for (char ch : code) up += char(std::toupper(static_cast<unsigned char>(ch)));
  auto it = std::lower_bound(admin1s_.begin(), admin1s_.end(), up,
                             [](const Admin1& a, const std::string& k) { return a.code < k; });
  return it != admin1s_.end() && it->code == up ? &*it : nullptr;
}

const Country* PlaceKb::country_by_demonym(std::string_view demonym) const {
  uint64_t h = key_hash(demonym);
  auto it = std::lower_bound(demonyms_.begin(), demonyms_.end(), DemonymEntry{h, 0, 0});
  return it != demonyms_.end() && it->hash == h ? &countries_[it->country] : nullptr;
}

PlaceCandidate PlaceKb::describe(PlaceRef ref) const {
  PlaceCandidate c;
  c.place = ref;
  switch (ref.kind) {
    case PlaceKind::kCountry: {
      const Country& x = countries_[ref.index];
      c.name = x.name;
      c.country = x.iso2;
      c.feature = "PCLI";
      c.lat = x.lat;
      c.lon = x.lon;
      c.has_coordinates = x.has_centroid;
      break;
    }
    case PlaceKind::kAdmin1: {
      const Admin1& x = admin1s_[ref.index];
      c.name = x.name;
      c.country = x.country;
      c.admin1 = x.name;
      c.admin1_code = x.code;
      c.feature = "ADM1";
      c.lat = x.lat;
      c.lon = x.lon;
      c.has_coordinates = x.has_centroid;
      break;
    }
    case PlaceKind::kCity: {
      const City& x = cities_[ref.index];
      c.name = x.name;
      c.country = x.country;
      if (x.admin1 >= 0) {
        c.admin1 = admin1s_[x.admin1].name;
        c.admin1_code = admin1s_[x.admin1].code;
      }
      c.feature = x.feature;
      c.lat = x.lat;
      c.lon = x.lon;
      c.has_coordinates = true;
      c.population = x.population;
      break;
    }
  }
  return c;
}

std::vector<PlaceCandidate> PlaceKb::candidates(std::string_view name, const PlaceContext& ctx,
                                                size_t limit) const {
  // The name as folded, then (in that order) without its leading "the" or
  // with one: "the U.S." and "U.S." are the same place; so are "The Gambia"
  // and "Gambia".
  std::vector<FoldedToken> tokens = fold_tokens(name);
  std::vector<uint32_t> found;
  matcher_.find_exact(tokens, found);
  if (tokens.size() > 1 && tokens[0].folded == "the") {
    matcher_.find_exact(std::span(tokens).subspan(1), found);
  } else if (!tokens.empty()) {
    tokens.insert(tokens.begin(), FoldedToken{"the"});
    matcher_.find_exact(tokens, found);
  }

  std::vector<PlaceCandidate> out;
  for (uint32_t id : found) {
    const PlaceName& pn = names_[id];
    PlaceCandidate c = describe(pn.place);
    c.matched = pn.text;
    c.alternate = pn.how == NameKind::kAlternate;
    double s = 0;
    switch (pn.place.kind) {
      case PlaceKind::kCountry: s += kCountryKind; break;
      case PlaceKind::kAdmin1: s += kAdmin1Kind; break;
      // A capital earns its bonus under its own name only: Paris is listed
      // as "Ile-de-France" too, and must not outrank the region.
      case PlaceKind::kCity: s += c.feature == "PPLC" && !c.alternate ? kCapitalKind : 0.0; break;
    }
    double logpop = std::log10(double(c.population) + 1);
    s += kPopulationWeight * logpop;
    if (c.alternate) {
      s -= pn.place.kind == PlaceKind::kCity
               ? kCityAlternateBase + kCityAlternateSlope * std::max(0.0, 6.0 - logpop)
               : kCuratedAlternate;
    }
    if (!ctx.countries.empty()) {
      s += contains(ctx.countries, c.country) ? kSameCountry : -kOtherCountry;
    }
    if (!c.admin1_code.empty() && contains(ctx.admin1, c.admin1_code)) s += kSameAdmin1;
    c.score = s;
    out.push_back(c);
  }
  // One entry per place: its best-scoring name.
  std::sort(out.begin(), out.end(), [](const PlaceCandidate& a, const PlaceCandidate& b) {
    if (a.place.kind != b.place.kind) return a.place.kind < b.place.kind;
    if (a.place.index != b.place.index) return a.place.index < b.place.index;
    return a.score > b.score;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const PlaceCandidate& a, const PlaceCandidate& b) {
                          return a.place.kind == b.place.kind && a.place.index == b.place.index;
                        }),
            out.end());
  std::sort(out.begin(), out.end(), [](const PlaceCandidate& a, const PlaceCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.population > b.population;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace sitrep::kb

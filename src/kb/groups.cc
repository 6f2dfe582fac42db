// The group knowledge base (groups.h): table loading, the overlay merge, alias
// variants, lookup and the relation walks.
#include "kb/groups.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>

#include "core/text.h"
#include "kb/matcher.h"

namespace sitrep::data {
extern const std::string_view kKbGroups;
extern const std::string_view kKbGroupsOverlay;
}  // namespace sitrep::data

namespace sitrep::kb {
namespace {

// ------------------------------------------------------------ variants


// Spelling families of transliterated words (lower case, apostrophes dropped,
// as fold_key leaves them). One family per line; any member may stand for any.
const std::vector<std::vector<std::string_view>>& translit_families() {
  static const std::vector<std::vector<std::string_view>> k = {
      {"qaeda", "qaida"},
      {"shabaab", "shabab"},
      {"nusra", "nusrah"},
      {"hezbollah", "hizballah", "hizbollah", "hizbullah"},
      {"jaish", "jaysh", "jeish"},
      {"mujahideen", "mujahidin", "mujahedin"},
      {"tayyiba", "taiba", "toiba"},
      {"khorasan", "khurasan"},
      {"sharia", "shariah", "charia"},
  };
  return k;
}

// Word tokens of `s` with the separators kept between them, so a variant can
// change one word and keep the rest as written.
struct Piece {
  std::string text;
  bool word = false;
};

std::vector<Piece> pieces(std::string_view s) {
  std::vector<Piece> out;
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c == '\'' || c >= 0x80; };
  size_t i = 0;
  while (i < s.size()) {
    bool w = is_word(s[i]);
    size_t j = i;
    while (j < s.size() && is_word(s[j]) == w) ++j;
    out.push_back({std::string(s.substr(i, j - i)), w});
    i = j;
  }
  return out;
}

std::string join_pieces(const std::vector<Piece>& p) {
  std::string out;
  for (const Piece& x : p) out += x.text;
  return std::string(trim(out));
}

// The folded form of one word, as fold_key would give it.
std::string fold_word(std::string_view w) { return fold_key(w); }

void add_unique(std::vector<std::string>& out, std::string v, std::string_view original) {
  v = std::string(trim(v));
  if (v.empty() || v == original) return;
  if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
}

bool is_upper_word(std::string_view w) {
  bool letter = false;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') letter = true;
  }
  return letter;
}

}  // namespace

std::vector<std::string> alias_variants(std::string_view alias) {
  std::vector<std::string> out;
  std::string original(trim(alias));
  if (original.empty()) return out;

  // Transliteration families: each word in a family yields one variant per
  // other member (words of several families compound through the loop below).
  std::vector<std::string> base = {original};
  for (size_t round = 0; round < base.size() && base.size() < 32; ++round) {
    std::vector<Piece> p = pieces(base[round]);
    for (size_t i = 0; i < p.size(); ++i) {
      if (!p[i].word) continue;
      std::string f = fold_word(p[i].text);
      for (const auto& family : translit_families()) {
        if (std::find(family.begin(), family.end(), f) == family.end()) continue;
        for (std::string_view alt : family) {
          if (alt == f) continue;
          std::vector<Piece> q = p;
          std::string repl(alt);
          if (is_upper_word(p[i].text)) {
            for (char& c : repl) c = char(std::toupper(static_cast<unsigned char>(c)));
          } else if (std::isupper(static_cast<unsigned char>(p[i].text[0]))) {
            repl[0] = char(std::toupper(static_cast<unsigned char>(repl[0])));
          }
          q[i].text = repl;
          std::string v = join_pieces(q);
          if (std::find(base.begin(), base.end(), v) == base.end()) base.push_back(v);
        }
      }
    }
  }
  for (const std::string& b : base) add_unique(out, b, original);

  // Article, "the", closed-up hyphen and Islamic State rules over each base form.
  for (const std::string& b : base) {
    std::vector<Piece> p = pieces(b);
    for (size_t i = 0; i + 2 < p.size(); ++i) {
      if (!p[i].word) continue;
      std::string f = fold_word(p[i].text);
      bool hyphen = p[i + 1].text == "-";
      bool article = f == "al" || f == "el" ||
                     (hyphen && (f == "ad" || f == "as" || f == "ash" || f == "at" || f == "az" ||
                                 f == "ar" || f == "an"));
      if (!article || !p[i + 2].word) continue;
      bool upper = is_upper_word(p[i].text);
      std::string al = upper ? "AL" : (std::isupper(static_cast<unsigned char>(p[i].text[0])) ? "Al" : "al");
      std::string el = upper ? "EL" : (std::isupper(static_cast<unsigned char>(p[i].text[0])) ? "El" : "el");
      auto with = [&](std::string art, std::string sep) {
        std::vector<Piece> q = p;
        q[i].text = std::move(art);
        q[i + 1].text = std::move(sep);
        return join_pieces(q);
      };
      add_unique(out, with(p[i].text, " "), original);
      add_unique(out, with(p[i].text, "-"), original);
      add_unique(out, with(p[i].text, ""), original);
      if (f == "al") add_unique(out, with(el, "-"), original);
      if (f == "el") add_unique(out, with(al, "-"), original);
      std::vector<Piece> q = p;  // the bare word: "Nusra Front"
      q.erase(q.begin() + long(i), q.begin() + long(i) + 2);
      if (!join_pieces(q).empty()) add_unique(out, join_pieces(q), original);
    }
    if (p.size() > 2 && p[0].word && fold_word(p[0].text) == "the") {
      std::vector<Piece> q(p.begin() + 2, p.end());
      add_unique(out, join_pieces(q), original);
    }
    for (size_t i = 0; i + 2 < p.size(); ++i) {
      if (p[i].word && p[i + 1].text == "-" && p[i + 2].word &&
          (p[i].text.size() <= 2 || p[i + 2].text.size() <= 2)) {
        std::vector<Piece> q = p;
        q[i + 1].text = "";
        add_unique(out, join_pieces(q), original);
      }
    }
  }

  // The Islamic State family, for "ISIS-X", "Islamic State X Province"...
  std::string key = fold_key(original);
  std::string rest;
  for (std::string_view prefix : {"islamic state of iraq and the levant ", "islamic state of iraq and syria ",
                                  "islamic state in ", "islamic states ", "islamic state ", "isis ", "isil ",
                                  "is "}) {
    if (key.rfind(prefix, 0) == 0) {
      rest = key.substr(prefix.size());
      break;
    }
  }
  if (rest.size() >= 3 && rest.find("iraq") == std::string::npos) {
    std::string title;
    for (std::string_view w : split(rest, ' ')) {
      if (!title.empty()) title += ' ';
      std::string word(w);
      if (word.size() <= 2 && rest.size() <= 2) {
        for (char& c : word) c = char(std::toupper(static_cast<unsigned char>(c)));
      } else {
        word[0] = char(std::toupper(static_cast<unsigned char>(word[0])));
      }
      title += word;
    }
    std::vector<std::string> places = {title};
    static const std::string_view kProvince = " Province";
    if (title.size() > kProvince.size() && title.ends_with(kProvince)) {
      places.push_back(title.substr(0, title.size() - kProvince.size()));
    } else if (title.size() > 2) {
      places.push_back(title + std::string(kProvince));
    }
    for (const std::string& x : places) {
      for (std::string v : {"ISIS-" + x, "ISIL-" + x, "IS-" + x, "Islamic State " + x,
                            "Islamic State in " + x, "Islamic State's " + x}) {
        if (fold_key(v) != key) add_unique(out, v, original);
      }
    }
  }
  return out;
}

namespace {

// ------------------------------------------------------------ tables

struct Row {
  std::string id, name, kind, extends;
  std::vector<std::string> aliases, relations, countries, sources;
  int line = 0;
  bool curated = false;
};

std::vector<std::string> list(std::string_view cell) {
  std::vector<std::string> out;
  for (std::string_view s : split(cell, '|')) {
    s = trim(s);
    if (!s.empty()) out.emplace_back(s);
  }
  return out;
}

Status parse_table(std::string_view text, std::string_view table, bool curated, std::vector<Row>* rows) {
  int line_no = 0;
  for (std::string_view line : split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string_view> f = split(line, '\t');
    size_t want = curated ? 8 : 7;
    if (f.size() != want) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(table) + ":" + std::to_string(line_no) + ": expected " +
                        std::to_string(want) + " tab-separated columns, found " + std::to_string(f.size()));
    }
    Row r;
    r.line = line_no;
    r.curated = curated;
    r.id = std::string(trim(f[0]));
    r.name = std::string(trim(f[1]));
    r.kind = std::string(trim(f[2]));
    r.aliases = list(f[3]);
    r.relations = list(f[4]);
    r.countries = list(f[5]);
    r.sources = list(f[6]);
    if (curated) r.extends = std::string(trim(f[7]));
    if (r.id.empty() || r.name.empty()) {
      return Status(ErrorCode::kInvalidArgument,
                    std::string(table) + ":" + std::to_string(line_no) + ": empty id or name");
    }
    if (r.kind.empty()) r.kind = "organization";
    rows->push_back(std::move(r));
  }
  return Status::ok();
}

// "type:target@year" -> parts; false when malformed.
bool parse_relation(std::string_view s, std::string* type, std::string* target, int* year) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  *type = std::string(s.substr(0, colon));
  std::string_view rest = s.substr(colon + 1);
  size_t at = rest.find('@');
  *year = 0;
  if (at != std::string_view::npos) {
    *year = std::atoi(std::string(rest.substr(at + 1)).c_str());
    rest = rest.substr(0, at);
  }
  *target = std::string(rest);
  return !target->empty();
}

bool is_parent_type(std::string_view t) { return t == "branch" || t == "affiliate" || t == "faction"; }

// Short all-capital names are ordinary words in running text.
bool needs_exact_case(std::string_view s) {
  size_t letters = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters > 0 && letters <= 3 && s.size() <= 4;
}

}  // namespace

Result<std::unique_ptr<GroupKb>> GroupKb::build(std::string_view generated, std::string_view overlay) {
  std::vector<Row> gen, cur;
  if (Status s = parse_table(generated, "data/kb/groups.tsv", false, &gen); !s) return s;
  if (Status s = parse_table(overlay, "data/kb/groups_overlay.tsv", true, &cur); !s) return s;

  // Keys the overlay writes itself claim more strongly than generated ones.
  std::map<std::string, std::set<std::string>> curated_keys_by_id;
  for (const Row& r : cur) {
    auto& keys = curated_keys_by_id[r.id];
    for (const std::string& a : r.aliases) keys.insert(fold_key(a));
  }
  std::map<std::string, Row> rows;            // id -> merged row
  std::map<std::string, std::string> redirect;  // generated id -> overlay id
  for (const Row& r : cur) {
    if (!r.extends.empty()) redirect[r.extends] = r.id;
  }
  // Overrides compare targets after redirection ("al-qaida" is "al-qaeda").
  auto canonical = [&](const std::string& id) {
    auto it = redirect.find(id);
    return it == redirect.end() ? id : it->second;
  };
  for (Row& r : gen) {
    if (!rows.emplace(r.id, r).second)
      return Status(ErrorCode::kInvalidArgument, "data/kb/groups.tsv:" + std::to_string(r.line) +
                                                     ": duplicate id " + r.id);
  }
  for (Row& r : cur) {
    std::string where = "data/kb/groups_overlay.tsv:" + std::to_string(r.line) + ": ";
    if (!r.extends.empty()) {
      auto it = rows.find(r.extends);
      if (it == rows.end() || it->second.curated)
        return Status(ErrorCode::kInvalidArgument, where + "extends unknown generated id " + r.extends);
      Row g = std::move(it->second);
      rows.erase(it);
      // Curated aliases first, then the generated name and aliases.
      r.aliases.push_back(g.name);
      r.aliases.insert(r.aliases.end(), g.aliases.begin(), g.aliases.end());
      std::set<std::string> overridden;
      std::string type, target;
      int year;
      for (const std::string& rel : r.relations) {
        if (parse_relation(rel, &type, &target, &year)) overridden.insert(canonical(target));
      }
      for (const std::string& rel : g.relations) {
        if (parse_relation(rel, &type, &target, &year) && !overridden.count(canonical(target)))
          r.relations.push_back(rel);
      }
      for (const std::string& c : g.countries) {
        if (std::find(r.countries.begin(), r.countries.end(), c) == r.countries.end()) r.countries.push_back(c);
      }
      std::vector<std::string> sources = g.sources;
      sources.insert(sources.end(), r.sources.begin(), r.sources.end());
      r.sources = sources;
    }
    if (rows.count(r.id))
      return Status(ErrorCode::kInvalidArgument, where + "id " + r.id + " already used");
    rows.emplace(r.id, std::move(r));
  }

  auto kb = std::make_unique<GroupKb>();
  for (auto& [id, r] : rows) {
    Group g;
    g.index = uint32_t(kb->groups_.size());
    g.id = r.id;
    g.name = r.name;
    g.kind = r.kind;
    std::set<std::string> seen = {fold_key(r.name)};
    for (const std::string& a : r.aliases) {
      if (seen.insert(fold_key(a)).second) g.aliases.push_back(a);
    }
    g.countries = r.countries;
    g.sources = r.sources;
    kb->by_id_[g.id] = g.index;
    kb->groups_.push_back(std::move(g));
  }
  for (const auto& [from, to] : redirect) kb->by_id_[from] = kb->by_id_.at(to);

  // Relations, now that every id is known.
  size_t i = 0;
  for (auto& [id, r] : rows) {
    Group& g = kb->groups_[i++];
    std::string type, target;
    int year;
    for (const std::string& rel : r.relations) {
      if (!parse_relation(rel, &type, &target, &year))
        return Status(ErrorCode::kInvalidArgument, "group " + id + ": malformed relation " + rel);
      auto it = kb->by_id_.find(target);
      if (it == kb->by_id_.end())
        return Status(ErrorCode::kInvalidArgument, "group " + id + ": relation to unknown id " + target);
      if (it->second == g.index) continue;
      g.relations.push_back({type, it->second, year});
    }
  }

  // Keys. Claim strength, lower is stronger: 0 curated name, 1 curated alias,
  // 2 generated name, 3 generated alias; variants add 4.
  struct Claim {
    int rank;
    uint32_t group;
  };
  std::unordered_map<std::string, Claim> claims;
  std::vector<std::pair<std::string, uint32_t>> texts;  // candidate names in order
  auto claim = [&](const std::string& text, uint32_t group, int rank) {
    std::string key = fold_key(text);
    if (key.empty()) return;
    auto [it, fresh] = claims.emplace(key, Claim{rank, group});
    if (!fresh && rank < it->second.rank) it->second = Claim{rank, group};
    texts.push_back({text, group});
  };
  for (Group& g : kb->groups_) {
    auto ck = curated_keys_by_id.find(g.id);
    bool curated = ck != curated_keys_by_id.end();
    static const std::set<std::string> kNone;
    const std::set<std::string>& curated_keys = curated ? ck->second : kNone;
    claim(g.name, g.index, curated ? 0 : 2);
    for (const std::string& a : g.aliases) claim(a, g.index, curated_keys.count(fold_key(a)) ? 1 : 3);
    for (const std::string& v : alias_variants(g.name)) claim(v, g.index, (curated ? 0 : 2) + 4);
    for (const std::string& a : g.aliases) {
      for (const std::string& v : alias_variants(a)) claim(v, g.index, (curated_keys.count(fold_key(a)) ? 1 : 3) + 4);
    }
  }
  for (const auto& [key, c] : claims) kb->by_key_[key] = c.group;
  std::set<std::pair<std::string, uint32_t>> named;
  for (const auto& [text, group] : texts) {
    if (kb->by_key_.at(fold_key(text)) != group || !named.insert({text, group}).second) continue;
    kb->names_.push_back({text, group, needs_exact_case(text)});
  }
  return kb;
}

const GroupKb& GroupKb::get() {
  static const GroupKb* kb = [] {
    auto built = build(data::kKbGroups, data::kKbGroupsOverlay);
    if (!built.ok()) {
      std::fprintf(stderr, "sitrep: embedded group tables: %s\n", built.status().to_string().c_str());
      std::abort();
    }
    return std::move(built.value()).release();
  }();
  return *kb;
}

const Group* GroupKb::find_key(const std::string& key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &groups_[it->second];
}

const Group* GroupKb::find_id(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &groups_[it->second];
}

const Group* GroupKb::lookup(std::string_view name) const {
  std::string key = fold_key(name);
  if (key.empty()) return nullptr;
  if (const Group* g = find_key(key)) return g;
  // Descriptive words around a name, tried only when the name itself fails.
  static const std::set<std::string_view> kLeading = {
      "the", "maoist", "pro maoist", "marxist", "leftist", "rightist", "extreme", "castroite",
      "pro castroite", "pro castrist", "terrorist", "guerrilla", "rebel", "sinister", "clandestine",
      "colombian", "salvadoran", "peruvian", "guatemalan", "honduran", "chilean", "bolivian",
      "nicaraguan", "ecuadorean", "ecuadorian", "venezuelan", "so called"};
  static const std::set<std::string_view> kTrailing = {
      "group", "groups", "organization", "organisation", "movement", "guerrillas", "guerrilla",
      "guerrilla group", "terrorist group", "terrorist organization", "terrorists", "terrorist", "fighters",
      "militants", "militia", "rebels", "cell", "cells", "column", "detachment", "network",
      "faction", "members", "guerrrilla group"};
  std::vector<std::string> words;
  for (std::string_view w : split(key, ' ')) words.emplace_back(w);
  auto joined = [&](size_t b, size_t e) {
    std::string out;
    for (size_t k = b; k < e; ++k) out += (out.empty() ? "" : " ") + words[k];
    return out;
  };
  // Leading descriptors (one- or two-word), stripped one at a time; for each
  // start, trailing heads stripped one at a time from the end.
  size_t b = 0;
  while (true) {
    size_t e = words.size();
    while (e > b) {
      if ((b > 0 || e < words.size())) {
        if (const Group* g = find_key(joined(b, e))) return g;
      }
      // A numbered unit of a group: "FARC 12th front", "FMLN 5th column".
      bool unit = e - b >= 3 && std::isdigit(static_cast<unsigned char>(words[e - 2][0])) &&
                  (words[e - 1] == "front" || words[e - 1] == "column" || words[e - 1] == "battalion");
      if (unit) {
        e -= 2;
      } else if (e - b >= 2 && kTrailing.count(words[e - 1])) {
        e -= 1;
      } else if (e - b >= 3 && kTrailing.count(words[e - 2] + " " + words[e - 1])) {
        e -= 2;
      } else {
        break;
      }
    }
    if (b + 1 < words.size() && kLeading.count(words[b])) {
      b += 1;
    } else if (b + 2 < words.size() && kLeading.count(words[b] + " " + words[b + 1])) {
      b += 2;
    } else {
      break;
    }
  }
  return approximate(words);
}

namespace {

// The words of a name that carry it: without "of", "the", "de", ...
std::vector<std::string> content_words(const std::vector<std::string>& words) {
  static const std::set<std::string_view> kStop = {"of", "the", "de", "del", "la", "el", "and",
                                                   "y", "for", "in", "a"};
  std::vector<std::string> out;
  for (const auto& w : words) {
    if (!kStop.count(w)) out.push_back(w);
  }
  return out;
}

// Levenshtein distance of two short words, capped at 2.
int word_distance(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.size() > b.size() + 1 || b.size() > a.size() + 1) return 2;
  // Two rows of the table; on the stack for words as names have them.
  constexpr size_t kStack = 48;
  int stack_rows[2][kStack];
  std::vector<int> heap_rows;
  int* prev = stack_rows[0];
  int* cur = stack_rows[1];
  if (b.size() + 1 > kStack) {
    heap_rows.resize(2 * (b.size() + 1));
    prev = heap_rows.data();
    cur = prev + b.size() + 1;
  }
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], 2);
}

// Whether `query` (content words) misspells or shortens the key `kw`.
bool approx_match(const std::vector<std::string>& query, const std::vector<std::string>& kw) {
  if (kw.size() == query.size()) {
    // Same words, each the same or one edit away (words of 5+ letters).
    int edits = 0;
    for (size_t i = 0; i < kw.size(); ++i) {
      int d = word_distance(query[i], kw[i]);
      if (d > 0 && (d > 1 || query[i].size() < 5)) return false;
      edits += d;
    }
    return edits <= 2;
  }
  if (kw.size() > query.size() && kw.size() <= query.size() + 2 && kw[0] == query[0]) {
    // A shortened name: the query's words in order within the key's.
    size_t q = 0;
    for (size_t i = 0; i < kw.size() && q < query.size(); ++i) q += kw[i] == query[q];
    return q == query.size();
  }
  return false;
}

}  // namespace

// Misspelt or shortened full names, as hand-typed keys and queries have them:
// "Tupac Amary Revolutionary Movement", "Zarate Willca Armed Forces
// Liberation", "Farabundo Marti Liberation". Only names of three or more
// content words qualify, and only an answer that is one group.
const Group* GroupKb::approximate(const std::vector<std::string>& words) const {
  std::call_once(content_keys_once_, [this] { content_keys_ = content_keys(); });
  return one_match(words, content_keys_);
}

const Group* GroupKb::approximate_by_scan(const std::vector<std::string>& words) const {
  return one_match(words, content_keys());
}

std::vector<GroupKb::ContentKey> GroupKb::content_keys() const {
  std::vector<ContentKey> out;
  for (const auto& [key, index] : by_key_) {
    std::vector<std::string> kw;
    for (std::string_view w : split(key, ' ')) kw.emplace_back(w);
    kw = content_words(kw);
    // approx_match needs a key of at least as many words as the query's 3.
    if (kw.size() >= 3) out.push_back({std::move(kw), index});
  }
  return out;
}

const Group* GroupKb::one_match(const std::vector<std::string>& words,
                                const std::vector<ContentKey>& keys) const {
  std::vector<std::string> query = content_words(words);
  if (query.size() < 3) return nullptr;
  const Group* found = nullptr;
  for (const ContentKey& k : keys) {
    if (!approx_match(query, k.words)) continue;
    const Group* g = &groups_[k.group];
    if (found != nullptr && found != g) return nullptr;  // ambiguous
    found = g;
  }
  return found;
}

std::vector<const Group*> GroupKb::parents(const Group& g) const {
  std::vector<const Group*> out;
  std::vector<bool> seen(groups_.size(), false);
  seen[g.index] = true;
  std::deque<uint32_t> queue = {g.index};
  while (!queue.empty()) {
    uint32_t cur = queue.front();
    queue.pop_front();
    for (const GroupRelation& r : groups_[cur].relations) {
      if (!is_parent_type(r.type) || seen[r.target]) continue;
      seen[r.target] = true;
      out.push_back(&groups_[r.target]);
      queue.push_back(r.target);
    }
  }
  return out;
}

std::vector<const Group*> GroupKb::branches(const Group& g) const {
  std::vector<const Group*> out;
  for (const Group& other : groups_) {
    for (const GroupRelation& r : other.relations) {
      if (r.target == g.index && is_parent_type(r.type)) {
        out.push_back(&other);
        break;
      }
    }
  }
  return out;
}

}  // namespace sitrep::kb

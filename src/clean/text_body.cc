// The plain-text body classifier (see text_body.h).
//
// A page is split into units: single lines, or whole blocks when a block is
// hard-wrapped prose. Each unit is classified (blank, date, boilerplate,
// end marker, prose, heading, promo) and the story is what remains between
// the opening dateline (when there is one) and the first end marker after
// the story began. Headings are kept only when prose follows them.
#include "clean/text_body.h"

#include <unordered_map>

#include "clean/boilerplate.h"
#include "clean/dates.h"
#include "core/text.h"

namespace sitrep::clean {
namespace {

struct Unit {
  size_t begin = 0;  // raw offsets of the trimmed unit
  size_t end = 0;
  std::vector<std::pair<size_t, size_t>> lines;  // member lines of a wrapped block
  bool blank = false;
};

enum class Kind { kBlank, kDate, kBoiler, kEnd, kProse, kHeading, kPromo, kRepeat };

// Trims ASCII and no-break spaces.
std::pair<size_t, size_t> trim_span(std::string_view text, size_t b, size_t e) {
  auto space_at = [&](size_t i, bool forward) -> size_t {
    if (forward) {
      if (is_ascii_space(text[i])) return 1;
      if (i + 1 < e && text.compare(i, 2, "\xC2\xA0") == 0) return 2;
    } else {
      if (is_ascii_space(text[i - 1])) return 1;
      if (i >= b + 2 && text.compare(i - 2, 2, "\xC2\xA0") == 0) return 2;
    }
    return 0;
  };
  while (b < e) {
    size_t k = space_at(b, true);
    if (k == 0) break;
    b += k;
  }
  while (e > b) {
    size_t k = space_at(e, false);
    if (k == 0) break;
    e -= k;
  }
  return {b, e};
}

bool is_dash_at(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  if (s[i] == '-') return true;
  return s.compare(i, 3, "\xE2\x80\x94") == 0 || s.compare(i, 3, "\xE2\x80\x93") == 0;
}

// Splits "(CNN) —" / "CITY, date (Agency) --" / "CITY —" openings. Returns
// the byte length of the dateline (0 if none) and the agency it names.
size_t parse_dateline(std::string_view p, std::string* agency) {
  std::string_view head = p.substr(0, 120);
  size_t open = head.find('(');
  size_t close = open == std::string_view::npos ? open : head.find(')', open);
  if (open != std::string_view::npos && close != std::string_view::npos && close - open <= 40) {
    std::string_view before = head.substr(0, open);
    if (before.find_first_of(".!?\"") == std::string_view::npos ||
        before.find_first_of("!?\"") == std::string_view::npos) {
      bool sentence_like = count_words(before) > 8;
      std::string_view name = trim(head.substr(open + 1, close - open - 1));
      size_t k = close + 1;
      while (k < p.size() && (p[k] == ' ' || p.compare(k, 2, "\xC2\xA0") == 0)) {
        k += p[k] == ' ' ? 1 : 2;
      }
      bool capital = !name.empty() && isupper(static_cast<unsigned char>(name[0]));
      if (!sentence_like && capital && is_dash_at(p, k) && count_words(name) <= 4) {
        if (agency) *agency = std::string(name);
        while (k < p.size() && (is_dash_at(p, k) || p[k] == ' ')) k += p[k] == '-' || p[k] == ' ' ? 1 : 3;
        return k;
      }
    }
  }
  // "Shafaq News/ ..." : a short capitalised name and a slash.
  size_t slash = head.find('/');
  if (slash != std::string_view::npos && slash > 0 && slash < 40) {
    std::string_view name = trim(head.substr(0, slash));
    if (count_words(name) <= 4 && !name.empty() && isupper(static_cast<unsigned char>(name[0])) &&
        name.find_first_of(".,:;") == std::string_view::npos) {
      if (agency) *agency = std::string(name);
      return slash + 1;
    }
  }
  // "WASHINGTON —" / "KABUL, Afghanistan -": capitals then a dash.
  size_t i = 0;
  size_t caps = 0;
  while (i < head.size() && (isupper(static_cast<unsigned char>(head[i])) || head[i] == ' ' ||
                             head[i] == '.' || head[i] == '\'')) {
    caps += isupper(static_cast<unsigned char>(head[i])) ? 1 : 0;
    ++i;
  }
  if (caps >= 3 && i < head.size() && head[i] == ',') {
    // "KABUL, Afghanistan —"
    size_t dash = head.find_first_of("-\xE2", i);
    if (dash != std::string_view::npos && dash - i < 40 && is_dash_at(head, dash) &&
        head.substr(i, dash - i).find_first_of(".!?") == std::string_view::npos) {
      return dash + 1;
    }
  }
  // The dash must stand apart ("KABUL —"), not join a code ("LAMD-1990").
  if (caps >= 3 && i > 0 && head[i - 1] == ' ' && is_dash_at(head, i)) return i + 1;
  return 0;
}

// The outlet of a copyright line: "© 2015 - 2024 Conservative Institute. All Rights Reserved."
std::string copyright_owner(std::string_view line) {
  std::string_view s = trim(line);
  size_t p = 0;
  if (s.compare(0, 2, "\xC2\xA9") == 0) {
    p = 2;
  } else if (istarts_with(s, "copyright")) {
    p = 9;
  } else {
    return "";
  }
  // Skip years, dashes, spaces and a (further) copyright sign.
  while (p < s.size()) {
    if (isdigit(static_cast<unsigned char>(s[p])) || s[p] == ' ' || s[p] == '-' || s[p] == ',') {
      ++p;
    } else if (is_dash_at(s, p)) {
      p += 3;
    } else if (s.compare(p, 2, "\xC2\xA9") == 0) {
      p += 2;
    } else if (istarts_with(s.substr(p), "(c)")) {
      p += 3;
    } else {
      break;
    }
  }
  size_t e = s.find_first_of(".|", p);
  std::string_view owner = trim(s.substr(p, e == std::string_view::npos ? s.size() - p : e - p));
  // "© Sahel Monitor 2023": the year may follow the name.
  while (!owner.empty() && (isdigit(static_cast<unsigned char>(owner.back())) || owner.back() == ' ' ||
                            owner.back() == '-' || owner.back() == ',')) {
    owner.remove_suffix(1);
  }
  if (owner.empty() || count_words(owner) > 6 || icontains(owner, "rights")) return "";
  return std::string(owner);
}

bool is_quotation(std::string_view s) {
  s = trim(s);
  auto opens = [](std::string_view x) {
    return !x.empty() && (x[0] == '"' || x.compare(0, 3, "\xE2\x80\x9C") == 0);
  };
  auto closes = [](std::string_view x) {
    return !x.empty() && (x.back() == '"' ||
                          (x.size() >= 3 && x.compare(x.size() - 3, 3, "\xE2\x80\x9D") == 0));
  };
  return opens(s) && closes(s);
}

// A horizontal rule drawn with characters: "-----", "=====", "_____".
bool is_rule_line(std::string_view s) {
  s = trim(s);
  if (s.size() < 8) return false;
  for (char c : s) {
    if (c != '-' && c != '=' && c != '_' && c != '*' && c != '~') return false;
  }
  return true;
}

// The name of a byline "By Jane Doe" / "By Jane Doe and John Roe", or "".
std::string byline_name(std::string_view s) {
  s = trim(s);
  if (!istarts_with(s, "by ") || s.size() > 80 || ends_sentence(s)) return "";
  std::string_view name = trim(s.substr(3));
  size_t words = count_words(name);
  if (words == 0 || words > 6 || !isupper(static_cast<unsigned char>(name[0]))) return "";
  size_t cut = name.find_first_of(",|");
  if (cut != std::string_view::npos) name = trim(name.substr(0, cut));
  size_t and_at = name.find(" and ");
  if (and_at != std::string_view::npos) name = name.substr(0, and_at);
  return std::string(name);
}

}  // namespace

std::string dateline_source(std::string_view paragraph) {
  std::string agency;
  if (parse_dateline(paragraph, &agency) == 0) return "";
  return agency;
}

// Headlines run to a few dozen words at most.
constexpr size_t kMaxTitleWords = 60;

TextPage extract_text(std::string_view text) {
  TextPage page;
  // 1. Lines, trimmed.
  std::vector<std::pair<size_t, size_t>> lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back(trim_span(text, pos, eol));
    pos = eol + 1;
  }
  auto view = [&](std::pair<size_t, size_t> s) { return text.substr(s.first, s.second - s.first); };

  // 2. Title: the first line; a one- or two-word section label before a
  // headline gives way to the headline.
  size_t first = 0;
  while (first < lines.size() && lines[first].first == lines[first].second) ++first;
  if (first == lines.size()) return page;
  size_t title_line = first;
  size_t body_from = first + 1;
  // A first line of many sentences is the story itself, not a title: texts
  // kept one story per line (MUC-4, feeds flattened to one line) have none.
  // A lone line is the story too: there is nothing for it to be the title of.
  bool lone = true;
  for (size_t k = first + 1; k < lines.size() && lone; ++k) lone = lines[k].first == lines[k].second;
  const bool untitled = lone || count_words(view(lines[first])) > kMaxTitleWords;
  if (untitled) body_from = first;
  if (!untitled) {
    size_t next = first + 1;
    int seen = 0;
    while (next < lines.size() && seen < 2) {
      if (lines[next].first != lines[next].second) {
        ++seen;
        std::string_view cand = view(lines[next]);
        size_t w = count_words(cand);
        if (count_words(view(lines[first])) <= 2 && w >= 4 && w <= 25 &&
            (!ends_sentence(cand) || cand.back() == '?') && !is_date_line(cand)) {
          title_line = next;
          body_from = next + 1;
        }
        break;
      }
      ++next;
    }
  }
  if (!untitled) page.title = std::string(view(lines[title_line]));
  std::string title_key = line_key(page.title);

  // 3. Units: lines, or a whole block when the block is hard-wrapped prose
  // (most lines 40-100 bytes and not ending sentences).
  std::vector<Unit> units;
  for (size_t i = body_from; i < lines.size();) {
    if (lines[i].first == lines[i].second) {
      Unit u;
      u.blank = true;
      units.push_back(u);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < lines.size() && lines[j].first != lines[j].second) ++j;
    // Hard-wrapped prose: most lines 40-100 bytes not ending a sentence, and
    // no line that stands alone (a list item, a boilerplate line).
    size_t wrapped = 0;
    bool standalone = false;
    for (size_t k = i; k < j; ++k) {
      std::string_view l = view(lines[k]);
      size_t len = l.size();
      if (k + 1 < j && len >= 40 && len <= 100 && !ends_sentence(l)) ++wrapped;
      if (l[0] == '-' || l[0] == '*' || l.compare(0, 3, "\xE2\x80\xA2") == 0) {
        standalone = true;
      } else {
        const std::string key = line_key(l);
        standalone = standalone || BoilerplateLexicon::get().key_is_boilerplate(key) ||
                     BoilerplateLexicon::get().key_is_end_marker(key);
      }
    }
    if (j - i >= 3 && !standalone && wrapped >= 2 && wrapped * 10 >= (j - i - 1) * 7) {
      Unit u;
      u.begin = lines[i].first;
      u.end = lines[j - 1].second;
      u.lines.assign(lines.begin() + i, lines.begin() + j);
      units.push_back(u);
    } else {
      for (size_t k = i; k < j; ++k) {
        Unit u;
        u.begin = lines[k].first;
        u.end = lines[k].second;
        u.lines.push_back(lines[k]);
        units.push_back(u);
      }
    }
    i = j;
  }

  // 4. Classify.
  const BoilerplateLexicon& lex = BoilerplateLexicon::get();
  // Each unit's line_key, once: repeats, the lexicon and the title read it.
  std::vector<std::string> unit_key(units.size());
  std::unordered_map<std::string_view, int> seen;
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].blank) continue;
    unit_key[i] = line_key(text.substr(units[i].begin, units[i].end - units[i].begin));
    ++seen[unit_key[i]];
  }
  std::vector<Kind> kind(units.size(), Kind::kBlank);
  std::string byline;
  size_t byline_unit = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (u.blank) continue;
    std::string_view s = text.substr(u.begin, u.end - u.begin);
    const std::string& key = unit_key[i];
    size_t words = count_words(s, 30);  // compared with 2, 6 and 30 below
    // "By Aminata Kouyaté": a byline; a unit right after it that opens with
    // the same name is the author's bio.
    if (std::string name = byline_name(s); !name.empty()) {
      byline = name;
      byline_unit = i;
      kind[i] = Kind::kBoiler;
      continue;
    }
    if (is_rule_line(s)) {
      kind[i] = Kind::kEnd;
    } else if (is_date_line(s)) {
      kind[i] = Kind::kDate;
      page.date_candidates.push_back(std::string(s));
    } else if (lex.key_is_end_marker(key)) {
      kind[i] = Kind::kEnd;
    } else if (lex.key_is_boilerplate(key) || is_duration(s) || is_image_name(s) ||
               (!byline.empty() && s.compare(0, byline.size(), byline) == 0 && i <= byline_unit + 2)) {
      kind[i] = Kind::kBoiler;
      if (page.source.empty()) page.source = copyright_owner(s);
    } else if (key == title_key || (seen[key] >= 2 && words >= 2)) {
      kind[i] = Kind::kRepeat;
    } else if ((ends_sentence(s) && words >= 6) || words >= 30) {
      kind[i] = Kind::kProse;
    } else if (words <= 6 || s.back() == '?') {
      kind[i] = Kind::kHeading;
    } else {
      kind[i] = Kind::kPromo;
    }
  }
  // Blocks mostly made of boilerplate are boilerplate whole (captions sit
  // between credits and file names).
  for (size_t i = 0; i < units.size();) {
    if (units[i].blank) {
      ++i;
      continue;
    }
    size_t j = i;
    size_t bad = 0;
    while (j < units.size() && !units[j].blank) {
      bad += kind[j] == Kind::kBoiler || kind[j] == Kind::kRepeat ? 1 : 0;
      ++j;
    }
    if (bad >= 2 && bad * 5 >= (j - i) * 2) {
      for (size_t k = i; k < j; ++k) {
        if (kind[k] != Kind::kDate && kind[k] != Kind::kEnd) kind[k] = Kind::kBoiler;
      }
    }
    i = j;
  }

  // 5. The opening dateline: when a unit opens with one, what precedes it
  // (apart from date lines) is page furniture, unless real prose came first.
  size_t start = 0;
  {
    size_t prose_before = 0;
    for (size_t i = 0; i < units.size(); ++i) {
      if (units[i].blank || kind[i] == Kind::kDate) continue;
      std::string_view s = text.substr(units[i].begin, units[i].end - units[i].begin);
      std::string agency;
      if (parse_dateline(s, &agency) > 0 && agency.size() < 40) {
        if (prose_before <= 2) {
          start = i;
          if (!agency.empty()) page.source = agency;
        }
        break;
      }
      if (kind[i] == Kind::kProse) ++prose_before;
    }
  }

  // 6. Walk the story: keep prose, keep headings that prose follows, stop at
  // an end marker once the story has begun.
  std::vector<size_t> kept;
  std::vector<size_t> pending_headings;
  size_t story_words = 0;
  bool skipping_list = false;  // inside a related-list block before the story
  size_t last_prose_unit = 0;
  for (size_t i = start; i < units.size(); ++i) {
    Kind k = kind[i];
    if (k == Kind::kBlank) continue;
    std::string_view s = text.substr(units[i].begin, units[i].end - units[i].begin);
    if (k == Kind::kEnd) {
      if (story_words >= 40) break;
      skipping_list = true;
      continue;
    }
    if (k == Kind::kProse) {
      skipping_list = false;
      for (size_t h : pending_headings) kept.push_back(h);
      pending_headings.clear();
      kept.push_back(i);
      story_words += count_words(s, 40);  // compared with 0 and 40
      last_prose_unit = i;
      continue;
    }
    if (k == Kind::kHeading && !skipping_list && story_words > 0) {
      // A lone dateline marker ("(CNN) —") carries no text of its own.
      std::string agency;
      if (parse_dateline(s, &agency) == s.size()) continue;
      pending_headings.push_back(i);
    }
  }
  // A closing epigraph: a quotation followed by a lone attribution line.
  if (!kept.empty() && kept.back() == last_prose_unit) {
    std::string_view s = text.substr(units[last_prose_unit].begin,
                                     units[last_prose_unit].end - units[last_prose_unit].begin);
    if (is_quotation(s)) {
      for (size_t i = last_prose_unit + 1; i < units.size(); ++i) {
        if (units[i].blank) continue;
        std::string_view next = text.substr(units[i].begin, units[i].end - units[i].begin);
        if (kind[i] == Kind::kHeading && count_words(next) <= 4) kept.pop_back();
        break;
      }
    }
  }

  // 7. Emit: paragraphs separated by "\n\n"; a wrapped block's lines joined
  // by single spaces. A unit that opens with a lone dateline keeps it.
  for (size_t idx = 0; idx < kept.size(); ++idx) {
    const Unit& u = units[kept[idx]];
    if (!page.body.empty()) page.body.replace(u.begin, 0, "\n\n");
    for (size_t l = 0; l < u.lines.size(); ++l) {
      if (l > 0) page.body.replace(u.lines[l].first, 0, " ");
      page.body.copy(u.lines[l].first, view(u.lines[l]));
    }
  }
  return page;
}

}  // namespace sitrep::clean

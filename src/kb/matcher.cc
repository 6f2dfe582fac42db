// Token folding and the PhraseMatcher automaton: text is folded token by token
// (ASCII words 64 bytes at a time by bit masks, other letters through ICU
// once per code point), tokens are interned to ids, and an Aho-Corasick
// automaton over those ids reports every pattern ending at each token.
#include "kb/matcher.h"

#define XXH_INLINE_ALL  // short keys: let the compiler see the whole hash
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstring>

#include "core/big_alloc.h"
#include "core/text.h"

namespace sitrep::kb {
namespace {

// ---------------------------------------------------------------------------
// Character classes.

enum Kind : uint8_t {
  kSep,     // separates tokens
  kLetter,  // word character; the initialism rule looks for single letters
  kDigit,   // word character
  kStrip,   // inside a word: dropped, the word goes on (marks, soft hyphen)
  kKeep,    // inside a word: kept as is (spacing marks of Indic scripts)
  kApos,    // apostrophe: dropped between word characters, else a separator
};

struct AsciiTable {
  uint8_t kind[128];
  char lower[128];
};

constexpr AsciiTable make_ascii_table() {
  AsciiTable t{};
  for (int c = 0; c < 128; ++c) {
    t.lower[c] = static_cast<char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      t.kind[c] = kLetter;
      t.lower[c] = static_cast<char>(c | 0x20);
    } else if (c >= '0' && c <= '9') {
      t.kind[c] = kDigit;
    } else if (c == '\'' || c == '`') {
      t.kind[c] = kApos;
    } else {
      t.kind[c] = kSep;
    }
  }
  return t;
}
constexpr AsciiTable kAscii = make_ascii_table();

// What folding does to one non-ASCII code point.
struct CpInfo {
  uint8_t kind = kSep;
  uint8_t len = 0;  // bytes of folded
  char folded[14] = {};
};

bool is_apostrophe(UChar32 cp) {
  switch (cp) {
    case 0x2019:  // ’ right single quotation mark, the typographic apostrophe
    case 0x2018:  // ‘ often typed for the ayn in transliterations
    case 0x02BC:  // ʼ modifier letter apostrophe
    case 0x02BB:  // ʻ
    case 0x02BE:  // ʾ hamza in transliterations
    case 0x02BF:  // ʿ ayn in transliterations
      return true;
    default:
      return false;
  }
}

// Letters that neither case folding nor decomposition bring to ASCII but
// that English news spells without the stroke (Łódź -> lodz).
const char* extra_fold(UChar32 cp) {
  switch (cp) {
    case 0x0142: return "l";   // ł
    case 0x00F8: return "o";   // ø
    case 0x0111: return "d";   // đ
    case 0x0127: return "h";   // ħ
    case 0x0131: return "i";   // ı
    case 0x0167: return "t";   // ŧ
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x00F0: return "d";   // ð
    case 0x00FE: return "th";  // þ
    default: return nullptr;
  }
}

// The slow path, through ICU: full case folding, compatibility decomposition,
// nonspacing marks removed.
CpInfo compute_info(UChar32 cp) {
  CpInfo info;
  if (is_apostrophe(cp)) {
    info.kind = kApos;
    return info;
  }
  if (cp == 0x200B || cp == 0xFEFF) return info;  // zero-width space / BOM separate words
  int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) {
    info.kind = kStrip;
    return info;
  }
  std::string out;
  if (u_isdigit(cp)) {
    int v = u_charDigitValue(cp);
    info.kind = kDigit;
    out.push_back(static_cast<char>('0' + (v >= 0 && v <= 9 ? v : 0)));
  } else if (type == U_COMBINING_SPACING_MARK) {
    info.kind = kKeep;
    sitrep::append_utf8(out, static_cast<char32_t>(cp));
  } else if (u_isalpha(cp)) {
    info.kind = kLetter;
    icu::UnicodeString s(cp);
    s.foldCase(U_FOLD_CASE_DEFAULT);
    UErrorCode ec = U_ZERO_ERROR;
    // Hangul syllables would decompose into jamo; keep them whole.
    bool hangul = cp >= 0xAC00 && cp <= 0xD7A3;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(ec);
    if (!hangul && U_SUCCESS(ec)) {
      icu::UnicodeString d = nfkd->normalize(s, ec);
      if (U_SUCCESS(ec)) s = d;
    }
    for (int32_t i = 0; i < s.length();) {
      UChar32 c = s.char32At(i);
      i += U16_LENGTH(c);
      int8_t t = u_charType(c);
      if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK) continue;
      c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
      if (const char* e = extra_fold(c)) {
        out += e;
      } else {
        sitrep::append_utf8(out, static_cast<char32_t>(c));
      }
    }
    if (out.empty()) info.kind = kStrip;  // nothing but marks: behave like one
  } else {
    return info;  // punctuation, symbols, spaces
  }
  if (out.size() > sizeof(info.folded)) out.resize(sizeof(info.folded));  // never in practice
  info.len = static_cast<uint8_t>(out.size());
  std::memcpy(info.folded, out.data(), out.size());
  return info;
}

// Two-byte UTF-8 (U+0080..U+07FF: Latin supplements, Greek, Cyrillic,
// Hebrew, Arabic) is precomputed once; rarer code points go through a small
// per-thread cache so ICU runs about once per distinct character.
const CpInfo& cp_info(char32_t cp) {
  static const std::vector<CpInfo> low = [] {
    std::vector<CpInfo> t(0x800);
    for (UChar32 c = 0x80; c < 0x800; ++c) t[c] = compute_info(c);
    return t;
  }();
  if (cp < 0x800) return low[cp];
  struct Slot {
    char32_t cp = 0;
    CpInfo info;
  };
  thread_local std::array<Slot, 512> cache{};
  Slot& s = cache[(cp * 0x9E3779B1u) >> 23];
  if (s.cp != cp) {
    s.cp = cp;
    s.info = compute_info(static_cast<UChar32>(cp));
  }
  return s.info;
}

// The kind of the character at text[i] and its length in bytes.
inline uint8_t kind_at(std::string_view text, size_t i, size_t* len, const CpInfo** info) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    *info = nullptr;
    return kAscii.kind[c];
  }
  size_t j = i;
  char32_t cp = sitrep::next_code_point(text, j);
  *len = j - i;
  *info = &cp_info(cp);
  return (*info)->kind;
}

inline bool is_word(uint8_t k) { return k == kLetter || k == kDigit; }

// ---------------------------------------------------------------------------
// The tokenizer.

struct WordScan {
  size_t end;       // one past the word's last byte
  size_t resume;    // where scanning goes on (past a dropped "'s")
  uint32_t units;   // letters and digits in the word
  uint32_t letters;
};

// Scans one word starting at text[i] (a letter or digit), appending its
// folded form to `buf`.
WordScan scan_word(std::string_view text, size_t i, std::string& buf) {
  const size_t n = text.size();
  const char* p = text.data();
  WordScan w{i, i, 0, 0};
  while (i < n) {
    auto c = static_cast<unsigned char>(p[i]);
    uint8_t k;
    size_t len = 1;
    const CpInfo* info = nullptr;
    if (c < 0x80) {
      k = kAscii.kind[c];
      if (k == kLetter || k == kDigit) {
        // The common case: a run of ASCII letters and digits, appended at once.
        size_t j = i;
        do {
          w.letters += k == kLetter;
          ++j;
          if (j == n) break;
          c = static_cast<unsigned char>(p[j]);
          if (c >= 0x80) break;
          k = kAscii.kind[c];
        } while (k == kLetter || k == kDigit);
        const size_t old = buf.size();
        buf.resize(old + (j - i));
        char* out = buf.data() + old;
        for (size_t q = i; q < j; ++q) *out++ = kAscii.lower[static_cast<unsigned char>(p[q])];
        w.units += static_cast<uint32_t>(j - i);
        i = j;
        continue;
      }
    } else {
      k = kind_at(text, i, &len, &info);
    }
    if (k == kLetter || k == kDigit) {
      buf.append(info->folded, info->len);
      ++w.units;
      w.letters += k == kLetter;
      i += len;
    } else if (k == kStrip) {
      i += len;
    } else if (k == kKeep) {
      buf.append(info->folded, info->len);
      i += len;
    } else if (k == kApos) {
      size_t a = i + len;
      if (a >= n) break;
      size_t len2;
      const CpInfo* info2;
      if (!is_word(kind_at(text, a, &len2, &info2))) break;
      if ((p[a] == 's' || p[a] == 'S')) {
        size_t len3;
        const CpInfo* info3;
        if (a + 1 >= n || !is_word(kind_at(text, a + 1, &len3, &info3))) {
          // Possessive: the word ends before the apostrophe, "'s" is dropped.
          w.end = i;
          w.resume = a + 1;
          return w;
        }
      }
      i = a;  // inner apostrophe: dropped, the word goes on
    } else {
      break;
    }
  }
  w.end = w.resume = i;
  return w;
}

// At least kPad bytes from the start of a token's folded form as handed to
// emit() are readable, past the end of a shorter token too (those mean
// nothing), so a short token's key can be loaded as two whole 8-byte words
// and masked instead of copied byte by byte.
constexpr size_t kPad = 16;

// 64 bytes of text classified at once. News text is nearly all ASCII, and
// nearly all of its words are runs of ASCII letters and digits ended by a
// space or by punctuation that no folding rule looks through; with these
// masks such a word's end is one bit scan away, and `folded` (every byte OR
// 0x20, which is exactly the folded form of an ASCII letter or digit) already
// holds its folded bytes, so the common token costs no loop over its bytes
// and no copy. Everything else goes through slow_token().
struct Block {
  size_t base = 0;     // the text offset of bit 0
  uint64_t word = 0;   // ASCII letters and digits
  uint64_t high = 0;   // bytes >= 0x80: UTF-8 sequences and invalid bytes
  uint64_t look = 0;   // ' ` and '.', which rules may look through
  uint64_t start = 0;  // word | high: where a token may start
  uint64_t stop = 0;   // high | look: what ends a run of word bytes but not its token
  alignas(16) char folded[64 + kPad] = {};

  // Classifies text[at, at + 64); bytes past the end count as NULs, which
  // separate like the end of the text does.
  void load(const char* text, size_t n, size_t at) {
    base = at;
    const char* src = text + at;
    alignas(16) char tail[64];
    if (n - at < 64) {
      std::memset(tail, 0, sizeof(tail));
      std::memcpy(tail, src, n - at);
      src = tail;
    }
    word = high = look = 0;
#if defined(__SSE2__)
    // Adding (0x80 - lo) maps [lo, lo + k) onto [-128, -128 + k), so one
    // signed compare is a range test.
    const __m128i case_bit = _mm_set1_epi8(0x20);
    const __m128i to_a = _mm_set1_epi8(static_cast<char>(0x80 - 'a'));
    const __m128i letters = _mm_set1_epi8(static_cast<char>(0x80 + 26));
    const __m128i to_0 = _mm_set1_epi8(static_cast<char>(0x80 - '0'));
    const __m128i digits = _mm_set1_epi8(static_cast<char>(0x80 + 10));
    for (unsigned k = 0; k < 4; ++k) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * k));
      const __m128i lower = _mm_or_si128(x, case_bit);
      const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, to_a), letters);
      const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_0), digits);
      const __m128i marks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')),
                                                      _mm_cmpeq_epi8(x, _mm_set1_epi8('`'))),
                                         _mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
      auto bits = [](__m128i m) {
        return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m)));
      };
      word |= bits(_mm_or_si128(letter, digit)) << (16 * k);
      high |= bits(x) << (16 * k);
      look |= bits(marks) << (16 * k);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(folded + 16 * k), lower);
    }
    start = word | high;
    stop = high | look;
#else
    for (unsigned k = 0; k < 64; ++k) {
      const auto c = static_cast<unsigned char>(src[k]);
      const uint64_t bit = uint64_t{1} << k;
      if (c >= 0x80) {
        high |= bit;
      } else if (kAscii.kind[c] == kLetter || kAscii.kind[c] == kDigit) {
        word |= bit;
      } else if (c == '\'' || c == '`' || c == '.') {
        look |= bit;
      }
      folded[k] = static_cast<char>(c | 0x20);
    }
    start = word | high;
    stop = high | look;
#endif
  }
};

// The token starting at text[i] (a letter or digit) by every rule: calls
// emit for it and returns where scanning goes on.
template <class Emit>
size_t slow_token(std::string_view text, size_t i, std::string& buf, Emit& emit) {
  const size_t n = text.size();
  const char* p = text.data();
  const size_t begin = i;
  buf.clear();
  WordScan w = scan_word(text, i, buf);
  if (w.units == 1 && w.letters == 1) {
    // Dotted initialism: single letters joined by single periods.
    while (w.end + 1 < n && p[w.end] == '.' && w.resume == w.end) {
      size_t len;
      const CpInfo* info;
      if (kind_at(text, w.end + 1, &len, &info) != kLetter) break;
      size_t keep = buf.size();
      WordScan v = scan_word(text, w.end + 1, buf);
      if (v.units != 1 || v.letters != 1) {
        buf.resize(keep);
        break;
      }
      w.end = v.end;
      w.resume = v.resume;
    }
  }
  const size_t len = buf.size();
  buf.append(kPad, '\0');
  emit(begin, w.end, static_cast<const char*>(buf.data()), len);
  return w.resume;
}

// Calls emit(begin, end, folded, len) for each token of `text`, in order;
// `folded` is valid only during the call (see kPad).
template <class Emit>
void tokenize(std::string_view text, std::string& buf, Emit&& emit) {
  const size_t n = text.size();
  const char* p = text.data();
  Block b;
  size_t i = 0;  // always at a character boundary between tokens
  while (i < n) {
    b.load(p, n, i);
    uint64_t todo = b.start;  // where tokens may start, from i on
    for (;;) {
      if (todo == 0) {
        i = b.base + 64;
        break;
      }
      const auto r = static_cast<size_t>(__builtin_ctzll(todo));
      i = b.base + r;
      if ((b.word >> r) & 1) {
        const uint64_t rest = ~(b.word >> r);
        const size_t len = rest != 0 ? static_cast<size_t>(__builtin_ctzll(rest)) : 64;
        const size_t after = r + len;  // the byte that ends the run, in the block
        if (after < 64) {
          // A plain separator ends the word, and so does a period after two or
          // more characters; an apostrophe, a period after a single letter or
          // a non-ASCII character needs the rules.
          if (((b.stop >> after) & 1) == 0 || (len > 1 && p[i + len] == '.')) {
            emit(i, i + len, static_cast<const char*>(b.folded + r), len);
            todo &= ~uint64_t{0} << after;
            continue;
          }
        } else if (r > 0) {
          break;  // the run reaches the block's end: load it from its start
        }
      } else {
        size_t len;
        const CpInfo* info;
        if (!is_word(kind_at(text, i, &len, &info))) {
          i += len;
          if (i - b.base >= 64) break;
          todo &= ~uint64_t{0} << (i - b.base);
          continue;
        }
      }
      i = slow_token(text, i, buf, emit);
      if (i - b.base >= 64) break;
      todo &= ~uint64_t{0} << (i - b.base);
    }
  }
}

}  // namespace

std::vector<FoldedToken> fold_tokens(std::string_view text) {
  std::vector<FoldedToken> out;
  out.reserve(text.size() / 6 + 1);
  std::string buf;
  tokenize(text, buf, [&](size_t b, size_t e, const char* f, size_t len) {
    out.push_back(FoldedToken{std::string(f, len), b, e});
  });
  return out;
}

std::string fold_key(std::string_view text) {
  std::string out;
  std::string buf;
  tokenize(text, buf, [&](size_t, size_t, const char* f, size_t len) {
    if (!out.empty()) out.push_back(' ');
    out.append(f, len);
  });
  return out;
}

// ---------------------------------------------------------------------------
// The automaton.
//
// add() only folds and records. compile() interns the folded tokens into ids,
// then builds the trie level by level: at each depth the phrases still going
// are radix-sorted by (node so far, next token) and each new key becomes a
// node. So nodes are numbered breadth-first, and the children of a node are
// contiguous and sorted by token: a node's transitions are a range of the
// node_token array, searched in place, and failure links (the longest proper
// suffix that is also a trie path) are computed in node order. Sorting
// instead of inserting into hash tables keeps the build sequential in
// memory, which is what makes 250k phrases compile in tens of milliseconds.
//
// Matching is bound by cache misses, so a step reads as little as it can: a
// token's vocabulary slot holds its child of the root and whether it is ever
// the child of another node; from a child of the root (the usual state) a
// small Bloom filter over the transitions out of the root's children rules
// most steps out without reading the node; each node record (32 bytes, one
// cache line) holds its links, its child range, its outputs and a 32-bit
// signature of its children's tokens, so most failed lookups end without
// reading the children. Vocabulary slots are prefetched some tokens ahead.

namespace {

// A state is a node id with kOut set when the node ends a pattern or has an
// output link, so a step that lands on a silent node reads nothing more, and
// kShallow set for children of the root (whose failure link is the root).
// node_token stores kOut with each node's token.
constexpr uint32_t kOut = 0x40000000u;
constexpr uint32_t kShallow = 0x20000000u;
constexpr uint32_t kIdMask = kShallow - 1;
// A token's vocabulary info: its child of the root (a state, 0 if none),
// | kInner if it is also the child of some other node.
constexpr uint32_t kInner = 0x80000000u;
constexpr uint32_t kEnds = 0x80000000u;  // Node::depth: the node ends a pattern

// True iff a[0, n) == b[0, n); short keys are the rule, so no call to memcmp.
inline bool same_bytes(const char* a, const char* b, size_t n) {
  auto eq8 = [](const char* x, const char* y) {
    uint64_t u, v;
    std::memcpy(&u, x, 8);
    std::memcpy(&v, y, 8);
    return u == v;
  };
  auto eq4 = [](const char* x, const char* y) {
    uint32_t u, v;
    std::memcpy(&u, x, 4);
    std::memcpy(&v, y, 4);
    return u == v;
  };
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (!eq8(a + i, b + i)) return false;
    }
    return eq8(a + n - 8, b + n - 8);
  }
  if (n >= 4) return eq4(a, b) && eq4(a + n - 4, b + n - 4);
  if (n >= 2) return a[0] == b[0] && a[n - 1] == b[n - 1] && (n == 2 || a[1] == b[1]);
  return n == 0 || a[0] == b[0];
}

// Tokens of up to kInline bytes (nearly all) are keyed by their bytes as two
// little-endian words, zero-padded: the hash is computed from those words and
// a vocabulary slot compares them with two loads, with no byte loop.
constexpr size_t kInline = 16;
static_assert(kPad >= kInline, "short keys are loaded as two whole words");

inline uint64_t load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

inline uint64_t load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

// The bytes [0, len) of the first word and [8, len) of the second.
struct ByteMasks {
  uint64_t lo[kInline + 1];
  uint64_t hi[kInline + 1];
};
constexpr ByteMasks make_byte_masks() {
  ByteMasks m{};
  for (size_t len = 0; len <= kInline; ++len) {
    m.lo[len] = len >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * len)) - 1;
    m.hi[len] = len <= 8 ? 0 : len >= 16 ? ~uint64_t{0} : (uint64_t{1} << (8 * (len - 8))) - 1;
  }
  return m;
}
constexpr ByteMasks kByteMasks = make_byte_masks();

struct Key {
  uint64_t lo = 0;  // bytes [0, 8), zero-padded, if len <= kInline
  uint64_t hi = 0;  // bytes [8, 16)
  uint64_t hash = 0;
  const char* data = nullptr;  // the bytes, read only if len > kInline
  uint32_t len = 0;
};

// One 64x64->128-bit product folded to 64 bits: every bit of either word
// reaches both the low bits (the slot) and the high ones (the tag). Neither
// factor is 0 for a real token, which would send all tokens sharing the other
// word to one slot: lo == the constant would need a control byte (0x15) in a
// token, and the second factor's low byte, the ninth byte ^ len, is len
// (1..8) for shorter tokens and 0 only if a ninth byte were a control byte.
inline uint64_t short_hash(uint64_t lo, uint64_t hi, uint64_t len) {
#if defined(__SIZEOF_INT128__)
  const unsigned __int128 m = static_cast<unsigned __int128>(lo ^ 0x9E3779B97F4A7C15ull) *
                              (hi ^ len ^ 0xC2B2AE3D27D4EB00ull);
  return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
#else
  // No 128-bit product: two 64-bit ones and a final mix, slower but as good.
  uint64_t h = (lo ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
  h ^= (hi ^ len ^ 0xC2B2AE3D27D4EB00ull) * 0x94D049BB133111EBull;
  h ^= h >> 31;
  h *= 0xD6E8FEB86659FD93ull;
  return h ^ (h >> 32);
#endif
}

// The key of the `len` bytes at `p`; if len <= kInline, kPad bytes from p
// must be readable (those past len are ignored).
inline Key padded_key(const char* p, size_t len) {
  Key k;
  k.data = p;
  k.len = static_cast<uint32_t>(len);
  if (len <= kInline) {
    k.lo = load64(p) & kByteMasks.lo[len];
    k.hi = load64(p + 8) & kByteMasks.hi[len];
    k.hash = short_hash(k.lo, k.hi, len);
  } else {
    k.hash = XXH3_64bits(p, len);
  }
  return k;
}

// The same key, reading nothing outside `s` (overlapping loads instead).
inline Key key_of(std::string_view s) {
  const char* p = s.data();
  const size_t len = s.size();
  if (len > kInline) return padded_key(p, len);
  Key k;
  k.data = p;
  k.len = static_cast<uint32_t>(len);
  if (len > 8) {
    k.lo = load64(p);
    k.hi = load64(p + len - 8) >> (8 * (16 - len));
  } else if (len == 8) {
    k.lo = load64(p);
  } else if (len >= 4) {
    k.lo = load32(p) | (load32(p + len - 4) << (8 * (len - 4)));
  } else if (len > 0) {
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
    k.lo = byte(0) | byte(len / 2) | byte(len - 1);
  }
  k.hash = short_hash(k.lo, k.hi, len);
  return k;
}

inline uint64_t hash_token(std::string_view s) { return key_of(s).hash; }

// Interned folded tokens. A slot holds the token's id, a 32-bit `info` the
// automaton sets at compile time, and the token's bytes when they fit (most
// do), so a lookup reads one cache line; longer tokens live in bytes_.
class Vocabulary {
 public:
  struct alignas(32) Slot {  // never straddles a cache line
    uint32_t tag = 0;        // high half of the hash
    uint32_t id_plus_1 = 0;  // 0: empty
    uint32_t info = 0;
    uint32_t len = 0;
    union {
      char bytes[kInline];  // len <= kInline
      uint32_t off;         // len > kInline: into bytes_
    };
    Slot() : bytes{} {}
  };
  static_assert(sizeof(Slot) == 32);

  uint32_t size() const { return size_; }

  // The slot of the token keyed `k`, or null.
  const Slot* find(const Key& k) const {
    if (slots_.empty()) return nullptr;
    auto tag = static_cast<uint32_t>(k.hash >> 32);
    for (size_t i = k.hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.id_plus_1 == 0) return nullptr;
      if (slot.tag == tag && slot.len == k.len) {
        if (k.len <= kInline) {
          if (load64(slot.bytes) == k.lo && load64(slot.bytes + 8) == k.hi) return &slot;
        } else if (same_bytes(bytes_.data() + slot.off, k.data, k.len)) {
          return &slot;
        }
      }
    }
  }

  void prefetch(uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }

  // Room for `n` tokens without growing (each growth rehashes every token
  // into fresh memory).
  void reserve(size_t n) {
    if (n == 0) return;
    if (const size_t cap = slots_for(n); cap > slots_.size()) rehash(cap);
  }

  // Shrinks a table reserve() made bigger than growing would have, so
  // lookups see the same table whatever was reserved.
  void fit() {
    if (size_ == 0) return;
    if (const size_t cap = slots_for(size_); cap < slots_.size()) rehash(cap);
  }

  // The id of `s`, whose hash_token() is `h`, adding it if new.
  uint32_t intern(std::string_view s, uint64_t h) {
    if ((size_ + 1) * 3 > slots_.size()) rehash(slots_for(size_ + 1));
    auto tag = static_cast<uint32_t>(h >> 32);
    size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.id_plus_1 == 0) break;
      if (slot.tag == tag && equals(slot, s)) return slot.id_plus_1 - 1;
    }
    Slot& slot = slots_[i];
    slot.tag = tag;
    slot.id_plus_1 = size_ + 1;
    slot.len = static_cast<uint32_t>(s.size());
    if (s.size() <= kInline) {
      std::memset(slot.bytes, 0, kInline);  // find() compares the padding too
      std::memcpy(slot.bytes, s.data(), s.size());
    } else {
      slot.off = static_cast<uint32_t>(bytes_.size());
      bytes_.append(s);
    }
    return size_++;
  }

  // Calls f(id, info&) for every token.
  template <class F>
  void for_each(F&& f) {
    for (Slot& s : slots_) {
      if (s.id_plus_1 != 0) f(s.id_plus_1 - 1, s.info);
    }
  }

 private:
  std::string_view text(const Slot& slot) const {
    const char* p = slot.len <= kInline ? slot.bytes : bytes_.data() + slot.off;
    return std::string_view(p, slot.len);
  }

  bool equals(const Slot& slot, std::string_view s) const {
    if (slot.len != s.size()) return false;
    return same_bytes(slot.len <= kInline ? slot.bytes : bytes_.data() + slot.off, s.data(),
                      s.size());
  }

  // The slots for n tokens: at most a third full, so that a lookup nearly
  // always ends at its first or second slot (measured: ~9% faster matching
  // than half full).
  static size_t slots_for(size_t n) {
    size_t cap = 1024;
    while (n * 3 > cap) cap *= 2;
    return cap;
  }

  void rehash(size_t cap) {
    BigVec<Slot> old(cap);
    old.swap(slots_);
    mask_ = cap - 1;
    for (const Slot& s : old) {
      if (s.id_plus_1 == 0) continue;
      size_t i = hash_token(text(s)) & mask_;
      while (slots_[i].id_plus_1 != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::string bytes_;
  BigVec<Slot> slots_;
  size_t mask_ = 0;
  uint32_t size_ = 0;
};

struct KeyVal {
  uint64_t key;
  uint32_t val;
};

// Sorts `a` by the low `bits` bits of key, stably (LSD radix, 11-bit digits).
void radix_sort(BigVec<KeyVal>& a, BigVec<KeyVal>& tmp, unsigned bits) {
  constexpr unsigned kDigit = 11;
  constexpr uint64_t kMask = (1u << kDigit) - 1;
  tmp.resize(a.size());
  std::vector<uint32_t> count(size_t{1} << kDigit);
  for (unsigned shift = 0; shift < bits; shift += kDigit) {
    std::fill(count.begin(), count.end(), 0);
    for (const KeyVal& x : a) ++count[(x.key >> shift) & kMask];
    uint32_t sum = 0;
    for (uint32_t& c : count) {
      uint32_t n = c;
      c = sum;
      sum += n;
    }
    for (const KeyVal& x : a) tmp[count[(x.key >> shift) & kMask]++] = x;
    a.swap(tmp);
  }
}

inline unsigned bit_width(uint64_t x) { return x == 0 ? 0 : 64 - __builtin_clzll(x); }

// The signature bit of a token in its parent's Node::sig.
inline uint32_t sig_bit(uint32_t token) { return 1u << ((token * 0x9E3779B1u) >> 27); }

// A blocked Bloom filter over the (node, token) transitions out of the
// children of the root, 8 to 16 bits per transition: small enough to stay in
// cache, so a step from a child of the root can usually rule out a
// transition without reading the node. Steps from deeper nodes read the node
// anyway, so their transitions are left out.
class EdgeFilter {
 public:
  void reset(size_t edges) {
    size_t words = 64;
    while (words * 8 < edges) words <<= 1;
    words_.assign(words, 0);
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(words));
  }
  void add(uint32_t node, uint32_t token) {
    uint64_t h = mix(node, token);
    words_[h >> shift_] |= bits(h);
  }
  bool may_have(uint32_t node, uint32_t token) const {
    uint64_t h = mix(node, token);
    uint64_t b = bits(h);
    return (words_[h >> shift_] & b) == b;
  }

 private:
  static uint64_t mix(uint32_t node, uint32_t token) {
    uint64_t h = ((static_cast<uint64_t>(node) << 32) | token) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  }
  static uint64_t bits(uint64_t h) { return (uint64_t{1} << (h & 63)) | (uint64_t{1} << ((h >> 6) & 63)); }

  BigVec<uint64_t> words_;
  unsigned shift_ = 64;
};

}  // namespace

struct PhraseMatcher::Impl {
  Vocabulary vocab;

  // What a step needs of a node, in one cache line.
  struct alignas(32) Node {
    uint32_t fail = 0;
    uint32_t out_link = 0;     // 0: none (the root ends no pattern)
    uint32_t depth = 0;        // tokens from the root; | kEnds if it ends a pattern
    uint32_t sig = 0;          // OR of sig_bit() of its children's tokens
    uint32_t first_child = 0;  // children: [first_child, first_child + child_count)
    uint32_t child_count = 0;
    uint32_t out_begin = 0;  // its outputs: [out_begin, out_end) in outs
    uint32_t out_end = 0;
  };
  BigVec<Node> nodes;
  // The token leading to each node (| kOut if the node is an output state);
  // a node's children are sorted by it.
  BigVec<uint32_t> node_token;
  EdgeFilter edges;  // empty until compile() is done with the links
  uint32_t max_depth = 0;

  // The raw bytes of every added phrase's tokens, joined by '\0' (which no
  // token contains).
  BigString raw;
  struct RawRef {
    uint32_t off;
    uint32_t len;
  };
  struct Out {
    uint32_t id;
    RawRef first;         // the first phrase added under id, the usual only one
    uint32_t more_begin;  // the others: [more_begin, more_end) in `more`
    uint32_t more_end;
  };
  BigVec<Out> outs;
  BigVec<RawRef> more;

  // What add() records for compile().
  struct PendingToken {
    uint32_t off;  // in pending_bytes
    uint32_t len;
  };
  struct PendingPhrase {
    uint32_t first_token;  // in pending_tokens
    uint32_t tokens;
    uint32_t id;
    RawRef raw;
  };
  BigString pending_bytes;
  BigVec<PendingToken> pending_tokens;
  BigVec<PendingPhrase> pending;
  std::string scratch;

  // The child of `n` on token `t` as a state, 0 if none.
  uint32_t child(const Node& n, uint32_t t) const {
    const uint32_t* tok = node_token.data();
    uint32_t lo = n.first_child;
    const uint32_t end = lo + n.child_count;
    // Narrow to a short run that starts at or before the first token >= t.
    for (uint32_t hi = end; hi - lo > 8;) {
      uint32_t mid = lo + (hi - lo) / 2;
      if ((tok[mid] & ~kOut) < t) {
        lo = mid + 1;
      } else {
        hi = mid + 1;
      }
    }
    for (; lo < end; ++lo) {
      uint32_t x = tok[lo] & ~kOut;
      if (x == t) return lo | (tok[lo] & kOut);
      if (x > t) break;
    }
    return 0;
  }

  // One step of the automaton from state `s` on token `t`, whose vocabulary
  // info is `info`.
  uint32_t step(uint32_t s, uint32_t t, uint32_t info) const {
    if (info & kInner) {
      if ((s & kShallow) && !edges.may_have(s & kIdMask, t)) return info & ~kInner;
      const uint32_t bit = sig_bit(t);
      for (uint32_t v = s & kIdMask; v != 0;) {
        const Node& n = nodes[v];
        if (n.sig & bit) {
          if (uint32_t c = child(n, t)) return c;
        }
        v = n.fail;
      }
    }
    return info & ~kInner;
  }
};

PhraseMatcher::Impl& PhraseMatcher::mutable_impl() {
  if (!impl_) {
    impl_ = std::make_shared<Impl>();
  } else if (impl_.use_count() > 1) {
    impl_ = std::make_shared<Impl>(*impl_);
  }
  return *impl_;
}

void PhraseMatcher::add(std::string_view phrase, uint32_t id) {
  assert(!compiled_ && "PhraseMatcher::add after compile");
  if (compiled_) return;
  Impl& m = mutable_impl();
  const auto first_token = static_cast<uint32_t>(m.pending_tokens.size());
  const auto raw_start = static_cast<uint32_t>(m.raw.size());
  uint32_t ntok = 0;
  tokenize(phrase, m.scratch, [&](size_t b, size_t e, const char* f, size_t len) {
    m.pending_tokens.push_back(Impl::PendingToken{static_cast<uint32_t>(m.pending_bytes.size()),
                                                  static_cast<uint32_t>(len)});
    m.pending_bytes.append(f, len);
    if (ntok++ > 0) m.raw.push_back('\0');
    m.raw.append(phrase.data() + b, e - b);
  });
  if (ntok == 0) return;
  m.pending.push_back(Impl::PendingPhrase{
      first_token, ntok, id, Impl::RawRef{raw_start, static_cast<uint32_t>(m.raw.size()) - raw_start}});
  m.max_depth = std::max(m.max_depth, ntok);
  ++patterns_;
}

void PhraseMatcher::reserve(size_t phrases, size_t bytes) {
  assert(!compiled_ && "PhraseMatcher::reserve after compile");
  if (compiled_) return;
  Impl& m = mutable_impl();
  // Folded tokens take about as many bytes as the phrase (where a letter
  // folds longer, the buffer grows); a token takes a byte and a separator.
  m.pending.reserve(m.pending.size() + phrases);
  m.pending_tokens.reserve(m.pending_tokens.size() + (bytes + phrases) / 2);
  m.pending_bytes.reserve(m.pending_bytes.size() + bytes);
  m.raw.reserve(m.raw.size() + bytes);
}

void PhraseMatcher::compile() {
  if (compiled_) return;
  Impl& m = mutable_impl();

  // Token ids. Hashing everything first lets each lookup prefetch the slot
  // of the one a few tokens ahead.
  const size_t ntok = m.pending_tokens.size();
  auto pending_text = [&](size_t i) {
    return std::string_view(m.pending_bytes.data() + m.pending_tokens[i].off, m.pending_tokens[i].len);
  };
  BigVec<uint64_t> hashes(ntok);
  for (size_t i = 0; i < ntok; ++i) hashes[i] = hash_token(pending_text(i));
  // Names share many of their words: the place gazetteer's 317k tokens are
  // 136k distinct ones. A guess too low costs a growth, too high a shrink.
  m.vocab.reserve(ntok / 2);
  BigVec<uint32_t> ids(ntok);
  constexpr size_t kAhead = 8;
  for (size_t i = 0; i < ntok; ++i) {
    if (i + kAhead < ntok) m.vocab.prefetch(hashes[i + kAhead]);
    ids[i] = m.vocab.intern(pending_text(i), hashes[i]);
  }
  m.vocab.fit();
  BigVec<uint64_t>().swap(hashes);
  BigString().swap(m.pending_bytes);
  BigVec<Impl::PendingToken>().swap(m.pending_tokens);
  assert(m.vocab.size() < kOut && "PhraseMatcher: too many distinct tokens");

  // The trie, one depth at a time.
  const auto np = static_cast<uint32_t>(m.pending.size());
  BigVec<uint32_t> at(np, 0);  // each phrase's node so far; at the end, where it ends
  // Per node; at most one per token, so reserving that many moves nothing.
  BigVec<uint32_t> parent{0}, token{0}, depth{0};
  parent.reserve(ntok + 1);
  token.reserve(ntok + 1);
  depth.reserve(ntok + 1);
  BigVec<KeyVal> level, tmp;
  // Phrases in the order of the node they end at: levels create nodes in
  // increasing order, and within a level in sorted order.
  BigVec<uint32_t> ended;
  ended.reserve(np);
  level.reserve(np);
  for (uint32_t p = 0; p < np; ++p) level.push_back(KeyVal{0, p});
  const unsigned token_bits = bit_width(m.vocab.size());
  uint32_t level_start = 0;  // the nodes of the previous depth: [level_start, level_end)
  uint32_t level_end = 1;
  for (uint32_t d = 0; !level.empty(); ++d) {
    for (KeyVal& x : level) {
      const Impl::PendingPhrase& ph = m.pending[x.val];
      x.key = (static_cast<uint64_t>(at[x.val] - level_start) << token_bits) | ids[ph.first_token + d];
    }
    radix_sort(level, tmp, bit_width(level_end - level_start - 1) + token_bits);
    const auto start = static_cast<uint32_t>(parent.size());
    uint64_t prev = ~uint64_t{0};
    size_t keep = 0;
    for (const KeyVal& x : level) {
      if (x.key != prev) {
        prev = x.key;
        parent.push_back(at[x.val]);
        token.push_back(ids[m.pending[x.val].first_token + d]);
        depth.push_back(d + 1);
      }
      at[x.val] = static_cast<uint32_t>(parent.size() - 1);
      if (m.pending[x.val].tokens > d + 1) {
        level[keep++] = x;
      } else {
        ended.push_back(x.val);
      }
    }
    level.resize(keep);
    level_start = start;
    level_end = static_cast<uint32_t>(parent.size());
  }
  BigVec<KeyVal>().swap(level);
  BigVec<KeyVal>().swap(tmp);
  BigVec<uint32_t>().swap(ids);
  const auto n = static_cast<uint32_t>(parent.size());
  assert(n < kShallow && "PhraseMatcher: too many trie nodes");

  m.nodes.assign(n, Impl::Node{});
  m.node_token.assign(token.begin(), token.end());
  BigVec<uint32_t> info(m.vocab.size(), 0);
  for (uint32_t c = 1; c < n; ++c) {
    Impl::Node& up = m.nodes[parent[c]];
    if (up.child_count++ == 0) up.first_child = c;
    m.nodes[c].depth = depth[c];
    if (parent[c] == 0) {
      info[token[c]] |= c;
    } else {
      info[token[c]] |= kInner;
      up.sig |= sig_bit(token[c]);
    }
  }

  // Outputs: phrases grouped by the node they end at, then by id.
  m.outs.clear();
  m.outs.reserve(np);
  m.more.clear();
  for (auto first = ended.begin(); first != ended.end();) {
    const uint32_t v = at[*first];
    auto last = first + 1;
    while (last != ended.end() && at[*last] == v) ++last;
    if (last - first > 1) {
      std::sort(first, last, [&](uint32_t a, uint32_t b) {
        return m.pending[a].id != m.pending[b].id ? m.pending[a].id < m.pending[b].id : a < b;
      });
    }
    Impl::Node& node = m.nodes[v];
    node.depth |= kEnds;
    node.out_begin = static_cast<uint32_t>(m.outs.size());
    for (auto it = first; it != last;) {
      const Impl::PendingPhrase& ph = m.pending[*it];
      Impl::Out o{ph.id, ph.raw, static_cast<uint32_t>(m.more.size()), 0};
      for (++it; it != last && m.pending[*it].id == ph.id; ++it) m.more.push_back(m.pending[*it].raw);
      o.more_end = static_cast<uint32_t>(m.more.size());
      m.outs.push_back(o);
    }
    node.out_end = static_cast<uint32_t>(m.outs.size());
    first = last;
  }

  // Failure and output links in node order, which is breadth-first: a node's
  // parent and every shorter suffix are linked before it.
  for (uint32_t c = 1; c < n; ++c) {
    if (depth[c] == 1) continue;  // children of the root fail to the root
    uint32_t f = m.step(m.nodes[parent[c]].fail, token[c], info[token[c]]);
    Impl::Node& node = m.nodes[c];
    node.fail = f;
    node.out_link = (m.nodes[f].depth & kEnds) ? f : m.nodes[f].out_link;
  }

  // From here on, children are states.
  for (uint32_t c = 1; c < n; ++c) {
    const Impl::Node& node = m.nodes[c];
    if ((node.depth & kEnds) || node.out_link != 0) m.node_token[c] |= kOut;
  }
  m.vocab.for_each([&](uint32_t id, uint32_t& slot_info) {
    uint32_t child = info[id] & ~kInner;
    slot_info = info[id] | (child != 0 ? (m.node_token[child] & kOut) | kShallow : 0);
  });
  uint32_t second = 0;  // nodes at depth 2: the filter's transitions
  for (uint32_t c = 1; c < n; ++c) second += depth[c] == 2;
  m.edges.reset(second);
  for (uint32_t c = 1; c < n; ++c) {
    if (depth[c] == 2) m.edges.add(parent[c], token[c]);
  }

  BigVec<Impl::PendingPhrase>().swap(m.pending);
  std::string().swap(m.scratch);
  m.raw.shrink_to_fit();
  compiled_ = true;
}

// One scan: feeds tokens through the automaton, keeping the spans of the
// last max_depth tokens so a match's first token and raw bytes are at hand.
class PhraseMatcher::Run {
 public:
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  Run(const Impl& m, std::string_view text) : m_(m), text_(text) {
    size_t cap = 1;
    while (cap < m.max_depth) cap <<= 1;
    if (cap > std::size(near_)) {
      far_.resize(cap);
      spans_ = far_.data();
    }
    mask_ = cap - 1;
  }

  // Feeds the next token, whose vocabulary slot is `slot` (null if none).
  void feed(size_t begin, size_t end, const Vocabulary::Slot* slot) {
    const size_t k = count_++;
    spans_[k & mask_] = Span{begin, end};
    if (slot == nullptr) {
      state_ = 0;  // no pattern holds this token
      return;
    }
    state_ = m_.step(state_, slot->id_plus_1 - 1, slot->info);
    if (!(state_ & kOut)) return;
    const uint32_t v = state_ & kIdMask;
    const Impl::Node& n = m_.nodes[v];
    for (uint32_t o = (n.depth & kEnds) ? v : n.out_link; o != 0; o = m_.nodes[o].out_link) {
      report(m_.nodes[o], k);
    }
  }

  std::vector<Match> finish() { return std::move(out_); }

 private:
  struct Span {
    size_t begin = 0;
    size_t end = 0;
  };

  void report(const Impl::Node& node, size_t last) {
    const size_t first = last + 1 - (node.depth & ~kEnds);
    const size_t begin = spans_[first & mask_].begin;
    const size_t end = spans_[last & mask_].end;
    for (uint32_t i = node.out_begin; i < node.out_end; ++i) {
      const Impl::Out& o = m_.outs[i];
      bool exact = same_as_added(o.first, first, last);
      for (uint32_t r = o.more_begin; r < o.more_end && !exact; ++r) {
        exact = same_as_added(m_.more[r], first, last);
      }
      add(Match{begin, end, o.id, first, last, exact});
    }
  }

  // Matches come by last token, and at one token longest first; a longer one
  // may start before those already found, so each is moved back into order
  // (rarely more than a place or two).
  void add(const Match& x) {
    if (out_.empty()) out_.reserve(16);
    out_.push_back(x);
    auto before = [](const Match& a, const Match& b) {
      if (a.first_token != b.first_token) return a.first_token < b.first_token;
      if (a.last_token != b.last_token) return a.last_token > b.last_token;
      return a.id < b.id;
    };
    for (size_t i = out_.size() - 1; i > 0 && before(out_[i], out_[i - 1]); --i) {
      std::swap(out_[i], out_[i - 1]);
    }
  }

  // True iff tokens [first, last] of the text are byte for byte the tokens of
  // the added phrase `r`.
  bool same_as_added(Impl::RawRef r, size_t first, size_t last) const {
    std::string_view raw(m_.raw.data() + r.off, r.len);
    size_t pos = 0;
    for (size_t k = first; k <= last; ++k) {
      const Span& s = spans_[k & mask_];
      size_t len = s.end - s.begin;
      if (k > first) {
        if (pos >= raw.size() || raw[pos] != '\0') return false;
        ++pos;
      }
      if (raw.size() - pos < len || !same_bytes(raw.data() + pos, text_.data() + s.begin, len)) {
        return false;
      }
      pos += len;
    }
    return pos == raw.size();
  }

  const Impl& m_;
  std::string_view text_;
  Span near_[16];  // the spans, unless patterns are longer than this
  std::vector<Span> far_;
  Span* spans_ = near_;
  size_t mask_ = 0;
  size_t count_ = 0;
  uint32_t state_ = 0;
  std::vector<Match> out_;
};

// Vocabulary lookups do not depend on the automaton's state, and a cold one
// costs a cache miss, so each token's slot is prefetched when it is folded
// and looked up kLag tokens later.
std::vector<Match> PhraseMatcher::find_all(std::string_view text) const {
  if (!compiled_ || patterns_ == 0) return {};
  const Impl& m = *impl_;
  constexpr size_t kLag = 16;
  struct Ahead {
    size_t begin;
    size_t end;
    Key key;                       // its bytes are gone by the time of the lookup...
    const Vocabulary::Slot* slot;  // ...so a long token is looked up at once
  };
  Ahead ahead[kLag];
  size_t count = 0;
  Run run(m, text);
  auto feed = [&](const Ahead& a) {
    run.feed(a.begin, a.end, a.key.len <= kInline ? m.vocab.find(a.key) : a.slot);
  };
  std::string buf;
  // Inlined into the scanner's loop: one token's work is small, and a call
  // per token showed as a few per cent.
  auto emit = [&](size_t b, size_t e, const char* f, size_t len) __attribute__((always_inline)) {
    Ahead& a = ahead[count % kLag];
    if (count >= kLag) feed(a);
    ++count;
    a.begin = b;
    a.end = e;
    a.key = padded_key(f, len);
    if (len <= kInline) {
      m.vocab.prefetch(a.key.hash);
    } else {
      a.slot = m.vocab.find(a.key);
    }
  };
  tokenize(text, buf, emit);
  for (size_t k = count > kLag ? count - kLag : 0; k < count; ++k) feed(ahead[k % kLag]);
  return run.finish();
}

std::vector<Match> PhraseMatcher::find_all(std::string_view text,
                                           const std::vector<FoldedToken>& tokens) const {
  if (!compiled_ || patterns_ == 0) return {};
  const Impl& m = *impl_;
  constexpr size_t kAhead = 8;
  Key keys[kAhead];
  const size_t n = tokens.size();
  for (size_t i = 0; i < std::min(n, kAhead); ++i) {
    keys[i] = key_of(tokens[i].folded);
    m.vocab.prefetch(keys[i].hash);
  }
  Run run(m, text);
  for (size_t i = 0; i < n; ++i) {
    const Key k = keys[i % kAhead];
    if (i + kAhead < n) {
      keys[i % kAhead] = key_of(tokens[i + kAhead].folded);
      m.vocab.prefetch(keys[i % kAhead].hash);
    }
    run.feed(tokens[i].begin, tokens[i].end, m.vocab.find(k));
  }
  return run.finish();
}

void PhraseMatcher::find_exact(std::span<const FoldedToken> tokens, std::vector<uint32_t>& ids) const {
  if (!compiled_ || patterns_ == 0 || tokens.empty()) return;
  const Impl& m = *impl_;
  uint32_t v = 0;  // the node reached so far
  for (const FoldedToken& t : tokens) {
    const Vocabulary::Slot* slot = m.vocab.find(key_of(t.folded));
    if (slot == nullptr) return;
    const uint32_t state = v == 0 ? slot->info & ~kInner : m.child(m.nodes[v], slot->id_plus_1 - 1);
    v = state & kIdMask;
    if (v == 0) return;
  }
  const Impl::Node& n = m.nodes[v];
  if (!(n.depth & kEnds)) return;
  for (uint32_t i = n.out_begin; i < n.out_end; ++i) ids.push_back(m.outs[i].id);
}

std::vector<Match> PhraseMatcher::find_longest(std::string_view text) const {
  std::vector<Match> all = find_all(text);
  std::vector<Match> out;
  size_t next_free = 0;  // first token not covered by a chosen match
  for (const Match& x : all) {
    if (!out.empty() && x.first_token == out.back().first_token &&
        x.last_token == out.back().last_token) {
      out.push_back(x);  // the same phrase under another id
    } else if (x.first_token >= next_free) {
      out.push_back(x);  // the longest starting here, since all is longest first
      next_free = x.last_token + 1;
    }
  }
  return out;
}

}  // namespace sitrep::kb

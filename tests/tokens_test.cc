// Tokens and sentences on real-world shapes: abbreviations, initialisms,
// quotes, datelines, lower-case MUC-4 text and all-caps wire copy.
#include <gtest/gtest.h>

#include "analyze/numbers.h"
#include "analyze/tokens.h"
#include "core/text.h"

namespace sitrep::analyze {
namespace {

std::vector<std::string> words(std::string_view text) {
  Tokenized t = tokenize(text);
  std::vector<std::string> out;
  for (const Token& k : t.tokens) out.emplace_back(text.substr(k.begin, k.end - k.begin));
  return out;
}

std::vector<std::string> sentences(std::string_view text) {
  Tokenized t = tokenize(text);
  std::vector<std::string> out;
  for (const Sentence& s : t.sentences) out.emplace_back(text.substr(s.begin, s.end - s.begin));
  return out;
}

TEST(Tokens, WordsKeepInnerHyphensApostrophesAndNumbers) {
  EXPECT_EQ(words("M-19 and al-Qa'ida killed 1,200 (about 1.5%)."),
            (std::vector<std::string>{"M-19", "and", "al-Qa'ida", "killed", "1,200", "(", "about", "1.5",
                                      "%", ")", "."}));
}

TEST(Tokens, DottedInitialismsAreOneToken) {
  EXPECT_EQ(words("the U.S. and U.K. at 6 a.m. today"),
            (std::vector<std::string>{"the", "U.S.", "and", "U.K.", "at", "6", "a.m.", "today"}));
  // Regression: "chilean-u.s." was "chilean-u", ".", "s", ".", so the gold
  // target "chilean-u.s. binational center" could not be tagged whole.
  EXPECT_EQ(words("the chilean-u.s. binational center and an anti-U.S. rally"),
            (std::vector<std::string>{"the", "chilean-u.s.", "binational", "center", "and", "an", "anti-U.S.",
                                      "rally"}));
  EXPECT_EQ(sentences("Bombs hit the Chilean-U.S. center. It was late."),
            (std::vector<std::string>{"Bombs hit the Chilean-U.S. center.", "It was late."}));
}

TEST(Tokens, CurlyQuotesAndDashesArePunctuation) {
  EXPECT_EQ(words("\xE2\x80\x9CISIS\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s"),
            (std::vector<std::string>{"\xE2\x80\x9C", "ISIS", "\xE2\x80\x9D", "\xE2\x80\x94", "it\xE2\x80\x99s"}));
}

TEST(Tokens, NonAsciiLettersStayInWords) {
  EXPECT_EQ(words("Medellín Москва"), (std::vector<std::string>{"Medellín", "Москва"}));
}

TEST(Tokens, KeysIgnoreAsciiCase) {
  Tokenized a = tokenize("FMLN Fmln fmln");
  ASSERT_EQ(a.tokens.size(), 3u);
  EXPECT_EQ(a.tokens[0].key, a.tokens[1].key);
  EXPECT_EQ(a.tokens[1].key, a.tokens[2].key);
  EXPECT_EQ(a.tokens[0].key, word_key("fmln"));
  EXPECT_TRUE(a.tokens[0].all_caps);
  EXPECT_TRUE(a.tokens[1].capitalised);
}

TEST(Sentences, AbbreviationsAndInitialsDoNotEndSentences) {
  EXPECT_EQ(sentences("Lt. Gen. Mark Hertling spoke on Sept. 11. Then Col. J. Smith left."),
            (std::vector<std::string>{"Lt. Gen. Mark Hertling spoke on Sept. 11.", "Then Col. J. Smith left."}));
}

TEST(Sentences, InitialismBeforeCapitalDoesNotSplit) {
  EXPECT_EQ(sentences("The U.S. Central Command said so. It was late."),
            (std::vector<std::string>{"The U.S. Central Command said so.", "It was late."}));
}

TEST(Sentences, ClosingQuoteStaysWithItsSentence) {
  EXPECT_EQ(sentences("He said \"no.\" She left."),
            (std::vector<std::string>{"He said \"no.\"", "She left."}));
}

TEST(Sentences, LowerCaseTextSplitsAtEveryPeriod) {
  EXPECT_EQ(sentences("guerrillas attacked the farm.  col isaacs said so."),
            (std::vector<std::string>{"guerrillas attacked the farm.", "col isaacs said so."}));
}

TEST(Sentences, MixedCaseDoesNotSplitBeforeLowerCase) {
  EXPECT_EQ(sentences("It cost 5 mln. dollars in all. Next."),
            (std::vector<std::string>{"It cost 5 mln. dollars in all.", "Next."}));
}

TEST(Sentences, AllCapsWireCopySplits) {
  EXPECT_EQ(sentences("SAN SALVADOR, 3 JAN 90 -- GUERRILLAS ATTACKED. THE ARMY DENIED IT."),
            (std::vector<std::string>{"SAN SALVADOR, 3 JAN 90 -- GUERRILLAS ATTACKED.", "THE ARMY DENIED IT."}));
}

TEST(Sentences, ParagraphAndLineBreaksEndSentences) {
  EXPECT_EQ(sentences("More attacks possible\n\nArmy Gen. Erik Kurilla warned"),
            (std::vector<std::string>{"More attacks possible", "Army Gen. Erik Kurilla warned"}));
}

TEST(Sentences, CoverEveryToken) {
  std::string text = "One. Two! Three? \"Four.\" (Five.) six";
  Tokenized t = tokenize(text);
  uint32_t next = 0;
  for (const Sentence& s : t.sentences) {
    EXPECT_EQ(s.first, next);
    EXPECT_LT(s.first, s.last);
    next = s.last;
  }
  EXPECT_EQ(next, t.tokens.size());
}

TEST(Tokens, EmptyAndPunctuationOnly) {
  EXPECT_TRUE(tokenize("").tokens.empty());
  EXPECT_TRUE(tokenize("").sentences.empty());
  EXPECT_EQ(words("-- ..."), (std::vector<std::string>{"--", "..."}));
}

// analyze() hands tokenize's lowered text to the scanner of counts and
// dates in place of its own ascii_lower(): the two must be the same text and
// give the same scan.
TEST(Tokens, LoweredTextServesTheScanner) {
  const std::string text =
      "ON 2 FEBRUARY Über 1,200 Soldiers — «the FMLN» said: 3rd attack, 10-20 dead; café.";
  Tokenized tok = tokenize(text);
  EXPECT_EQ(tok.lower, ascii_lower(text));
  scan::Tokens own(text), given(text, tok.lower);
  ASSERT_EQ(own.size(), given.size());
  for (size_t i = 0; i < own.size(); ++i) {
    EXPECT_EQ(own.key(i), given.key(i));
    EXPECT_EQ(own.key_hash(i), given.key_hash(i));
  }
}

}  // namespace
}  // namespace sitrep::analyze

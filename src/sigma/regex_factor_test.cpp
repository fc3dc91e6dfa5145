// The literals a regex requires: which ones are taken, which syntax makes the reader give up,
// and — the property the fast engine relies on — that every text RE2 matches holds one of them.
#include "sigma/regex_factor.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <random>

namespace ungcuu::sigma {
namespace {

std::vector<std::string> LiteralsOf(std::string_view pattern, bool case_sensitive = true) {
    const auto factors = RequiredLiterals(pattern, case_sensitive);
    return factors ? factors->literals : std::vector<std::string>{};
}

TEST(RegexFactors, TakesTheLongestRequiredRun) {
    EXPECT_EQ(LiteralsOf(R"(cmd.{0,5}(?:/c|/r).+powershell.+\$)"),
              std::vector<std::string>{"powershell"});
    EXPECT_EQ(LiteralsOf(R"(\$env:ComSpec\[(?:\s*\d{1,3}\s*,){2})"),
              std::vector<std::string>{"$env:ComSpec["});
    EXPECT_EQ(LiteralsOf(R"(\n\n\n\n)"), std::vector<std::string>{"\n\n\n\n"});
    EXPECT_EQ(LiteralsOf(R"([abc]def)"), std::vector<std::string>{"def"});
    EXPECT_EQ(LiteralsOf(R"([]x]yz[[:alpha:]]w)"), std::vector<std::string>{"yz"});
    EXPECT_EQ(LiteralsOf(R"(\x41bc)"), std::vector<std::string>{"bc"});
    EXPECT_EQ(LiteralsOf(R"((?P<name>abcd)e)"), std::vector<std::string>{"abcd"});
}

TEST(RegexFactors, OptionalPartsAreLeftOut) {
    // "abcd?ef": the d may be missing, so "abcd" is not required, "abc" is.
    EXPECT_EQ(LiteralsOf("abcd?ef"), std::vector<std::string>{"abc"});
    EXPECT_EQ(LiteralsOf("abcd*ef"), std::vector<std::string>{"abc"});
    EXPECT_EQ(LiteralsOf("abcd{0,2}ef"), std::vector<std::string>{"abc"});
    EXPECT_EQ(LiteralsOf("abcd+?ef"), std::vector<std::string>{"abcd"});
    EXPECT_EQ(LiteralsOf("(?:abcdef)?gh"), std::vector<std::string>{"gh"});
    EXPECT_EQ(LiteralsOf("(?:abcdef)+gh"), std::vector<std::string>{"abcdef"});
    EXPECT_EQ(LiteralsOf("(?:abcdef)*"), std::vector<std::string>{});
    // A bare flag group is no element: the repetition after it is the previous character's
    // (found by fuzz_regex_factor) or the previous group's.
    EXPECT_EQ(LiteralsOf("abcd(?i)*ef"), std::vector<std::string>{"abc"});
    EXPECT_EQ(LiteralsOf("gh(?:abcdef)(?s)?"), std::vector<std::string>{"gh"});
    EXPECT_EQ(LiteralsOf("x*"), std::vector<std::string>{});
}

TEST(RegexFactors, EveryAlternativeMustHaveOne) {
    EXPECT_EQ(LiteralsOf("abc|def"), (std::vector<std::string>{"abc", "def"}));
    EXPECT_EQ(LiteralsOf("x(?:/c|/r)y"), (std::vector<std::string>{"/c", "/r"}));
    EXPECT_EQ(LiteralsOf("abc|d"), std::vector<std::string>{});  // "d" is too short to look for
    EXPECT_EQ(LiteralsOf("abc|"), std::vector<std::string>{});   // the empty branch matches all
    EXPECT_EQ(LiteralsOf("(?:ab|)cd"), std::vector<std::string>{"cd"});
}

TEST(RegexFactors, CaseFoldingKeepsOnlyAsciiOutsideKAndS) {
    // Under case folding RE2 matches K (U+212A) for k and ſ (U+017F) for s; those letters and
    // every non-ASCII one are left out of the literals, which come out in lower case.
    const auto mask = RequiredLiterals("MASKED", false);
    ASSERT_TRUE(mask);
    EXPECT_TRUE(mask->caseless);
    EXPECT_EQ(mask->literals, std::vector<std::string>{"ma"});
    EXPECT_EQ(LiteralsOf("(?i)desktop"), std::vector<std::string>{"top"});
    EXPECT_EQ(LiteralsOf("(?i:x)abc"), std::vector<std::string>{"abc"});
    const auto inner = RequiredLiterals("(?i:x)abc", true);
    ASSERT_TRUE(inner);
    EXPECT_TRUE(inner->caseless);  // an `i` flag anywhere folds the literals
    EXPECT_EQ(LiteralsOf("(?i)tệp"), std::vector<std::string>{});
    EXPECT_EQ(LiteralsOf("tệp"), std::vector<std::string>{"tệp"});  // case kept: bytes as written
}

TEST(RegexFactors, UnreadSyntaxGivesUp) {
    EXPECT_FALSE(RequiredLiterals(R"(\Qabc\E)", true));
    EXPECT_FALSE(RequiredLiterals("abc{,3}def", true));
    EXPECT_FALSE(RequiredLiterals("abc)", true));
    EXPECT_FALSE(RequiredLiterals("(abc", true));
    EXPECT_FALSE(RequiredLiterals("[abc", true));
}

// Every text RE2 matches holds one of the literals (ASCII case aside when caseless): random
// texts over an alphabet with the traps (K, ſ, upper case, non-ASCII, newlines) against patterns
// using each construct the reader takes apart.
TEST(RegexFactors, EveryMatchHoldsOneLiteral) {
    const std::vector<std::string> patterns = {
        "ab+c",       "a(?:bc|kd)e", "(?i)ska",       "(?i)abk|bca",   "ab?cd",
        "(?:ab)+c?d", "a.b",         "(?s)a.b",       "^ab$",          "(?m)^ab$",
        "[ab]{2,}cd", "\\bab\\b",    "a\\s*b",        "(?i)éab",       "(?i:k)ab",
        "ab(?i)cd",   "abc(?i)*d",   "(?:ab)(?s)?cd", "(ab|cd)(ef|a)", "a{2}b",
        "ab\\.c",     "(?U)ab+c",    "(?:a|b)(?:c)",  "ka|sa|ab",      "(?i)(?:a|b)(?:c)",
        "\\x61bc",    "[^a]bc",
    };
    // Letters of the patterns weigh most, so that random texts match often.
    const std::vector<std::string> alphabet = {"a", "a", "a", "b", "b", "b",  "c", "c", "d",
                                               "e", "f", "A", "B", "C", "k",  "K", "s", "S",
                                               "K", "ſ", "é", "É", " ", "\n", "."};
    std::mt19937 random(20261122);
    std::size_t matched = 0;
    std::size_t gated = 0;
    for (const auto& pattern : patterns) {
        for (const bool case_sensitive : {true, false}) {
            re2::RE2::Options options;
            options.set_case_sensitive(case_sensitive);
            const re2::RE2 re(pattern, options);
            ASSERT_TRUE(re.ok()) << pattern;
            const auto factors = RequiredLiterals(pattern, case_sensitive);
            if (!factors) {
                continue;
            }
            ++gated;
            for (int n = 0; n < 30000; ++n) {
                std::string text;
                const auto length = random() % 8;
                for (std::size_t k = 0; k < length; ++k) {
                    text += alphabet[random() % alphabet.size()];
                }
                if (!re2::RE2::PartialMatch(text, re)) {
                    continue;
                }
                ++matched;
                std::string folded = text;
                if (factors->caseless) {
                    for (auto& c : folded) {
                        if (c >= 'A' && c <= 'Z') {
                            c = static_cast<char>(c + 32);
                        }
                    }
                }
                const bool holds = std::any_of(
                    factors->literals.begin(), factors->literals.end(),
                    [&](const std::string& l) { return folded.find(l) != std::string::npos; });
                ASSERT_TRUE(holds) << "pattern " << pattern << " case_sensitive " << case_sensitive
                                   << " text [" << text << "]";
            }
        }
    }
    EXPECT_GE(gated, 30U);      // most patterns have literals to look for
    EXPECT_GE(matched, 5000U);  // and the texts matched often enough to say something
}

}  // namespace
}  // namespace ungcuu::sigma

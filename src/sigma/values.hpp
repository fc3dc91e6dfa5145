// Sigma values compiled once, and the structure of a rule around them, shared by the two
// evaluators: the plain oracle (evaluator.cpp, every rule on a Boost.JSON tree) and the fast
// engine (engine.cpp, multi-pattern scans on simdjson). Both evaluators see the same compiled
// tests and the same condition logic; they differ only in how they find an event's fields and
// decide which tests to run, which is what the differential test checks.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigma/rule.hpp"

namespace re2 {
class RE2;
}

namespace ungcuu::sigma {

struct Cidr {
    int family = 0;
    std::array<unsigned char, 16> bytes{};
    int prefix = 0;
};

enum class Compare { kGt, kGte, kLt, kLte };
enum class TimePart { kMinute, kHour, kDay, kWeek, kMonth, kYear };
enum class RefMode { kEquals, kContains, kStartsWith, kEndsWith };

/// One value of an item, compiled: any of its alternatives may match.
struct Test {
    enum class Kind { kGlob, kRegex, kCidr, kCompare, kExists, kNull, kFieldRef, kTime };
    Kind kind = Kind::kGlob;
    bool negate = false;  // neq
    bool cased = false;   // globs compare as written; otherwise globs are lower case
    std::vector<std::string> globs;
    std::shared_ptr<re2::RE2> regex;
    Cidr cidr;
    Compare compare = Compare::kGt;
    double number = 0;
    bool exists = true;
    std::string other_field;
    RefMode ref_mode = RefMode::kEquals;
    TimePart part = TimePart::kMinute;
    std::int64_t part_value = 0;
    std::uint32_t slot = 0;  // the fast engine's index of this test
};

struct Item {
    std::string field;  // empty: keywords (anywhere in the event)
    bool all = false;
    std::vector<Test> tests;
};

struct CompiledDetection {
    std::vector<std::vector<Item>> alternatives;
    std::optional<Item> keywords;
};

using CompiledDetections = std::map<std::string, CompiledDetection, std::less<>>;

/// kInvalidArgument when a value cannot be compiled (a regex RE2 refuses, a bad CIDR).
/// `expanded_bytes`, when given, receives the bytes of patterns the rule's values expanded to
/// (refused past 16 MiB per rule); callers holding many rules at once budget them by it.
core::Result<CompiledDetections> CompileDetections(const Rule& rule,
                                                   std::size_t* expanded_bytes = nullptr);

/// A scalar of an event as tests see it: strings as they are, numbers in their shortest text
/// (integral values without a fraction), booleans as "true"/"false".
struct Scalar {
    enum class Kind { kString, kNumber, kBool };
    Kind kind = Kind::kString;
    std::string_view text;
};

/// The text of a JSON number, the same for every JSON parser: whole values below 10^15 without
/// a fraction, others in their shortest round-trip form. Writes into `buffer` (32 bytes).
std::string_view IntegerText(std::int64_t value, char* buffer);
std::string_view UnsignedText(std::uint64_t value, char* buffer);
std::string_view DoubleText(double value, char* buffer);
inline constexpr std::size_t kNumberTextSize = 32;

/// Does this scalar pass this test (globs, regex, CIDR, comparisons, time parts)? Field
/// references, existence and null are decided by the caller, which knows the event.
bool ScalarMatches(const Test& t, const Scalar& value);
/// A field reference: `value` against the other field's scalar.
bool FieldRefMatches(const Test& t, const Scalar& value, const Scalar& other);

/// Unicode lower case for the scripts Vietnamese logs carry (ASCII, Latin-1, Latin Extended-A
/// and -B as used in Vietnamese, Latin Extended Additional); other characters are kept.
std::string LowerUtf8(std::string_view text);
/// The other characters whose lower case is this one (a folded text may hold `c` where the
/// event had one of them).
const std::vector<char32_t>& FoldSources(char32_t c);
/// The same into `out`, reusing its memory.
void LowerUtf8Into(std::string_view text, std::string& out);

/// A detection against an event, given how to decide one test: `test(item, t)`.
template <class TestFn>
bool DetectionMatches(const CompiledDetection& d, TestFn&& test) {
    const auto item_matches = [&](const Item& item) {
        if (item.all) {
            for (const auto& t : item.tests) {
                if (!test(item, t)) {
                    return false;
                }
            }
            return true;
        }
        for (const auto& t : item.tests) {
            if (test(item, t)) {
                return true;
            }
        }
        return false;
    };
    if (d.keywords) {
        return item_matches(*d.keywords);
    }
    for (const auto& items : d.alternatives) {
        bool all = true;
        for (const auto& item : items) {
            if (!item_matches(item)) {
                all = false;
                break;
            }
        }
        if (all) {
            return true;
        }
    }
    return false;
}

/// Does `1 of`/`all of` pattern of this condition name the detection? ("them" leaves out the
/// detections whose name starts with "_".)
inline bool ConditionNames(const Condition& c, std::string_view name) {
    return c.name == "them" ? name.rfind('_', 0) != 0 : PatternMatches(c.name, name);
}

/// A rule's condition with its detection names resolved once — the compiled boolean program
/// both evaluators run, so that matching an event looks nothing up by name.
struct CompiledCondition {
    Condition::Kind kind = Condition::Kind::kRef;
    std::vector<CompiledCondition> children;
    std::vector<const CompiledDetection*>
        detections;  // kRef: the one; `1 of`/`all of`: those named
};

/// The rule's conditions over `detections`, which must stay where they are while the result is
/// used (held behind a pointer, or in a container no longer changed).
std::vector<CompiledCondition> CompileConditions(const Rule& rule,
                                                 const CompiledDetections& detections);

/// A condition tree, given how to decide one detection: `detection(d)`.
template <class DetectionFn>
bool ConditionMatches(const CompiledCondition& c, DetectionFn&& detection) {
    switch (c.kind) {
        case Condition::Kind::kAnd:
            for (const auto& child : c.children) {
                if (!ConditionMatches(child, detection)) {
                    return false;
                }
            }
            return true;
        case Condition::Kind::kOr:
            for (const auto& child : c.children) {
                if (ConditionMatches(child, detection)) {
                    return true;
                }
            }
            return false;
        case Condition::Kind::kNot:
            return !ConditionMatches(c.children.front(), detection);
        case Condition::Kind::kRef:
            return !c.detections.empty() && detection(*c.detections.front());
        case Condition::Kind::kOneOf:
            for (const auto* d : c.detections) {
                if (detection(*d)) {
                    return true;
                }
            }
            return false;
        case Condition::Kind::kAllOf:
            for (const auto* d : c.detections) {
                if (!detection(*d)) {
                    return false;
                }
            }
            return true;
    }
    return false;
}

/// The rule fires when any condition of its list does.
template <class DetectionFn>
bool RuleMatches(const std::vector<CompiledCondition>& conditions, DetectionFn&& detection) {
    for (const auto& c : conditions) {
        if (ConditionMatches(c, detection)) {
            return true;
        }
    }
    return false;
}

}  // namespace ungcuu::sigma

// A Sigma detection rule as loaded (Sigma specification 2.1): metadata, log source, the named
// detections with their field items and value modifiers, and the condition. Loading checks
// everything the engine needs to run the rule; a rule it cannot run is refused with its reason,
// never skipped silently.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace ungcuu::sigma {

/// A value of a detection item: text, an integer, a boolean or null.
struct Value {
    enum class Kind { kString, kInt, kFloat, kBool, kNull };
    Kind kind = Kind::kString;
    std::string text;  // the value as written (numbers and booleans too)
    std::int64_t integer = 0;
    double number = 0;
    bool boolean = false;
};

enum class Modifier {
    kContains,
    kStartsWith,
    kEndsWith,
    kAll,
    kRe,
    kReI,  // re|i
    kReM,  // re|m
    kReS,  // re|s
    kCased,
    kExists,
    kNeq,
    kWindash,
    kBase64,
    kBase64Offset,
    kUtf16Le,
    kUtf16Be,
    kUtf16,
    kWide,
    kGt,
    kGte,
    kLt,
    kLte,
    kCidr,
    kFieldRef,
    kMinute,
    kHour,
    kDay,
    kWeek,
    kMonth,
    kYear,
    kExpand,  // `%name%` placeholders, replaced by ExpandPlaceholders
};

/// One `field|modifier|…: values` item (field empty for keyword lists).
struct FieldItem {
    std::string field;
    std::vector<Modifier> modifiers;
    std::vector<Value> values;

    bool Has(Modifier m) const;
};

/// A named detection: alternatives (a list of maps: any may match) of conjunctions (one map:
/// every item must match), or keywords (any value anywhere in the event).
struct Detection {
    std::vector<std::vector<FieldItem>> alternatives;
    std::optional<FieldItem> keywords;
};

/// The condition as a tree.
struct Condition {
    enum class Kind { kAnd, kOr, kNot, kRef, kOneOf, kAllOf };
    Kind kind = Kind::kRef;
    std::string name;  // kRef: a detection; kOneOf/kAllOf: a pattern ("them" for all)
    std::vector<Condition> children;
};

struct Rule {
    std::string id;
    std::string name;  // the optional `name` correlations may refer to it by
    std::string title;
    std::string level;
    std::string description;
    std::vector<std::string> tags;
    std::string status;
    std::string product;
    std::string category;
    std::string service;
    std::map<std::string, Detection, std::less<>> detections;
    std::vector<Condition> conditions;  // a condition list: the rule matches when any does
    std::string file;                   // where it came from, for messages
};

/// A correlation rule (Sigma correlation specification): what it counts over which rules'
/// matches, grouped by which fields, in what window, and when it fires.
struct CorrelationRule {
    enum class Type {
        kEventCount,
        kValueCount,
        kTemporal,
        kTemporalOrdered,
        kValueSum,
        kValueAvg,
        kValuePercentile,
    };

    /// One criterion of the condition; all of them must hold.
    struct Bound {
        enum class Op { kGt, kGte, kLt, kLte, kEq };
        Op op = Op::kGte;
        double value = 0;
    };

    std::string id;
    std::string name;
    std::string title;
    std::string level;
    std::string description;
    std::vector<std::string> tags;
    std::string file;
    Type type = Type::kEventCount;
    std::vector<std::string> rules;     // ids or names, as written
    std::vector<std::string> group_by;  // field names or aliases
    /// alias → (rule name or id → the field in that rule's events)
    std::map<std::string, std::map<std::string, std::string>, std::less<>> aliases;
    std::chrono::seconds timespan{0};
    std::vector<Bound> condition;  // empty for temporal kinds: every rule must appear
    std::string field;             // value_count, value_sum, value_avg, value_percentile
    double percentile = 0;         // value_percentile: 0–100
    bool generate = false;         // the referred rules also report their own matches
};

/// The type as rules write it ("event_count", "temporal_ordered", …).
std::string_view CorrelationTypeName(CorrelationRule::Type type);
inline constexpr CorrelationRule::Type kCorrelationTypes[] = {
    CorrelationRule::Type::kEventCount,      CorrelationRule::Type::kValueCount,
    CorrelationRule::Type::kTemporal,        CorrelationRule::Type::kTemporalOrdered,
    CorrelationRule::Type::kValueSum,        CorrelationRule::Type::kValueAvg,
    CorrelationRule::Type::kValuePercentile,
};

/// A rule the engine refused, with the reason.
struct Refusal {
    std::string file;
    std::string id;
    std::string title;
    std::string reason;  // Vietnamese first, the technical detail as the loader found it
};

struct RuleSet {
    std::vector<Rule> rules;
    std::vector<CorrelationRule> correlations;
    std::vector<Refusal> refused;
};

/// Parses one YAML document holding one rule. kInvalidArgument with the reason when the rule
/// cannot be run (unknown modifier, malformed condition, a correlation rule, …).
core::Result<Rule> ParseRule(std::string_view yaml, std::string_view file = "");

/// Does a condition pattern ("filter_*") name this detection?
bool PatternMatches(std::string_view pattern, std::string_view name);

/// Parses a condition ("selection and not 1 of filter_*").
core::Result<Condition> ParseCondition(std::string_view text);

/// Loads every `.yml`/`.yaml` file under `path` (a file or a directory, recursively); each
/// document of a multi-document file is one rule or one correlation rule.
RuleSet LoadRules(const std::string& path);

/// The same for a text of YAML documents (pasted rules); refusals name `file`.
RuleSet ParseRules(std::string_view yaml, const std::string& file = "");

/// Values of the `%name%` placeholders of the `expand` modifier, by name (without the %).
using Placeholders = std::map<std::string, std::vector<std::string>, std::less<>>;

/// Reads placeholder values from a YAML file: a map of names to one value or a list of values
/// (`known_cdcs: [dc1.tinh.gov.vn, 10.0.0.5]`). kInvalidArgument saying what is wrong.
core::Result<Placeholders> LoadPlaceholders(const std::string& path);

/// Replaces each placeholder in the values of items with the `expand` modifier by every value
/// given for it (a value with two placeholders becomes every combination, as alternatives of
/// the item). A rule naming a placeholder without values is moved to the refused with its name.
void ExpandPlaceholders(RuleSet& set, const Placeholders& values);

/// A rule that cannot run, with the reason (written in English by the loader and compiler).
inline core::Error Refuse(const std::string& reason) {
    return core::InvalidArgument("Luật Sigma không chạy được: " + reason,
                                 "The Sigma rule cannot run: " + reason);
}

}  // namespace ungcuu::sigma

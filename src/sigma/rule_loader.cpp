#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sigma/glob.hpp"
#include "sigma/rule.hpp"

namespace ungcuu::sigma {

namespace {

std::optional<Modifier> ParseModifier(std::string_view name) {
    static const std::pair<std::string_view, Modifier> kNames[] = {
        {"contains", Modifier::kContains},
        {"startswith", Modifier::kStartsWith},
        {"endswith", Modifier::kEndsWith},
        {"all", Modifier::kAll},
        {"re", Modifier::kRe},
        {"i", Modifier::kReI},
        {"m", Modifier::kReM},
        {"s", Modifier::kReS},
        {"cased", Modifier::kCased},
        {"exists", Modifier::kExists},
        {"neq", Modifier::kNeq},
        {"windash", Modifier::kWindash},
        {"base64", Modifier::kBase64},
        {"base64offset", Modifier::kBase64Offset},
        {"utf16le", Modifier::kUtf16Le},
        {"utf16be", Modifier::kUtf16Be},
        {"utf16", Modifier::kUtf16},
        {"wide", Modifier::kWide},
        {"gt", Modifier::kGt},
        {"gte", Modifier::kGte},
        {"lt", Modifier::kLt},
        {"lte", Modifier::kLte},
        {"cidr", Modifier::kCidr},
        {"fieldref", Modifier::kFieldRef},
        {"minute", Modifier::kMinute},
        {"hour", Modifier::kHour},
        {"day", Modifier::kDay},
        {"week", Modifier::kWeek},
        {"month", Modifier::kMonth},
        {"expand", Modifier::kExpand},
        {"year", Modifier::kYear},
    };
    for (const auto& [text, modifier] : kNames) {
        if (text == name) {
            return modifier;
        }
    }
    return std::nullopt;
}

Value ScalarValue(const YAML::Node& node) {
    Value v;
    if (node.IsNull()) {
        v.kind = Value::Kind::kNull;
        return v;
    }
    v.text = node.Scalar();
    // Quoted scalars stay text; plain ones that read as numbers or booleans are typed.
    if (node.Tag() == "!") {
        return v;
    }
    const std::string& s = v.text;
    if (!s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-')) {
        try {
            std::size_t used = 0;
            const long long n = std::stoll(s, &used);
            if (used == s.size()) {
                v.kind = Value::Kind::kInt;
                v.integer = n;
                v.number = static_cast<double>(n);
                return v;
            }
            const double d = std::stod(s, &used);
            if (used == s.size()) {
                v.kind = Value::Kind::kFloat;
                v.number = d;
                return v;
            }
        } catch (const std::exception&) {
        }
    }
    if (s == "true" || s == "false") {
        v.kind = Value::Kind::kBool;
        v.boolean = s == "true";
    }
    return v;
}

core::Result<std::vector<Value>> Values(const YAML::Node& node) {
    std::vector<Value> out;
    if (node.IsSequence()) {
        for (const auto& item : node) {
            if (!item.IsScalar() && !item.IsNull()) {
                return Refuse("a value list holds a map or list");
            }
            out.push_back(ScalarValue(item));
        }
        if (out.empty()) {
            return Refuse("an empty value list");
        }
    } else if (node.IsScalar() || node.IsNull()) {
        out.push_back(ScalarValue(node));
    } else {
        return Refuse("a value is a map");
    }
    return out;
}

core::Status CheckModifiers(const FieldItem& item, std::string_view key) {
    const auto count = [&](std::initializer_list<Modifier> set) {
        return std::count_if(item.modifiers.begin(), item.modifiers.end(), [&](Modifier m) {
            return std::find(set.begin(), set.end(), m) != set.end();
        });
    };
    const bool re = item.Has(Modifier::kRe);
    if (!re && count({Modifier::kReI, Modifier::kReM, Modifier::kReS}) > 0) {
        return Refuse(fmt::format("\"{}\": i, m, s only follow re", key));
    }
    if (count({Modifier::kContains, Modifier::kStartsWith, Modifier::kEndsWith}) > 1) {
        return Refuse(
            fmt::format("\"{}\": contains, startswith, endswith exclude each other", key));
    }
    const bool encoding =
        count({Modifier::kUtf16Le, Modifier::kUtf16Be, Modifier::kUtf16, Modifier::kWide}) > 0;
    const bool base64 = count({Modifier::kBase64, Modifier::kBase64Offset}) > 0;
    if (encoding && !base64) {
        return Refuse(fmt::format("\"{}\": utf16/wide must be followed by base64", key));
    }
    if (re && (base64 || item.Has(Modifier::kWindash) ||
               count({Modifier::kContains, Modifier::kStartsWith, Modifier::kEndsWith}) > 0)) {
        return Refuse(fmt::format("\"{}\": re does not combine with string modifiers", key));
    }
    if (count({Modifier::kGt, Modifier::kGte, Modifier::kLt, Modifier::kLte}) > 0) {
        for (const auto& v : item.values) {
            if (v.kind != Value::Kind::kInt && v.kind != Value::Kind::kFloat) {
                return Refuse(fmt::format("\"{}\": gt/gte/lt/lte need numbers", key));
            }
        }
    }
    if (item.Has(Modifier::kExists)) {
        for (const auto& v : item.values) {
            if (v.kind != Value::Kind::kBool) {
                return Refuse(fmt::format("\"{}\": exists takes true or false", key));
            }
        }
    }
    if (item.field.empty() && !item.modifiers.empty() &&
        count({Modifier::kContains, Modifier::kStartsWith, Modifier::kEndsWith, Modifier::kAll,
               Modifier::kCased, Modifier::kRe, Modifier::kReI, Modifier::kReM, Modifier::kReS,
               Modifier::kBase64, Modifier::kBase64Offset, Modifier::kUtf16Le, Modifier::kUtf16Be,
               Modifier::kUtf16, Modifier::kWide, Modifier::kWindash}) !=
            static_cast<std::ptrdiff_t>(item.modifiers.size())) {
        return Refuse(fmt::format("\"{}\": keyword items take only string modifiers", key));
    }
    return core::Ok();
}

core::Result<FieldItem> ParseItem(const std::string& key, const YAML::Node& value) {
    FieldItem item;
    std::vector<std::string_view> parts;
    std::string_view rest = key;
    while (true) {
        const auto bar = rest.find('|');
        parts.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(bar + 1);
    }
    item.field = std::string(parts.front());
    for (std::size_t k = 1; k < parts.size(); ++k) {
        const auto name = parts[k];
        const auto modifier = ParseModifier(name);
        if (!modifier) {
            return Refuse(fmt::format(R"("{}": unknown modifier "{}")", key, name));
        }
        item.modifiers.push_back(*modifier);
    }
    UNGCUU_ASSIGN_OR_RETURN(values, Values(value));
    item.values = std::move(values);
    UNGCUU_RETURN_IF_ERROR(CheckModifiers(item, key));
    return item;
}

core::Result<std::vector<FieldItem>> ParseMap(const YAML::Node& map) {
    std::vector<FieldItem> items;
    for (const auto& entry : map) {
        UNGCUU_ASSIGN_OR_RETURN(item, ParseItem(entry.first.as<std::string>(), entry.second));
        items.push_back(std::move(item));
    }
    if (items.empty()) {
        return Refuse("an empty detection map");
    }
    return items;
}

core::Result<Detection> ParseDetection(const std::string& name, const YAML::Node& node) {
    Detection d;
    if (node.IsMap()) {
        UNGCUU_ASSIGN_OR_RETURN(items, ParseMap(node));
        d.alternatives.push_back(std::move(items));
        return d;
    }
    if (node.IsSequence()) {
        bool maps = false;
        bool scalars = false;
        for (const auto& item : node) {
            maps = maps || item.IsMap();
            scalars = scalars || item.IsScalar() || item.IsNull();
        }
        if (maps && scalars) {
            return Refuse(fmt::format("detection \"{}\" mixes maps and plain values", name));
        }
        if (maps) {
            for (const auto& item : node) {
                UNGCUU_ASSIGN_OR_RETURN(items, ParseMap(item));
                d.alternatives.push_back(std::move(items));
            }
            return d;
        }
        FieldItem keywords;
        UNGCUU_ASSIGN_OR_RETURN(values, Values(node));
        keywords.values = std::move(values);
        d.keywords = std::move(keywords);
        return d;
    }
    if (node.IsScalar()) {
        FieldItem keywords;
        keywords.values.push_back(ScalarValue(node));
        d.keywords = std::move(keywords);
        return d;
    }
    return Refuse(fmt::format("detection \"{}\" is empty", name));
}

std::string Text(const YAML::Node& node, const char* key) {
    const auto child = node[key];
    return child && child.IsScalar() ? child.Scalar() : std::string();
}

// A keyword list written as "keywords|contains|all: [...]" arrives as a map with an empty field.
void KeywordItemsAsKeywords(Detection& d) {
    if (d.alternatives.size() == 1 && d.alternatives[0].size() == 1 &&
        d.alternatives[0][0].field.empty()) {
        d.keywords = std::move(d.alternatives[0][0]);
        d.alternatives.clear();
    }
}

core::Status CheckReferences(const Condition& c, const Rule& rule) {
    if (c.kind == Condition::Kind::kRef && !rule.detections.contains(c.name)) {
        return Refuse(fmt::format("the condition names \"{}\", which is not a detection", c.name));
    }
    if ((c.kind == Condition::Kind::kOneOf || c.kind == Condition::Kind::kAllOf) &&
        c.name != "them") {
        const bool any =
            std::any_of(rule.detections.begin(), rule.detections.end(),
                        [&](const auto& d) { return PatternMatches(c.name, d.first); });
        if (!any) {
            return Refuse(fmt::format("no detection matches \"{}\"", c.name));
        }
    }
    for (const auto& child : c.children) {
        UNGCUU_RETURN_IF_ERROR(CheckReferences(child, rule));
    }
    return core::Ok();
}

// What rules and correlation rules share: where they come from and how they are named.
template <class RuleLike>
void ReadHeader(const YAML::Node& root, std::string_view file, RuleLike& out) {
    out.file = std::string(file);
    out.id = Text(root, "id");
    out.name = Text(root, "name");
    out.title = Text(root, "title");
    out.level = Text(root, "level");
    out.description = Text(root, "description");
    if (const auto tags = root["tags"]; tags && tags.IsSequence()) {
        for (const auto& tag : tags) {
            if (tag.IsScalar()) {
                out.tags.push_back(tag.Scalar());
            }
        }
    }
}

}  // namespace

bool FieldItem::Has(Modifier m) const {
    return std::find(modifiers.begin(), modifiers.end(), m) != modifiers.end();
}

bool PatternMatches(std::string_view pattern, std::string_view name) {
    return GlobMatch(GlobOf(pattern), name);
}

namespace {

// YAML aliases let a few bytes stand for millions of values (a list of aliases to a map of
// aliases to value lists): the document is walked, aliases expanded, up to a budget first.
constexpr std::size_t kMaxNodes = 200000;

bool WithinNodes(const YAML::Node& node, std::size_t& left) {
    if (left == 0) {
        return false;
    }
    --left;
    if (node.IsSequence() || node.IsMap()) {
        for (const auto& child : node) {
            if (node.IsMap()) {
                if (!WithinNodes(child.first, left) || !WithinNodes(child.second, left)) {
                    return false;
                }
            } else if (!WithinNodes(child, left)) {
                return false;
            }
        }
    }
    return true;
}

core::Status CheckSize(const YAML::Node& root) {
    std::size_t left = kMaxNodes;
    if (!WithinNodes(root, left)) {
        return Refuse(fmt::format(
            "the rule holds more than {} YAML nodes once its aliases are expanded", kMaxNodes));
    }
    return core::Ok();
}

core::Result<Rule> ParseNode(const YAML::Node& root, std::string_view file) {
    if (!root.IsMap()) {
        return Refuse("the document is not a map");
    }
    UNGCUU_RETURN_IF_ERROR(CheckSize(root));
    Rule rule;
    ReadHeader(root, file, rule);
    rule.status = Text(root, "status");
    if (root["correlation"]) {
        return Refuse(
            "a correlation rule: load it with the rules it refers to (LoadRules, ParseRules)");
    }
    if (root["action"]) {
        return Refuse("rule collections (action: global/reset/repeat) are not supported");
    }
    if (const auto logsource = root["logsource"]; logsource && logsource.IsMap()) {
        rule.product = Text(logsource, "product");
        rule.category = Text(logsource, "category");
        rule.service = Text(logsource, "service");
    }
    const auto detection = root["detection"];
    if (!detection || !detection.IsMap()) {
        return Refuse("no detection section");
    }
    try {
        for (const auto& entry : detection) {
            const auto name = entry.first.as<std::string>();
            if (name == "condition" || name == "timeframe") {
                continue;
            }
            UNGCUU_ASSIGN_OR_RETURN(d, ParseDetection(name, entry.second));
            KeywordItemsAsKeywords(d);
            rule.detections.emplace(name, std::move(d));
        }
        const auto condition = detection["condition"];
        std::vector<std::string> texts;
        if (condition && condition.IsScalar()) {
            texts.push_back(condition.Scalar());
        } else if (condition && condition.IsSequence()) {
            for (const auto& c : condition) {
                texts.push_back(c.as<std::string>());
            }
        } else {
            return Refuse("no condition");
        }
        for (const auto& text : texts) {
            if (text.find('|') != std::string::npos) {
                return Refuse(
                    "aggregations in the condition (\"| count() …\") are replaced by "
                    "correlation rules in Sigma 2");
            }
            UNGCUU_ASSIGN_OR_RETURN(parsed, ParseCondition(text));
            UNGCUU_RETURN_IF_ERROR(CheckReferences(parsed, rule));
            rule.conditions.push_back(std::move(parsed));
        }
    } catch (const YAML::Exception& e) {
        return Refuse(fmt::format("YAML không hợp lệ (invalid YAML): {}", e.what()));
    }
    return rule;
}

std::vector<std::string> Strings(const YAML::Node& node) {
    std::vector<std::string> out;
    if (node && node.IsScalar()) {
        out.push_back(node.Scalar());
    } else if (node && node.IsSequence()) {
        for (const auto& item : node) {
            if (item.IsScalar()) {
                out.push_back(item.Scalar());
            }
        }
    }
    return out;
}

// "90s", "5m", "1h", "7d".
std::optional<std::chrono::seconds> ParseTimespan(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::int64_t amount = 0;
    for (std::size_t k = 0; k + 1 < text.size(); ++k) {
        if (!std::isdigit(static_cast<unsigned char>(text[k])) || amount > 1'000'000'000) {
            return std::nullopt;
        }
        amount = amount * 10 + (text[k] - '0');
    }
    std::int64_t unit = 0;
    switch (text.back()) {
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 3600;
            break;
        case 'd':
            unit = 86400;
            break;
        default:
            return std::nullopt;
    }
    if (amount == 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(amount * unit);
}

// aliases: per alias, the field that stands for it in each referred rule.
core::Status ReadAliases(const YAML::Node& aliases, CorrelationRule& c) {
    if (!aliases) {
        return core::Ok();
    }
    if (!aliases.IsMap()) {
        return Refuse("aliases is not a map");
    }
    for (const auto& alias : aliases) {
        if (!alias.second.IsMap()) {
            return Refuse(fmt::format("alias \"{}\" is not a map of rule → field",
                                      alias.first.as<std::string>()));
        }
        auto& fields = c.aliases[alias.first.as<std::string>()];
        for (const auto& entry : alias.second) {
            fields[entry.first.as<std::string>()] = entry.second.as<std::string>();
        }
    }
    return core::Ok();
}

// condition: the bounds (gt, gte, lt, lte, eq), the field and the percentile.
core::Status ReadCorrelationCondition(const YAML::Node& condition, CorrelationRule& c) {
    using Op = CorrelationRule::Bound::Op;
    if (!condition) {
        return core::Ok();
    }
    if (!condition.IsMap()) {
        return Refuse("the correlation condition is not a map");
    }
    static const std::pair<std::string_view, Op> kOps[] = {
        {"gt", Op::kGt}, {"gte", Op::kGte}, {"lt", Op::kLt}, {"lte", Op::kLte}, {"eq", Op::kEq}};
    for (const auto& entry : condition) {
        const auto key = entry.first.as<std::string>();
        if (key == "field") {
            c.field = entry.second.as<std::string>();
            continue;
        }
        char* end = nullptr;
        const std::string text = entry.second.IsScalar() ? entry.second.Scalar() : "";
        const double number = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size()) {
            return Refuse(fmt::format(R"(condition "{}": "{}" is not a number)", key, text));
        }
        if (key == "percentile") {
            if (number < 0 || number > 100) {
                return Refuse("percentile must be between 0 and 100");
            }
            c.percentile = number;
            continue;
        }
        const auto* op = std::find_if(std::begin(kOps), std::end(kOps),
                                      [&](const auto& k) { return k.first == key; });
        if (op == std::end(kOps)) {
            return Refuse(fmt::format("unknown condition criterion \"{}\"", key));
        }
        c.condition.push_back({op->second, number});
    }
    return core::Ok();
}

core::Result<CorrelationRule> ParseCorrelation(const YAML::Node& root, std::string_view file) {
    using Type = CorrelationRule::Type;
    UNGCUU_RETURN_IF_ERROR(CheckSize(root));
    CorrelationRule c;
    ReadHeader(root, file, c);
    const auto section = root["correlation"];
    if (!section.IsMap()) {
        return Refuse("the correlation section is not a map");
    }
    const std::string type = Text(section, "type");
    const auto* known = std::find_if(std::begin(kCorrelationTypes), std::end(kCorrelationTypes),
                                     [&](Type t) { return CorrelationTypeName(t) == type; });
    if (known == std::end(kCorrelationTypes)) {
        return Refuse(fmt::format("unknown correlation type \"{}\"", type));
    }
    c.type = *known;
    c.rules = Strings(section["rules"]);
    if (c.rules.empty()) {
        return Refuse("the correlation names no rules");
    }
    c.group_by = Strings(section["group-by"]);
    const std::string timespan = Text(section, "timespan");
    const auto span = ParseTimespan(timespan);
    if (!span) {
        return Refuse(
            fmt::format("timespan \"{}\" is not a number followed by s, m, h or d", timespan));
    }
    c.timespan = *span;
    if (const auto generate = section["generate"] ? section["generate"] : root["generate"];
        generate && generate.IsScalar()) {
        c.generate = generate.Scalar() == "true";
    }
    UNGCUU_RETURN_IF_ERROR(ReadAliases(section["aliases"], c));
    const auto condition = section["condition"];
    UNGCUU_RETURN_IF_ERROR(ReadCorrelationCondition(condition, c));
    const bool temporal = c.type == Type::kTemporal || c.type == Type::kTemporalOrdered;
    const bool valued = !temporal && c.type != Type::kEventCount;
    if (!temporal && c.condition.empty()) {
        return Refuse("the correlation needs a condition (gt, gte, lt, lte or eq)");
    }
    if (valued && c.field.empty()) {
        return Refuse(fmt::format("correlation type \"{}\" needs condition.field", type));
    }
    if (c.type == Type::kValuePercentile && !condition["percentile"]) {
        return Refuse("value_percentile needs condition.percentile (0–100)");
    }
    return c;
}

// Every rule and correlation of a text of YAML documents, refusals named with `file`.
// The documents of a YAML stream, cut before each "---" marker at the start of a line (which
// also ends a block scalar in YAML, so nothing is cut that a YAML reader would keep together).
// yaml-cpp 0.7's LoadAll never returns on some texts (a lone ","), allocating without end; each
// document is read by Load instead.
std::vector<std::string_view> SplitDocuments(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0, at = 0;
    while (at < text.size()) {
        const auto end = text.find('\n', at);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end;
        const auto line = text.substr(at, stop - at);
        if (at > start && line.starts_with("---") &&
            (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r')) {
            out.push_back(text.substr(start, at - start));
            start = at;
        }
        at = stop + 1;
    }
    out.push_back(text.substr(start));
    return out;
}

// Does a document hold more than blank lines, comments, markers and a null?
bool HasContent(std::string_view part) {
    std::size_t at = 0;
    while (at < part.size()) {
        const auto end = part.find('\n', at);
        const std::size_t stop = end == std::string_view::npos ? part.size() : end;
        auto line = part.substr(at, stop - at);
        at = stop + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        while (!line.empty() &&
               (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == '#' || line == "---" || line == "..." ||
            line == "null" || line == "~" || line.starts_with("%")) {
            continue;
        }
        return true;
    }
    return false;
}

void ParseDocuments(std::string_view text, const std::string& file, RuleSet& set) {
    std::vector<YAML::Node> documents;
    for (const auto part : SplitDocuments(text)) {
        try {
            auto document = YAML::Load(std::string(part));
            if (document.IsNull() && HasContent(part)) {
                set.refused.push_back({file, "", "",
                                       "YAML không hợp lệ (invalid YAML): a document with text "
                                       "that reads as nothing"});
                continue;
            }
            documents.push_back(std::move(document));
        } catch (const YAML::Exception& e) {
            set.refused.push_back(
                {file, "", "", fmt::format("YAML không hợp lệ (invalid YAML): {}", e.what())});
        }
    }
    for (const auto& document : documents) {
        if (document.IsNull()) {
            continue;
        }
        const bool map = document.IsMap();
        core::Status status = core::Ok();
        try {
            if (map && document["correlation"]) {
                auto correlation = ParseCorrelation(document, file);
                if (correlation.ok()) {
                    set.correlations.push_back(std::move(correlation).value());
                } else {
                    status = std::move(correlation).error();
                }
            } else {
                auto rule = ParseNode(document, file);
                if (rule.ok()) {
                    set.rules.push_back(std::move(rule).value());
                } else {
                    status = std::move(rule).error();
                }
            }
        } catch (const YAML::Exception& e) {
            status = Refuse(fmt::format("YAML không hợp lệ (invalid YAML): {}", e.what()));
        }
        if (!status.ok()) {
            set.refused.push_back({file, map ? Text(document, "id") : "",
                                   map ? Text(document, "title") : "", status.error().message_vi});
        }
    }
}

}  // namespace

core::Result<Rule> ParseRule(std::string_view yaml, std::string_view file) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        return Refuse(fmt::format("YAML không hợp lệ (invalid YAML): {}", e.what()));
    }
    return ParseNode(root, file);
}

RuleSet LoadRules(const std::string& path) {
    RuleSet set;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file() && (ext == ".yml" || ext == ".yaml")) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
    } else {
        files.emplace_back(path);
    }
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            set.refused.push_back(
                {file.string(), "", "", "không đọc được tệp (cannot read the file)"});
            continue;
        }
        std::ostringstream text;
        text << in.rdbuf();
        ParseDocuments(text.str(), file.string(), set);
    }
    return set;
}

RuleSet ParseRules(std::string_view yaml, const std::string& file) {
    RuleSet set;
    ParseDocuments(yaml, file, set);
    return set;
}

namespace {

constexpr std::size_t kMaxPlaceholderValues = 4096;  // per item value, all combinations

core::Error BadPlaceholders(const std::string& path,
                            const std::string& why_vi,
                            const std::string& why_en) {
    return core::InvalidArgument(fmt::format("Tệp giá trị thay thế {}: {}", path, why_vi),
                                 fmt::format("Placeholder file {}: {}", path, why_en));
}

// Every spelling of `text` with its placeholders replaced; the first placeholder without values
// in `missing` (then nothing is returned).
std::vector<std::string> Expand(const std::string& text,
                                const Placeholders& values,
                                std::string& missing) {
    std::vector<std::string> out{""};
    std::size_t at = 0;
    while (at < text.size()) {
        const auto open = text.find('%', at);
        const auto close = open == std::string::npos ? open : text.find('%', open + 1);
        if (close == std::string::npos) {
            for (auto& o : out) {
                o += text.substr(at);
            }
            break;
        }
        const std::string name = text.substr(open + 1, close - open - 1);
        const auto found = values.find(name);
        if (found == values.end()) {
            missing = name;
            return {};
        }
        std::vector<std::string> next;
        for (const auto& o : out) {
            for (const auto& v : found->second) {
                std::string joined = o;
                joined += text.substr(at, open - at);
                joined += v;
                next.push_back(std::move(joined));
                if (next.size() > kMaxPlaceholderValues) {
                    missing = name;
                    return {};
                }
            }
        }
        out = std::move(next);
        at = close + 1;
    }
    return out;
}

}  // namespace

core::Result<Placeholders> LoadPlaceholders(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return BadPlaceholders(path, "không đọc được tệp.", "cannot be read.");
    }
    std::ostringstream read;
    read << in.rdbuf();
    const std::string text = read.str();
    YAML::Node root;
    try {
        const auto parts = SplitDocuments(text);
        if (parts.size() != 1) {
            return BadPlaceholders(path, "cần đúng một tài liệu YAML.",
                                   "one YAML document is expected.");
        }
        root = YAML::Load(std::string(parts.front()));
    } catch (const YAML::Exception& e) {
        return BadPlaceholders(path, fmt::format("YAML không hợp lệ ({}).", e.what()),
                               fmt::format("invalid YAML ({}).", e.what()));
    }
    if (!root.IsMap()) {
        return BadPlaceholders(path, "cần một bảng tên → giá trị (name: [values]).",
                               "a map of names to values is expected (name: [values]).");
    }
    Placeholders out;
    for (const auto& entry : root) {
        const auto name = entry.first.as<std::string>("");
        std::vector<std::string> list;
        const auto add = [&](const YAML::Node& v) {
            if (!v.IsScalar()) {
                return false;
            }
            list.push_back(v.as<std::string>());
            return true;
        };
        bool ok = !name.empty() && name.find('%') == std::string::npos;
        if (ok && entry.second.IsSequence()) {
            for (const auto& v : entry.second) {
                ok = ok && add(v);
            }
        } else {
            ok = ok && add(entry.second);
        }
        if (!ok || list.empty()) {
            return BadPlaceholders(
                path, fmt::format("\"{}\" cần một giá trị hoặc một danh sách giá trị.", name),
                fmt::format("\"{}\" needs a value or a list of values.", name));
        }
        out[name] = std::move(list);
    }
    return out;
}

void ExpandPlaceholders(RuleSet& set, const Placeholders& values) {
    std::vector<Rule> kept;
    for (auto& rule : set.rules) {
        std::string missing;
        const auto expand_item = [&](FieldItem& item) {
            const auto at =
                std::find(item.modifiers.begin(), item.modifiers.end(), Modifier::kExpand);
            if (at == item.modifiers.end()) {
                return true;
            }
            std::vector<Value> expanded;
            for (const auto& value : item.values) {
                if (value.kind != Value::Kind::kString) {
                    expanded.push_back(value);
                    continue;
                }
                for (auto& text : Expand(value.text, values, missing)) {
                    Value v;
                    v.text = std::move(text);
                    expanded.push_back(std::move(v));
                }
                if (!missing.empty()) {
                    return false;
                }
            }
            item.values = std::move(expanded);
            item.modifiers.erase(at);
            return true;
        };
        bool ok = true;
        for (auto& [name, detection] : rule.detections) {
            if (detection.keywords) {
                ok = ok && expand_item(*detection.keywords);
            }
            for (auto& items : detection.alternatives) {
                for (auto& item : items) {
                    ok = ok && expand_item(item);
                }
            }
        }
        if (ok) {
            kept.push_back(std::move(rule));
            continue;
        }
        const auto given = values.find(missing);
        set.refused.push_back(
            {rule.file, rule.id, rule.title,
             given == values.end()
                 ? fmt::format("chỗ thay thế %{}% chưa có giá trị; hãy khai báo nó trong tệp "
                               "--placeholders (expand: give the values of %{}% with "
                               "--placeholders FILE)",
                               missing, missing)
                 : fmt::format("giá trị thay thế %{}% cho quá {} cách viết (expand: %{}% "
                               "gives more than {} values)",
                               missing, kMaxPlaceholderValues, missing, kMaxPlaceholderValues)});
    }
    set.rules = std::move(kept);
}

}  // namespace ungcuu::sigma

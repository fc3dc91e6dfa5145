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

core::Error Refuse(std::string reason) {
    return core::InvalidArgument("Luật Sigma không chạy được: " + reason,
                                 "The Sigma rule cannot run: " + reason);
}

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
        if (name == "expand") {
            return Refuse(
                fmt::format("\"{}\": expand needs placeholder values from a pipeline", key));
        }
        const auto modifier = ParseModifier(name);
        if (!modifier) {
            return Refuse(fmt::format("\"{}\": unknown modifier \"{}\"", key, name));
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

}  // namespace

bool FieldItem::Has(Modifier m) const {
    return std::find(modifiers.begin(), modifiers.end(), m) != modifiers.end();
}

bool PatternMatches(std::string_view pattern, std::string_view name) {
    return GlobMatch(GlobOf(pattern), name);
}

namespace {

core::Result<Rule> ParseNode(const YAML::Node& root, std::string_view file) {
    if (!root.IsMap()) {
        return Refuse("the document is not a map");
    }
    Rule rule;
    rule.file = std::string(file);
    rule.id = Text(root, "id");
    rule.title = Text(root, "title");
    rule.level = Text(root, "level");
    rule.status = Text(root, "status");
    if (root["correlation"]) {
        return Refuse("correlation rules are not run yet by this engine");
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
            const std::string name = entry.first.as<std::string>();
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
        // One rule per YAML document.
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(text.str());
        } catch (const YAML::Exception& e) {
            set.refused.push_back({file.string(), "", "",
                                   fmt::format("YAML không hợp lệ (invalid YAML): {}", e.what())});
            continue;
        }
        for (const auto& document : documents) {
            auto rule = ParseNode(document, file.string());
            if (rule.ok()) {
                set.rules.push_back(std::move(rule).value());
            } else {
                set.refused.push_back({file.string(), document.IsMap() ? Text(document, "id") : "",
                                       document.IsMap() ? Text(document, "title") : "",
                                       std::move(rule).error().message_vi});
            }
        }
    }
    return set;
}

}  // namespace ungcuu::sigma

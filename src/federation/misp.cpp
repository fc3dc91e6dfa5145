#include "federation/misp.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.hpp"
#include "federation/json_fields.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;

constexpr std::string_view kMispNamespace = "5b0a9f3c-7e21-4d6b-8c4a-1f2e3d4c5b6a";

std::string_view HashType(std::size_t length) {
    switch (length) {
        case 32:
            return "md5";
        case 40:
            return "sha1";
        case 64:
            return "sha256";
        case 128:
            return "sha512";
        default:
            return "";
    }
}

/// MISP's attribute type and category of an indicator.
std::pair<std::string_view, std::string_view> TypeOf(const domain::Indicator& i) {
    switch (i.kind) {
        case domain::ObservableKind::kIp:
            return {"ip-dst", "Network activity"};
        case domain::ObservableKind::kDomain:
            return {"domain", "Network activity"};
        case domain::ObservableKind::kUrl:
            return {"url", "Network activity"};
        case domain::ObservableKind::kEmail:
            return {"email-src", "Payload delivery"};
        case domain::ObservableKind::kHash:
            return {HashType(i.value.size()), "Payload delivery"};
        case domain::ObservableKind::kUser:
            return {"target-user", "Targeting data"};
        case domain::ObservableKind::kHost:
            return {"hostname", "Network activity"};
    }
    return {"", ""};
}

std::string Uuid(std::string_view name) { return StixId("x", kMispNamespace, name).substr(3); }

std::optional<domain::ObservableKind> KindOf(std::string_view type) {
    if (type == "ip-dst" || type == "ip-src") {
        return domain::ObservableKind::kIp;
    }
    if (type == "domain" || type == "hostname") {
        return domain::ObservableKind::kDomain;
    }
    if (type == "url" || type == "link-malicious") {
        return domain::ObservableKind::kUrl;
    }
    if (type == "email-src" || type == "email-dst" || type == "email") {
        return domain::ObservableKind::kEmail;
    }
    if (type == "md5" || type == "sha1" || type == "sha256" || type == "sha512") {
        return domain::ObservableKind::kHash;
    }
    return std::nullopt;
}

domain::Warning EventWarning(const json::object& event, MispImport& out, std::size_t& attributes) {
    domain::Warning w;
    w.title = LenientText(event, "info", 500);
    const auto level = LenientText(event, "threat_level_id", 2);
    w.severity = level == "1"   ? domain::WarningSeverity::kHigh
                 : level == "3" ? domain::WarningSeverity::kLow
                                : domain::WarningSeverity::kMedium;
    w.tlp = domain::Tlp::kAmber;
    if (const auto* tags = event.if_contains("Tag"); tags != nullptr && tags->is_array()) {
        for (const auto& tag : tags->as_array()) {
            if (!tag.is_object()) {
                continue;
            }
            const auto name = core::FoldForSearch(LenientText(tag.as_object(), "name", 100));
            for (const auto code : domain::kTlpCodes) {
                if (name == fmt::format("tlp:{}", code) ||
                    (code == "clear" && name == "tlp:white")) {
                    w.tlp = *domain::ParseTlp(code);
                }
            }
        }
    }
    if (const auto* orgc = event.if_contains("Orgc");
        orgc != nullptr && orgc->is_object() && out.producer.empty()) {
        out.producer = LenientText(orgc->as_object(), "name", 300);
    }
    if (const auto* stamp = event.if_contains("timestamp")) {
        const auto text = stamp->is_string() ? std::string(stamp->as_string()) : std::string();
        char* end = nullptr;
        const auto seconds = std::strtoll(text.c_str(), &end, 10);
        if (end != text.c_str() && *end == '\0' && seconds > 0) {
            w.issued_at = core::FromUnixMillis(seconds * 1000);
        }
    }
    const auto* list = event.if_contains("Attribute");
    if (list == nullptr || !list->is_array()) {
        return w;
    }
    for (const auto& item : list->as_array()) {
        if (!item.is_object() || ++attributes > kMaxMispAttributes) {
            ++out.skipped;
            continue;
        }
        const auto& attribute = item.as_object();
        const auto type = LenientText(attribute, "type", 40);
        if (type == "sigma") {
            // Rules for detection, kept whole or not at all.
            auto rules = LenientText(attribute, "value", domain::kMaxWarningRulesBytes + 1);
            if (w.sigma_rules.empty() && !rules.empty() &&
                rules.size() <= domain::kMaxWarningRulesBytes) {
                w.sigma_rules = std::move(rules);
            } else {
                ++out.skipped;
            }
            continue;
        }
        const auto value = LenientText(attribute, "value", 4000);
        if (type == "vulnerability" || type == "link") {
            w.references.push_back(value);
        } else if (type == "comment" || type == "text") {
            const auto comment = LenientText(attribute, "comment", 100);
            auto& into = comment == "actions" ? w.actions : w.description;
            into += (into.empty() ? "" : "\n") + value;
        } else if (const auto kind = KindOf(type)) {
            if (auto normal = domain::NormaliseObservable(*kind, value); normal.ok()) {
                w.indicators.push_back({*kind, std::move(normal).value()});
            } else {
                ++out.skipped;
            }
        } else {
            ++out.skipped;
        }
    }
    return w;
}

}  // namespace

std::string ExportMisp(const StixProducer& producer, const domain::Warning& w) {
    const auto stamp = std::to_string(core::ToUnixMillis(w.issued_at) / 1000);
    const auto base = fmt::format("{}|warning|{}", producer.node, w.id.value());
    json::array attributes;
    const auto add = [&](std::string_view type, std::string_view category, const std::string& value,
                         bool to_ids, std::string_view comment) {
        attributes.push_back(
            json::object{{"uuid", Uuid(base + "|" + std::string(type) + "|" + value)},
                         {"type", type},
                         {"category", category},
                         {"value", value},
                         {"to_ids", to_ids},
                         {"comment", comment},
                         {"timestamp", stamp}});
    };
    if (!w.description.empty()) {
        add("comment", "Other", w.description, false, "description");
    }
    add("comment", "Other", w.actions, false, "actions");
    for (const auto& reference : w.references) {
        if (reference.starts_with("http")) {
            add("link", "External analysis", reference, false, "");
        } else {
            add("vulnerability", "External analysis", reference, false, "");
        }
    }
    for (const auto& indicator : w.indicators) {
        const auto [type, category] = TypeOf(indicator);
        if (!type.empty()) {
            add(type, category, indicator.value, true, "");
        }
    }
    if (!w.sigma_rules.empty()) {
        add("sigma", "Payload installation", w.sigma_rules, true, "");
    }
    const auto level = w.severity == domain::WarningSeverity::kLow      ? "3"
                       : w.severity == domain::WarningSeverity::kMedium ? "2"
                                                                        : "1";
    const auto day = core::FormatRfc3339(w.issued_at).substr(0, 10);
    return json::serialize(json::object{
        {"Event",
         json::object{
             {"uuid", Uuid(base)},
             {"info", w.title},
             {"date", day},
             {"timestamp", stamp},
             {"published", true},
             {"threat_level_id", level},
             {"analysis", "2"},
             {"distribution", w.tlp == domain::Tlp::kClear ? "3" : "0"},
             {"Orgc", json::object{{"name", producer.name}, {"uuid", Uuid(producer.node)}}},
             {"Tag", json::array{json::object{
                         {"name", fmt::format("tlp:{}", w.tlp == domain::Tlp::kClear
                                                            ? "clear"
                                                            : domain::TlpCode(w.tlp))}}}},
             {"Attribute", std::move(attributes)}}}});
}

core::Result<MispImport> ImportMisp(std::string_view text) {
    const auto refuse = [](std::string_view vi, std::string_view en) {
        return core::InvalidArgument(fmt::format("Sự kiện MISP không đọc được: {}.", vi),
                                     fmt::format("The MISP event cannot be read: {}.", en));
    };
    if (text.size() > kMaxStixBytes) {
        return refuse("lớn hơn 16 MiB", "larger than 16 MiB");
    }
    const auto parsed = ParseLimited(text, 16);
    if (!parsed) {
        return refuse("không phải JSON", "not JSON");
    }
    const auto& root = *parsed;
    std::vector<const json::object*> events;
    const auto take = [&events](const json::value& value) {
        if (const auto* object = value.if_object()) {
            if (const auto* event = object->if_contains("Event"); event && event->is_object()) {
                events.push_back(&event->as_object());
            }
        }
    };
    if (root.is_array()) {
        for (const auto& item : root.as_array()) {
            take(item);
        }
    } else if (root.is_object() && root.as_object().contains("response") &&
               root.as_object().at("response").is_array()) {
        for (const auto& item : root.as_object().at("response").as_array()) {
            take(item);
        }
    } else {
        take(root);
    }
    if (events.empty()) {
        return refuse("không có \"Event\" nào", "no \"Event\" in it");
    }
    if (events.size() > kMaxMispEvents) {
        return refuse(fmt::format("quá {} sự kiện", kMaxMispEvents),
                      fmt::format("more than {} events", kMaxMispEvents));
    }
    MispImport out;
    std::size_t attributes = 0;
    for (const auto* event : events) {
        auto w = EventWarning(*event, out, attributes);
        if (!w.title.empty()) {
            out.warnings.push_back(std::move(w));
        } else {
            ++out.skipped;
        }
    }
    return out;
}

}  // namespace ungcuu::federation

#include "federation/stix.hpp"

#include <fmt/format.h>
#include <openssl/sha.h>

#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/text.hpp"
#include "federation/canonical_json.hpp"
#include "federation/json_fields.hpp"

namespace ungcuu::federation {

namespace {

namespace json = boost::json;

/// The namespace STIX 2.1 gives for the ids of cyber-observable objects.
constexpr std::string_view kObservableNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";
/// ungcuu's namespace for the ids of the objects it creates.
constexpr std::string_view kUngcuuNamespace = "3c5a7f2e-8d41-4b6a-9e0f-5d2c1a7b9e64";

/// The predefined TLP marking definitions of STIX 2.1 (CLEAR is TLP 1.0's WHITE).
struct TlpMarking {
    domain::Tlp tlp;
    std::string_view id;
    std::string_view name;
};

constexpr std::array<TlpMarking, 4> kTlpMarkings = {{
    {domain::Tlp::kClear, "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"},
    {domain::Tlp::kGreen, "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"},
    {domain::Tlp::kAmber, "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"},
    {domain::Tlp::kRed, "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"},
}};
constexpr std::string_view kTlpCreated = "2017-01-20T00:00:00.000Z";

const TlpMarking& MarkingOf(domain::Tlp tlp) { return kTlpMarkings[static_cast<std::size_t>(tlp)]; }

std::array<unsigned char, 16> UuidBytes(std::string_view uuid) {
    std::array<unsigned char, 16> out{};
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < uuid.size() && n < out.size(); ++i) {
        if (uuid[i] == '-') {
            continue;
        }
        const auto digit = [](char c) {
            return static_cast<unsigned char>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        };
        out[n++] = static_cast<unsigned char>((digit(uuid[i]) << 4U) | digit(uuid[i + 1]));
        ++i;
    }
    return out;
}

/// The hash names STIX uses, by the length of the hex digest.
std::string_view HashName(std::size_t hex_length) {
    switch (hex_length) {
        case 32:
            return "MD5";
        case 40:
            return "SHA-1";
        case 64:
            return "SHA-256";
        case 128:
            return "SHA-512";
        default:
            return "";
    }
}

/// The cyber-observable object of an observable, with its id; null for kinds STIX does not hold
/// as they are (a host name that need not be a domain).
json::object ObservableObject(const domain::Indicator& o) {
    json::object sco;
    switch (o.kind) {
        case domain::ObservableKind::kIp:
            sco = {{"type", o.value.find(':') == std::string::npos ? "ipv4-addr" : "ipv6-addr"},
                   {"value", o.value}};
            break;
        case domain::ObservableKind::kDomain:
            sco = {{"type", "domain-name"}, {"value", o.value}};
            break;
        case domain::ObservableKind::kUrl:
            sco = {{"type", "url"}, {"value", o.value}};
            break;
        case domain::ObservableKind::kEmail:
            sco = {{"type", "email-addr"}, {"value", o.value}};
            break;
        case domain::ObservableKind::kHash:
            if (HashName(o.value.size()).empty()) {
                return {};
            }
            sco = {{"type", "file"}, {"hashes", json::object{{HashName(o.value.size()), o.value}}}};
            break;
        case domain::ObservableKind::kUser:
            sco = {{"type", "user-account"}, {"account_login", o.value}};
            break;
        case domain::ObservableKind::kHost:
            return {};
    }
    // The id from the properties STIX names for each type (everything but "type" here).
    json::object contributing = sco;
    contributing.erase("type");
    const auto canonical = Canonical(contributing);
    sco["spec_version"] = "2.1";
    sco["id"] = StixId(sco.at("type").as_string(), kObservableNamespace,
                       canonical.ok() ? *canonical : o.value);
    return sco;
}

std::string Quote(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\'' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

json::object Identity(const StixProducer& producer) {
    return {{"type", "identity"},
            {"spec_version", "2.1"},
            {"id", StixId("identity", kUngcuuNamespace, producer.node)},
            {"created", kTlpCreated},
            {"modified", kTlpCreated},
            {"name", producer.name},
            {"identity_class", "organization"}};
}

json::object Marking(const TlpMarking& m) {
    return {{"type", "marking-definition"},
            {"spec_version", "2.1"},
            {"id", m.id},
            {"created", kTlpCreated},
            {"definition_type", "tlp"},
            {"name", fmt::format("TLP:{}", m.name == "white"   ? "WHITE"
                                           : m.name == "green" ? "GREEN"
                                           : m.name == "amber" ? "AMBER"
                                                               : "RED")},
            {"definition", json::object{{"tlp", m.name}}}};
}

void AddWarning(std::vector<json::object>& out,
                std::set<std::string>& ids,
                const StixProducer& producer,
                const std::string& creator,
                const domain::Warning& w) {
    const auto when = core::FormatRfc3339(w.issued_at);
    const auto marking = MarkingOf(w.tlp).id;
    json::array refs;
    // Each indicator once in the bundle, named by `key` (its value), referred to by the report.
    const auto add = [&](const std::string& key, std::string name, std::string pattern,
                         std::string_view type) {
        const auto id =
            StixId("indicator", kUngcuuNamespace, fmt::format("{}|{}", producer.node, key));
        refs.emplace_back(id);
        if (!ids.insert(id).second) {
            return;
        }
        out.push_back({{"type", "indicator"},
                       {"spec_version", "2.1"},
                       {"id", id},
                       {"created", when},
                       {"modified", when},
                       {"created_by_ref", creator},
                       {"name", std::move(name)},
                       {"indicator_types", json::array{"malicious-activity"}},
                       {"pattern", std::move(pattern)},
                       {"pattern_type", type},
                       {"valid_from", when},
                       {"object_marking_refs", json::array{marking}}});
    };
    for (const auto& indicator : w.indicators) {
        add(fmt::format("{}|{}", domain::ObservableKindCode(indicator.kind), indicator.value),
            indicator.value, PatternOf(indicator), "stix");
    }
    if (!w.sigma_rules.empty()) {
        // The warning's detection rules, as STIX carries Sigma: an indicator of that pattern type
        // (named by the rules, so warnings sending the same rules share it).
        add("sigma|" + w.sigma_rules, fmt::format("Luật Sigma — {}", w.title), w.sigma_rules,
            "sigma");
    }
    if (refs.empty()) {
        refs.emplace_back(creator);  // a report names at least one object
    }
    json::array external;
    for (const auto& reference : w.references) {
        if (reference.starts_with("http")) {
            external.push_back(json::object{{"source_name", "advisory"}, {"url", reference}});
        } else {
            external.push_back(json::object{{"source_name", "cve"}, {"external_id", reference}});
        }
    }
    json::object report{{"type", "report"},
                        {"spec_version", "2.1"},
                        {"id", StixId("report", kUngcuuNamespace,
                                      fmt::format("{}|warning|{}", producer.node, w.id.value()))},
                        {"created", when},
                        {"modified", when},
                        {"created_by_ref", creator},
                        {"name", w.title},
                        {"description", w.description},
                        {"report_types", json::array{"threat-report"}},
                        {"published", when},
                        {"object_refs", std::move(refs)},
                        {"object_marking_refs", json::array{marking}},
                        {"x_ungcuu_severity", domain::WarningSeverityCode(w.severity)},
                        {"x_ungcuu_actions", w.actions},
                        {"x_ungcuu_deadline", core::FormatRfc3339(w.deadline)}};
    if (!external.empty()) {
        report["external_references"] = std::move(external);
    }
    out.push_back(std::move(report));
}

void AddIncident(std::vector<json::object>& out,
                 std::set<std::string>& ids,
                 const StixProducer& producer,
                 const std::string& creator,
                 const StixIncident& item) {
    const auto& incident = item.incident;
    const auto when = core::FormatRfc3339(incident.received_at);
    const json::array marking{
        MarkingOf(incident.confidential ? domain::Tlp::kRed : domain::Tlp::kAmber).id};
    const auto incident_id = StixId("incident", kUngcuuNamespace,
                                    fmt::format("{}|incident|{}", producer.node, incident.code));
    out.push_back(
        {{"type", "incident"},
         {"spec_version", "2.1"},
         {"id", incident_id},
         {"created", when},
         {"modified", when},
         {"created_by_ref", creator},
         {"name", incident.title},
         {"description", incident.description},
         {"external_references",
          json::array{json::object{{"source_name", "ungcuu"}, {"external_id", incident.code}}}},
         {"x_ungcuu_detected_at", core::FormatRfc3339(incident.detected_at)},
         {"object_marking_refs", marking}});
    json::array refs;
    for (const auto& observable : item.observables) {
        auto sco = ObservableObject({observable.kind, observable.value});
        if (sco.empty()) {
            continue;
        }
        const std::string id(sco.at("id").as_string());
        refs.emplace_back(id);
        if (ids.insert(id).second) {
            out.push_back(std::move(sco));
        }
    }
    if (refs.empty()) {
        return;
    }
    const auto observed = StixId("observed-data", kUngcuuNamespace,
                                 fmt::format("{}|observed|{}", producer.node, incident.code));
    const auto seen = core::FormatRfc3339(incident.detected_at);
    out.push_back({{"type", "observed-data"},
                   {"spec_version", "2.1"},
                   {"id", observed},
                   {"created", when},
                   {"modified", when},
                   {"created_by_ref", creator},
                   {"first_observed", seen},
                   {"last_observed", seen},
                   {"number_observed", 1},
                   {"object_refs", std::move(refs)},
                   {"object_marking_refs", marking}});
    out.push_back({{"type", "relationship"},
                   {"spec_version", "2.1"},
                   {"id", StixId("relationship", kUngcuuNamespace,
                                 fmt::format("{}|related|{}", producer.node, incident.code))},
                   {"created", when},
                   {"modified", when},
                   {"created_by_ref", creator},
                   {"relationship_type", "related-to"},
                   {"source_ref", observed},
                   {"target_ref", incident_id},
                   {"object_marking_refs", marking}});
}

std::vector<json::object> Objects(const StixProducer& producer,
                                  const std::vector<domain::Warning>& warnings,
                                  const std::vector<StixIncident>& incidents) {
    std::vector<json::object> out;
    std::set<std::string> ids;
    auto identity = Identity(producer);
    const std::string creator(identity.at("id").as_string());
    out.push_back(std::move(identity));
    std::set<domain::Tlp> labels;
    for (const auto& w : warnings) {
        labels.insert(w.tlp);
    }
    for (const auto& incident : incidents) {
        labels.insert(incident.incident.confidential ? domain::Tlp::kRed : domain::Tlp::kAmber);
    }
    for (const auto tlp : labels) {
        out.push_back(Marking(MarkingOf(tlp)));
    }
    for (const auto& w : warnings) {
        AddWarning(out, ids, producer, creator, w);
    }
    for (const auto& incident : incidents) {
        AddIncident(out, ids, producer, creator, incident);
    }
    return out;
}

// ---- import ----------------------------------------------------------------------------------

std::optional<core::TimePoint> TimeOf(const json::object& object, std::string_view key) {
    return core::ParseRfc3339(LenientText(object, key, 40));
}

std::vector<std::string> RefsOf(const json::object& object, std::string_view key) {
    std::vector<std::string> out;
    const auto* value = object.if_contains(key);
    const auto* array = value != nullptr ? value->if_array() : nullptr;
    if (array == nullptr) {
        return out;
    }
    for (const auto& item : *array) {
        if (const auto* text = item.if_string(); text != nullptr && text->size() <= 200) {
            out.emplace_back(*text);
        }
    }
    return out;
}

std::optional<domain::Indicator> IndicatorOfSco(const json::object& sco) {
    const auto type = LenientText(sco, "type", 40);
    std::optional<domain::ObservableKind> kind;
    std::string value = LenientText(sco, "value", 2000);
    if (type == "ipv4-addr" || type == "ipv6-addr") {
        kind = domain::ObservableKind::kIp;
    } else if (type == "domain-name") {
        kind = domain::ObservableKind::kDomain;
    } else if (type == "url") {
        kind = domain::ObservableKind::kUrl;
    } else if (type == "email-addr") {
        kind = domain::ObservableKind::kEmail;
    } else if (type == "user-account") {
        kind = domain::ObservableKind::kUser;
        value = LenientText(sco, "account_login", 200);
    } else if (type == "file") {
        if (const auto* hashes = sco.if_contains("hashes");
            hashes != nullptr && hashes->is_object()) {
            for (const auto* name : {"SHA-256", "SHA-1", "MD5", "SHA-512"}) {
                if (const auto* h = hashes->as_object().if_contains(name); h && h->is_string()) {
                    kind = domain::ObservableKind::kHash;
                    value = std::string(h->as_string());
                    break;
                }
            }
        }
    }
    if (!kind || value.empty()) {
        return std::nullopt;
    }
    auto normal = domain::NormaliseObservable(*kind, value);
    if (!normal.ok()) {
        return std::nullopt;
    }
    return domain::Indicator{*kind, std::move(normal).value()};
}

}  // namespace

std::string StixId(std::string_view type, std::string_view namespace_uuid, std::string_view name) {
    const auto space = UuidBytes(namespace_uuid);
    std::string input(reinterpret_cast<const char*>(space.data()), space.size());
    input.append(name);
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0FU) | 0x50U);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3FU) | 0x80U);
    std::string hex;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            hex += '-';
        }
        hex += fmt::format("{:02x}", digest[i]);
    }
    return fmt::format("{}--{}", type, hex);
}

std::string PatternOf(const domain::Indicator& i) {
    switch (i.kind) {
        case domain::ObservableKind::kIp:
            return fmt::format("[{}:value = '{}']",
                               i.value.find(':') == std::string::npos ? "ipv4-addr" : "ipv6-addr",
                               Quote(i.value));
        case domain::ObservableKind::kDomain:
            return fmt::format("[domain-name:value = '{}']", Quote(i.value));
        case domain::ObservableKind::kUrl:
            return fmt::format("[url:value = '{}']", Quote(i.value));
        case domain::ObservableKind::kEmail:
            return fmt::format("[email-addr:value = '{}']", Quote(i.value));
        case domain::ObservableKind::kHash:
            return fmt::format("[file:hashes.'{}' = '{}']", HashName(i.value.size()),
                               Quote(i.value));
        case domain::ObservableKind::kUser:
            return fmt::format("[user-account:account_login = '{}']", Quote(i.value));
        case domain::ObservableKind::kHost:
            return fmt::format("[domain-name:value = '{}']", Quote(i.value));
    }
    return {};
}

std::optional<domain::Indicator> IndicatorOfPattern(std::string_view pattern) {
    // "[<object>:<path> = '<value>']", one comparison, nothing around it.
    if (pattern.size() < 8 || pattern.size() > 4096 || pattern.front() != '[' ||
        pattern.back() != ']') {
        return std::nullopt;
    }
    const auto inner = pattern.substr(1, pattern.size() - 2);
    const auto equals = inner.find(" = '");
    if (equals == std::string_view::npos || inner.back() != '\'') {
        return std::nullopt;
    }
    const auto path = inner.substr(0, equals);
    const auto quoted = inner.substr(equals + 4, inner.size() - equals - 5);
    std::string value;
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 1 < quoted.size()) {
            value += quoted[++i];
        } else if (quoted[i] == '\'') {
            return std::nullopt;  // a second comparison or a stray quote
        } else {
            value += quoted[i];
        }
    }
    json::object sco;
    if (path == "ipv4-addr:value" || path == "ipv6-addr:value" || path == "domain-name:value" ||
        path == "url:value" || path == "email-addr:value") {
        sco = {{"type", path.substr(0, path.find(':'))}, {"value", value}};
    } else if (path == "user-account:account_login") {
        sco = {{"type", "user-account"}, {"account_login", value}};
    } else if (path.starts_with("file:hashes.")) {
        auto name = path.substr(12);
        if (name.size() >= 2 && name.front() == '\'' && name.back() == '\'') {
            name = name.substr(1, name.size() - 2);
        }
        sco = {{"type", "file"}, {"hashes", json::object{{name, value}}}};
    } else {
        return std::nullopt;
    }
    return IndicatorOfSco(sco);
}

std::vector<std::string> StixObjects(const StixProducer& producer,
                                     const std::vector<domain::Warning>& warnings,
                                     const std::vector<StixIncident>& incidents) {
    std::vector<std::string> out;
    for (const auto& object : Objects(producer, warnings, incidents)) {
        out.push_back(json::serialize(object));
    }
    return out;
}

std::string ExportStix(const StixProducer& producer,
                       const std::vector<domain::Warning>& warnings,
                       const std::vector<StixIncident>& incidents) {
    json::array objects;
    std::string ids;
    for (auto& object : Objects(producer, warnings, incidents)) {
        ids += object.at("id").as_string();
        objects.emplace_back(std::move(object));
    }
    return json::serialize(json::object{{"type", "bundle"},
                                        {"id", StixId("bundle", kUngcuuNamespace, ids)},
                                        {"objects", std::move(objects)}});
}

core::Result<StixImport> ImportStix(std::string_view text) {
    const auto refuse = [](std::string_view vi, std::string_view en) {
        return core::InvalidArgument(fmt::format("Gói STIX không đọc được: {}.", vi),
                                     fmt::format("The STIX bundle cannot be read: {}.", en));
    };
    if (text.size() > kMaxStixBytes) {
        return refuse("lớn hơn 16 MiB", "larger than 16 MiB");
    }
    const auto parsed = ParseLimited(text, 32);
    if (!parsed || !parsed->is_object() ||
        LenientText(parsed->as_object(), "type", 20) != "bundle") {
        return refuse("không phải một bundle JSON", "not a JSON bundle");
    }
    const auto& root = *parsed;
    const auto* list = root.as_object().if_contains("objects");
    if (list == nullptr || !list->is_array()) {
        return refuse("thiếu \"objects\"", "\"objects\" is missing");
    }
    if (list->as_array().size() > kMaxStixObjects) {
        return refuse(fmt::format("quá {} đối tượng", kMaxStixObjects),
                      fmt::format("more than {} objects", kMaxStixObjects));
    }
    std::map<std::string, const json::object*> by_id;
    for (const auto& item : list->as_array()) {
        if (const auto* object = item.if_object()) {
            by_id[LenientText(*object, "id", 200)] = object;
        }
    }
    StixImport out;
    std::set<std::string> reported;
    std::map<std::string, std::vector<std::string>> observed_of;  // incident id -> observed-data
    const auto tlp_of = [](const json::object& object) {
        for (const auto& ref : RefsOf(object, "object_marking_refs")) {
            for (const auto& m : kTlpMarkings) {
                if (ref == m.id) {
                    return m.tlp;
                }
            }
        }
        return domain::Tlp::kAmber;  // unmarked: kept within the recipients' organisations
    };
    for (const auto& [id, object] : by_id) {
        const auto type = LenientText(*object, "type", 40);
        if (type == "report") {
            domain::Warning w;
            w.title = LenientText(*object, "name", 500);
            w.description = LenientText(*object, "description", 20000);
            w.actions = LenientText(*object, "x_ungcuu_actions", 20000);
            w.tlp = tlp_of(*object);
            w.issued_at = TimeOf(*object, "published")
                              .value_or(TimeOf(*object, "created").value_or(core::TimePoint()));
            if (const auto deadline = TimeOf(*object, "x_ungcuu_deadline")) {
                w.deadline = *deadline;
            }
            w.severity = domain::ParseWarningSeverity(LenientText(*object, "x_ungcuu_severity", 20))
                             .value_or(domain::WarningSeverity::kMedium);
            if (const auto* refs = object->if_contains("external_references");
                refs != nullptr && refs->is_array()) {
                for (const auto& ref : refs->as_array()) {
                    if (!ref.is_object()) {
                        continue;
                    }
                    const auto source = LenientText(ref.as_object(), "source_name", 100);
                    const auto cve = LenientText(ref.as_object(), "external_id", 100);
                    const auto url = LenientText(ref.as_object(), "url", 500);
                    if (source == "cve" && !cve.empty()) {
                        w.references.push_back(cve);
                    } else if (!url.empty() &&
                               w.references.size() < domain::kMaxWarningReferences) {
                        w.references.push_back(url);
                    }
                }
            }
            for (const auto& ref : RefsOf(*object, "object_refs")) {
                const auto found = by_id.find(ref);
                if (found == by_id.end() ||
                    LenientText(*found->second, "type", 40) != "indicator") {
                    continue;
                }
                reported.insert(ref);
                if (LenientText(*found->second, "pattern_type", 20) == "sigma") {
                    // Sigma rules sent with the report: kept whole or not at all.
                    const auto rules =
                        LenientText(*found->second, "pattern", domain::kMaxWarningRulesBytes + 1);
                    if (w.sigma_rules.empty() && rules.size() <= domain::kMaxWarningRulesBytes) {
                        w.sigma_rules = rules;
                    } else {
                        ++out.skipped;
                    }
                } else if (auto indicator =
                               IndicatorOfPattern(LenientText(*found->second, "pattern", 4096))) {
                    w.indicators.push_back(std::move(*indicator));
                }
            }
            if (!w.title.empty()) {
                out.warnings.push_back(std::move(w));
            }
        } else if (type == "identity" && out.producer.empty()) {
            out.producer = LenientText(*object, "name", 300);
        } else if (type == "relationship") {
            const auto source = by_id.find(LenientText(*object, "source_ref", 200));
            const auto target = by_id.find(LenientText(*object, "target_ref", 200));
            if (source == by_id.end() || target == by_id.end() ||
                LenientText(*source->second, "type", 40) != "observed-data" ||
                LenientText(*target->second, "type", 40) != "incident") {
                continue;
            }
            auto& list_of = observed_of[target->first];
            if (list_of.size() < 100) {
                list_of.push_back(source->first);
            }
        } else if (type != "incident" && type != "indicator" && type != "marking-definition" &&
                   type != "observed-data" && IndicatorOfSco(*object) == std::nullopt) {
            ++out.skipped;
        }
    }
    for (const auto& [id, object] : by_id) {
        const auto type = LenientText(*object, "type", 40);
        if (type == "indicator" && reported.count(id) == 0) {
            if (auto indicator = IndicatorOfPattern(LenientText(*object, "pattern", 4096))) {
                out.indicators.push_back(std::move(*indicator));
            } else {
                ++out.skipped;
            }
        } else if (type == "incident") {
            StixIncident item;
            item.incident.title = LenientText(*object, "name", 500);
            item.incident.description = LenientText(*object, "description", 20000);
            item.incident.received_at = TimeOf(*object, "created").value_or(core::TimePoint());
            item.incident.detected_at =
                TimeOf(*object, "x_ungcuu_detected_at").value_or(item.incident.received_at);
            // Observables of observed-data related to this incident.
            for (const auto& observed_id : observed_of[id]) {
                for (const auto& ref : RefsOf(*by_id.at(observed_id), "object_refs")) {
                    const auto sco = by_id.find(ref);
                    if (sco == by_id.end() || item.observables.size() >= 1000) {
                        continue;
                    }
                    if (auto indicator = IndicatorOfSco(*sco->second)) {
                        item.observables.push_back({{}, indicator->kind, indicator->value, {}});
                    }
                }
            }
            out.incidents.push_back(std::move(item));
        }
    }
    return out;
}

}  // namespace ungcuu::federation

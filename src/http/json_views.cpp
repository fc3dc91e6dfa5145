#include "http/json_views.hpp"

#include "core/clock.hpp"

namespace ungcuu::http {

namespace json = boost::json;

void WriteUnit(JsonWriter& out, const domain::Unit& unit) {
    out.BeginObject().Key("id").Int(unit.id.value()).Key("parent_id");
    if (unit.parent_id) {
        out.Int(unit.parent_id->value());
    } else {
        out.Null();
    }
    out.Key("path").String(unit.path);
    out.Key("code").String(unit.code);
    out.Key("kind").String(domain::UnitKindCode(unit.kind));
    out.Key("name_vi").String(unit.name_vi);
    out.Key("name_en").String(unit.name_en);
    out.Key("address").String(unit.contact.address);
    out.Key("phone").String(unit.contact.phone);
    out.Key("fax").String(unit.contact.fax);
    out.Key("email").String(unit.contact.email);
    out.Key("website").String(unit.contact.website);
    out.Key("report_address").String(unit.contact.report_address);
    out.Key("active").Bool(unit.active);
    out.Key("created_at").String(core::FormatRfc3339(unit.created_at));
    out.Key("updated_at").String(core::FormatRfc3339(unit.updated_at));
    out.EndObject();
}

std::string UnitJson(const domain::Unit& unit) {
    std::string text;
    text.reserve(512);
    JsonWriter out(text);
    WriteUnit(out, unit);
    return text;
}

json::object AssignmentJson(const domain::RoleAssignment& a) {
    return json::object{{"id", a.id.value()},
                        {"unit_id", a.unit_id.value()},
                        {"role", domain::RoleCode(a.role)},
                        {"local", a.local}};
}

json::object UserJson(const domain::User& user) {
    return json::object{{"id", user.id.value()},
                        {"login", user.login},
                        {"full_name", user.full_name},
                        {"email", user.email},
                        {"unit_id", user.unit_id.value()},
                        {"active", user.active},
                        {"totp_enabled", user.totp_enabled},
                        {"created_at", core::FormatRfc3339(user.created_at)}};
}

json::object QualificationJson(const domain::Qualification& q) {
    return json::object{{"training_field", q.training_field},
                        {"degree", q.degree},
                        {"certificates", q.certificates},
                        {"certificate_scope", q.certificate_scope},
                        {"expert_group", q.expert_group},
                        {"school", q.school},
                        {"major", q.major},
                        {"graduated", q.graduated}};
}

json::object PersonJson(const domain::Person& person) {
    return json::object{{"id", person.id.value()},
                        {"unit_id", person.unit_id.value()},
                        {"full_name", person.full_name},
                        {"position", person.position},
                        {"office_phone", person.office_phone},
                        {"mobile_phone", person.mobile_phone},
                        {"email", person.email},
                        {"active", person.active},
                        {"qualification", QualificationJson(person.qualification)}};
}

json::object ContactJson(const app::ContactView& view) {
    return json::object{{"role", domain::ContactRoleCode(view.contact.role)},
                        {"changed_at", core::FormatRfc3339(view.contact.changed_at)},
                        {"person", PersonJson(view.person)}};
}

json::object AuditJson(const domain::AuditEntry& e) {
    const auto parse_or_string = [](const std::string& text) -> json::value {
        boost::system::error_code ec;
        json::value value = json::parse(text, ec);
        return ec ? json::value(text) : value;
    };
    return json::object{
        {"id", e.id.value()},
        {"at", core::FormatRfc3339(e.at)},
        {"actor_user_id", e.actor_id ? json::value(e.actor_id->value()) : json::value(nullptr)},
        {"actor_login", e.actor_login},
        {"address", e.address},
        {"request_id", e.request_id},
        {"action", e.action},
        {"object_type", e.object_type},
        {"object_id", e.object_id},
        {"unit_id", e.unit_id ? json::value(e.unit_id->value()) : json::value(nullptr)},
        {"before", parse_or_string(e.before_json)},
        {"after", parse_or_string(e.after_json)},
    };
}

json::object PrincipalJson(const app::Principal& principal) {
    json::array assignments;
    for (const auto& a : principal.assignments) {
        assignments.push_back(AssignmentJson(a));
    }
    json::object user = UserJson(principal.user);
    user["roles"] = std::move(assignments);
    return user;
}

json::object Page(json::array items, std::int64_t next_cursor) {
    return json::object{{"items", std::move(items)},
                        {"next_cursor", next_cursor > 0 ? json::value(std::to_string(next_cursor))
                                                        : json::value(nullptr)}};
}

}  // namespace ungcuu::http

namespace ungcuu::http {

json::value OptTimeJson(const std::optional<core::TimePoint>& time) {
    return time ? json::value(core::FormatRfc3339(*time)) : json::value(nullptr);
}

json::value DateJson(const std::optional<core::Date>& date) {
    return date ? json::value(core::FormatDate(*date)) : json::value(nullptr);
}

json::array StringsJson(const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) {
        array.emplace_back(item);
    }
    return array;
}

json::value FileScanJson(const std::optional<domain::FileScan>& scan) {
    if (!scan) {
        return nullptr;
    }
    return json::object{{"verdict", domain::ScanVerdictCode(scan->verdict)},
                        {"findings", ArrayJson(scan->findings,
                                               [](const domain::ScanFinding& f) -> json::object {
                                                   return {{"engine", f.engine},
                                                           {"rule", f.rule},
                                                           {"description", f.description},
                                                           {"member", f.member}};
                                               })},
                        {"engines", scan->engines},
                        {"scanned_at", core::FormatRfc3339(scan->scanned_at)}};
}

json::array RefusalsJson(const std::vector<app::DetectionRefusal>& refused) {
    json::array out;
    for (const auto& r : refused) {
        out.push_back({{"file", r.file}, {"title", r.title}, {"reason", r.reason}});
    }
    return out;
}

json::object UnitChoicesJson(const std::vector<domain::Unit>& units) {
    json::array items;
    for (const auto& unit : units) {
        items.push_back(json::object{{"id", unit.id.value()},
                                     {"code", unit.code},
                                     {"kind", domain::UnitKindCode(unit.kind)},
                                     {"name_vi", unit.name_vi},
                                     {"name_en", unit.name_en}});
    }
    return json::object{{"items", std::move(items)}};
}

json::object SystemJson(const domain::InformationSystem& s) {
    json::array info;
    for (const auto value : s.facts.info_classes) {
        info.emplace_back(domain::InfoClassCode(value));
    }
    return json::object{
        {"id", s.id.value()},
        {"code", s.code},
        {"name_vi", s.name_vi},
        {"name_en", s.name_en},
        {"description", s.description},
        {"owner_unit_id", s.owner_unit_id.value()},
        {"operator_unit_id",
         s.operator_unit_id ? json::value(s.operator_unit_id->value()) : json::value(nullptr)},
        {"parent_id", s.parent_id ? json::value(s.parent_id->value()) : json::value(nullptr)},
        {"vendor", s.vendor},
        {"system_class", domain::SystemClassCode(s.facts.system_class)},
        {"info_classes", std::move(info)},
        {"user_count", s.facts.user_count},
        {"online_service_level", s.facts.online_service_level},
        {"conditional_business", s.facts.conditional_business},
        {"infrastructure_scope", domain::InfrastructureScopeCode(s.facts.infrastructure_scope)},
        {"works_grade", domain::WorksGradeCode(s.facts.works_grade)},
        {"requires_24_7", s.facts.requires_24_7},
        {"national_egovernment", s.facts.national_egovernment},
        {"national_data_store", s.facts.national_data_store},
        {"secret_impact", domain::SecretImpactCode(s.facts.secret_impact)},
        {"national_critical", s.national_critical},
        {"public_ips", StringsJson(s.public_ips)},
        {"domains", StringsJson(s.domains)},
        {"services", StringsJson(s.services)},
        {"security_measures", StringsJson(s.security_measures)},
        {"operating_systems", s.operating_systems},
        {"isp", s.isp},
        {"security_provider", s.security_provider},
        {"proposed_level", s.proposed_level},
        {"approved_level",
         s.approved_level ? json::value(*s.approved_level) : json::value(nullptr)},
        {"approved_at", OptTimeJson(s.approved_at)},
        {"active", s.active},
        {"created_at", core::FormatRfc3339(s.created_at)},
        {"updated_at", core::FormatRfc3339(s.updated_at)},
    };
}

json::object DossierJson(const domain::LevelDossier& d, core::TimePoint now) {
    return json::object{
        {"id", d.id.value()},
        {"system_id", d.system_id.value()},
        {"system_code", d.system_code},
        {"system_name", d.system_name},
        {"owner_unit_id", d.owner_unit_id.value()},
        {"reviewer_unit_id", d.reviewer_unit_id.value()},
        {"proposed_level", d.proposed_level},
        {"justification", d.justification},
        {"rule_set", d.rule_set},
        {"state", domain::DossierStateCode(d.state)},
        {"stage_started_at", OptTimeJson(d.stage_started_at)},
        {"due_at", OptTimeJson(d.due_at)},
        {"overdue", domain::IsOverdue(d, now)},
        {"decision_number", d.decision_number},
        {"decided_at", OptTimeJson(d.decided_at)},
        {"return_reason", d.return_reason},
        {"created_at", core::FormatRfc3339(d.created_at)},
        {"updated_at", core::FormatRfc3339(d.updated_at)},
    };
}

boost::json::object CoverageJson(const domain::Coverage& c) {
    return {{"officials", c.officials},
            {"trained", c.trained_this_year},
            {"trained_percent", c.TrainedPercent()},
            {"specialists", c.specialists},
            {"specialists_certified", c.specialists_certified}};
}

}  // namespace ungcuu::http

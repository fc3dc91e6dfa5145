#include "app/audit_writer.hpp"

namespace ungcuu::app {

core::Status WriteAudit(Repositories& repos,
                        const Actor& actor,
                        core::TimePoint at,
                        const AuditChange& change) {
    domain::AuditEntry entry;
    entry.at = at;
    entry.actor_id = actor.user_id;
    entry.actor_login = actor.login;
    entry.address = actor.address;
    entry.request_id = actor.request_id;
    entry.action = std::string(change.action);
    entry.object_type = std::string(change.object_type);
    entry.object_id = change.object_id;
    if (change.unit != nullptr) {
        entry.unit_id = change.unit->id;
        entry.unit_path = change.unit->path;
    }
    entry.before_json = change.before_json;
    entry.after_json = change.after_json;
    return repos.audit.Append(entry);
}

core::FieldSnapshot UnitSnapshot(const domain::Unit& unit) {
    core::FieldSnapshot snapshot;
    snapshot.Add("code", std::string_view(unit.code))
        .Add("kind", domain::UnitKindCode(unit.kind))
        .Add("name_vi", std::string_view(unit.name_vi))
        .Add("name_en", std::string_view(unit.name_en))
        .Add("parent_id", unit.parent_id ? unit.parent_id->value() : std::int64_t{0})
        .Add("address", std::string_view(unit.contact.address))
        .Add("phone", std::string_view(unit.contact.phone))
        .Add("fax", std::string_view(unit.contact.fax))
        .Add("email", std::string_view(unit.contact.email))
        .Add("website", std::string_view(unit.contact.website))
        .Add("report_address", std::string_view(unit.contact.report_address))
        .Add("active", unit.active);
    return snapshot;
}

core::FieldSnapshot PersonSnapshot(const domain::Person& person) {
    core::FieldSnapshot snapshot;
    snapshot.Add("full_name", std::string_view(person.full_name))
        .Add("position", std::string_view(person.position))
        .Add("office_phone", std::string_view(person.office_phone))
        .Add("mobile_phone", std::string_view(person.mobile_phone))
        .Add("email", std::string_view(person.email))
        .Add("unit_id", person.unit_id.value())
        .Add("active", person.active)
        .Add("training_field", std::string_view(person.qualification.training_field))
        .Add("degree", std::string_view(person.qualification.degree))
        .Add("certificates", std::string_view(person.qualification.certificates));
    return snapshot;
}

core::FieldSnapshot UserSnapshot(const domain::User& user) {
    // Never the password hash or the TOTP secret.
    core::FieldSnapshot snapshot;
    snapshot.Add("login", std::string_view(user.login))
        .Add("full_name", std::string_view(user.full_name))
        .Add("email", std::string_view(user.email))
        .Add("unit_id", user.unit_id.value())
        .Add("active", user.active)
        .Add("totp_enabled", user.totp_enabled);
    return snapshot;
}

}  // namespace ungcuu::app

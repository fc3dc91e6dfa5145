#include "app/organisation/people_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "app/unit_access.hpp"

namespace ungcuu::app {

core::Result<std::vector<domain::Person>> PeopleService::List(const Actor& actor,
                                                              domain::UnitId unit_id) {
    std::vector<domain::Person> people;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(listed, repos.people.ListByUnit(unit_id));
        people = std::move(listed);
        return core::Ok();
    }));
    return people;
}

core::Result<domain::Person> PeopleService::Create(const Actor& actor, domain::Person person) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidatePerson(person));
    person.active = true;
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Person> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, person.unit_id, domain::Permission::kContactWrite));
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.people.Insert(person));
        auto created = std::move(inserted);
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"person.create", "person", created.id.value(), &unit,
                                           "{}", PersonSnapshot(created).ToJson()}));
        return created;
    });
}

core::Result<domain::Person> PeopleService::Update(const Actor& actor,
                                                   domain::PersonId id,
                                                   const PersonPatch& patch) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Person> {
        UNGCUU_ASSIGN_OR_RETURN(loaded, repos.people.Get(id));
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, loaded.unit_id, domain::Permission::kContactWrite));
        const domain::Person before = loaded;
        domain::Person person = std::move(loaded);
        auto assign = [](std::string& field, const std::optional<std::string>& value) {
            if (value) {
                field = *value;
            }
        };
        assign(person.full_name, patch.full_name);
        assign(person.position, patch.position);
        assign(person.office_phone, patch.office_phone);
        assign(person.mobile_phone, patch.mobile_phone);
        assign(person.email, patch.email);
        if (patch.active) {
            person.active = *patch.active;
        }
        if (patch.qualification) {
            person.qualification = *patch.qualification;
        }
        UNGCUU_RETURN_IF_ERROR(domain::ValidatePerson(person));
        UNGCUU_RETURN_IF_ERROR(repos.people.Update(person));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"person.update", "person", id.value(), &unit,
                        PersonSnapshot(before).ToJson(), PersonSnapshot(person).ToJson()}));
        return person;
    });
}

core::Result<std::vector<ContactView>> PeopleService::Contacts(const Actor& actor,
                                                               domain::UnitId unit_id) {
    std::vector<ContactView> views;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        UNGCUU_ASSIGN_OR_RETURN(contacts, repos.contacts.ListByUnit(unit_id));
        for (auto& contact : contacts) {
            UNGCUU_ASSIGN_OR_RETURN(person, repos.people.Get(contact.person_id));
            views.push_back({contact, std::move(person)});
        }
        return core::Ok();
    }));
    return views;
}

core::Result<ContactView> PeopleService::SetContact(const Actor& actor,
                                                    domain::UnitId unit_id,
                                                    domain::ContactRole role,
                                                    domain::PersonId person_id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<ContactView> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kContactWrite));
        auto person = repos.people.Get(person_id);
        if (!person.ok()) {
            return core::InvalidArgument("Không tìm thấy người được chọn.",
                                         "The chosen person does not exist.");
        }
        auto person_unit = repos.units.Get(person->unit_id);
        if (!person_unit.ok() || !domain::IsWithin(unit.path, person_unit->path)) {
            return core::InvalidArgument(
                "Người được chọn phải thuộc đơn vị này hoặc đơn vị cấp trên của nó.",
                "The person must belong to this unit or a unit above it.");
        }
        if (!person->active) {
            return core::Conflict("Người được chọn đã ngừng công tác.",
                                  "The chosen person is inactive.");
        }
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.contacts.ListByUnit(unit_id));
        std::string before = "{}";
        for (const auto& contact : existing) {
            if (contact.role == role) {
                if (contact.person_id == person_id) {
                    return ContactView{contact, *person};  // unchanged: no new change time
                }
                before = core::FieldSnapshot()
                             .Add("role", domain::ContactRoleCode(role))
                             .Add("person_id", contact.person_id.value())
                             .ToJson();
            }
        }
        domain::ContactPoint contact{unit_id, role, person_id, now};
        UNGCUU_RETURN_IF_ERROR(repos.contacts.Set(contact));
        UNGCUU_RETURN_IF_ERROR(repos.contacts.AddChange(
            domain::ContactChange{0, unit_id, role, person->full_name, now}));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"contact.set", "contact", unit_id.value(), &unit, before,
                        core::FieldSnapshot()
                            .Add("role", domain::ContactRoleCode(role))
                            .Add("person_id", person_id.value())
                            .Add("full_name", std::string_view(person->full_name))
                            .ToJson()}));
        return ContactView{contact, *person};
    });
}

core::Status PeopleService::ClearContact(const Actor& actor,
                                         domain::UnitId unit_id,
                                         domain::ContactRole role) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kContactWrite));
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.contacts.ListByUnit(unit_id));
        if (std::none_of(existing.begin(), existing.end(),
                         [&](const domain::ContactPoint& c) { return c.role == role; })) {
            return core::Ok();  // nothing to clear: no change to notify
        }
        UNGCUU_RETURN_IF_ERROR(repos.contacts.Clear(unit_id, role));
        UNGCUU_RETURN_IF_ERROR(
            repos.contacts.AddChange(domain::ContactChange{0, unit_id, role, "", now}));
        return WriteAudit(
            repos, actor, now,
            {"contact.clear", "contact", unit_id.value(), &unit,
             core::FieldSnapshot().Add("role", domain::ContactRoleCode(role)).ToJson(), "{}"});
    });
}

}  // namespace ungcuu::app

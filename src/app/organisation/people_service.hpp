// Use cases for the people of a unit and its contact points (leader in charge of security,
// primary and backup đầu mối). Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct PersonPatch {
    std::optional<std::string> full_name;
    std::optional<std::string> position;
    std::optional<std::string> office_phone;
    std::optional<std::string> mobile_phone;
    std::optional<std::string> email;
    std::optional<bool> active;
    std::optional<domain::Qualification> qualification;  // replaced whole when given
};

struct ContactView {
    domain::ContactPoint contact;
    domain::Person person;
};

class PeopleService {
public:
    PeopleService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

    core::Result<std::vector<domain::Person>> List(const Actor& actor, domain::UnitId unit);
    core::Result<domain::Person> Create(const Actor& actor, domain::Person person);
    core::Result<domain::Person> Update(const Actor& actor,
                                        domain::PersonId id,
                                        const PersonPatch& patch);
    core::Result<std::vector<ContactView>> Contacts(const Actor& actor, domain::UnitId unit);
    /// Names `person` as the unit's contact of `role` and records the time of the change. The
    /// person must belong to the unit or one of the units it sits under, and be active.
    core::Result<ContactView> SetContact(const Actor& actor,
                                         domain::UnitId unit,
                                         domain::ContactRole role,
                                         domain::PersonId person);
    core::Status ClearContact(const Actor& actor, domain::UnitId unit, domain::ContactRole role);

private:
    Store& store_;
    const core::Clock& clock_;
};

}  // namespace ungcuu::app

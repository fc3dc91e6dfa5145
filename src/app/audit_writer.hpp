// Builds audit entries for a change made by an actor; used by every service inside the same
// transaction as the change itself.
#pragma once

#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "app/ports.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

struct AuditChange {
    std::string_view action;
    std::string_view object_type;
    std::int64_t object_id = 0;
    const domain::Unit* unit = nullptr;  // the unit the change belongs to
    std::string before_json = "{}";
    std::string after_json = "{}";
};

core::Status WriteAudit(Repositories& repos,
                        const Actor& actor,
                        core::TimePoint at,
                        const AuditChange& change);

core::FieldSnapshot UnitSnapshot(const domain::Unit& unit);
core::FieldSnapshot PersonSnapshot(const domain::Person& person);
core::FieldSnapshot UserSnapshot(const domain::User& user);

}  // namespace ungcuu::app

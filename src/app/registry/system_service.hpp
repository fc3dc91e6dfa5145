// Use cases of the information-system registry: list, read, register, edit (including moving a
// system to another owner or under another system) and import from a table. The proposed level
// is computed from the system's facts by the level rules every time it is saved; the approved
// level comes only from an approved dossier (DossierService). Scope follows the owner unit.
// Thread-safe: holds only references to thread-safe collaborators.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/organisation/unit_service.hpp"
#include "app/ports.hpp"
#include "app/registry/level_service.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

struct SystemQuery {
    std::optional<domain::UnitId> owner_unit_id;
    std::optional<domain::SystemId> parent_id;
    std::optional<int> level;
    std::optional<bool> approved;
    std::optional<bool> active;
    std::string search;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct SystemPage {
    std::vector<domain::InformationSystem> systems;
    std::int64_t next_cursor = 0;
};

/// A system with what is derived from the registry around it.
struct SystemDetails {
    domain::InformationSystem system;
    /// The highest of its own level and its sub-systems' (NĐ 85/2016 Điều 5); own level is the
    /// approved one, or the proposed one until a dossier is approved.
    int combined_level = 1;
    std::vector<const domain::LevelCriterion*> deciding_criteria;  // of the proposed level
};

class SystemService {
public:
    SystemService(Store& store, const core::Clock& clock, const LevelService& levels)
        : store_(store), clock_(clock), levels_(levels) {}

    core::Result<SystemPage> List(const Actor& actor, const SystemQuery& query);
    core::Result<SystemDetails> Get(const Actor& actor, domain::SystemId id);
    /// Registers a system; needs kSystemWrite on the owner unit.
    core::Result<SystemDetails> Create(const Actor& actor, domain::InformationSystem system);
    /// Replaces every editable field; a new owner needs kSystemWrite on both units.
    core::Result<SystemDetails> Update(const Actor& actor,
                                       domain::SystemId id,
                                       domain::InformationSystem system);
    /// The units that may operate a system of `owner_unit_id`: every active unit of the owner's
    /// tree (providers and centres included, which the caller need not see).
    core::Result<std::vector<domain::Unit>> Operators(const Actor& actor,
                                                      domain::UnitId owner_unit_id);
    /// Imports rows of `code, owner_code, name_vi, system_class, …` (see kSystemColumns in the
    /// implementation). Every bad line is reported with its number; nothing is imported then.
    core::Result<ImportReport> Import(const Actor& actor, std::vector<core::CsvRow> rows);

private:
    /// Checks the references of a system being saved (owner, operator, parent) and fills the
    /// proposed level. `existing` is the stored record for an update.
    core::Status Prepare(Repositories& repos,
                         const Actor& actor,
                         domain::InformationSystem& system,
                         const domain::InformationSystem* existing);
    core::Result<SystemDetails> Details(Repositories& repos, domain::InformationSystem system);

    Store& store_;
    const core::Clock& clock_;
    const LevelService& levels_;
};

core::FieldSnapshot SystemSnapshot(const domain::InformationSystem& system);

}  // namespace ungcuu::app

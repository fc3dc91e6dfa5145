// Use cases of a unit's protection records: the four layers, assessments/scans/drills, the
// equipment and software inventory (with its table import) and the risk register. All scoped
// like units (records of units outside the caller's scope are not found) and audited.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/organisation/unit_service.hpp"
#include "app/ports.hpp"
#include "core/text.hpp"

namespace ungcuu::app {

struct InventoryQuery {
    std::optional<domain::UnitId> unit_id;
    std::optional<domain::InventoryKind> kind;
    std::optional<domain::InventoryState> state;
    std::optional<int> expiring_within_days;  // expiry on or before today + N (incl. expired)
    std::string search;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct InventoryPage {
    std::vector<domain::InventoryItem> items;
    std::int64_t next_cursor = 0;
};

struct RiskQuery {
    std::optional<domain::UnitId> unit_id;
    std::optional<domain::SystemId> system_id;
    bool review_overdue = false;
    std::int64_t after_id = 0;
    int limit = 50;
};

struct RiskPage {
    std::vector<domain::Risk> risks;
    std::int64_t next_cursor = 0;
};

class ProtectionService {
public:
    ProtectionService(Store& store,
                      const core::Clock& clock,
                      const domain::RegistryRuleSet& rules,
                      const domain::Taxonomy& taxonomy)
        : store_(store), clock_(clock), rules_(rules), taxonomy_(taxonomy) {}

    /// The four layers of a unit, missing ones as kMissing.
    core::Result<std::vector<domain::ProtectionLayer>> Layers(const Actor& actor,
                                                              domain::UnitId unit);
    core::Result<std::vector<domain::ProtectionLayer>> SetLayer(const Actor& actor,
                                                                domain::ProtectionLayer layer);

    /// Overall assessments concern `unit_id`; the others the system's owner unit.
    core::Result<domain::Assessment> RecordAssessment(const Actor& actor,
                                                      domain::Assessment assessment);
    core::Result<std::vector<domain::Assessment>> Assessments(const Actor& actor,
                                                              AssessmentFilter filter);

    core::Result<InventoryPage> Inventory(const Actor& actor, const InventoryQuery& query);
    core::Result<domain::InventoryItem> CreateItem(const Actor& actor, domain::InventoryItem item);
    core::Result<domain::InventoryItem> UpdateItem(const Actor& actor,
                                                   domain::InventoryId id,
                                                   domain::InventoryItem item);
    /// Rows of `unit_code, kind, name[, location, serial, expires_on, stamped_on,
    /// sensitive_place, state]`; all or nothing, problems by line.
    core::Result<ImportReport> ImportInventory(const Actor& actor, std::vector<core::CsvRow> rows);

    core::Result<RiskPage> Risks(const Actor& actor, const RiskQuery& query);
    core::Result<domain::Risk> CreateRisk(const Actor& actor, domain::Risk risk);
    core::Result<domain::Risk> UpdateRisk(const Actor& actor, domain::RiskId id, domain::Risk risk);

    const domain::Taxonomy& taxonomy() const { return taxonomy_; }

    /// When a risk reviewed on `reviewed_on` must be reviewed again.
    core::Date RiskReviewDue(core::Date reviewed_on) const;

private:
    core::Result<domain::Unit> WritableUnit(Repositories& repos,
                                            const Actor& actor,
                                            domain::UnitId id,
                                            std::string_view field);

    Store& store_;
    const core::Clock& clock_;
    const domain::RegistryRuleSet& rules_;
    const domain::Taxonomy& taxonomy_;
};

}  // namespace ungcuu::app

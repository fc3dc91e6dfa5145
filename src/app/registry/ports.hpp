// Ports of the registry: information systems, level dossiers and the protection records
// (layers, assessments, inventory, risks, readiness figures). Repositories follow the rules of
// app/ports.hpp (bound to one connection inside one Store call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/dossier.hpp"
#include "domain/protection.hpp"
#include "domain/system.hpp"

namespace ungcuu::app {

struct SystemFilter {
    std::vector<domain::ScopeRoot> scope;  // over the owner unit's path
    bool unrestricted = false;
    std::optional<domain::UnitId> owner_unit_id;  // its subtree
    std::optional<domain::SystemId> parent_id;
    std::optional<int> level;  // approved level, or proposed when not approved
    std::optional<bool> approved;
    std::optional<bool> active;
    std::string search;  // folded
    std::int64_t after_id = 0;
    int limit = 50;
};

class SystemRepository {
public:
    virtual ~SystemRepository() = default;
    /// With owner_path, IPs and domains. kNotFound when absent.
    virtual core::Result<domain::InformationSystem> Get(domain::SystemId id) = 0;
    virtual core::Result<domain::InformationSystem> GetByCode(std::string_view code) = 0;
    /// Ordered by id; IPs and domains included.
    virtual core::Result<std::vector<domain::InformationSystem>> List(
        const SystemFilter& filter) = 0;
    /// kAlreadyExists when the code is taken.
    virtual core::Result<domain::InformationSystem> Insert(domain::InformationSystem system) = 0;
    /// Every field except id and created_at; replaces IPs and domains.
    virtual core::Status Update(const domain::InformationSystem& system) = 0;
    /// The system and its chain of parents, itself first.
    virtual core::Result<std::vector<domain::SystemId>> ParentChain(domain::SystemId id) = 0;
    /// Effective levels (approved, else proposed) of the active direct sub-systems.
    virtual core::Result<std::vector<int>> SubSystemLevels(domain::SystemId id) = 0;
};

struct DossierFilter {
    std::vector<domain::ScopeRoot> scope;  // over the owner's or the reviewer's path
    bool unrestricted = false;
    std::optional<domain::SystemId> system_id;
    std::optional<domain::UnitId> unit_id;  // owner or reviewer within this unit's subtree
    std::optional<domain::DossierState> state;
    std::optional<core::TimePoint> overdue_at;  // only review stages due before this instant
    std::int64_t after_id = 0;
    int limit = 50;
};

class DossierRepository {
public:
    virtual ~DossierRepository() = default;
    /// With the system's code and name and the units' paths.
    virtual core::Result<domain::LevelDossier> Get(domain::DossierId id) = 0;
    virtual core::Result<std::vector<domain::LevelDossier>> List(const DossierFilter& filter) = 0;
    virtual core::Result<domain::LevelDossier> Insert(domain::LevelDossier dossier) = 0;
    virtual core::Status Update(const domain::LevelDossier& dossier) = 0;
    /// True when the system has a dossier that is neither approved nor returned.
    virtual core::Result<bool> HasOpen(domain::SystemId system) = 0;
    virtual core::Status AddEvent(const domain::DossierEvent& event) = 0;
    virtual core::Result<std::vector<domain::DossierEvent>> Events(domain::DossierId id) = 0;
    virtual core::Result<std::vector<domain::DossierDocument>> Documents(domain::DossierId id) = 0;
    /// Inserts or replaces the document of that slot.
    virtual core::Status PutDocument(const domain::DossierDocument& document) = 0;
    /// Sets the system's approved level and date.
    virtual core::Status SetApprovedLevel(domain::SystemId system,
                                          int level,
                                          core::TimePoint at) = 0;
};

struct InventoryFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // its subtree
    std::optional<domain::InventoryKind> kind;
    std::optional<domain::InventoryState> state;
    std::optional<core::Date> expires_before;  // expires_on on or before this day
    std::string search;                        // folded
    std::int64_t after_id = 0;
    int limit = 50;
};

struct RiskFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // owner subtree
    std::optional<domain::SystemId> system_id;
    std::optional<core::Date> reviewed_before;  // reviewed_on before this day
    std::int64_t after_id = 0;
    int limit = 50;
};

struct AssessmentFilter {
    std::vector<domain::ScopeRoot> scope;
    bool unrestricted = false;
    std::optional<domain::UnitId> unit_id;  // subtree
    std::optional<domain::SystemId> system_id;
    std::optional<domain::DueKind> kind;
    std::int64_t before_id = 0;  // newest first
    int limit = 50;
};

/// The raw figures readiness is computed from, for one subtree.
struct ReadinessInputs {
    struct UnitRow {
        domain::UnitId id;
        std::optional<domain::UnitId> parent_id;
        std::string path;
        std::string code;
        std::string name_vi;
        int layers_in_place = 0;
    };

    struct SystemRow {
        domain::SystemId id;
        domain::UnitId unit_id;
        int level = 1;  // approved, else proposed
        bool approved = false;
        std::string code;
        std::string name_vi;
    };

    /// Last date of each kind per system (system assessments, scans, drills) or per unit
    /// (overall assessments).
    struct LastDone {
        std::int64_t owner_id = 0;  // system id, or unit id for kOverallAssessment
        domain::DueKind kind = domain::DueKind::kScan;
        core::Date on;
    };

    struct PerUnitCount {
        domain::UnitId unit_id;
        std::int64_t count = 0;
    };

    std::vector<UnitRow> units;
    std::vector<SystemRow> systems;
    std::vector<LastDone> last_done;
    std::vector<PerUnitCount> dossiers_overdue;
    std::vector<PerUnitCount> licences_expired;
    std::vector<PerUnitCount> licences_expiring;
    std::vector<PerUnitCount> risks_unreviewed;
};

class ProtectionRepository {
public:
    virtual ~ProtectionRepository() = default;
    virtual core::Result<std::vector<domain::ProtectionLayer>> Layers(domain::UnitId unit) = 0;
    virtual core::Status PutLayer(const domain::ProtectionLayer& layer) = 0;

    virtual core::Result<domain::Assessment> InsertAssessment(domain::Assessment assessment) = 0;
    virtual core::Result<std::vector<domain::Assessment>> Assessments(
        const AssessmentFilter& filter) = 0;

    virtual core::Result<domain::InventoryItem> GetItem(domain::InventoryId id) = 0;
    virtual core::Result<std::vector<domain::InventoryItem>> Items(
        const InventoryFilter& filter) = 0;
    virtual core::Result<domain::InventoryItem> InsertItem(domain::InventoryItem item) = 0;
    virtual core::Status UpdateItem(const domain::InventoryItem& item) = 0;

    virtual core::Result<domain::Risk> GetRisk(domain::RiskId id) = 0;
    virtual core::Result<std::vector<domain::Risk>> Risks(const RiskFilter& filter) = 0;
    /// kAlreadyExists when the system already has a risk for that scenario.
    virtual core::Result<domain::Risk> InsertRisk(domain::Risk risk) = 0;
    virtual core::Status UpdateRisk(const domain::Risk& risk) = 0;

    /// Everything readiness needs for the subtree at `root_path`, as of `now` / `today`:
    /// licences expiring up to `soon`, risks reviewed before `review_cutoff`.
    virtual core::Result<ReadinessInputs> Readiness(std::string_view root_path,
                                                    core::TimePoint now,
                                                    core::Date today,
                                                    core::Date soon,
                                                    core::Date review_cutoff) = 0;
};

}  // namespace ungcuu::app

// The readiness dashboard (mức độ sẵn sàng): for a unit and rolled up over its subtree, what is
// missing or late — systems without an approved level, dossiers past their stage limit, units
// without all four protection layers, assessments, scans and drills overdue by the rule set's
// periods, licences expired or expiring, risks not reviewed within the year — with one row per
// child unit so a coordinator sees where. Also the lists behind the due figures. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct ReadinessFigures {
    std::int64_t units = 0;
    std::int64_t systems = 0;
    std::int64_t systems_unapproved = 0;  // no approved level yet
    std::int64_t dossiers_overdue = 0;
    std::int64_t units_layers_incomplete = 0;  // fewer than four layers in place
    std::int64_t layers_missing = 0;
    std::int64_t overall_assessments_overdue = 0;  // per owner unit
    std::int64_t system_assessments_overdue = 0;
    std::int64_t scans_overdue = 0;
    std::int64_t drills_overdue = 0;
    std::int64_t due_soon = 0;  // any of the above due within the warning window
    std::int64_t licences_expired = 0;
    std::int64_t licences_expiring = 0;
    std::int64_t risks_unreviewed = 0;

    void Add(const ReadinessFigures& other);
};

struct ReadinessRow {
    domain::UnitId unit_id;
    std::string code;
    std::string name_vi;
    ReadinessFigures figures;  // the unit's whole subtree
};

struct Readiness {
    ReadinessRow total;                  // the chosen unit and everything under it
    std::vector<ReadinessRow> children;  // one per direct child, rolled up
    core::Date today;
    int soon_days = 30;
};

/// One periodic duty behind a figure: what is due, when it was last done, when it falls due.
struct DueItem {
    domain::DueKind kind = domain::DueKind::kScan;
    domain::UnitId unit_id;
    std::optional<domain::SystemId> system_id;
    std::string code;  // system code, or unit code for overall assessments
    std::string name_vi;
    int level = 0;
    std::optional<core::Date> last_done;
    std::optional<core::Date> next_due;  // nullopt: never done, due now
    domain::DueState state = domain::DueState::kOk;
};

/// A unit of the subtree without all four protection layers in place.
struct LayerGap {
    domain::UnitId unit_id;
    std::string code;
    std::string name_vi;
    int layers_in_place = 0;
};

struct ReadinessOptions {
    int soon_days = 30;  // "due soon" and "expiring" window
};

class ReadinessService {
public:
    ReadinessService(Store& store,
                     const core::Clock& clock,
                     const domain::RegistryRuleSet& rules,
                     ReadinessOptions options = {})
        : store_(store), clock_(clock), rules_(rules), options_(options) {}

    /// For `unit_id`, or the caller's top visible unit when absent.
    core::Result<Readiness> Compute(const Actor& actor, std::optional<domain::UnitId> unit_id);
    /// The periodic duties of the subtree that are overdue or due soon, most urgent first.
    core::Result<std::vector<DueItem>> Due(const Actor& actor,
                                           std::optional<domain::UnitId> unit_id,
                                           std::optional<domain::DueKind> kind);

    /// The units of the subtree with fewer than four layers in place, fewest first.
    core::Result<std::vector<LayerGap>> LayerGaps(const Actor& actor,
                                                  std::optional<domain::UnitId> unit_id);

private:
    struct Loaded {
        domain::Unit root;
        ReadinessInputs inputs;
        core::Date today;
    };

    core::Result<Loaded> Load(const Actor& actor, std::optional<domain::UnitId> unit_id);
    std::vector<DueItem> DueItems(const Loaded& loaded) const;

    Store& store_;
    const core::Clock& clock_;
    const domain::RegistryRuleSet& rules_;
    ReadinessOptions options_;
};

}  // namespace ungcuu::app

// What shows a unit is ready to respond, besides its systems and their levels: the four-layer
// protection model (mô hình bảo vệ 4 lớp, Chỉ thị 14/CT-TTg, Công văn 1552/BTTTT-CATTT), the
// assessments, scans and drills it records (NĐ 85/2016 Điều 20, Chỉ thị 18/CT-TTg), its
// equipment and software inventory, and its risk register per system and incident scenario.
// Plain values and pure rules; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/registry_rules.hpp"
#include "domain/system.hpp"

namespace ungcuu::domain {

// ---- four-layer model --------------------------------------------------------------------

enum class LayerState {
    kMissing,  // chưa triển khai
    kPartial,  // đang triển khai / triển khai một phần
    kInPlace,  // đã triển khai
};

std::string_view LayerStateCode(LayerState value);
std::optional<LayerState> ParseLayerState(std::string_view code);

/// Lớp 1 lực lượng tại chỗ; 2 giám sát, bảo vệ chuyên nghiệp (SOC); 3 kiểm tra, đánh giá độc
/// lập định kỳ; 4 kết nối, chia sẻ với hệ thống giám sát quốc gia.
inline constexpr int kLayerCount = 4;

struct ProtectionLayer {
    UnitId unit_id;
    int layer = 1;  // 1–4
    LayerState state = LayerState::kMissing;
    std::string provider;  // in-house team or the contracted company
    std::string evidence;  // decision, contract number, connection record…
    std::optional<core::Date> since;
    core::TimePoint updated_at;
};

/// Layer 1–4, bounded texts, evidence for a layer in place, `since` not after `today`.
core::Status ValidateLayer(const ProtectionLayer& layer, core::Date today);

// ---- assessments, scans, drills -------------------------------------------------------------

using AssessmentId = core::Id<struct AssessmentTag>;

struct Assessment {
    AssessmentId id;
    DueKind kind = DueKind::kSystemAssessment;  // not kRiskReview
    UnitId unit_id;                             // the owner unit it concerns
    std::optional<SystemId> system_id;          // none for an overall assessment
    core::Date performed_on;
    std::string performer;  // organisation that performed it
    bool licensed = false;  // by a licensed / designated organisation (required from level 3)
    std::string findings;
    std::string recorded_by;
    core::TimePoint created_at;
};

/// kInvalidArgument per field: a system is required except for overall assessments, the date
/// may not be in the future (after `today`), texts bounded.
core::Status ValidateAssessment(const Assessment& assessment, core::Date today);

/// When something done last on `last` falls due again after `months` months; nullopt (due
/// now) when it was never done.
std::optional<core::Date> NextDue(std::optional<core::Date> last, int months);

enum class DueState { kOk, kDueSoon, kOverdue };

/// Overdue when never done or the due date is before `today`; due soon within `soon_days`.
DueState StateOf(std::optional<core::Date> next_due, core::Date today, int soon_days);

// ---- inventory ------------------------------------------------------------------------------

using InventoryId = core::Id<struct InventoryTag>;

enum class InventoryKind {
    kComputer,
    kServer,
    kNetworkDevice,
    kPrinter,
    kScanner,
    kCamera,
    kStorageMedia,
    kSoftware,
    kAntivirus,
    kOther,
};

enum class InventoryState {
    kInUse,     // đang sử dụng
    kInRepair,  // đang sửa chữa
    kRetired,   // thanh lý / ngừng sử dụng
    kWiped,     // đã xóa dữ liệu (media that held state secrets, before reuse)
};

std::string_view InventoryKindCode(InventoryKind value);
std::optional<InventoryKind> ParseInventoryKind(std::string_view code);
std::string_view InventoryStateCode(InventoryState value);
std::optional<InventoryState> ParseInventoryState(std::string_view code);

struct InventoryItem {
    InventoryId id;
    UnitId unit_id;
    std::string unit_path;  // loaded
    InventoryKind kind = InventoryKind::kComputer;
    std::string name;  // model or product
    std::string location;
    std::string serial;                    // serial number or licence key reference
    std::optional<core::Date> expires_on;  // licence or support expiry
    std::optional<core::Date> stamped_on;  // tem kiểm định, for devices in sensitive places
    bool sensitive_place = false;
    InventoryState state = InventoryState::kInUse;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

/// Name and unit required, bounded texts; an inspection stamp cannot be dated after `today`.
core::Status ValidateInventoryItem(const InventoryItem& item, core::Date today);

// ---- risk register --------------------------------------------------------------------------

using RiskId = core::Id<struct RiskTag>;

/// One incident scenario of the taxonomy (LEGAL.md §6.1), with its mappings.
struct Scenario {
    std::string code;   // "A1" … "D"
    std::string group;  // "A" … "D"
    std::string name_vi;
    std::string name_en;
    std::vector<std::string> rsit;
    std::vector<std::string> veris;
};

struct ScenarioGroup {
    std::string code;
    std::string name_vi;
    std::string name_en;
};

struct Taxonomy {
    std::string id;
    std::string version;
    std::vector<ScenarioGroup> groups;
    std::vector<Scenario> scenarios;

    const Scenario* Find(std::string_view code) const;
};

struct Risk {
    RiskId id;
    SystemId system_id;
    std::string system_code;  // loaded
    UnitId unit_id;           // the system's owner, loaded
    std::string scenario;     // taxonomy code
    int likelihood = 1;       // 1–5
    int impact = 1;           // 1–5
    std::string consequences;
    std::string people;       // people available to respond
    std::string tools;        // means, equipment, tools
    std::string contractors;  // contractors to call
    core::Date reviewed_on;
    core::TimePoint created_at;
    core::TimePoint updated_at;

    int Score() const { return likelihood * impact; }
};

core::Status ValidateRisk(const Risk& risk, const Taxonomy& taxonomy, core::Date today);

}  // namespace ungcuu::domain

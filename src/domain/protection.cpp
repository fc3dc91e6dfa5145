#include "domain/protection.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::pair<LayerState, std::string_view>, 3> kLayerStates = {{
    {LayerState::kMissing, "missing"},
    {LayerState::kPartial, "partial"},
    {LayerState::kInPlace, "in_place"},
}};

constexpr std::array<std::pair<InventoryKind, std::string_view>, 10> kInventoryKinds = {{
    {InventoryKind::kComputer, "computer"},
    {InventoryKind::kServer, "server"},
    {InventoryKind::kNetworkDevice, "network_device"},
    {InventoryKind::kPrinter, "printer"},
    {InventoryKind::kScanner, "scanner"},
    {InventoryKind::kCamera, "camera"},
    {InventoryKind::kStorageMedia, "storage_media"},
    {InventoryKind::kSoftware, "software"},
    {InventoryKind::kAntivirus, "antivirus"},
    {InventoryKind::kOther, "other"},
}};

constexpr std::array<std::pair<InventoryState, std::string_view>, 4> kInventoryStates = {{
    {InventoryState::kInUse, "in_use"},
    {InventoryState::kInRepair, "in_repair"},
    {InventoryState::kRetired, "retired"},
    {InventoryState::kWiped, "wiped"},
}};

}  // namespace

std::string_view LayerStateCode(LayerState value) { return CodeOf(kLayerStates, value); }

std::optional<LayerState> ParseLayerState(std::string_view code) {
    return ParseCode(kLayerStates, code);
}

std::string_view InventoryKindCode(InventoryKind value) { return CodeOf(kInventoryKinds, value); }

std::optional<InventoryKind> ParseInventoryKind(std::string_view code) {
    return ParseCode(kInventoryKinds, code);
}

std::string_view InventoryStateCode(InventoryState value) {
    return CodeOf(kInventoryStates, value);
}

std::optional<InventoryState> ParseInventoryState(std::string_view code) {
    return ParseCode(kInventoryStates, code);
}

core::Status ValidateLayer(const ProtectionLayer& layer, core::Date today) {
    FieldErrors errors;
    if (layer.layer < 1 || layer.layer > kLayerCount) {
        errors.Add("layer", "lớp chỉ từ 1 đến 4", "the layer must be 1 to 4");
    }
    CheckText(errors, "provider", layer.provider, Required::kNo, 300);
    CheckText(errors, "evidence", layer.evidence, Required::kNo, 2000);
    if (layer.state == LayerState::kInPlace && layer.evidence.empty()) {
        errors.Add("evidence", "lớp đã triển khai cần có căn cứ (quyết định, hợp đồng, biên bản)",
                   "a layer in place needs its evidence (decision, contract, record)");
    }
    if (layer.since && *layer.since > today) {
        errors.Add("since", "ngày bắt đầu không được ở tương lai",
                   "the date may not be in the future");
    }
    return errors.ToStatus();
}

core::Status ValidateAssessment(const Assessment& a, core::Date today) {
    FieldErrors errors;
    if (a.kind == DueKind::kRiskReview) {
        errors.Add("kind", "đánh giá rủi ro được ghi ở sổ rủi ro",
                   "risk reviews are recorded in the risk register");
    }
    if (a.kind != DueKind::kOverallAssessment && !a.system_id) {
        errors.Add("system_id", "bắt buộc chọn hệ thống", "a system is required");
    }
    if (a.performed_on > today) {
        errors.Add("performed_on", "ngày thực hiện không được ở tương lai",
                   "the date may not be in the future");
    }
    CheckText(errors, "performer", a.performer, Required::kYes, 300);
    CheckText(errors, "findings", a.findings, Required::kNo, 8000);
    return errors.ToStatus();
}

std::optional<core::Date> NextDue(std::optional<core::Date> last, int months) {
    if (!last) {
        return std::nullopt;
    }
    return core::AddMonths(*last, months);
}

DueState StateOf(std::optional<core::Date> next_due, core::Date today, int soon_days) {
    if (!next_due || *next_due < today) {
        return DueState::kOverdue;
    }
    if (*next_due <= today + std::chrono::days{soon_days}) {
        return DueState::kDueSoon;
    }
    return DueState::kOk;
}

core::Status ValidateInventoryItem(const InventoryItem& item, core::Date today) {
    FieldErrors errors;
    CheckText(errors, "name", item.name, Required::kYes, 300);
    CheckText(errors, "location", item.location, Required::kNo, 300);
    CheckText(errors, "serial", item.serial, Required::kNo, 200);
    if (!item.unit_id.valid()) {
        errors.Add("unit_id", "bắt buộc chọn đơn vị", "the unit is required");
    }
    if (item.stamped_on && *item.stamped_on > today) {
        errors.Add("stamped_on", "ngày dán tem kiểm định không được ở tương lai",
                   "the inspection stamp may not be dated in the future");
    }
    return errors.ToStatus();
}

const Scenario* Taxonomy::Find(std::string_view code) const {
    for (const auto& scenario : scenarios) {
        if (scenario.code == code) {
            return &scenario;
        }
    }
    return nullptr;
}

core::Status ValidateRisk(const Risk& risk, const Taxonomy& taxonomy, core::Date today) {
    FieldErrors errors;
    if (taxonomy.Find(risk.scenario) == nullptr) {
        errors.Add("scenario",
                   fmt::format("tình huống \"{}\" không có trong danh mục", risk.scenario),
                   fmt::format("scenario \"{}\" is not in the taxonomy", risk.scenario));
    }
    for (const auto& [field, value] :
         {std::pair{"likelihood", risk.likelihood}, std::pair{"impact", risk.impact}}) {
        if (value < 1 || value > 5) {
            errors.Add(field, "chỉ từ 1 đến 5", "must be 1 to 5");
        }
    }
    if (risk.reviewed_on > today) {
        errors.Add("reviewed_on", "ngày đánh giá không được ở tương lai",
                   "the review date may not be in the future");
    }
    CheckText(errors, "consequences", risk.consequences, Required::kYes, 4000);
    CheckText(errors, "people", risk.people, Required::kNo, 2000);
    CheckText(errors, "tools", risk.tools, Required::kNo, 2000);
    CheckText(errors, "contractors", risk.contractors, Required::kNo, 2000);
    return errors.ToStatus();
}

}  // namespace ungcuu::domain

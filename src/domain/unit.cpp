#include "domain/unit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::pair<UnitKind, std::string_view>, 10> kKindCodes = {{
    {UnitKind::kNational, "national"},
    {UnitKind::kNationalBody, "national_body"},
    {UnitKind::kProvince, "province"},
    {UnitKind::kDepartment, "department"},
    {UnitKind::kDistrict, "district"},
    {UnitKind::kCommune, "commune"},
    {UnitKind::kResponseTeam, "response_team"},
    {UnitKind::kSoc, "soc"},
    {UnitKind::kEnterprise, "enterprise"},
    {UnitKind::kOther, "other"},
}};

}  // namespace

std::string_view UnitKindCode(UnitKind kind) {
    for (const auto& [value, code] : kKindCodes) {
        if (value == kind) {
            return code;
        }
    }
    return "other";
}

std::optional<UnitKind> ParseUnitKind(std::string_view code) {
    for (const auto& [value, name] : kKindCodes) {
        if (name == code) {
            return value;
        }
    }
    return std::nullopt;
}

std::string ChildPath(std::string_view parent_path, UnitId child) {
    if (parent_path.empty()) {
        return fmt::format("/{}/", child.value());
    }
    return fmt::format("{}{}/", parent_path, child.value());
}

std::vector<UnitId> PathIds(std::string_view path) {
    std::vector<UnitId> ids;
    while (!path.empty()) {
        const auto slash = path.find('/');
        if (const auto id = core::ParseInt64(path.substr(0, slash))) {
            ids.emplace_back(*id);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return ids;
}

std::string PlaceName(std::string_view unit_name) {
    std::string_view name = core::Trim(unit_name);
    for (const std::string_view body : {"Ủy ban nhân dân ", "UBND "}) {
        if (name.starts_with(body)) {
            name.remove_prefix(body.size());
            break;
        }
    }
    static constexpr std::array<std::string_view, 9> kKinds = {
        "thành phố ", "thị trấn ", "thị xã ", "phường ", "quận ",
        "huyện ",     "tỉnh ",     "xã ",     "đặc khu "};
    for (const auto kind : kKinds) {
        // The kind word in either case of its first letter ("Xã Hòa Phú", "UBND xã Hòa Phú").
        const std::string upper = core::UpperFirst(kind);
        if (name.starts_with(kind) || name.starts_with(upper)) {
            name.remove_prefix(kind.size());
            break;
        }
    }
    return std::string(name);
}

std::string_view TreeRootOf(std::string_view path) {
    const auto second = path.find('/', 1);
    return second == std::string_view::npos ? path : path.substr(0, second + 1);
}

bool IsWithin(std::string_view path, std::string_view ancestor_path) {
    return !ancestor_path.empty() && path.substr(0, ancestor_path.size()) == ancestor_path;
}

std::optional<std::size_t> SubtreeHolding(const std::vector<std::string>& sorted_roots,
                                          std::string_view path) {
    // The greatest root not after `path` is the only one that can be its prefix.
    const auto it = std::upper_bound(sorted_roots.begin(), sorted_roots.end(), path);
    if (it == sorted_roots.begin() || !IsWithin(path, *std::prev(it))) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::distance(sorted_roots.begin(), it) - 1);
}

core::Status ValidateUnit(const Unit& unit) {
    FieldErrors errors;
    CheckCode(errors, "code", unit.code);
    CheckText(errors, "name_vi", unit.name_vi, Required::kYes, 300);
    CheckText(errors, "name_en", unit.name_en, Required::kNo, 300);
    CheckText(errors, "address", unit.contact.address, Required::kNo, 500);
    CheckPhone(errors, "phone", unit.contact.phone);
    CheckPhone(errors, "fax", unit.contact.fax);
    CheckEmail(errors, "email", unit.contact.email);
    CheckText(errors, "website", unit.contact.website, Required::kNo, 300);
    CheckText(errors, "report_address", unit.contact.report_address, Required::kNo, 500);
    return errors.ToStatus();
}

core::Status CheckMove(const Unit& unit, const Unit& new_parent) {
    if (IsWithin(new_parent.path, unit.path)) {
        return core::Conflict(
            fmt::format("Không thể chuyển đơn vị \"{}\" vào chính nó hoặc một đơn vị trực thuộc "
                        "nó (\"{}\"): cây đơn vị sẽ bị vòng lặp.",
                        unit.name_vi, new_parent.name_vi),
            fmt::format("Cannot move unit \"{}\" under itself or its own descendant (\"{}\"): "
                        "the tree would contain a cycle.",
                        unit.code, new_parent.code));
    }
    if (!new_parent.active) {
        return core::Conflict(
            fmt::format("Đơn vị cấp trên \"{}\" đã ngừng hoạt động.", new_parent.name_vi),
            fmt::format("The new parent unit \"{}\" is inactive.", new_parent.code));
    }
    return core::Ok();
}

core::Status CheckDeactivate(const Unit& unit, std::int64_t active_children) {
    if (active_children > 0) {
        return core::Conflict(
            fmt::format("Đơn vị \"{}\" còn {} đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc "
                        "ngừng hoạt động các đơn vị đó trước.",
                        unit.name_vi, active_children),
            fmt::format("Unit \"{}\" still has {} active child units; move or deactivate them "
                        "first.",
                        unit.code, active_children));
    }
    return core::Ok();
}

std::string MailAddressOf(const Unit& unit) {
    const auto& report = unit.contact.report_address;
    if (report.find('@') != std::string::npos && report.find(' ') == std::string::npos) {
        return report;
    }
    return unit.contact.email;
}

}  // namespace ungcuu::domain

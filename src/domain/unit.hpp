// Units (đơn vị): the organisation tree of a province and the security boundary of ungcuu.
//
// Each unit stores its materialised path "/<root id>/…/<own id>/", so "is X inside Y's
// subtree" is a prefix test and the storage layer can filter a subtree with one index range.
// Both the three-tier tree of the plans (province → district → commune) and the two-tier tree in
// force since 2025 (province → commune) are plain trees here: no level is mandatory.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

enum class UnitKind {
    kNational,      // Cơ quan điều phối quốc gia (national coordinator)
    kNationalBody,  // other national body (ministry, steering committee…)
    kProvince,      // UBND tỉnh
    kDepartment,    // sở, ban, ngành (provincial department or agency)
    kDistrict,      // UBND huyện (three-tier trees only)
    kCommune,       // UBND xã, phường, thị trấn
    kResponseTeam,  // Đội ứng cứu sự cố
    kSoc,           // Trung tâm giám sát, điều hành (SOC / operations centre)
    kEnterprise,    // doanh nghiệp, nhà cung cấp (enterprise or provider)
    kOther,
};

std::string_view UnitKindCode(UnitKind kind);
std::optional<UnitKind> ParseUnitKind(std::string_view code);

/// Contact data of a unit as in Mẫu 01/02 of TT 20/2017. Empty string means "not given".
struct UnitContact {
    std::string address;
    std::string phone;
    std::string fax;
    std::string email;
    std::string website;
    std::string report_address;  // nơi tiếp nhận báo cáo sự cố (where incident reports go)
};

struct Unit {
    UnitId id;
    std::optional<UnitId> parent_id;
    std::string path;  // "/1/4/9/", set by storage on insert
    std::string code;
    UnitKind kind = UnitKind::kOther;
    std::string name_vi;
    std::string name_en;
    UnitContact contact;
    bool active = true;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

/// Path of a new child `child` of a unit whose path is `parent_path` ("" for a root).
std::string ChildPath(std::string_view parent_path, UnitId child);

/// True when `path` is `ancestor_path` itself or lies below it.
bool IsWithin(std::string_view path, std::string_view ancestor_path);
/// Of sorted paths of disjoint subtrees, the index of the one holding `path`; nullopt when
/// none does (a binary search: a compiler's thousand filers cost a few comparisons per row).
std::optional<std::size_t> SubtreeHolding(const std::vector<std::string>& sorted_roots,
                                          std::string_view path);
/// The units on a path, from the top: "/12/34/" → 12, 34.
std::vector<UnitId> PathIds(std::string_view path);

/// The place name of an administrative unit for a document's date line (Nghị định 30/2020
/// Phụ lục I): its name without the administrative prefix — "Ủy ban nhân dân tỉnh Đắk Lắk",
/// "UBND tỉnh Đắk Lắk" and "Tỉnh Đắk Lắk" → "Đắk Lắk"; "Xã Hòa Phú" → "Hòa Phú".
std::string PlaceName(std::string_view unit_name);

/// Where e-mail for a unit goes: its incident-intake address when that is an e-mail address,
/// else its e-mail; "" when it has neither.
std::string MailAddressOf(const Unit& unit);

/// The path of the top unit of the tree `path` belongs to: "/12/34/" → "/12/".
std::string_view TreeRootOf(std::string_view path);

/// Checks code, names and contact fields. Messages name the field.
core::Status ValidateUnit(const Unit& unit);

/// May `unit` be moved under `new_parent`? Refuses moving a unit under itself or its own
/// descendant (a cycle) and under an inactive unit.
core::Status CheckMove(const Unit& unit, const Unit& new_parent);

/// May `unit` be deactivated? Refused while it still has active child units.
core::Status CheckDeactivate(const Unit& unit, std::int64_t active_children);

}  // namespace ungcuu::domain

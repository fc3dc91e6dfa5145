// Information systems (hệ thống thông tin): the registry every plan starts from. A system belongs
// to its owner unit (chủ quản), which places it in the unit tree and so in callers' scopes; it
// may be operated by another unit (đơn vị vận hành, possibly an outside provider). Its level
// facts feed the level-determination helper; a system made of sub-systems takes the highest
// level of its parts (NĐ 85/2016 Điều 5).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/levels.hpp"

namespace ungcuu::domain {

using SystemId = core::Id<struct SystemTag>;

struct InformationSystem {
    SystemId id;
    std::string code;  // unique, e.g. "DLK-CONG-TTDT"
    std::string name_vi;
    std::string name_en;
    std::string description;
    UnitId owner_unit_id;
    std::string owner_path;  // loaded with the system: the owner unit's path
    std::optional<UnitId> operator_unit_id;
    std::optional<SystemId> parent_id;  // the system this one is a sub-system of
    std::string vendor;
    SystemFacts facts;
    std::vector<std::string> public_ips;
    std::vector<std::string> domains;            // domain names or URLs
    std::vector<std::string> services;           // codes: web, mail, database, dns, file, other
    std::vector<std::string> security_measures;  // codes: antivirus, firewall, ids_ips, waf, …
    std::string operating_systems;
    std::string isp;                    // Internet provider
    std::string security_provider;      // security-service provider
    bool national_critical = false;     // on the list of national critical information systems
    int proposed_level = 1;             // from the facts by the level rules, when saved
    std::optional<int> approved_level;  // of the latest approved dossier
    std::optional<core::TimePoint> approved_at;
    bool active = true;
    core::TimePoint created_at;
    core::TimePoint updated_at;
};

/// Every problem of the record at once: code, names, counts, IP addresses, domain names,
/// service and measure codes.
core::Status ValidateSystem(const InformationSystem& system);

/// May `system` become a sub-system of the system whose chain of parents (itself first, then its
/// parent, …) is `parent_chain`? Refused when the chain contains `system` (a cycle).
core::Status CheckSubSystemParent(SystemId system, const std::vector<SystemId>& parent_chain);

}  // namespace ungcuu::domain

#include "domain/system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "domain/unit.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::string_view, 6> kServices = {"web", "mail", "database",
                                                       "dns", "file", "other"};
constexpr std::array<std::string_view, 8> kMeasures = {"antivirus", "firewall", "ids_ips", "waf",
                                                       "backup",    "siem",     "dlp",     "other"};

template <std::size_t N>
void CheckCodes(FieldErrors& errors,
                std::string_view field,
                const std::vector<std::string>& codes,
                const std::array<std::string_view, N>& allowed) {
    for (const auto& code : codes) {
        if (std::find(allowed.begin(), allowed.end(), code) == allowed.end()) {
            errors.Add(field, fmt::format("mã \"{}\" không hợp lệ", code),
                       fmt::format("unknown code \"{}\"", code));
        }
    }
}

}  // namespace

core::Status ValidateSystem(const InformationSystem& system) {
    FieldErrors errors;
    CheckCode(errors, "code", system.code);
    CheckText(errors, "name_vi", system.name_vi, Required::kYes, 300);
    CheckText(errors, "name_en", system.name_en, Required::kNo, 300);
    CheckText(errors, "description", system.description, Required::kNo, 4000);
    CheckText(errors, "vendor", system.vendor, Required::kNo, 300);
    CheckText(errors, "operating_systems", system.operating_systems, Required::kNo, 500);
    CheckText(errors, "isp", system.isp, Required::kNo, 300);
    CheckText(errors, "security_provider", system.security_provider, Required::kNo, 300);
    if (!system.owner_unit_id.valid()) {
        errors.Add("owner_unit_id", "bắt buộc chọn đơn vị chủ quản", "the owner unit is required");
    }
    if (system.facts.user_count < 0) {
        errors.Add("user_count", "không được âm", "must not be negative");
    }
    if (system.facts.online_service_level < 0 || system.facts.online_service_level > 4) {
        errors.Add("online_service_level", "chỉ từ 0 đến 4", "must be 0 to 4");
    }
    for (const auto& ip : system.public_ips) {
        if (!IsIpv4(ip) && !IsIpv6(ip)) {
            errors.Add("public_ips", fmt::format("\"{}\" không phải địa chỉ IP hợp lệ", ip),
                       fmt::format("\"{}\" is not a valid IP address", ip));
        }
    }
    for (const auto& domain : system.domains) {
        if (!IsDomainOrUrl(domain)) {
            errors.Add("domains",
                       fmt::format("\"{}\" không phải tên miền hoặc địa chỉ web hợp lệ", domain),
                       fmt::format("\"{}\" is not a valid domain name or URL", domain));
        }
    }
    CheckCodes(errors, "services", system.services, kServices);
    CheckCodes(errors, "security_measures", system.security_measures, kMeasures);
    return errors.ToStatus();
}

core::Status CheckSubSystemParent(SystemId system, const std::vector<SystemId>& parent_chain) {
    if (std::find(parent_chain.begin(), parent_chain.end(), system) != parent_chain.end()) {
        return core::Conflict(
            "Không thể đặt hệ thống làm thành phần của chính nó hoặc của một hệ thống thành phần "
            "của nó.",
            "A system cannot be a sub-system of itself or of one of its own sub-systems.");
    }
    return core::Ok();
}

}  // namespace ungcuu::domain

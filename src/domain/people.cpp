#include "domain/people.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "domain/validation.hpp"

namespace ungcuu::domain {

core::Status ValidatePerson(const Person& person) {
    FieldErrors errors;
    CheckText(errors, "full_name", person.full_name, Required::kYes, 200);
    CheckText(errors, "position", person.position, Required::kNo, 200);
    CheckPhone(errors, "office_phone", person.office_phone);
    CheckPhone(errors, "mobile_phone", person.mobile_phone);
    CheckEmail(errors, "email", person.email);
    const auto& q = person.qualification;
    const auto check_code = [&](std::string_view field, std::string_view value,
                                std::span<const std::string_view> codes) {
        if (!value.empty() && std::find(codes.begin(), codes.end(), value) == codes.end()) {
            errors.Add(field, fmt::format("\"{}\" không có trong danh mục", value),
                       fmt::format("\"{}\" is not one of the codes", value));
        }
    };
    check_code("training_field", q.training_field, kTrainingFields);
    check_code("degree", q.degree, kDegrees);
    check_code("certificate_scope", q.certificate_scope, kCertificateScopes);
    check_code("expert_group", q.expert_group, kExpertGroups);
    CheckText(errors, "certificates", q.certificates, Required::kNo, 500);
    CheckText(errors, "school", q.school, Required::kNo, 200);
    CheckText(errors, "major", q.major, Required::kNo, 200);
    if (!q.graduated.empty()) {
        const auto& g = q.graduated;
        const bool shape = g.size() == 7 && g[2] == '/' &&
                           std::all_of(g.begin(), g.end(),
                                       [](char c) { return c == '/' || (c >= '0' && c <= '9'); });
        const int month = shape ? std::stoi(g.substr(0, 2)) : 0;
        if (!shape || month < 1 || month > 12) {
            errors.Add("graduated", "tháng năm tốt nghiệp viết dạng MM/YYYY",
                       "the graduation month is written MM/YYYY");
        }
    }
    if (person.office_phone.empty() && person.mobile_phone.empty() && person.email.empty()) {
        errors.Add("office_phone", "cần ít nhất một số điện thoại hoặc thư điện tử để liên lạc",
                   "at least one phone number or e-mail address is needed");
    }
    return errors.ToStatus();
}

std::string_view ContactRoleCode(ContactRole role) {
    switch (role) {
        case ContactRole::kLeader:
            return "leader";
        case ContactRole::kPrimary:
            return "primary";
        case ContactRole::kBackup:
            return "backup";
    }
    return "primary";
}

std::optional<ContactRole> ParseContactRole(std::string_view code) {
    if (code == "leader") {
        return ContactRole::kLeader;
    }
    if (code == "primary") {
        return ContactRole::kPrimary;
    }
    if (code == "backup") {
        return ContactRole::kBackup;
    }
    return std::nullopt;
}

}  // namespace ungcuu::domain

#include "domain/people.hpp"

#include "domain/validation.hpp"

namespace ungcuu::domain {

core::Status ValidatePerson(const Person& person) {
    FieldErrors errors;
    CheckText(errors, "full_name", person.full_name, Required::kYes, 200);
    CheckText(errors, "position", person.position, Required::kNo, 200);
    CheckPhone(errors, "office_phone", person.office_phone);
    CheckPhone(errors, "mobile_phone", person.mobile_phone);
    CheckEmail(errors, "email", person.email);
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

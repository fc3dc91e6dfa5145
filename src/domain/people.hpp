// People of a unit and its contact points: the leader in charge of security (lãnh đạo phụ
// trách) and the primary and backup incident focal points (đầu mối ứng cứu sự cố).
// TT 20/2017 Điều 6.1.b gives 24 hours to tell the coordinator about a change of đầu mối, so
// every change of a contact point records when it happened.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

struct Person {
    PersonId id;
    UnitId unit_id;
    std::string full_name;
    std::string position;      // chức vụ
    std::string office_phone;  // office hours
    std::string mobile_phone;  // after hours (ngoài giờ)
    std::string email;
    bool active = true;
};

core::Status ValidatePerson(const Person& person);

enum class ContactRole {
    kLeader,   // lãnh đạo phụ trách ATTT
    kPrimary,  // đầu mối chính
    kBackup,   // đầu mối dự phòng
};

std::string_view ContactRoleCode(ContactRole role);
std::optional<ContactRole> ParseContactRole(std::string_view code);

struct ContactPoint {
    UnitId unit_id;
    ContactRole role = ContactRole::kPrimary;
    PersonId person_id;
    core::TimePoint changed_at;
};

}  // namespace ungcuu::domain

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

/// What the staff annex of Mẫu 01/02 (TT 20/2017) asks of a technical staff member. Codes come
/// from the lists below; "" means not given. A person with a training field counts as staff.
inline constexpr std::string_view kTrainingFields[] = {"cntt", "attt", "equivalent"};
inline constexpr std::string_view kDegrees[] = {"postgraduate", "university", "college",
                                                "vocational"};
inline constexpr std::string_view kCertificateScopes[] = {"international", "domestic"};
inline constexpr std::string_view kExpertGroups[] = {"management", "defence", "protection",
                                                     "testing"};

struct Qualification {
    std::string training_field;     // cntt (CNTT), attt (ATTT), equivalent (tương đương)
    std::string degree;             // sau đại học, đại học, cao đẳng, trung cấp
    std::string certificates;       // names, free text ("CEH; CompTIA Security+")
    std::string certificate_scope;  // international, domestic
    std::string expert_group;  // quản lý ATTT; phòng thủ; bảo vệ hệ thống; kiểm tra đánh giá
    std::string school;
    std::string major;
    std::string graduated;  // "MM/YYYY"
};

struct Person {
    PersonId id;
    UnitId unit_id;
    std::string full_name;
    std::string position;      // chức vụ
    std::string office_phone;  // office hours
    std::string mobile_phone;  // after hours (ngoài giờ)
    std::string email;
    bool active = true;
    Qualification qualification;
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

/// One change of a unit's leader in charge or đầu mối, as recorded when it happened.
struct ContactChange {
    std::int64_t seq = 0;  // set by storage: the order of changes
    UnitId unit_id;
    ContactRole role = ContactRole::kPrimary;
    std::string person_name;  // "" when the role was cleared
    core::TimePoint at;
};

}  // namespace ungcuu::domain

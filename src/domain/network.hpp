// The network member's own duties under TT 20/2017 (LEGAL.md §1.3–1.4): the staff qualifications
// of the Mẫu 01 annex, the member profile with its yearly refresh (Điều 5.3), the 24-hour notice
// of a change of đầu mối to the coordinator (Điều 6.1.b), and the coordination orders and
// requests of the national coordinator (Mẫu 06, Điều 8) as tasks of the units they address.
// Mẫu 06's official fields are not published; the fields here are a model (issuer, number, date,
// addressees, required actions, deadline) and the rule data says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/incident_work.hpp"
#include "domain/people.hpp"

namespace ungcuu::domain {

using ContactNoticeId = core::Id<struct ContactNoticeTag>;
using OrderId = core::Id<struct OrderTag>;
using OrderTaskId = core::Id<struct OrderTaskTag>;

// ---- staff qualifications (Mẫu 01, annex) ---------------------------------------------------

/// The annex's figures over the staff of a unit (people with a training field).
struct StaffFigures {
    int total = 0;
    int by_field[3] = {0, 0, 0};  // cntt, attt, equivalent
    int by_degree[4] = {0, 0, 0, 0};
    int international_certificates = 0;
    int domestic_certificates = 0;
    int by_expert_group[4] = {0, 0, 0, 0};
};

StaffFigures CountStaff(const std::vector<Person>& people);

// ---- the member profile (Mẫu 01 / Mẫu 02) ---------------------------------------------------

enum class Membership { kMandatory, kVoluntary };
std::string_view MembershipCode(Membership membership);
std::optional<Membership> ParseMembership(std::string_view code);

struct MemberProfile {
    UnitId unit_id;
    std::string member_code;  // mã thành viên mạng lưới, once given
    Membership membership = Membership::kMandatory;
    std::string capability;  // mô tả năng lực ứng cứu sự cố (Mẫu 01)
    std::string activity;    // mô tả hoạt động (Mẫu 02)
    std::string pgp_key;     // PGP/GPG: user ID, fingerprint, link (Mẫu 02)
    std::optional<core::Date> submitted_on;  // the profile last filed with the coordinator
    core::TimePoint updated_at;
};

core::Status ValidateMemberProfile(const MemberProfile& profile);

/// The profile is refreshed yearly (TT 20/2017 Điều 5.3): due 12 months after it was last filed,
/// due now when never filed.
std::optional<core::Date> ProfileDueOn(const MemberProfile& profile);

// ---- contact-point changes and the 24-hour notice ---------------------------------------------

inline constexpr std::chrono::hours kContactNoticeLimit{24};  // TT 20/2017 Điều 6.1.b

enum class DutyState { kOk, kDue, kOverdue };
std::string_view DutyStateCode(DutyState state);

/// The 24-hour clock of the changes not yet notified: due 24 hours after the earliest.
struct ContactClock {
    std::vector<ContactChange> pending;
    std::optional<core::TimePoint> due_at;
    DutyState state = DutyState::kOk;
};

ContactClock ContactClockOf(std::vector<ContactChange> pending, core::TimePoint now);

/// The notice of a unit's current contacts sent to one coordinating unit, with its
/// acknowledgement.
struct ContactNotice {
    ContactNoticeId id;
    UnitId unit_id;
    std::string unit_name;  // loaded
    UnitId recipient_unit_id;
    std::string recipient_name;  // loaded
    std::string function;        // why it receives it: national_coordinator, specialised
    core::TimePoint changes_from;
    std::int64_t through_change = 0;  // the last change it covers (ContactChange::seq)
    core::TimePoint due_at;
    core::TimePoint sent_at;
    std::string sent_by;
    std::string body;
    std::string email;  // the recipient's address, "" when it has none
    MailCopy mail;
    std::optional<core::TimePoint> acknowledged_at;
    std::string acknowledged_by;
};

// ---- coordination orders (Mẫu 06) -------------------------------------------------------------

enum class OrderKind { kOrder, kRequest };  // lệnh điều phối | yêu cầu điều phối
std::string_view OrderKindCode(OrderKind kind);
std::optional<OrderKind> ParseOrderKind(std::string_view code);

struct CoordinationOrder {
    OrderId id;
    UnitId receiving_unit_id;         // the unit that received it and follows it up
    std::string receiving_unit_name;  // loaded
    std::string receiving_unit_path;  // loaded
    OrderKind kind = OrderKind::kOrder;
    std::string issuer;  // the national coordinator, as written on the order
    std::string number;
    core::Date issued_on{};
    std::string subject;
    std::string actions;  // the required actions
    core::TimePoint deadline;
    core::TimePoint created_at;
    std::string created_by;
};

core::Status ValidateOrder(const CoordinationOrder& order, std::size_t addressees);

enum class TaskState { kOpen, kDone, kNotApplicable };
std::string_view TaskStateCode(TaskState state);
std::optional<TaskState> ParseTaskState(std::string_view code);

struct OrderTask {
    OrderTaskId id;
    OrderId order_id;
    UnitId unit_id;
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    core::TimePoint due_at;
    TaskState state = TaskState::kOpen;
    std::string answer;  // evidence of what was done, or why it does not apply
    std::optional<core::TimePoint> answered_at;
    std::string answered_by;
};

/// Answering: done or not applicable, with its evidence; once answered it stays answered.
core::Status CheckAnswer(const OrderTask& task, TaskState state, std::string_view answer);

bool Overdue(const OrderTask& task, core::TimePoint now);

/// An order's tasks rolled up for the unit that received it.
struct OrderRollUp {
    int total = 0;
    int done = 0;
    int not_applicable = 0;
    int open = 0;
    int overdue = 0;  // open past the deadline
};

OrderRollUp RollUp(const std::vector<OrderTask>& tasks, core::TimePoint now);

}  // namespace ungcuu::domain

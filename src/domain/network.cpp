#include "domain/network.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

template <std::size_t N>
int IndexOf(const std::string_view (&codes)[N], std::string_view value) {
    for (std::size_t i = 0; i < N; ++i) {
        if (codes[i] == value) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace

StaffFigures CountStaff(const std::vector<Person>& people) {
    StaffFigures figures;
    for (const auto& person : people) {
        const auto& q = person.qualification;
        const int field = IndexOf(kTrainingFields, q.training_field);
        if (!person.active || field < 0) {
            continue;
        }
        ++figures.total;
        ++figures.by_field[field];
        if (const int degree = IndexOf(kDegrees, q.degree); degree >= 0) {
            ++figures.by_degree[degree];
        }
        if (!q.certificates.empty()) {
            if (q.certificate_scope == "international") {
                ++figures.international_certificates;
            } else if (q.certificate_scope == "domestic") {
                ++figures.domestic_certificates;
            }
        }
        if (const int group = IndexOf(kExpertGroups, q.expert_group); group >= 0) {
            ++figures.by_expert_group[group];
        }
    }
    return figures;
}

std::string_view MembershipCode(Membership membership) {
    return membership == Membership::kVoluntary ? "voluntary" : "mandatory";
}

std::optional<Membership> ParseMembership(std::string_view code) {
    if (code == "mandatory") {
        return Membership::kMandatory;
    }
    if (code == "voluntary") {
        return Membership::kVoluntary;
    }
    return std::nullopt;
}

core::Status ValidateMemberProfile(const MemberProfile& profile) {
    FieldErrors errors;
    CheckText(errors, "member_code", profile.member_code, Required::kNo, 50);
    CheckText(errors, "capability", profile.capability, Required::kNo, 5000);
    CheckText(errors, "activity", profile.activity, Required::kNo, 5000);
    CheckText(errors, "pgp_key", profile.pgp_key, Required::kNo, 2000);
    return errors.ToStatus();
}

std::optional<core::Date> ProfileDueOn(const MemberProfile& profile) {
    if (!profile.submitted_on) {
        return std::nullopt;
    }
    return core::AddMonths(*profile.submitted_on, 12);
}

std::string_view DutyStateCode(DutyState state) {
    switch (state) {
        case DutyState::kOk:
            return "ok";
        case DutyState::kDue:
            return "due";
        case DutyState::kOverdue:
            return "overdue";
    }
    return "ok";
}

ContactClock ContactClockOf(std::vector<ContactChange> pending, core::TimePoint now) {
    ContactClock clock;
    std::sort(pending.begin(), pending.end(),
              [](const ContactChange& a, const ContactChange& b) { return a.at < b.at; });
    clock.pending = std::move(pending);
    if (!clock.pending.empty()) {
        clock.due_at = clock.pending.front().at + kContactNoticeLimit;
        clock.state = now > *clock.due_at ? DutyState::kOverdue : DutyState::kDue;
    }
    return clock;
}

std::string_view OrderKindCode(OrderKind kind) {
    return kind == OrderKind::kRequest ? "request" : "order";
}

std::optional<OrderKind> ParseOrderKind(std::string_view code) {
    if (code == "order") {
        return OrderKind::kOrder;
    }
    if (code == "request") {
        return OrderKind::kRequest;
    }
    return std::nullopt;
}

core::Status ValidateOrder(const CoordinationOrder& order, std::size_t addressees) {
    FieldErrors errors;
    CheckText(errors, "issuer", order.issuer, Required::kYes, 300);
    CheckText(errors, "number", order.number, Required::kYes, 100);
    CheckText(errors, "subject", order.subject, Required::kYes, 500);
    CheckText(errors, "actions", order.actions, Required::kYes, 10000);
    if (addressees == 0) {
        errors.Add("addressees", "cần ít nhất một đơn vị thực hiện",
                   "at least one addressed unit is needed");
    }
    if (order.deadline < core::StartOfLocalDay(order.issued_on)) {
        errors.Add("deadline", "hạn thực hiện không thể trước ngày ban hành",
                   "the deadline cannot be before the date of issue");
    }
    return errors.ToStatus();
}

std::string_view TaskStateCode(TaskState state) {
    switch (state) {
        case TaskState::kOpen:
            return "open";
        case TaskState::kDone:
            return "done";
        case TaskState::kNotApplicable:
            return "not_applicable";
    }
    return "open";
}

std::optional<TaskState> ParseTaskState(std::string_view code) {
    if (code == "open") {
        return TaskState::kOpen;
    }
    if (code == "done") {
        return TaskState::kDone;
    }
    if (code == "not_applicable") {
        return TaskState::kNotApplicable;
    }
    return std::nullopt;
}

core::Status CheckAnswer(const OrderTask& task, TaskState state, std::string_view answer) {
    if (task.state != TaskState::kOpen) {
        return core::Conflict("Nhiệm vụ này đã được trả lời.",
                              "This task has already been answered.");
    }
    FieldErrors errors;
    if (state == TaskState::kOpen) {
        errors.Add("state",
                   R"(trả lời là "done" (đã thực hiện) hoặc "not_applicable" (không áp dụng))",
                   R"(the answer is "done" or "not_applicable")");
    }
    CheckText(errors, "answer", answer, Required::kYes, 5000);
    return errors.ToStatus();
}

bool Overdue(const OrderTask& task, core::TimePoint now) {
    return task.state == TaskState::kOpen && now > task.due_at;
}

OrderRollUp RollUp(const std::vector<OrderTask>& tasks, core::TimePoint now) {
    OrderRollUp up;
    for (const auto& task : tasks) {
        ++up.total;
        switch (task.state) {
            case TaskState::kDone:
                ++up.done;
                break;
            case TaskState::kNotApplicable:
                ++up.not_applicable;
                break;
            case TaskState::kOpen:
                ++up.open;
                up.overdue += Overdue(task, now) ? 1 : 0;
                break;
        }
    }
    return up;
}

}  // namespace ungcuu::domain

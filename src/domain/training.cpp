#include "domain/training.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "domain/validation.hpp"

namespace ungcuu::domain {

std::string_view CourseKindCode(CourseKind kind) { return kCourseKinds[static_cast<int>(kind)]; }

std::optional<CourseKind> ParseCourseKind(std::string_view code) {
    for (std::size_t i = 0; i < std::size(kCourseKinds); ++i) {
        if (kCourseKinds[i] == code) {
            return static_cast<CourseKind>(i);
        }
    }
    return std::nullopt;
}

core::Status ValidateCourse(const Course& course) {
    FieldErrors errors;
    CheckText(errors, "topic", course.topic, Required::kYes, 500);
    CheckText(errors, "provider", course.provider, Required::kNo, 300);
    if (course.to < course.from) {
        errors.Add("to", "ngày kết thúc không trước ngày bắt đầu",
                   "the last day is not before the first");
    }
    if (course.hours < 1 || course.hours > 2000) {
        errors.Add("hours", "số giờ là 1–2000", "the hours are 1–2000");
    }
    return errors.ToStatus();
}

int Coverage::TrainedPercent() const {
    return officials == 0 ? 0 : trained_this_year * 100 / officials;
}

Coverage CoverageOf(const std::vector<PersonId>& officials,
                    const std::vector<PersonId>& specialists,
                    const std::vector<Attendance>& attendance,
                    core::Date today) {
    const auto year = std::chrono::year_month_day{today}.year();
    std::set<std::int64_t> trained;
    std::set<std::int64_t> certified;
    for (const auto& a : attendance) {
        if (a.completed_on <= today && std::chrono::year_month_day{a.completed_on}.year() == year) {
            trained.insert(a.person.value());
        }
        if (a.kind == CourseKind::kSpecialist && a.certificate_until &&
            *a.certificate_until >= today && a.completed_on <= today) {
            certified.insert(a.person.value());
        }
    }
    Coverage out;
    std::set<std::int64_t> seen;
    for (const auto person : officials) {
        if (!seen.insert(person.value()).second) {
            continue;
        }
        ++out.officials;
        out.trained_this_year += trained.contains(person.value()) ? 1 : 0;
    }
    seen.clear();
    for (const auto person : specialists) {
        if (!seen.insert(person.value()).second) {
            continue;
        }
        ++out.specialists;
        out.specialists_certified += certified.contains(person.value()) ? 1 : 0;
    }
    return out;
}

}  // namespace ungcuu::domain

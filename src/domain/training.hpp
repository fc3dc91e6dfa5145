// Training as the plans count it (seeds 000/004 §II.1–2; TT 20/2017 Mẫu 01's staff annex): a
// course — topic, provider, dates, hours, kind (security specialist training, general awareness,
// drill preparation) — attended by people of the register, some leaving with a certificate valid
// until a day; a unit's coverage on a day: the share of its officials trained this year and its
// specialists holding a valid certificate. Pure rules (issue 22's training part; not yet used by
// a service), thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"

namespace ungcuu::domain {

using CourseId = core::Id<struct CourseTag>;

enum class CourseKind { kSpecialist, kAwareness, kDrillPreparation };
inline constexpr std::string_view kCourseKinds[] = {"specialist", "awareness", "drill_preparation"};
std::string_view CourseKindCode(CourseKind kind);
std::optional<CourseKind> ParseCourseKind(std::string_view code);

struct Course {
    CourseId id;
    UnitId unit_id;  // the unit that records it
    std::string topic;
    std::string provider;
    core::Date from;
    core::Date to;
    int hours = 8;
    CourseKind kind = CourseKind::kAwareness;
};

/// Topic required, texts bounded, the first day not after the last, 1–2000 hours.
core::Status ValidateCourse(const Course& course);

/// One person's attendance of a course, as the coverage reads it.
struct Attendance {
    PersonId person;
    CourseKind kind = CourseKind::kAwareness;
    core::Date completed_on;                      // the course's last day
    std::optional<core::Date> certificate_until;  // a certificate and its validity, if any
};

struct Coverage {
    int officials = 0;
    int trained_this_year = 0;  // officials with a course completed in the year of the day
    int specialists = 0;
    int specialists_certified = 0;  // specialists with a specialist certificate valid on the day
    /// The trained share in whole percent (0 when there are no officials).
    int TrainedPercent() const;
};

/// A unit's coverage on `today`: `officials` are its active people, `specialists` those of them
/// in charge of security (a person counted once however many courses they took).
Coverage CoverageOf(const std::vector<PersonId>& officials,
                    const std::vector<PersonId>& specialists,
                    const std::vector<Attendance>& attendance,
                    core::Date today);

}  // namespace ungcuu::domain

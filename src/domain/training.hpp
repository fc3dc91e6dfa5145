// Training as the plans count it (seeds 000/004 §II.1–2; TT 20/2017 Mẫu 01's staff annex): a
// course — topic, provider, dates, hours, kind (security specialist training, general awareness,
// drill preparation) — attended by people of the register, some leaving with a certificate valid
// until a day; a unit's coverage on a day: the share of its officials trained this year and its
// specialists holding a valid certificate. Awareness campaigns (seeds 002 §II.3, 003 §II.5):
// audience (officials, pupils, citizens), channel, day, reach, cost. A unit's yearly duties: the
// trained share it aims at, every audience it serves reached by a campaign, and the security
// budget at least 10% of its IT budget (Chỉ thị 14/CT-TTg). Pure rules, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/unit.hpp"

namespace ungcuu::domain {

using CourseId = core::Id<struct CourseTag>;

enum class CourseKind { kSpecialist, kAwareness, kDrillPreparation };
inline constexpr std::string_view kCourseKinds[] = {"specialist", "awareness", "drill_preparation"};
std::string_view CourseKindCode(CourseKind kind);
std::optional<CourseKind> ParseCourseKind(std::string_view code);

struct Course {
    CourseId id;
    UnitId unit_id;         // the unit that records it
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::string topic;
    std::string provider;
    core::Date from;
    core::Date to;
    int hours = 8;
    CourseKind kind = CourseKind::kAwareness;
    std::optional<std::int64_t> cost;  // VND
    int attendees = 0;                 // loaded
    core::TimePoint created_at;
};

/// Topic required, texts bounded, the first day not after the last, 1–2000 hours, a cost not
/// negative.
core::Status ValidateCourse(const Course& course);

/// A person who attended a course, with the certificate they left with (if any).
struct CourseAttendee {
    CourseId course_id;
    PersonId person_id;
    std::string name;       // loaded
    std::string unit_name;  // loaded: the person's unit
    std::string certificate;
    std::optional<core::Date> certificate_until;
};

/// The certificate bounded; a validity only with a certificate and not ending before the
/// course's last day.
core::Status ValidateAttendee(const CourseAttendee& attendee, const Course& course);

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

// ---- awareness campaigns -------------------------------------------------------------------

using CampaignId = core::Id<struct CampaignTag>;

enum class Audience { kOfficials, kPupils, kCitizens };
inline constexpr std::string_view kAudiences[] = {"officials", "pupils", "citizens"};
std::string_view AudienceCode(Audience audience);
std::optional<Audience> ParseAudience(std::string_view code);

/// How a campaign reaches people: a meeting or class, press and television, the commune's loud
/// speakers, a portal, social networks, print (leaflets, posters), lessons at school, messages.
inline constexpr std::string_view kChannels[] = {"meeting", "press", "radio",  "website",
                                                 "social",  "print", "school", "message"};
bool IsChannel(std::string_view code);

struct Campaign {
    CampaignId id;
    UnitId unit_id;
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::string title;
    Audience audience = Audience::kOfficials;
    std::string channel;  // one of kChannels
    core::Date day;
    std::int64_t reach = 0;            // people reached (an estimate for broadcasts)
    std::optional<std::int64_t> cost;  // VND
    std::string notes;
    core::TimePoint created_at;
};

/// Title required, a known channel, reach 0–100,000,000, texts bounded, cost not negative.
core::Status ValidateCampaign(const Campaign& campaign);

// ---- a unit's yearly duties ----------------------------------------------------------------

/// What a unit commits to for a year; absent values take the defaults below.
struct PracticeTargets {
    UnitId unit_id;
    int year = 0;
    int trained_percent = 100;                    // share of officials trained in the year
    std::vector<Audience> audiences;              // audiences to reach at least once
    std::optional<std::int64_t> it_budget;        // the year's IT budget, VND
    std::optional<std::int64_t> security_budget;  // of which for information security, VND
};

/// The share of the IT budget Chỉ thị 14/CT-TTg asks to reserve for information security.
inline constexpr int kSecurityBudgetPercent = 10;

/// The defaults for a unit of `kind`: all officials trained; officials reached, and citizens for
/// the province, districts and communes, and pupils too for communes (seeds 003 §II.5).
PracticeTargets DefaultTargets(UnitId unit, UnitKind kind, int year);

/// 0–100 per cent, audiences without repetition, budgets not negative and the security
/// budget not above the IT budget.
core::Status ValidateTargets(const PracticeTargets& targets);

enum class DutyStatus { kMet, kDue, kMissed, kNotDeclared };
std::string_view DutyStatusCode(DutyStatus status);

struct PracticeDuty {
    std::string code;  // "training", "awareness.<audience>", "budget"
    DutyStatus status = DutyStatus::kDue;
    std::string detail_vi;
    std::string detail_en;
};

/// A unit's duties of `targets.year` on `today`: met, due (the year not over: its last day is
/// the deadline), missed (the year is over), or not declared (a budget nobody gave, a unit with
/// nobody in the people register to train).
/// `reached` lists the audiences reached by campaigns of that year.
std::vector<PracticeDuty> EvaluateDuties(const PracticeTargets& targets,
                                         const Coverage& coverage,
                                         const std::vector<Audience>& reached,
                                         core::Date today);

}  // namespace ungcuu::domain

// Use cases of training and awareness (seeds 000/004 §II.1–2, 002 §II.3, 003 §II.5; TT 20/2017
// Mẫu 01's staff annex): courses with their attendees — people of the register of the course's
// unit or a unit under it — and the certificates they left with, added one by one or imported
// from a table all-or-nothing; awareness campaigns by audience and channel; each unit's coverage
// of the year (officials trained, specialists certified, audiences reached, money spent) against
// its targets, with the duties due. Thread-safe.
#pragma once

#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct CourseView {
    domain::Course course;
    std::vector<domain::CourseAttendee> attendees;
    bool can_edit = false;
};

/// One unit's year of training and awareness.
struct UnitPractice {
    domain::Unit unit;
    domain::Coverage coverage;        // its own people
    domain::PracticeTargets targets;  // set or the defaults
    bool targets_set = false;
    int campaigns = 0;  // held by the unit in the year
    std::int64_t reach = 0;
    std::vector<domain::Audience> reached;
    std::int64_t spent = 0;  // courses and campaigns the unit recorded, VND
    std::vector<domain::PracticeDuty> duties;
    bool can_edit = false;
};

struct PracticeCoverage {
    int year = 0;
    domain::Coverage total;           // every unit of the subtree
    std::vector<UnitPractice> units;  // the unit, then the units under it by path
    bool truncated = false;
};

/// The coverage on `today` of the people of `unit` — of its whole subtree with `subtree`.
core::Result<domain::Coverage> CoverageOfUnit(Repositories& repos,
                                              const domain::Unit& unit,
                                              core::Date today,
                                              bool subtree);

class TrainingService {
public:
    static constexpr std::size_t kMaxAttendees = 1000;
    static constexpr int kMaxUnits = 2000;

    TrainingService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

    /// The year it is in Vietnam now (what lists show when no year is asked for).
    int CurrentYear() const;

    /// Courses of the caller's units ending in `year`.
    core::Result<std::vector<domain::Course>> Courses(const Actor& actor, int year);
    core::Result<CourseView> Course(const Actor& actor, domain::CourseId id);
    /// kContactWrite on the course's unit.
    core::Result<CourseView> CreateCourse(const Actor& actor, domain::Course course);
    /// A `course.unit_id` other than the course's is refused (unset: unchanged).
    core::Result<CourseView> UpdateCourse(const Actor& actor, const domain::Course& course);
    /// Each person active and of the course's unit or a unit under it, once.
    core::Result<CourseView> AddAttendees(const Actor& actor,
                                          domain::CourseId course,
                                          std::vector<domain::CourseAttendee> attendees);
    core::Result<CourseView> UpdateAttendee(const Actor& actor,
                                            const domain::CourseAttendee& attendee);
    core::Result<CourseView> RemoveAttendee(const Actor& actor,
                                            domain::CourseId course,
                                            domain::PersonId person);
    /// A table of attendees (full_name, unit, email, certificate, certificate_until — or their
    /// Vietnamese headers): each line names a person of the register (by e-mail, or by name
    /// within a unit); every bad line is reported and nothing is stored.
    core::Result<CourseView> ImportAttendees(const Actor& actor,
                                             domain::CourseId course,
                                             std::vector<core::CsvRow> rows);

    /// Campaigns of the unit and the units under it in `year`.
    core::Result<std::vector<domain::Campaign>> Campaigns(const Actor& actor,
                                                          domain::UnitId unit,
                                                          int year);
    core::Result<domain::Campaign> CreateCampaign(const Actor& actor, domain::Campaign campaign);
    core::Result<domain::Campaign> UpdateCampaign(const Actor& actor,
                                                  const domain::Campaign& campaign);

    /// The year of the unit and of each unit under it (at most kMaxUnits).
    core::Result<PracticeCoverage> Coverage(const Actor& actor, domain::UnitId unit, int year);
    /// kContactWrite on the unit.
    core::Result<UnitPractice> SetTargets(const Actor& actor, domain::PracticeTargets targets);

private:
    core::Result<std::pair<domain::Course, domain::Unit>> CourseFor(Repositories& repos,
                                                                    const Actor& actor,
                                                                    domain::CourseId id,
                                                                    domain::Permission permission);
    core::Result<CourseView> Load(Repositories& repos, const Actor& actor, domain::Course course);
    core::Result<PracticeCoverage> CoverageIn(
        Repositories& repos, const Actor& actor, const domain::Unit& root, int year, bool subtree);
    /// Checks and stores the attendees inside the caller's write.
    core::Status Attend(Repositories& repos,
                        const Actor& actor,
                        const domain::Course& course,
                        const domain::Unit& unit,
                        const std::vector<domain::CourseAttendee>& attendees,
                        std::string_view action);

    Store& store_;
    const core::Clock& clock_;
};

}  // namespace ungcuu::app

#include "app/organisation/training_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "app/audit_writer.hpp"
#include "app/import_table.hpp"
#include "app/unit_access.hpp"

namespace ungcuu::app {

namespace {

using std::chrono::year_month_day;

constexpr std::array<std::string_view, 5> kAttendeeColumns = {"full_name", "unit", "email",
                                                              "certificate", "certificate_until"};

constexpr std::array<ImportTable::Alias, 12> kAttendeeAliases = {{
    {"ho ten", "full_name"},
    {"ho va ten", "full_name"},
    {"hoc vien", "full_name"},
    {"don vi", "unit"},
    {"ma don vi", "unit"},
    {"co quan", "unit"},
    {"email", "email"},
    {"thu dien tu", "email"},
    {"chung chi", "certificate"},
    {"han chung chi", "certificate_until"},
    {"chung chi den ngay", "certificate_until"},
    {"hieu luc den", "certificate_until"},
}};

int YearOf(core::Date day) { return static_cast<int>(year_month_day{day}.year()); }

/// The day a year's coverage is read on: today within the year, its last day once it is over.
core::Date CoverageDay(int year, core::Date today) {
    const core::Date last{std::chrono::year{year} / std::chrono::December / 31};
    return std::min(last, today);
}

core::Status CheckYear(int year, core::Date today) {
    if (year < 2000 || year > YearOf(today) + 1) {
        return core::InvalidArgument(fmt::format("Năm là 2000–{}.", YearOf(today) + 1),
                                     fmt::format("The year is 2000–{}.", YearOf(today) + 1));
    }
    return core::Ok();
}

core::FieldSnapshot CourseSnapshot(const domain::Course& c) {
    return core::FieldSnapshot()
        .Add("topic", std::string_view(c.topic))
        .Add("provider", std::string_view(c.provider))
        .Add("from", std::string_view(core::FormatDate(c.from)))
        .Add("to", std::string_view(core::FormatDate(c.to)))
        .Add("hours", std::int64_t{c.hours})
        .Add("kind", domain::CourseKindCode(c.kind))
        .Add("cost", c.cost.value_or(0));
}

core::FieldSnapshot CampaignSnapshot(const domain::Campaign& k) {
    return core::FieldSnapshot()
        .Add("title", std::string_view(k.title))
        .Add("audience", domain::AudienceCode(k.audience))
        .Add("channel", std::string_view(k.channel))
        .Add("day", std::string_view(core::FormatDate(k.day)))
        .Add("reach", k.reach)
        .Add("cost", k.cost.value_or(0));
}

/// The people of some units and what they attended, as the coverage counts them.
struct People {
    std::vector<domain::PersonId> officials;
    std::vector<domain::PersonId> specialists;
    std::vector<domain::Attendance> attended;

    void Add(const StaffLine& line) {
        officials.push_back(line.person_id);
        if (line.specialist) {
            specialists.push_back(line.person_id);
        }
    }

    domain::Coverage On(core::Date day) const {
        return domain::CoverageOf(officials, specialists, attended, day);
    }
};

/// The lines sorted out by unit in one pass (a province's coverage reads each line once, not
/// once per unit).
std::map<std::int64_t, People> ByUnit(const std::vector<StaffLine>& staff,
                                      const std::vector<UnitAttendance>& attendance) {
    std::map<std::int64_t, People> out;
    for (const auto& line : staff) {
        out[line.unit_id.value()].Add(line);
    }
    for (const auto& a : attendance) {
        out[a.unit_id.value()].attended.push_back(a.attendance);
    }
    return out;
}

/// Everyone of the lines together.
People Everyone(const std::vector<StaffLine>& staff,
                const std::vector<UnitAttendance>& attendance) {
    People all;
    for (const auto& line : staff) {
        all.Add(line);
    }
    for (const auto& a : attendance) {
        all.attended.push_back(a.attendance);
    }
    return all;
}

}  // namespace

core::Result<domain::Coverage> CoverageOfUnit(Repositories& repos,
                                              const domain::Unit& unit,
                                              core::Date today,
                                              bool subtree) {
    UNGCUU_ASSIGN_OR_RETURN(staff, repos.training.StaffUnder(unit.path));
    UNGCUU_ASSIGN_OR_RETURN(attendance, repos.training.AttendanceUnder(unit.path, today));
    if (subtree) {
        return Everyone(staff, attendance).On(today);
    }
    auto units = ByUnit(staff, attendance);
    return units[unit.id.value()].On(today);
}

int TrainingService::CurrentYear() const { return YearOf(core::LocalDate(clock_.Now())); }

core::Result<std::pair<domain::Course, domain::Unit>> TrainingService::CourseFor(
    Repositories& repos, const Actor& actor, domain::CourseId id, domain::Permission permission) {
    UNGCUU_ASSIGN_OR_RETURN(course, repos.training.GetCourse(id));
    if (!actor.Authorize(course.unit_path, domain::Permission::kUnitRead).ok()) {
        return core::NotFound("Không tìm thấy khóa đào tạo.", "Course not found.");
    }
    UNGCUU_RETURN_IF_ERROR(actor.Authorize(course.unit_path, permission));
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(course.unit_id));
    return std::pair{std::move(course), std::move(unit)};
}

core::Result<CourseView> TrainingService::Load(Repositories& repos,
                                               const Actor& actor,
                                               domain::Course course) {
    CourseView view;
    UNGCUU_ASSIGN_OR_RETURN(attendees, repos.training.Attendees(course.id));
    view.attendees = std::move(attendees);
    view.can_edit = actor.Authorize(course.unit_path, domain::Permission::kContactWrite).ok();
    course.attendees = static_cast<int>(view.attendees.size());
    view.course = std::move(course);
    return view;
}

core::Result<std::vector<domain::Course>> TrainingService::Courses(const Actor& actor, int year) {
    UNGCUU_RETURN_IF_ERROR(CheckYear(year, core::LocalDate(clock_.Now())));
    return store_.Read([&](Repositories& repos) {
        return repos.training.Courses(actor.scope.VisibleRoots(), actor.unrestricted, year);
    });
}

core::Result<CourseView> TrainingService::Course(const Actor& actor, domain::CourseId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(found, CourseFor(repos, actor, id, domain::Permission::kUnitRead));
        return Load(repos, actor, std::move(found.first));
    });
}

core::Result<CourseView> TrainingService::CreateCourse(const Actor& actor, domain::Course course) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateCourse(course));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, course.unit_id, domain::Permission::kContactWrite));
        course.created_at = now;
        UNGCUU_ASSIGN_OR_RETURN(created, repos.training.InsertCourse(course));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"course.create", "course", created.id.value(), &unit,
                                           "{}", CourseSnapshot(created).ToJson()}));
        return Load(repos, actor, std::move(created));
    });
}

core::Result<CourseView> TrainingService::UpdateCourse(const Actor& actor,
                                                       const domain::Course& changed) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateCourse(changed));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(
            found, CourseFor(repos, actor, changed.id, domain::Permission::kContactWrite));
        auto& [course, unit] = found;
        if (changed.unit_id.valid() && changed.unit_id != course.unit_id) {
            return core::InvalidArgument("Không chuyển khóa đào tạo sang đơn vị khác.",
                                         "A course does not move to another unit.");
        }
        const auto before = CourseSnapshot(course).ToJson();
        course.topic = changed.topic;
        course.provider = changed.provider;
        course.from = changed.from;
        course.to = changed.to;
        course.hours = changed.hours;
        course.kind = changed.kind;
        course.cost = changed.cost;
        // A certificate never expires before its course ends: moving the last day later must
        // not leave one that does.
        UNGCUU_ASSIGN_OR_RETURN(attendees, repos.training.Attendees(course.id));
        for (const auto& a : attendees) {
            if (a.certificate_until && *a.certificate_until < course.to) {
                return core::InvalidArgument(
                    fmt::format("Chứng chỉ của {} hết hạn {}, trước ngày kết thúc mới của khóa.",
                                a.name, core::FormatDayVi(*a.certificate_until)),
                    fmt::format("{}'s certificate expires {}, before the course's new last day.",
                                a.name, core::FormatDate(*a.certificate_until)));
            }
        }
        UNGCUU_RETURN_IF_ERROR(repos.training.UpdateCourse(course));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"course.update", "course", course.id.value(), &unit,
                                           before, CourseSnapshot(course).ToJson()}));
        return Load(repos, actor, course);
    });
}

core::Status TrainingService::Attend(Repositories& repos,
                                     const Actor& actor,
                                     const domain::Course& course,
                                     const domain::Unit& unit,
                                     const std::vector<domain::CourseAttendee>& attendees,
                                     std::string_view action) {
    UNGCUU_ASSIGN_OR_RETURN(existing, repos.training.Attendees(course.id));
    if (existing.size() + attendees.size() > kMaxAttendees) {
        return core::InvalidArgument(
            fmt::format("Một khóa có tối đa {} học viên; khóa đã có {}, thêm {}.", kMaxAttendees,
                        existing.size(), attendees.size()),
            fmt::format("A course has at most {} attendees; it has {}, adding {}.", kMaxAttendees,
                        existing.size(), attendees.size()));
    }
    std::set<std::int64_t> seen;
    for (const auto& a : existing) {
        seen.insert(a.person_id.value());
    }
    std::vector<domain::CourseAttendee> stored;
    for (auto a : attendees) {
        auto person = repos.people.Get(a.person_id);
        if (!person.ok() || !person->active) {
            return core::InvalidArgument(
                "Không tìm thấy người này trong danh sách nhân sự đang làm việc.",
                "No active person of the people register has this id.");
        }
        UNGCUU_ASSIGN_OR_RETURN(home, repos.units.Get(person->unit_id));
        if (!home.path.starts_with(unit.path)) {
            return core::InvalidArgument(
                fmt::format("{} thuộc {}, không thuộc {} hay đơn vị trực thuộc.", person->full_name,
                            home.name_vi, unit.name_vi),
                fmt::format("{} belongs to {}, not to {} or a unit under it.", person->full_name,
                            home.name_vi, unit.name_vi));
        }
        a.course_id = course.id;
        a.name = person->full_name;
        if (auto invalid = domain::ValidateAttendee(a, course); !invalid.ok()) {
            return invalid;
        }
        if (!seen.insert(a.person_id.value()).second) {
            return core::Conflict(
                fmt::format("{} đã có trong danh sách học viên của khóa.", a.name),
                fmt::format("{} already attends the course.", a.name));
        }
        stored.push_back(std::move(a));
    }
    UNGCUU_RETURN_IF_ERROR(repos.training.AddAttendees(stored));
    return WriteAudit(repos, actor, clock_.Now(),
                      {action, "course", course.id.value(), &unit, "{}",
                       core::FieldSnapshot()
                           .Add("attendees", static_cast<std::int64_t>(stored.size()))
                           .ToJson()});
}

core::Result<CourseView> TrainingService::AddAttendees(
    const Actor& actor, domain::CourseId id, std::vector<domain::CourseAttendee> attendees) {
    if (attendees.empty() || attendees.size() > kMaxAttendees) {
        return core::InvalidArgument(fmt::format("Chọn 1–{} học viên.", kMaxAttendees),
                                     fmt::format("Choose 1–{} attendees.", kMaxAttendees));
    }
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(found,
                                CourseFor(repos, actor, id, domain::Permission::kContactWrite));
        UNGCUU_RETURN_IF_ERROR(
            Attend(repos, actor, found.first, found.second, attendees, "course.attendees_add"));
        return Load(repos, actor, found.first);
    });
}

core::Result<CourseView> TrainingService::UpdateAttendee(const Actor& actor,
                                                         const domain::CourseAttendee& changed) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(
            found, CourseFor(repos, actor, changed.course_id, domain::Permission::kContactWrite));
        auto& [course, unit] = found;
        UNGCUU_RETURN_IF_ERROR(domain::ValidateAttendee(changed, course));
        UNGCUU_RETURN_IF_ERROR(repos.training.UpdateAttendee(changed));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"course.attendee_update", "course", course.id.value(), &unit, "{}",
                        core::FieldSnapshot()
                            .Add("person_id", changed.person_id.value())
                            .Add("certificate", std::string_view(changed.certificate))
                            .ToJson()}));
        return Load(repos, actor, course);
    });
}

core::Result<CourseView> TrainingService::RemoveAttendee(const Actor& actor,
                                                         domain::CourseId id,
                                                         domain::PersonId person) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(found,
                                CourseFor(repos, actor, id, domain::Permission::kContactWrite));
        auto& [course, unit] = found;
        UNGCUU_RETURN_IF_ERROR(repos.training.RemoveAttendee(course.id, person));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"course.attendee_remove", "course", course.id.value(), &unit,
                        core::FieldSnapshot().Add("person_id", person.value()).ToJson(), "{}"}));
        return Load(repos, actor, course);
    });
}

core::Result<CourseView> TrainingService::ImportAttendees(const Actor& actor,
                                                          domain::CourseId id,
                                                          std::vector<core::CsvRow> rows) {
    ImportTable::TranslateHeader(rows, kAttendeeAliases);
    UNGCUU_ASSIGN_OR_RETURN(opened, ImportTable::Open(std::move(rows), kAttendeeColumns, 1));
    ImportTable& table = opened;
    if (table.rows().size() > kMaxAttendees) {
        return core::InvalidArgument(
            fmt::format("Tệp có {} dòng; một khóa có tối đa {} học viên.", table.rows().size(),
                        kMaxAttendees),
            fmt::format("The file has {} lines; a course has at most {} attendees.",
                        table.rows().size(), kMaxAttendees));
    }
    return store_.Write([&](Repositories& repos) -> core::Result<CourseView> {
        UNGCUU_ASSIGN_OR_RETURN(found,
                                CourseFor(repos, actor, id, domain::Permission::kContactWrite));
        auto& [course, unit] = found;
        UNGCUU_ASSIGN_OR_RETURN(staff, repos.training.StaffUnder(unit.path));
        UNGCUU_ASSIGN_OR_RETURN(existing, repos.training.Attendees(course.id));
        UnitFilter filter;
        filter.scope = {domain::ScopeRoot{unit.path, false}};
        filter.active = true;
        filter.limit = 5000;
        UNGCUU_ASSIGN_OR_RETURN(units, repos.units.List(filter));
        std::map<std::string, domain::UnitId, std::less<>> unit_of;
        std::map<std::int64_t, std::string> unit_name;
        for (const auto& u : units) {
            unit_of.emplace(u.code, u.id);
            unit_of.emplace(core::FoldForSearch(u.name_vi), u.id);
            unit_name.emplace(u.id.value(), u.name_vi);
        }
        std::map<std::int64_t, std::size_t> line_of;  // person → the line that named them
        for (const auto& a : existing) {
            line_of.emplace(a.person_id.value(), 0);
        }
        std::vector<domain::CourseAttendee> pending;
        for (const auto& row : table.rows()) {
            if (!table.CheckWidth(row)) {
                continue;
            }
            const std::string name = table.Cell(row, "full_name");
            const std::string unit_cell = table.Cell(row, "unit");
            const std::string email = core::FoldForSearch(table.Cell(row, "email"));
            std::optional<domain::UnitId> within;
            if (!unit_cell.empty()) {
                auto known = unit_of.find(unit_cell);
                if (known == unit_of.end()) {
                    known = unit_of.find(core::FoldForSearch(unit_cell));
                }
                if (known == unit_of.end()) {
                    table.Problem(row.line,
                                  fmt::format("không có đơn vị \"{}\" trong {} và các đơn vị "
                                              "trực thuộc",
                                              core::CutUtf8(unit_cell, 80), unit.name_vi),
                                  fmt::format("no unit \"{}\" in {} or under it",
                                              core::CutUtf8(unit_cell, 80), unit.name_vi));
                    continue;
                }
                within = known->second;
            }
            if (name.empty() && email.empty()) {
                table.Problem(row.line, "thiếu họ tên hoặc thư điện tử",
                              "neither a name nor an e-mail");
                continue;
            }
            const std::string folded_name = core::FoldForSearch(name);
            std::vector<const StaffLine*> matches;
            for (const auto& person : staff) {
                const bool same = email.empty()
                                      ? core::FoldForSearch(person.full_name) == folded_name
                                      : core::FoldForSearch(person.email) == email;
                if (same && (!within || person.unit_id == *within)) {
                    matches.push_back(&person);
                }
            }
            const std::string who(core::CutUtf8(name.empty() ? email : name, 80));
            if (matches.empty()) {
                table.Problem(
                    row.line,
                    fmt::format("không tìm thấy \"{}\" trong danh sách nhân sự đang làm việc của "
                                "{}{}",
                                who, within ? unit_name[within->value()] : unit.name_vi,
                                within ? "" : " và các đơn vị trực thuộc"),
                    fmt::format("\"{}\" is not an active person of the register of {}{}", who,
                                within ? unit_name[within->value()] : unit.name_vi,
                                within ? "" : " or a unit under it"));
                continue;
            }
            if (matches.size() > 1) {
                table.Problem(row.line,
                              fmt::format("có {} người tên \"{}\"; ghi thêm mã đơn vị hoặc thư "
                                          "điện tử",
                                          matches.size(), who),
                              fmt::format("{} people are named \"{}\"; add the unit's code or the "
                                          "e-mail",
                                          matches.size(), who));
                continue;
            }
            const auto& person = *matches.front();
            if (const auto [at, fresh] = line_of.emplace(person.person_id.value(), row.line);
                !fresh) {
                table.Problem(
                    row.line,
                    at->second == 0
                        ? fmt::format("{} đã có trong danh sách học viên của khóa",
                                      person.full_name)
                        : fmt::format("{} đã có ở dòng {}", person.full_name, at->second),
                    at->second == 0
                        ? fmt::format("{} already attends the course", person.full_name)
                        : fmt::format("{} is already on line {}", person.full_name, at->second));
                continue;
            }
            domain::CourseAttendee a;
            a.course_id = course.id;
            a.person_id = person.person_id;
            a.name = person.full_name;
            a.certificate = table.Cell(row, "certificate");
            if (const std::string until = table.Cell(row, "certificate_until"); !until.empty()) {
                if (const auto day = core::ParseDayAsWritten(until)) {
                    a.certificate_until = *day;
                } else {
                    table.Problem(row.line,
                                  fmt::format("hạn chứng chỉ \"{}\" không phải ngày (dd/mm/yyyy)",
                                              core::CutUtf8(until, 40)),
                                  fmt::format("certificate validity \"{}\" is not a day "
                                              "(dd/mm/yyyy or YYYY-MM-DD)",
                                              core::CutUtf8(until, 40)));
                    continue;
                }
            }
            table.Problems(row.line, domain::ValidateAttendee(a, course));
            pending.push_back(std::move(a));
        }
        UNGCUU_RETURN_IF_ERROR(table.ToStatus("học viên", "attendees"));
        if (pending.empty()) {
            return core::InvalidArgument("Tệp không có dòng học viên nào.",
                                         "The file has no attendee lines.");
        }
        UNGCUU_RETURN_IF_ERROR(
            Attend(repos, actor, course, unit, pending, "course.attendees_import"));
        return Load(repos, actor, course);
    });
}

core::Result<std::vector<domain::Campaign>> TrainingService::Campaigns(const Actor& actor,
                                                                       domain::UnitId unit_id,
                                                                       int year) {
    UNGCUU_RETURN_IF_ERROR(CheckYear(year, core::LocalDate(clock_.Now())));
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<domain::Campaign>> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        return repos.training.CampaignsUnder(unit.path, year);
    });
}

core::Result<domain::Campaign> TrainingService::CreateCampaign(const Actor& actor,
                                                               domain::Campaign campaign) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateCampaign(campaign));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Campaign> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, campaign.unit_id, domain::Permission::kContactWrite));
        campaign.created_at = now;
        UNGCUU_ASSIGN_OR_RETURN(created, repos.training.InsertCampaign(campaign));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"campaign.create", "campaign", created.id.value(), &unit,
                                           "{}", CampaignSnapshot(created).ToJson()}));
        return created;
    });
}

core::Result<domain::Campaign> TrainingService::UpdateCampaign(const Actor& actor,
                                                               const domain::Campaign& changed) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateCampaign(changed));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::Campaign> {
        UNGCUU_ASSIGN_OR_RETURN(campaign, repos.training.GetCampaign(changed.id));
        if (!actor.Authorize(campaign.unit_path, domain::Permission::kUnitRead).ok()) {
            return core::NotFound("Không tìm thấy đợt tuyên truyền.", "Campaign not found.");
        }
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, campaign.unit_id, domain::Permission::kContactWrite));
        if (changed.unit_id.valid() && changed.unit_id != campaign.unit_id) {
            return core::InvalidArgument("Không chuyển đợt tuyên truyền sang đơn vị khác.",
                                         "A campaign does not move to another unit.");
        }
        const auto before = CampaignSnapshot(campaign).ToJson();
        campaign.title = changed.title;
        campaign.audience = changed.audience;
        campaign.channel = changed.channel;
        campaign.day = changed.day;
        campaign.reach = changed.reach;
        campaign.cost = changed.cost;
        campaign.notes = changed.notes;
        UNGCUU_RETURN_IF_ERROR(repos.training.UpdateCampaign(campaign));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(repos, actor, now,
                                          {"campaign.update", "campaign", campaign.id.value(),
                                           &unit, before, CampaignSnapshot(campaign).ToJson()}));
        return campaign;
    });
}

core::Result<PracticeCoverage> TrainingService::CoverageIn(
    Repositories& repos, const Actor& actor, const domain::Unit& root, int year, bool subtree) {
    const auto today = core::LocalDate(clock_.Now());
    const auto day = CoverageDay(year, today);
    PracticeCoverage out;
    out.year = year;
    std::vector<domain::Unit> units;
    if (subtree) {
        UnitFilter filter;
        filter.scope = {domain::ScopeRoot{root.path, false}};
        filter.active = true;
        filter.limit = kMaxUnits + 1;
        UNGCUU_ASSIGN_OR_RETURN(listed, repos.units.List(filter));
        units = std::move(listed);
        // In tree order: a parent before its children, siblings by id ("/1/10/" after "/1/2/").
        std::sort(units.begin(), units.end(), [](const domain::Unit& a, const domain::Unit& b) {
            const auto left = domain::PathIds(a.path);
            const auto right = domain::PathIds(b.path);
            return std::lexicographical_compare(
                left.begin(), left.end(), right.begin(), right.end(),
                [](domain::UnitId x, domain::UnitId y) { return x.value() < y.value(); });
        });
        if (units.size() > static_cast<std::size_t>(kMaxUnits)) {
            units.resize(kMaxUnits);
            out.truncated = true;
        }
    } else {
        units.push_back(root);
    }
    UNGCUU_ASSIGN_OR_RETURN(staff, repos.training.StaffUnder(root.path));
    UNGCUU_ASSIGN_OR_RETURN(attendance, repos.training.AttendanceUnder(root.path, day));
    UNGCUU_ASSIGN_OR_RETURN(campaigns, repos.training.CampaignsUnder(root.path, year));
    UNGCUU_ASSIGN_OR_RETURN(targets, repos.training.TargetsUnder(root.path, year));
    UNGCUU_ASSIGN_OR_RETURN(
        courses, repos.training.Courses({domain::ScopeRoot{root.path, false}}, false, year));
    out.total = Everyone(staff, attendance).On(day);
    auto people = ByUnit(staff, attendance);
    std::map<std::int64_t, domain::PracticeTargets> set;
    for (auto& t : targets) {
        set.emplace(t.unit_id.value(), std::move(t));
    }
    // The campaigns and courses each unit recorded, in one pass.
    std::map<std::int64_t, UnitPractice> recorded;
    for (const auto& k : campaigns) {
        auto& p = recorded[k.unit_id.value()];
        ++p.campaigns;
        p.reach += k.reach;
        p.spent += k.cost.value_or(0);
        if (std::find(p.reached.begin(), p.reached.end(), k.audience) == p.reached.end()) {
            p.reached.push_back(k.audience);
        }
    }
    for (const auto& c : courses) {
        recorded[c.unit_id.value()].spent += c.cost.value_or(0);
    }
    for (auto& unit : units) {
        UnitPractice p = std::move(recorded[unit.id.value()]);
        p.coverage = people[unit.id.value()].On(day);
        if (const auto found = set.find(unit.id.value()); found != set.end()) {
            p.targets = found->second;
            p.targets_set = true;
        } else {
            p.targets = domain::DefaultTargets(unit.id, unit.kind, year);
        }
        p.duties = domain::EvaluateDuties(p.targets, p.coverage, p.reached, today);
        p.can_edit = actor.Authorize(unit.path, domain::Permission::kContactWrite).ok();
        p.unit = std::move(unit);
        out.units.push_back(std::move(p));
    }
    return out;
}

core::Result<PracticeCoverage> TrainingService::Coverage(const Actor& actor,
                                                         domain::UnitId unit_id,
                                                         int year) {
    UNGCUU_RETURN_IF_ERROR(CheckYear(year, core::LocalDate(clock_.Now())));
    return store_.Read([&](Repositories& repos) -> core::Result<PracticeCoverage> {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        return CoverageIn(repos, actor, unit, year, true);
    });
}

core::Result<UnitPractice> TrainingService::SetTargets(const Actor& actor,
                                                       domain::PracticeTargets targets) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateTargets(targets));
    const auto now = clock_.Now();
    UNGCUU_RETURN_IF_ERROR(CheckYear(targets.year, core::LocalDate(now)));
    return store_.Write([&](Repositories& repos) -> core::Result<UnitPractice> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, targets.unit_id, domain::Permission::kContactWrite));
        UNGCUU_RETURN_IF_ERROR(repos.training.PutTargets(targets));
        UNGCUU_RETURN_IF_ERROR(
            WriteAudit(repos, actor, now,
                       {"practice.targets", "unit", unit.id.value(), &unit, "{}",
                        core::FieldSnapshot()
                            .Add("year", std::int64_t{targets.year})
                            .Add("trained_percent", std::int64_t{targets.trained_percent})
                            .Add("it_budget", targets.it_budget.value_or(0))
                            .Add("security_budget", targets.security_budget.value_or(0))
                            .ToJson()}));
        UNGCUU_ASSIGN_OR_RETURN(view, CoverageIn(repos, actor, unit, targets.year, false));
        return std::move(view.units.front());
    });
}

}  // namespace ungcuu::app

// SQL repository of training and awareness: courses with their attendees (people of the
// register) and certificates, awareness campaigns, and the units' yearly targets.
#include <fmt/format.h>

#include "storage/sql_helpers.hpp"
#include "storage/sql_organisation.hpp"

namespace ungcuu::storage {

namespace {

using core::Result;
using core::Status;

constexpr std::string_view kCourseColumns =
    "c.id, c.unit_id, u.name_vi, u.path, c.topic, c.provider, c.from_day, c.to_day, c.hours, "
    "c.kind, c.cost, c.created_at, (SELECT COUNT(*) FROM course_attendees a WHERE a.course_id = "
    "c.id)";

std::optional<std::int64_t> OptInt(const RowView& row, std::size_t column) {
    return row.IsNull(column) ? std::nullopt : std::optional<std::int64_t>(row.Int(column));
}

Value OptIntValue(const std::optional<std::int64_t>& value) {
    return value ? Value{*value} : Value{nullptr};
}

domain::Course CourseFromRow(const RowView& row) {
    domain::Course c;
    c.id = domain::CourseId{row.Int(0)};
    c.unit_id = domain::UnitId{row.Int(1)};
    c.unit_name = row.String(2);
    c.unit_path = row.String(3);
    c.topic = row.String(4);
    c.provider = row.String(5);
    c.from = core::ParseDate(row.Text(6)).value_or(core::Date{});
    c.to = core::ParseDate(row.Text(7)).value_or(core::Date{});
    c.hours = static_cast<int>(row.Int(8));
    c.kind = domain::ParseCourseKind(row.Text(9)).value_or(domain::CourseKind::kAwareness);
    c.cost = OptInt(row, 10);
    c.created_at = Time(row, 11);
    c.attendees = static_cast<int>(row.Int(12));
    return c;
}

constexpr std::string_view kCampaignColumns =
    "k.id, k.unit_id, u.name_vi, u.path, k.title, k.audience, k.channel, k.day, k.reach, k.cost, "
    "k.notes, k.created_at";

domain::Campaign CampaignFromRow(const RowView& row) {
    domain::Campaign k;
    k.id = domain::CampaignId{row.Int(0)};
    k.unit_id = domain::UnitId{row.Int(1)};
    k.unit_name = row.String(2);
    k.unit_path = row.String(3);
    k.title = row.String(4);
    k.audience = domain::ParseAudience(row.Text(5)).value_or(domain::Audience::kOfficials);
    k.channel = row.String(6);
    k.day = core::ParseDate(row.Text(7)).value_or(core::Date{});
    k.reach = row.Int(8);
    k.cost = OptInt(row, 9);
    k.notes = row.String(10);
    k.created_at = Time(row, 11);
    return k;
}

std::string AudienceCodes(const std::vector<domain::Audience>& audiences) {
    std::vector<std::string> codes;
    codes.reserve(audiences.size());
    for (const auto a : audiences) {
        codes.emplace_back(domain::AudienceCode(a));
    }
    return JoinCodes(codes);
}

/// The days of a year as stored ('YYYY-MM-DD' texts compare as days do).
std::pair<std::string, std::string> YearDays(int year) {
    return {fmt::format("{:04}-01-01", year), fmt::format("{:04}-12-31", year)};
}

class SqlTrainingRepository final : public app::TrainingRepository {
public:
    explicit SqlTrainingRepository(Connection& db) : db_(db) {}

    Result<domain::Course> InsertCourse(domain::Course c) override {
        const Value params[] = {c.unit_id.value(),
                                c.topic,
                                c.provider,
                                core::FormatDate(c.from),
                                core::FormatDate(c.to),
                                std::int64_t{c.hours},
                                std::string(domain::CourseKindCode(c.kind)),
                                OptIntValue(c.cost),
                                Millis(c.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO courses (unit_id, topic, provider, from_day, to_day, "
                            "hours, kind, cost, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            params));
        return GetCourse(domain::CourseId{InsertedId(rows)});
    }

    Status UpdateCourse(const domain::Course& c) override {
        const Value params[] = {c.topic,
                                c.provider,
                                core::FormatDate(c.from),
                                core::FormatDate(c.to),
                                std::int64_t{c.hours},
                                std::string(domain::CourseKindCode(c.kind)),
                                OptIntValue(c.cost),
                                c.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE courses SET topic = ?, provider = ?, from_day = ?, to_day = ?, "
                        "hours = ?, kind = ?, cost = ? WHERE id = ?",
                        params),
            "khóa đào tạo");
    }

    Result<domain::Course> GetCourse(domain::CourseId id) override {
        const Value params[] = {id.value()};
        return QueryOne(
            db_,
            fmt::format("SELECT {} FROM courses c JOIN units u ON u.id = c.unit_id WHERE c.id = ?",
                        kCourseColumns),
            params, CourseFromRow,
            core::NotFound("Không tìm thấy khóa đào tạo.", "Course not found."));
    }

    Result<std::vector<domain::Course>> Courses(const std::vector<domain::ScopeRoot>& scope,
                                                bool unrestricted,
                                                int year) override {
        const auto [first, last] = YearDays(year);
        std::vector<Value> params = {first, last};
        const std::string within = ScopeCondition(params, scope, unrestricted, "u.path");
        std::vector<domain::Course> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM courses c JOIN units u ON u.id = c.unit_id WHERE c.to_day "
                        ">= ? AND c.to_day <= ? AND {} ORDER BY c.to_day DESC, c.id DESC LIMIT "
                        "1000",
                        kCourseColumns, within),
            params, [&out](const RowView& row) { out.push_back(CourseFromRow(row)); }));
        return out;
    }

    Result<std::vector<domain::CourseAttendee>> Attendees(domain::CourseId id) override {
        const Value params[] = {id.value()};
        std::vector<domain::CourseAttendee> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT a.course_id, a.person_id, p.full_name, pu.name_vi, a.certificate, "
            "a.certificate_until FROM course_attendees a JOIN people p ON p.id = a.person_id "
            "JOIN units pu ON pu.id = p.unit_id WHERE a.course_id = ? ORDER BY p.full_name, "
            "p.id",
            params, [&out](const RowView& row) {
                domain::CourseAttendee a;
                a.course_id = domain::CourseId{row.Int(0)};
                a.person_id = domain::PersonId{row.Int(1)};
                a.name = row.String(2);
                a.unit_name = row.String(3);
                a.certificate = row.String(4);
                a.certificate_until = OptDateAt(row, 5);
                out.push_back(std::move(a));
            }));
        return out;
    }

    Status AddAttendees(const std::vector<domain::CourseAttendee>& attendees) override {
        for (const auto& a : attendees) {
            const Value params[] = {a.course_id.value(), a.person_id.value(), a.certificate,
                                    OptDateValue(a.certificate_until)};
            UNGCUU_ASSIGN_OR_RETURN(
                rows, db_.Query("INSERT INTO course_attendees (course_id, person_id, "
                                "certificate, certificate_until) VALUES (?, ?, ?, ?) ON CONFLICT "
                                "(course_id, person_id) DO NOTHING RETURNING person_id",
                                params));
            if (rows.empty()) {
                return core::Conflict(
                    fmt::format("{} đã có trong danh sách học viên của khóa.", a.name),
                    fmt::format("{} already attends the course.", a.name));
            }
        }
        return core::Ok();
    }

    Status UpdateAttendee(const domain::CourseAttendee& a) override {
        const Value params[] = {a.certificate, OptDateValue(a.certificate_until),
                                a.course_id.value(), a.person_id.value()};
        return ExpectOneRow(db_.Execute("UPDATE course_attendees SET certificate = ?, "
                                        "certificate_until = ? WHERE course_id = ? AND "
                                        "person_id = ?",
                                        params),
                            "học viên");
    }

    Status RemoveAttendee(domain::CourseId course, domain::PersonId person) override {
        const Value params[] = {course.value(), person.value()};
        return ExpectOneRow(
            db_.Execute("DELETE FROM course_attendees WHERE course_id = ? AND person_id = ?",
                        params),
            "học viên");
    }

    Result<std::vector<app::StaffLine>> StaffUnder(std::string_view path) override {
        const Value params[] = {std::string(path), SubtreeEnd(path)};
        std::vector<app::StaffLine> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT p.id, p.unit_id, p.training_field, p.full_name, p.email FROM people p JOIN "
            "units u ON u.id = "
            "p.unit_id WHERE u.path >= ? AND u.path < ? AND p.active = 1 AND u.active = 1 "
            "LIMIT 200000",
            params, [&out](const RowView& row) {
                out.push_back(app::StaffLine{domain::PersonId{row.Int(0)},
                                             domain::UnitId{row.Int(1)}, !row.Text(2).empty(),
                                             row.String(3), row.String(4)});
            }));
        return out;
    }

    Result<std::vector<app::UnitAttendance>> AttendanceUnder(std::string_view path,
                                                             core::Date until) override {
        const Value params[] = {std::string(path), SubtreeEnd(path), core::FormatDate(until)};
        std::vector<app::UnitAttendance> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT p.unit_id, a.person_id, c.kind, c.to_day, a.certificate_until FROM "
            "course_attendees a JOIN courses c ON c.id = a.course_id JOIN people p ON p.id = "
            "a.person_id JOIN units u ON u.id = p.unit_id WHERE u.path >= ? AND u.path < ? AND "
            "c.to_day <= ? LIMIT 1000000",
            params, [&out](const RowView& row) {
                domain::Attendance a;
                a.person = domain::PersonId{row.Int(1)};
                a.kind =
                    domain::ParseCourseKind(row.Text(2)).value_or(domain::CourseKind::kAwareness);
                a.completed_on = core::ParseDate(row.Text(3)).value_or(core::Date{});
                a.certificate_until = OptDateAt(row, 4);
                out.push_back(app::UnitAttendance{domain::UnitId{row.Int(0)}, a});
            }));
        return out;
    }

    Result<domain::Campaign> InsertCampaign(domain::Campaign k) override {
        const Value params[] = {k.unit_id.value(),
                                k.title,
                                std::string(domain::AudienceCode(k.audience)),
                                k.channel,
                                core::FormatDate(k.day),
                                k.reach,
                                OptIntValue(k.cost),
                                k.notes,
                                Millis(k.created_at)};
        UNGCUU_ASSIGN_OR_RETURN(
            rows, db_.Query("INSERT INTO campaigns (unit_id, title, audience, channel, day, "
                            "reach, cost, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            params));
        return GetCampaign(domain::CampaignId{InsertedId(rows)});
    }

    Status UpdateCampaign(const domain::Campaign& k) override {
        const Value params[] = {k.title,   std::string(domain::AudienceCode(k.audience)),
                                k.channel, core::FormatDate(k.day),
                                k.reach,   OptIntValue(k.cost),
                                k.notes,   k.id.value()};
        return ExpectOneRow(
            db_.Execute("UPDATE campaigns SET title = ?, audience = ?, channel = ?, day = ?, "
                        "reach = ?, cost = ?, notes = ? WHERE id = ?",
                        params),
            "đợt tuyên truyền");
    }

    Result<domain::Campaign> GetCampaign(domain::CampaignId id) override {
        const Value params[] = {id.value()};
        return QueryOne(db_,
                        fmt::format("SELECT {} FROM campaigns k JOIN units u ON u.id = k.unit_id "
                                    "WHERE k.id = ?",
                                    kCampaignColumns),
                        params, CampaignFromRow,
                        core::NotFound("Không tìm thấy đợt tuyên truyền.", "Campaign not found."));
    }

    Result<std::vector<domain::Campaign>> CampaignsUnder(std::string_view path, int year) override {
        const auto [first, last] = YearDays(year);
        const Value params[] = {std::string(path), SubtreeEnd(path), first, last};
        std::vector<domain::Campaign> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            fmt::format("SELECT {} FROM campaigns k JOIN units u ON u.id = k.unit_id WHERE u.path "
                        ">= ? AND u.path < ? AND k.day >= ? AND k.day <= ? ORDER BY k.day DESC, "
                        "k.id DESC LIMIT 5000",
                        kCampaignColumns),
            params, [&out](const RowView& row) { out.push_back(CampaignFromRow(row)); }));
        return out;
    }

    Result<std::vector<domain::PracticeTargets>> TargetsUnder(std::string_view path,
                                                              int year) override {
        const Value params[] = {std::string(path), SubtreeEnd(path), std::int64_t{year}};
        std::vector<domain::PracticeTargets> out;
        UNGCUU_RETURN_IF_ERROR(db_.QueryEach(
            "SELECT t.unit_id, t.year, t.trained_percent, t.audiences, t.it_budget, "
            "t.security_budget FROM practice_targets t JOIN units u ON u.id = t.unit_id WHERE "
            "u.path >= ? AND u.path < ? AND t.year = ? LIMIT 100000",
            params, [&out](const RowView& row) {
                domain::PracticeTargets t;
                t.unit_id = domain::UnitId{row.Int(0)};
                t.year = static_cast<int>(row.Int(1));
                t.trained_percent = static_cast<int>(row.Int(2));
                for (const auto& code : SplitCodes(row.Text(3))) {
                    if (const auto a = domain::ParseAudience(code)) {
                        t.audiences.push_back(*a);
                    }
                }
                t.it_budget = OptInt(row, 4);
                t.security_budget = OptInt(row, 5);
                out.push_back(std::move(t));
            }));
        return out;
    }

    Status PutTargets(const domain::PracticeTargets& t) override {
        const Value params[] = {
            t.unit_id.value(),          std::int64_t{t.year},     std::int64_t{t.trained_percent},
            AudienceCodes(t.audiences), OptIntValue(t.it_budget), OptIntValue(t.security_budget)};
        return Exec(db_,
                    "INSERT INTO practice_targets (unit_id, year, trained_percent, audiences, "
                    "it_budget, security_budget) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, "
                    "year) DO UPDATE SET trained_percent = excluded.trained_percent, audiences = "
                    "excluded.audiences, it_budget = excluded.it_budget, security_budget = "
                    "excluded.security_budget",
                    params);
    }

private:
    Connection& db_;
};

}  // namespace

std::unique_ptr<app::TrainingRepository> MakeSqlTrainingRepository(Connection& db) {
    return std::make_unique<SqlTrainingRepository>(db);
}

}  // namespace ungcuu::storage

#include "domain/training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

std::string_view CourseKindCode(CourseKind kind) { return kCourseKinds[static_cast<int>(kind)]; }

std::optional<CourseKind> ParseCourseKind(std::string_view code) {
    return ParseListedCode<CourseKind>(kCourseKinds, code);
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
    if (course.cost && *course.cost < 0) {
        errors.Add("cost", "kinh phí không âm", "the cost is not negative");
    }
    return errors.ToStatus();
}

core::Status ValidateAttendee(const CourseAttendee& attendee, const Course& course) {
    FieldErrors errors;
    CheckText(errors, "certificate", attendee.certificate, Required::kNo, 200);
    if (attendee.certificate_until) {
        if (attendee.certificate.empty()) {
            errors.Add("certificate_until", "hạn chứng chỉ chỉ ghi khi có chứng chỉ",
                       "a validity is given only with a certificate");
        } else if (*attendee.certificate_until < course.to) {
            errors.Add("certificate_until", "hạn chứng chỉ không trước ngày kết thúc khóa học",
                       "the certificate does not expire before the course ends");
        }
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

std::string_view AudienceCode(Audience audience) { return kAudiences[static_cast<int>(audience)]; }

std::optional<Audience> ParseAudience(std::string_view code) {
    return ParseListedCode<Audience>(kAudiences, code);
}

bool IsChannel(std::string_view code) {
    return std::find(std::begin(kChannels), std::end(kChannels), code) != std::end(kChannels);
}

core::Status ValidateCampaign(const Campaign& campaign) {
    FieldErrors errors;
    CheckText(errors, "title", campaign.title, Required::kYes, 500);
    CheckText(errors, "notes", campaign.notes, Required::kNo, 5000);
    if (!IsChannel(campaign.channel)) {
        errors.Add("channel", "kênh tuyên truyền không hợp lệ", "unknown channel");
    }
    if (campaign.reach < 0 || campaign.reach > 100'000'000) {
        errors.Add("reach", "số người được tiếp cận là 0–100.000.000",
                   "the reach is 0–100,000,000 people");
    }
    if (campaign.cost && *campaign.cost < 0) {
        errors.Add("cost", "kinh phí không âm", "the cost is not negative");
    }
    return errors.ToStatus();
}

PracticeTargets DefaultTargets(UnitId unit, UnitKind kind, int year) {
    PracticeTargets t;
    t.unit_id = unit;
    t.year = year;
    t.audiences.push_back(Audience::kOfficials);
    if (kind == UnitKind::kCommune) {
        t.audiences.push_back(Audience::kPupils);
    }
    if (kind == UnitKind::kProvince || kind == UnitKind::kDistrict || kind == UnitKind::kCommune) {
        t.audiences.push_back(Audience::kCitizens);
    }
    return t;
}

core::Status ValidateTargets(const PracticeTargets& targets) {
    FieldErrors errors;
    if (targets.year < 2000 || targets.year > 2100) {
        errors.Add("year", "năm là 2000–2100", "the year is 2000–2100");
    }
    if (targets.trained_percent < 0 || targets.trained_percent > 100) {
        errors.Add("trained_percent", "tỷ lệ là 0–100%", "the share is 0–100%");
    }
    std::set<Audience> seen;
    for (const auto a : targets.audiences) {
        if (!seen.insert(a).second) {
            errors.Add("audiences", "mỗi đối tượng một lần", "each audience once");
            break;
        }
    }
    const bool negative = (targets.it_budget && *targets.it_budget < 0) ||
                          (targets.security_budget && *targets.security_budget < 0);
    if (negative) {
        errors.Add("security_budget", "kinh phí không âm", "budgets are not negative");
    } else if (targets.it_budget && targets.security_budget &&
               *targets.security_budget > *targets.it_budget) {
        errors.Add("security_budget", "kinh phí an toàn thông tin không lớn hơn kinh phí CNTT",
                   "the security budget is not above the IT budget");
    }
    return errors.ToStatus();
}

std::string_view DutyStatusCode(DutyStatus status) {
    static constexpr std::string_view kCodes[] = {"met", "due", "missed", "not_declared"};
    return kCodes[static_cast<int>(status)];
}

namespace {

constexpr std::string_view kAudienceNamesVi[] = {"cán bộ, công chức", "học sinh", "người dân"};

}  // namespace

std::vector<PracticeDuty> EvaluateDuties(const PracticeTargets& targets,
                                         const Coverage& coverage,
                                         const std::vector<Audience>& reached,
                                         core::Date today) {
    const auto year = static_cast<int>(std::chrono::year_month_day{today}.year());
    const bool over = year > targets.year;
    const DutyStatus unmet = over ? DutyStatus::kMissed : DutyStatus::kDue;
    const std::string deadline = fmt::format("31/12/{}", targets.year);
    std::vector<PracticeDuty> out;
    // Training: the trained share against the target; a unit whose people are not in the
    // register has not declared whom to train.
    if (coverage.officials == 0) {
        out.push_back({"training", DutyStatus::kNotDeclared,
                       "Chưa có cán bộ nào trong danh sách nhân sự của đơn vị",
                       "Nobody of the unit is in the people register"});
    } else {
        PracticeDuty duty{"training", DutyStatus::kMet, "", ""};
        const int percent = coverage.TrainedPercent();
        if (percent < targets.trained_percent) {
            duty.status = unmet;
        }
        duty.detail_vi = fmt::format("{}/{} cán bộ được đào tạo, tập huấn ({}%; chỉ tiêu {}%{})",
                                     coverage.trained_this_year, coverage.officials, percent,
                                     targets.trained_percent,
                                     duty.status == DutyStatus::kDue ? ", hạn " + deadline : "");
        duty.detail_en =
            fmt::format("{}/{} officials trained ({}%; target {}%{})", coverage.trained_this_year,
                        coverage.officials, percent, targets.trained_percent,
                        duty.status == DutyStatus::kDue ? ", due " + deadline : "");
        out.push_back(std::move(duty));
    }
    for (const auto audience : targets.audiences) {
        const bool done = std::find(reached.begin(), reached.end(), audience) != reached.end();
        const auto index = static_cast<int>(audience);
        PracticeDuty duty{fmt::format("awareness.{}", AudienceCode(audience)),
                          done ? DutyStatus::kMet : unmet, "", ""};
        duty.detail_vi = done ? fmt::format("Đã tuyên truyền cho {}", kAudienceNamesVi[index])
                              : fmt::format("Chưa tuyên truyền cho {}{}", kAudienceNamesVi[index],
                                            over ? "" : " (hạn " + deadline + ")");
        duty.detail_en = fmt::format("{} {}", AudienceCode(audience),
                                     done ? "reached" : (over ? "not reached" : "due " + deadline));
        out.push_back(std::move(duty));
    }
    {
        PracticeDuty duty{"budget", DutyStatus::kNotDeclared, "", ""};
        if (!targets.it_budget || !targets.security_budget || *targets.it_budget == 0) {
            duty.detail_vi = "Chưa khai kinh phí CNTT và kinh phí an toàn thông tin của năm";
            duty.detail_en = "The year's IT and security budgets are not declared";
        } else {
            const auto share = *targets.security_budget * 100 / *targets.it_budget;
            duty.status = share >= kSecurityBudgetPercent ? DutyStatus::kMet : unmet;
            duty.detail_vi = fmt::format(
                "Kinh phí an toàn thông tin bằng {}% kinh phí CNTT "
                "(tối thiểu {}%)",
                share, kSecurityBudgetPercent);
            duty.detail_en = fmt::format("Security budget is {}% of the IT budget (at least {}%)",
                                         share, kSecurityBudgetPercent);
        }
        out.push_back(std::move(duty));
    }
    return out;
}

}  // namespace ungcuu::domain

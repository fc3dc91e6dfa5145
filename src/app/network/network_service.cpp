#include "app/network/network_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "app/audit_writer.hpp"
#include "app/claims.hpp"
#include "app/organisation/training_service.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"
#include "domain/incident.hpp"

namespace ungcuu::app {

namespace {

constexpr int kProfileSoonDays = 30;
constexpr std::size_t kMaxAddressees = 500;

std::string_view RoleTitle(domain::ContactRole role) {
    switch (role) {
        case domain::ContactRole::kLeader:
            return "Lãnh đạo phụ trách an toàn thông tin";
        case domain::ContactRole::kPrimary:
            return "Đầu mối ứng cứu sự cố (chính)";
        case domain::ContactRole::kBackup:
            return "Đầu mối ứng cứu sự cố (dự phòng)";
    }
    return "";
}

/// The coordinating units a contact notice goes to: the holders of the national coordinator and
/// specialised-unit functions serving the unit's place.
core::Result<std::vector<domain::Recipient>> CoordinatorsOf(Repositories& repos,
                                                            const domain::Unit& unit) {
    UNGCUU_ASSIGN_OR_RETURN(holders, repos.outbox.Holders());
    return domain::ResolveRecipients({"national_coordinator", "specialised"}, unit.path, unit.id,
                                     {}, {}, holders);
}

struct ContactLine {
    domain::ContactRole role;
    std::optional<domain::Person> person;
};

core::Result<std::vector<ContactLine>> ContactsOf(Repositories& repos, domain::UnitId unit) {
    UNGCUU_ASSIGN_OR_RETURN(contacts, repos.contacts.ListByUnit(unit));
    std::vector<ContactLine> lines;
    for (const auto role : {domain::ContactRole::kLeader, domain::ContactRole::kPrimary,
                            domain::ContactRole::kBackup}) {
        ContactLine line{role, std::nullopt};
        for (const auto& contact : contacts) {
            if (contact.role == role) {
                if (auto person = repos.people.Get(contact.person_id); person.ok()) {
                    line.person = std::move(*person);
                }
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

std::string Describe(const domain::Person& p) {
    std::string out = p.full_name;
    for (const auto& [label, value] :
         std::initializer_list<std::pair<std::string_view, std::string_view>>{
             {"chức vụ", p.position},
             {"điện thoại cơ quan", p.office_phone},
             {"di động", p.mobile_phone},
             {"thư điện tử", p.email}}) {
        if (!value.empty()) {
            out += fmt::format("; {}: {}", label, value);
        }
    }
    return out;
}

std::string NoticeBody(const domain::Unit& unit,
                       const domain::ContactClock& clock,
                       const std::vector<ContactLine>& contacts) {
    std::string body = fmt::format(
        "THÔNG BÁO THAY ĐỔI ĐẦU MỐI ỨNG CỨU SỰ CỐ\n"
        "(Thông tư 20/2017/TT-BTTTT, Điều 6 khoản 1 điểm b: cập nhật trong 24 giờ)\n\n"
        "Đơn vị: {}\nCác thay đổi:\n",
        unit.name_vi);
    for (const auto& change : clock.pending) {
        body += fmt::format("- {}: {} (lúc {})\n", RoleTitle(change.role),
                            change.person_name.empty() ? "để trống" : change.person_name,
                            core::FormatLocalDateTime(change.at));
    }
    body += "\nThông tin liên hệ hiện tại:\n";
    for (const auto& line : contacts) {
        body += fmt::format("- {}: {}\n", RoleTitle(line.role),
                            line.person ? Describe(*line.person) : "chưa chỉ định");
    }
    return body;
}

// The annex's words for the codes of domain/people.hpp, in the same order.
constexpr std::array<std::string_view, 3> kFieldNames = {"CNTT", "ATTT", "tương đương"};
constexpr std::array<std::string_view, 4> kDegreeNames = {"sau đại học", "đại học", "cao đẳng",
                                                          "trung cấp"};
constexpr std::array<std::string_view, 4> kGroupNames = {
    "quản lý ATTT", "phòng thủ, chống tấn công", "bảo vệ hệ thống và ứng dụng",
    "kiểm tra, đánh giá"};

std::string DegreeName(std::string_view code) {
    for (std::size_t i = 0; i < kDegreeNames.size(); ++i) {
        if (domain::kDegrees[i] == code) {
            return std::string(kDegreeNames[i]);
        }
    }
    return "…";
}

template <std::size_t N>
std::string CountsLine(const std::array<std::string_view, N>& labels, const int (&counts)[N]) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        out += fmt::format("{}{}: {}", i == 0 ? "" : "; ", labels[i], counts[i]);
    }
    return out;
}

/// Stores the order as received by `receiving`, a task for each of `addressed` due at its
/// deadline, and the audit row of `action`; returns the stored order and its tasks.
core::Result<std::pair<domain::CoordinationOrder, std::vector<domain::OrderTask>>> StoreOrder(
    Repositories& repos,
    const Actor& actor,
    domain::CoordinationOrder order,
    const domain::Unit& receiving,
    const std::vector<domain::Unit>& addressed,
    std::string_view action,
    core::TimePoint now) {
    order.receiving_unit_id = receiving.id;
    order.receiving_unit_name = receiving.name_vi;
    order.receiving_unit_path = receiving.path;
    order.created_at = now;
    order.created_by = actor.login;
    UNGCUU_ASSIGN_OR_RETURN(saved, repos.network.InsertOrder(order));
    std::vector<domain::OrderTask> tasks;
    for (const auto& unit : addressed) {
        domain::OrderTask task;
        task.order_id = saved.id;
        task.unit_id = unit.id;
        task.due_at = saved.deadline;
        UNGCUU_ASSIGN_OR_RETURN(inserted, repos.network.InsertTask(std::move(task)));
        tasks.push_back(std::move(inserted));
    }
    UNGCUU_RETURN_IF_ERROR(
        WriteAudit(repos, actor, now,
                   {std::string(action), "coordination_order", saved.id.value(), &receiving, "{}",
                    core::FieldSnapshot()
                        .Add("number", std::string_view(saved.number))
                        .Add("issuer", std::string_view(saved.issuer))
                        .Add("addressees", static_cast<std::int64_t>(addressed.size()))
                        .ToJson()}));
    return std::pair{std::move(saved), std::move(tasks)};
}

/// Records the answer on the task, answered at `now` by `by`, with its audit row.
core::Status SaveAnswer(Repositories& repos,
                        const Actor& actor,
                        domain::OrderTask& task,
                        const domain::Unit& unit,
                        domain::TaskState state,
                        const std::string& answer,
                        const std::string& by,
                        core::TimePoint now) {
    UNGCUU_RETURN_IF_ERROR(domain::CheckAnswer(task, state, answer));
    task.state = state;
    task.answer = answer;
    task.answered_at = now;
    task.answered_by = by;
    UNGCUU_RETURN_IF_ERROR(repos.network.UpdateTask(task));
    return WriteAudit(repos, actor, now,
                      {"order.answer", "order_task", task.id.value(), &unit, "{}",
                       core::FieldSnapshot()
                           .Add("state", domain::TaskStateCode(state))
                           .Add("late", now > task.due_at)
                           .ToJson()});
}

}  // namespace

core::Result<MemberView> NetworkService::LoadMember(Repositories& repos, const domain::Unit& unit) {
    const auto now = clock_.Now();
    MemberView view;
    view.unit = unit;
    UNGCUU_ASSIGN_OR_RETURN(profile, repos.network.Profile(unit.id));
    view.profile_saved = profile.has_value();
    if (profile) {
        view.profile = std::move(*profile);
    } else {
        view.profile.unit_id = unit.id;
    }
    view.profile_due_on = domain::ProfileDueOn(view.profile);
    const auto today = core::LocalDate(now);
    if (!view.profile_due_on || *view.profile_due_on < today) {
        view.profile_state = domain::DutyState::kOverdue;
    } else if (*view.profile_due_on <= today + std::chrono::days(kProfileSoonDays)) {
        view.profile_state = domain::DutyState::kDue;
    } else {
        view.profile_state = domain::DutyState::kOk;
    }
    UNGCUU_ASSIGN_OR_RETURN(last, repos.network.LastNotifiedChange(unit.id));
    UNGCUU_ASSIGN_OR_RETURN(changes, repos.contacts.ChangesAfter(unit.id, last));
    view.contact_clock = domain::ContactClockOf(std::move(changes), now);
    UNGCUU_ASSIGN_OR_RETURN(notices, repos.network.NoticesFrom(unit.id, 20));
    view.notices = std::move(notices);
    UNGCUU_ASSIGN_OR_RETURN(coordinators, CoordinatorsOf(repos, unit));
    for (const auto& recipient : coordinators) {
        UNGCUU_ASSIGN_OR_RETURN(target, repos.units.Get(recipient.unit_id));
        view.coordinators.push_back({recipient.function, target.name_vi});
    }
    return view;
}

core::Result<MemberView> NetworkService::Member(const Actor& actor, domain::UnitId unit) {
    return store_.Read([&](Repositories& repos) -> core::Result<MemberView> {
        UNGCUU_ASSIGN_OR_RETURN(loaded,
                                LoadUnitFor(repos, actor, unit, domain::Permission::kUnitRead));
        return LoadMember(repos, loaded);
    });
}

core::Result<MemberView> NetworkService::SaveProfile(const Actor& actor,
                                                     domain::MemberProfile profile) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateMemberProfile(profile));
    const auto now = clock_.Now();
    if (profile.submitted_on && *profile.submitted_on > core::LocalDate(now)) {
        return core::InvalidArgument("Ngày nộp hồ sơ không thể ở tương lai.",
                                     "The filing date cannot be in the future.");
    }
    profile.updated_at = now;
    return store_.Write([&](Repositories& repos) -> core::Result<MemberView> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, profile.unit_id, domain::Permission::kContactWrite));
        UNGCUU_RETURN_IF_ERROR(repos.network.SaveProfile(profile));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"member.profile", "unit", unit.id.value(), &unit, "{}",
             core::FieldSnapshot()
                 .Add("member_code", std::string_view(profile.member_code))
                 .Add("membership", domain::MembershipCode(profile.membership))
                 .Add("submitted_on",
                      profile.submitted_on
                          ? std::optional<std::string>(core::FormatDate(*profile.submitted_on))
                          : std::nullopt)
                 .ToJson()}));
        return LoadMember(repos, unit);
    });
}

core::Result<std::vector<domain::ContactNotice>> NetworkService::SendContactNotice(
    const Actor& actor, domain::UnitId unit_id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos)
                            -> core::Result<std::vector<domain::ContactNotice>> {
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, unit_id, domain::Permission::kContactWrite));
        UNGCUU_ASSIGN_OR_RETURN(member, LoadMember(repos, unit));
        const auto& clock = member.contact_clock;
        if (clock.pending.empty()) {
            return core::Conflict("Không có thay đổi đầu mối nào chưa được thông báo.",
                                  "No contact change is waiting to be notified.");
        }
        UNGCUU_ASSIGN_OR_RETURN(recipients, CoordinatorsOf(repos, unit));
        if (recipients.empty()) {
            return core::Conflict(
                "Chưa đơn vị nào giữ chức năng cơ quan điều phối quốc gia hoặc đơn vị chuyên "
                "trách cho đơn vị này: giao chức năng ở thẻ \"Điều phối báo cáo\" của đơn vị phù "
                "hợp, hoặc gửi thông báo ra ngoài hệ thống.",
                "No unit holds the national coordinator or specialised-unit function for this "
                "unit: assign it on the right unit's routing tab, or notify outside ungcuu.");
        }
        UNGCUU_ASSIGN_OR_RETURN(contacts, ContactsOf(repos, unit.id));
        const std::string body = NoticeBody(unit, clock, contacts);
        std::vector<domain::ContactNotice> sent;
        for (const auto& recipient : recipients) {
            UNGCUU_ASSIGN_OR_RETURN(target, repos.units.Get(recipient.unit_id));
            domain::ContactNotice notice;
            notice.unit_id = unit.id;
            notice.unit_name = unit.name_vi;
            notice.recipient_unit_id = target.id;
            notice.recipient_name = target.name_vi;
            notice.function = recipient.function;
            notice.changes_from = clock.pending.front().at;
            for (const auto& change : clock.pending) {
                notice.through_change = std::max(notice.through_change, change.seq);
            }
            notice.due_at = *clock.due_at;
            notice.sent_at = now;
            notice.sent_by = actor.login;
            notice.body = body;
            notice.email = domain::MailAddressOf(target);
            notice.mail.Queue(notice.email, now);
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.network.InsertNotice(std::move(notice)));
            UNGCUU_RETURN_IF_ERROR(
                WriteAudit(repos, actor, now,
                           {"contact.notice", "contact_notice", inserted.id.value(), &unit, "{}",
                            core::FieldSnapshot()
                                .Add("recipient", std::string_view(inserted.recipient_name))
                                .Add("function", std::string_view(inserted.function))
                                .Add("late", now > inserted.due_at)
                                .ToJson()}));
            sent.push_back(std::move(inserted));
        }
        return sent;
    });
}

core::Result<std::vector<domain::ContactNotice>> NetworkService::IncomingNotices(
    const Actor& actor, bool unacknowledged_only) {
    return store_.Read(
        [&](Repositories& repos) -> core::Result<std::vector<domain::ContactNotice>> {
            return repos.network.NoticesTo(actor.scope.VisibleRoots(), unacknowledged_only, 100);
        });
}

core::Result<domain::ContactNotice> NetworkService::AcknowledgeNotice(const Actor& actor,
                                                                      domain::ContactNoticeId id) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<domain::ContactNotice> {
        UNGCUU_ASSIGN_OR_RETURN(notice, repos.network.GetNotice(id));
        UNGCUU_ASSIGN_OR_RETURN(recipient, LoadUnitFor(repos, actor, notice.recipient_unit_id,
                                                       domain::Permission::kIncidentReport));
        if (notice.acknowledged_at) {
            return notice;
        }
        notice.acknowledged_at = now;
        notice.acknowledged_by = actor.login;
        UNGCUU_RETURN_IF_ERROR(repos.network.UpdateNotice(notice));
        UNGCUU_RETURN_IF_ERROR(WriteAudit(
            repos, actor, now,
            {"contact.notice_acknowledge", "contact_notice", notice.id.value(), &recipient, "{}",
             core::FieldSnapshot().Add("unit", std::string_view(notice.unit_name)).ToJson()}));
        return notice;
    });
}

core::Result<NoticeMailResult> NetworkService::DispatchNoticeMail() {
    constexpr int kMaxAttempts = 20;
    NoticeMailResult result;
    const auto claim = [](Repositories& repos, core::TimePoint now, core::TimePoint until) {
        return repos.network.ClaimMailDue(now, until);
    };
    const auto attempt = [&](domain::ContactNotice& notice) -> core::Status {
        domain::Delivery mail;
        mail.id = domain::DeliveryId{notice.id.value()};
        mail.kind = "contact_notice";
        mail.channel = domain::Channel::kEmail;
        mail.address = notice.email;
        mail.subject =
            fmt::format("[TBĐM] Thông báo thay đổi đầu mối ứng cứu sự cố — {}", notice.unit_name);
        mail.body = notice.body;
        mail.created_at = notice.sent_at;
        result.Add(domain::RecordMailAttempt(notice.mail, notifier_.Send(mail, {}), clock_.Now(),
                                             kMaxAttempts));
        return store_.Write([&](Repositories& repos) -> core::Status {
            return repos.network.UpdateNotice(notice);
        });
    };
    UNGCUU_RETURN_IF_ERROR(
        AttemptClaimed(store_, clock_, domain::kMailBatch, domain::kMailLease, claim, attempt));
    return result;
}

core::Result<RenderedDocument> NetworkService::Form(const Actor& actor,
                                                    domain::UnitId unit_id,
                                                    MemberForm form,
                                                    DocumentFormat format) {
    const bool registration = form == MemberForm::kRegistration;
    const auto now = clock_.Now();
    OfficialDocument doc;
    std::string code;
    UNGCUU_RETURN_IF_ERROR(store_.Read([&](Repositories& repos) -> core::Status {
        UNGCUU_ASSIGN_OR_RETURN(unit,
                                LoadUnitFor(repos, actor, unit_id, domain::Permission::kUnitRead));
        code = unit.code;
        UNGCUU_ASSIGN_OR_RETURN(member, LoadMember(repos, unit));
        std::string parent;
        if (unit.parent_id) {
            if (auto above = repos.units.Get(*unit.parent_id); above.ok()) {
                parent = above->name_vi;
            }
        }
        doc.parent_unit = parent;
        doc.issuing_unit = unit.name_vi;
        doc.number = "Số: ……";
        const std::string place = PlaceOf(repos, unit);
        const std::string date = core::FormatVietnameseDate(now);
        doc.place_date = place.empty() ? core::UpperFirst(date) : place + ", " + date;
        doc.title = registration ? "Đơn đăng ký tham gia mạng lưới ứng cứu sự cố"
                                 : "Bản khai hồ sơ thành viên mạng lưới ứng cứu sự cố";
        doc.subtitle = registration ? "(Mẫu 02, Phụ lục I Thông tư 20/2017/TT-BTTTT)"
                                    : "(Mẫu 01, Phụ lục I Thông tư 20/2017/TT-BTTTT)";
        UNGCUU_ASSIGN_OR_RETURN(holders, repos.outbox.Holders());
        const auto coordinator = domain::ResolveRecipients({"national_coordinator"}, unit.path,
                                                           unit.id, {}, {}, holders);
        if (coordinator.empty()) {
            doc.recipients.emplace_back("Cơ quan điều phối quốc gia về ứng cứu sự cố");
        } else {
            UNGCUU_ASSIGN_OR_RETURN(target, repos.units.Get(coordinator.front().unit_id));
            doc.recipients.push_back(target.name_vi);
        }
        UNGCUU_ASSIGN_OR_RETURN(contacts, ContactsOf(repos, unit.id));
        const auto person_of = [&](domain::ContactRole role) -> const domain::Person* {
            for (const auto& line : contacts) {
                if (line.role == role && line.person) {
                    return &*line.person;
                }
            }
            return nullptr;
        };
        const auto& c = unit.contact;
        OfficialDocument::Section org{"1. Thông tin về tổ chức", {}, {}};
        org.fields = {{"Tên tổ chức", unit.name_vi},
                      {"Cơ quan chủ quản", parent},
                      {"Địa chỉ", c.address},
                      {"Điện thoại", c.phone},
                      {"Fax", c.fax},
                      {"Thư điện tử", c.email},
                      {"Website", c.website},
                      {"Loại thành viên",
                       member.profile.membership == domain::Membership::kVoluntary ? "Tự nguyện"
                                                                                   : "Bắt buộc"}};
        if (!member.profile.member_code.empty()) {
            org.fields.push_back({"Mã thành viên", member.profile.member_code});
        }
        const auto* leader = person_of(domain::ContactRole::kLeader);
        org.fields.push_back({"Lãnh đạo phụ trách an toàn thông tin",
                              leader != nullptr ? Describe(*leader) : "chưa chỉ định"});
        org.fields.push_back({"Nơi tiếp nhận báo cáo sự cố", c.report_address});
        doc.sections.push_back(std::move(org));
        OfficialDocument::Section points{"2. Đầu mối ứng cứu sự cố", {}, {}};
        for (const auto role : {domain::ContactRole::kPrimary, domain::ContactRole::kBackup}) {
            const auto* p = person_of(role);
            points.fields.push_back(
                {std::string(RoleTitle(role)), p != nullptr ? Describe(*p) : "chưa chỉ định"});
        }
        doc.sections.push_back(std::move(points));
        OfficialDocument::Section about{
            registration ? "3. Mô tả hoạt động" : "3. Mô tả năng lực ứng cứu sự cố", {}, {}};
        const auto& text = registration ? member.profile.activity : member.profile.capability;
        about.paragraphs.push_back(text.empty() ? "(chưa khai)" : text);
        doc.sections.push_back(std::move(about));
        // Systems in the member's scope by level (its own and those of the units under it).
        SystemFilter filter;
        filter.unrestricted = true;
        filter.owner_unit_id = unit.id;
        filter.active = true;
        filter.limit = 2000;
        UNGCUU_ASSIGN_OR_RETURN(systems, repos.systems.List(filter));
        std::map<int, std::vector<std::string>> by_level;
        for (const auto& system : systems) {
            by_level[system.approved_level.value_or(system.proposed_level)].push_back(
                system.name_vi);
        }
        OfficialDocument::Section scope{"4. Hệ thống thông tin thuộc phạm vi", {}, {}};
        for (int level = 1; level <= 5; ++level) {
            const auto& names = by_level[level];
            scope.fields.push_back({fmt::format("Cấp độ {}", level),
                                    names.empty() ? "không có"
                                                  : fmt::format("{} hệ thống ({})", names.size(),
                                                                fmt::join(names, "; "))});
        }
        doc.sections.push_back(std::move(scope));
        if (registration) {
            const auto* primary = person_of(domain::ContactRole::kPrimary);
            OfficialDocument::Section reach{"5. Thông tin liên lạc trong mạng lưới", {}, {}};
            reach.fields = {
                {"Website", c.website},
                {"Thư điện tử của tổ chức", c.email},
                {"Khóa PGP/GPG", member.profile.pgp_key},
                {"Liên lạc trong giờ hành chính",
                 primary != nullptr ? primary->full_name + " — " + primary->office_phone : ""},
                {"Liên lạc ngoài giờ hành chính",
                 primary != nullptr ? primary->full_name + " — " + primary->mobile_phone : ""},
                {"Lãnh đạo (khi không liên lạc được hoặc sự cố nghiêm trọng)",
                 leader != nullptr ? Describe(*leader) : ""},
                {"Địa chỉ bưu chính", c.address}};
            doc.sections.push_back(std::move(reach));
        }
        // The staff annex: figures and the named list.
        UNGCUU_ASSIGN_OR_RETURN(people, repos.people.ListByUnit(unit.id));
        const auto figures = domain::CountStaff(people);
        OfficialDocument::Section staff{"Phụ lục: Thông tin nhân lực", {}, {}};
        staff.fields = {{"Tổng số nhân lực kỹ thuật", std::to_string(figures.total)},
                        {"Theo lĩnh vực đào tạo", CountsLine(kFieldNames, figures.by_field)},
                        {"Theo trình độ", CountsLine(kDegreeNames, figures.by_degree)},
                        {"Chứng chỉ", fmt::format("quốc tế: {}; trong nước: {}",
                                                  figures.international_certificates,
                                                  figures.domestic_certificates)},
                        {"Chuyên gia theo nhóm", CountsLine(kGroupNames, figures.by_expert_group)}};
        // Training and certificates as the training records hold them on the day.
        const auto today = core::LocalDate(now);
        UNGCUU_ASSIGN_OR_RETURN(coverage, CoverageOfUnit(repos, unit, today, false));
        staff.fields.push_back(
            {fmt::format("Đào tạo, tập huấn an toàn thông tin năm {}",
                         static_cast<int>(std::chrono::year_month_day{today}.year())),
             fmt::format("{}/{} cán bộ ({}%)", coverage.trained_this_year, coverage.officials,
                         coverage.TrainedPercent())});
        staff.fields.push_back({"Chứng chỉ chuyên ngành an toàn thông tin còn hiệu lực",
                                fmt::format("{}/{} nhân lực kỹ thuật",
                                            coverage.specialists_certified, coverage.specialists)});
        int n = 0;
        for (const auto& p : people) {
            const auto& q = p.qualification;
            if (!p.active || q.training_field.empty()) {
                continue;
            }
            staff.paragraphs.push_back(fmt::format(
                "{}. {} — trường: {}; ngành: {}; bằng cấp/chứng chỉ: {}{}; tốt nghiệp: {}", ++n,
                p.full_name, q.school.empty() ? "…" : q.school, q.major.empty() ? "…" : q.major,
                DegreeName(q.degree), q.certificates.empty() ? "" : ", " + q.certificates,
                q.graduated.empty() ? "…" : q.graduated));
        }
        doc.sections.push_back(std::move(staff));
        doc.signer_title = "Thủ trưởng cơ quan, đơn vị";
        return core::Ok();
    }));
    return RenderDocument(renderer_, doc, format,
                          fmt::format("{}-{}", code, registration ? "mau02" : "mau01"));
}

core::Result<OrderView> NetworkService::ViewOf(Repositories& repos,
                                               const Actor& actor,
                                               domain::CoordinationOrder order) {
    OrderView view;
    view.follows_up = actor.unrestricted || actor.scope.Sees(order.receiving_unit_path);
    UNGCUU_ASSIGN_OR_RETURN(tasks, repos.network.Tasks(order.id));
    for (auto& task : tasks) {
        if (view.follows_up || actor.scope.Sees(task.unit_path)) {
            view.tasks.push_back(std::move(task));
        }
    }
    view.as_of = clock_.Now();
    view.roll_up = domain::RollUp(view.tasks, view.as_of);
    view.order = std::move(order);
    return view;
}

core::Result<OrderView> NetworkService::RecordOrder(const Actor& actor, NewOrder input) {
    auto& order = input.order;
    auto& ids = input.addressees;
    std::sort(ids.begin(), ids.end(),
              [](domain::UnitId a, domain::UnitId b) { return a.value() < b.value(); });
    ids.erase(
        std::unique(ids.begin(), ids.end(),
                    [](domain::UnitId a, domain::UnitId b) { return a.value() == b.value(); }),
        ids.end());
    if (input.addressees.size() > kMaxAddressees) {
        return core::InvalidArgument(
            fmt::format("Một lệnh gửi tới tối đa {} đơn vị.", kMaxAddressees),
            fmt::format("An order addresses at most {} units.", kMaxAddressees));
    }
    UNGCUU_RETURN_IF_ERROR(domain::ValidateOrder(order, input.addressees.size()));
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<OrderView> {
        UNGCUU_ASSIGN_OR_RETURN(receiving, LoadUnitFor(repos, actor, order.receiving_unit_id,
                                                       domain::Permission::kIncidentHandle));
        std::vector<domain::Unit> addressed;
        for (const auto id : input.addressees) {
            auto unit = repos.units.Get(id);
            if (!unit.ok() || !unit->active || !domain::IsWithin(unit->path, receiving.path)) {
                return core::InvalidArgument(
                    fmt::format("Đơn vị {} không thuộc phạm vi của {} hoặc đã ngừng hoạt động.",
                                id.value(), receiving.name_vi),
                    fmt::format("Unit {} is not an active unit under {}.", id.value(),
                                receiving.name_vi));
            }
            addressed.push_back(std::move(*unit));
        }
        UNGCUU_ASSIGN_OR_RETURN(stored, StoreOrder(repos, actor, std::move(order), receiving,
                                                   addressed, "order.record", now));
        return ViewOf(repos, actor, std::move(stored.first));
    });
}

core::Result<std::vector<OrderView>> NetworkService::Orders(const Actor& actor) {
    return store_.Read([&](Repositories& repos) -> core::Result<std::vector<OrderView>> {
        UNGCUU_ASSIGN_OR_RETURN(
            orders, repos.network.Orders(actor.scope.VisibleRoots(), actor.unrestricted, 100));
        std::vector<OrderView> views;
        for (auto& order : orders) {
            UNGCUU_ASSIGN_OR_RETURN(view, ViewOf(repos, actor, std::move(order)));
            views.push_back(std::move(view));
        }
        return views;
    });
}

core::Result<OrderView> NetworkService::Order(const Actor& actor, domain::OrderId id) {
    return store_.Read([&](Repositories& repos) -> core::Result<OrderView> {
        UNGCUU_ASSIGN_OR_RETURN(order, repos.network.GetOrder(id));
        UNGCUU_ASSIGN_OR_RETURN(view, ViewOf(repos, actor, std::move(order)));
        if (!view.follows_up && view.tasks.empty()) {
            return core::NotFound("Không tìm thấy lệnh điều phối.",
                                  "Coordination order not found.");
        }
        return view;
    });
}

core::Result<OrderView> NetworkService::AnswerTask(const Actor& actor,
                                                   domain::OrderTaskId id,
                                                   domain::TaskState state,
                                                   const std::string& answer) {
    const auto now = clock_.Now();
    return store_.Write([&](Repositories& repos) -> core::Result<OrderView> {
        UNGCUU_ASSIGN_OR_RETURN(task, repos.network.GetTask(id));
        UNGCUU_ASSIGN_OR_RETURN(
            unit, LoadUnitFor(repos, actor, task.unit_id, domain::Permission::kIncidentReport));
        UNGCUU_RETURN_IF_ERROR(
            SaveAnswer(repos, actor, task, unit, state, answer, actor.login, now));
        UNGCUU_ASSIGN_OR_RETURN(order, repos.network.GetOrder(task.order_id));
        return ViewOf(repos, actor, std::move(order));
    });
}

core::Result<domain::OrderTask> NetworkService::Receive(Repositories& repos,
                                                        const Actor& actor,
                                                        domain::CoordinationOrder order,
                                                        domain::UnitId unit_id) {
    UNGCUU_RETURN_IF_ERROR(domain::ValidateOrder(order, 1));
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(unit_id));
    UNGCUU_ASSIGN_OR_RETURN(stored, StoreOrder(repos, actor, std::move(order), unit, {unit},
                                               "order.receive", clock_.Now()));
    return std::move(stored.second.front());
}

core::Status NetworkService::TakeRemoteAnswer(Repositories& repos,
                                              const Actor& actor,
                                              domain::OrderTaskId id,
                                              domain::UnitId unit_id,
                                              domain::TaskState state,
                                              const std::string& answer,
                                              const std::string& by) {
    UNGCUU_ASSIGN_OR_RETURN(task, repos.network.GetTask(id));
    if (task.unit_id != unit_id) {
        return core::Error::Make(core::ErrorCode::kPermissionDenied,
                                 "Nhiệm vụ này không giao cho đơn vị của hệ thống gửi.",
                                 "This task is not addressed to the sending installation's unit.");
    }
    UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(unit_id));
    return SaveAnswer(repos, actor, task, unit, state, answer, std::string(core::CutUtf8(by, 200)),
                      clock_.Now());
}

}  // namespace ungcuu::app

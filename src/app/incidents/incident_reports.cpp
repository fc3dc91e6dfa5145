// IncidentService: official reports — drafts, issue with number, routing to the recipients of the
// rule set over the unit tree, one outbox delivery per recipient and channel.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "app/audit_writer.hpp"
#include "app/incidents/incident_service.hpp"
#include "app/unit_access.hpp"
#include "core/text.hpp"
#include "domain/unit.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

core::Status CheckDraft(const ReportDraft& draft) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "summary", draft.summary, domain::Required::kNo, 50000);
    domain::CheckText(errors, "result", draft.result, domain::Required::kNo, 50000);
    domain::CheckText(errors, "requested_help", draft.requested_help, domain::Required::kNo, 20000);
    domain::CheckText(errors, "signer_name", draft.signer_name, domain::Required::kNo, 200);
    domain::CheckText(errors, "signer_title", draft.signer_title, domain::Required::kNo, 200);
    return errors.ToStatus();
}

void Apply(domain::IncidentReport& report, const ReportDraft& draft) {
    report.summary = draft.summary;
    report.result = draft.result;
    report.requested_help = draft.requested_help;
    report.signer_name = draft.signer_name;
    report.signer_title = draft.signer_title;
}

// The address a unit receives incident reports at: its reporting address when it is an e-mail
// address, else its e-mail.

}  // namespace

core::Status QueueToUnit(Repositories& repos,
                         domain::Delivery delivery,
                         const domain::Unit& target,
                         core::TimePoint now,
                         std::string_view email) {
    // An exercise incident reaches only the drill's units: nothing goes outside the drill.
    UNGCUU_ASSIGN_OR_RETURN(incident, repos.incidents.Get(delivery.incident_id));
    if (incident.drill_id) {
        UNGCUU_ASSIGN_OR_RETURN(drill, repos.drills.Get(*incident.drill_id));
        if (!domain::TakesPart(drill, target.id)) {
            return core::Ok();
        }
        delivery.subject = "[DIỄN TẬP] " + delivery.subject;
    }
    UNGCUU_ASSIGN_OR_RETURN(routing, repos.outbox.Routing(target.id));
    delivery.unit_id = target.id;
    delivery.created_at = now;
    delivery.next_attempt_at = now;
    // In the app at once: the recipient sees it in its inbox.
    delivery.channel = domain::Channel::kApp;
    delivery.state = domain::DeliveryState::kSent;
    delivery.sent_at = now;
    UNGCUU_ASSIGN_OR_RETURN(in_app, repos.outbox.Insert(delivery));
    delivery.state = domain::DeliveryState::kQueued;
    delivery.sent_at.reset();
    const std::pair<domain::Channel, std::string> others[] = {
        {domain::Channel::kEmail,
         email.empty() ? domain::MailAddressOf(target) : std::string(email)},
        {domain::Channel::kWebhook, routing.webhook_url}};
    for (const auto& [channel, address] : others) {
        if (address.empty()) {
            continue;
        }
        delivery.channel = channel;
        delivery.address = address;
        UNGCUU_ASSIGN_OR_RETURN(queued, repos.outbox.Insert(delivery));
    }
    return core::Ok();
}

core::Result<domain::IncidentReport> IncidentService::CreateReport(const Actor& actor,
                                                                   domain::IncidentId id,
                                                                   const ReportDraft& draft) {
    UNGCUU_RETURN_IF_ERROR(CheckDraft(draft));
    std::optional<domain::IncidentReport> result;
    auto changed =
        Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            const auto& rules = RulesOf(incident);
            const auto* rule = rules.Report(draft.type);
            if (rule == nullptr) {
                return core::InvalidArgument(
                    fmt::format("Loại báo cáo \"{}\" không có trong bộ quy tắc {}.", draft.type,
                                rules.id),
                    fmt::format("Report type \"{}\" is not in rule set {}.", draft.type, rules.id));
            }
            domain::IncidentReport report;
            report.incident_id = incident.id;
            report.type = draft.type;
            report.unit_id = incident.unit_id;
            report.state = domain::ReportState::kDraft;
            report.created_at = clock_.Now();
            Apply(report, draft);
            UNGCUU_ASSIGN_OR_RETURN(inserted, repos.incidents.InsertReport(report));
            result = std::move(inserted);
            return Save(repos, actor, incident,
                        domain::IncidentEvent{.kind = "report_draft", .note = rule->title_vi});
        });
    if (!changed.ok()) {
        return std::move(changed).error();
    }
    return std::move(*result);
}

core::Result<domain::IncidentReport> IncidentService::UpdateReport(const Actor& actor,
                                                                   domain::IncidentId id,
                                                                   domain::ReportId report_id,
                                                                   const ReportDraft& draft) {
    UNGCUU_RETURN_IF_ERROR(CheckDraft(draft));
    std::optional<domain::IncidentReport> result;
    auto changed =
        Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
            auto report = repos.incidents.GetReport(report_id);
            if (!report.ok() || report->incident_id != incident.id) {
                return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
            }
            if (report->state == domain::ReportState::kIssued) {
                return core::Conflict(
                    "Báo cáo đã phát hành, không sửa được; lập báo cáo mới nếu cần bổ sung.",
                    "The report is issued and cannot change; draft a new one to add to it.");
            }
            Apply(*report, draft);
            UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateReport(*report));
            result = *report;
            return core::Ok();
        });
    if (!changed.ok()) {
        return std::move(changed).error();
    }
    return std::move(*result);
}

namespace {

/// Mẫu 04 cites the number and date of the initial report (Mẫu 03): the last one issued.
core::Result<domain::ReportId> IssuedInitialReport(const std::vector<domain::IncidentReport>& all,
                                                   const domain::IncidentRuleSet& rules) {
    const domain::IncidentReport* initial = nullptr;
    for (const auto& other : all) {
        const auto* other_rule = rules.Report(other.type);
        if (other.state == domain::ReportState::kIssued && other_rule != nullptr &&
            other_rule->form == "mau03") {
            initial = &other;
        }
    }
    if (initial == nullptr) {
        return core::Conflict(
            "Mẫu 04 phải dẫn số và ngày của báo cáo ban đầu: phát hành Mẫu 03 trước.",
            "Form 04 cites the initial report's number and date: issue Form 03 first.");
    }
    return initial->id;
}

/// Where an issued report went: how many units, and the functions of the rule set that no unit
/// of the tree holds for the incident's place (nobody designated yet: said, not skipped silently).
struct SentReport {
    std::size_t recipients = 0;
    std::vector<std::string> unheld;
};

/// A routing function as people read it.
std::string FunctionName(std::string_view code) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNames = {{
        {"specialised", "đơn vị chuyên trách ứng cứu sự cố"},
        {"response_team", "đội ứng cứu sự cố"},
        {"steering", "cơ quan chỉ đạo"},
        {"national_coordinator", "cơ quan điều phối quốc gia"},
        {"standing_body", "cơ quan thường trực"},
        {"police", "cơ quan công an"},
    }};
    for (const auto& [key, name] : kNames) {
        if (key == code) {
            return std::string(name);
        }
    }
    return std::string(code);
}

/// Recipients over the unit tree; one delivery per recipient and channel.
core::Result<SentReport> SendIssuedReport(Repositories& repos,
                                          const domain::Incident& incident,
                                          const domain::IncidentReport& report,
                                          const domain::ReportTypeRule& rule,
                                          const domain::Unit& unit,
                                          core::TimePoint now) {
    SentReport sent;
    std::vector<domain::UnitId> owners;
    std::vector<domain::UnitId> operators;
    for (const auto system_id : incident.system_ids) {
        UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(system_id));
        owners.push_back(system.owner_unit_id);
        operators.push_back(system.operator_unit_id.value_or(system.owner_unit_id));
    }
    UNGCUU_ASSIGN_OR_RETURN(holders, repos.outbox.Holders());
    const auto recipients =
        domain::ResolveRecipients(rule.recipients, incident.unit_path, incident.unit_id, owners,
                                  operators, holders, &sent.unheld);
    const std::string subject = domain::MailSubject(rule.title_vi, incident.code, incident.title);
    const std::string body = fmt::format(
        "{}\nSố: {} — {}\nĐơn vị báo cáo: {}\nSự cố: {} — {}\nThời gian phát hiện: {}"
        "\n\n{}\n{}{}",
        rule.title_vi, report.number, core::FormatVietnameseDate(now), unit.name_vi, incident.code,
        incident.title, core::FormatLocalDateTime(incident.detected_at), report.summary,
        report.result.empty() ? "" : "\nKết quả xử lý: " + report.result,
        report.requested_help.empty() ? "" : "\nĐề nghị hỗ trợ: " + report.requested_help);
    for (const auto& recipient : recipients) {
        UNGCUU_ASSIGN_OR_RETURN(target, repos.units.Get(recipient.unit_id));
        domain::Delivery delivery;
        delivery.incident_id = incident.id;
        delivery.report_id = report.id;
        delivery.kind = "report";
        delivery.function = recipient.function;
        delivery.subject = subject;
        delivery.body = body;
        UNGCUU_RETURN_IF_ERROR(QueueToUnit(repos, std::move(delivery), target, now));
    }
    sent.recipients = recipients.size();
    return sent;
}

}  // namespace

core::Result<IncidentDetails> IncidentService::IssueReport(const Actor& actor,
                                                           domain::IncidentId id,
                                                           domain::ReportId report_id) {
    return Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
        const auto now = clock_.Now();
        const auto& rules = RulesOf(incident);
        auto report = repos.incidents.GetReport(report_id);
        if (!report.ok() || report->incident_id != incident.id) {
            return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
        }
        if (report->state == domain::ReportState::kIssued) {
            return core::Conflict("Báo cáo đã được phát hành.", "The report is already issued.");
        }
        const auto* rule = rules.Report(report->type);
        if (rule == nullptr) {
            return core::Conflict("Loại báo cáo không còn trong bộ quy tắc.",
                                  "The report type is no longer in the rule set.");
        }
        UNGCUU_RETURN_IF_ERROR(domain::CheckReport(*report, *rule, incident));
        UNGCUU_ASSIGN_OR_RETURN(all, repos.incidents.Reports(incident.id));
        if (rule->form == "mau04") {
            UNGCUU_ASSIGN_OR_RETURN(initial, IssuedInitialReport(all, rules));
            report->initial_report_id = initial;
        }
        UNGCUU_ASSIGN_OR_RETURN(unit, repos.units.Get(incident.unit_id));
        const int year = static_cast<int>(std::chrono::year_month_day(core::LocalDate(now)).year());
        UNGCUU_ASSIGN_OR_RETURN(seq, repos.incidents.NextReportSeq(incident.unit_id, year));
        report->year = year;
        report->seq = seq;
        report->number = domain::ReportNumber(seq, unit.code);
        report->state = domain::ReportState::kIssued;
        report->issued_at = now;
        report->issued_by = ActorName(actor);
        UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateReport(*report));

        UNGCUU_ASSIGN_OR_RETURN(sent, SendIssuedReport(repos, incident, *report, *rule, unit, now));
        std::string note =
            fmt::format("{} số {} — {} nơi nhận", rule->title_vi, report->number, sent.recipients);
        std::string missing;
        for (const auto& code : sent.unheld) {
            missing += (missing.empty() ? "" : ", ") + FunctionName(code);
        }
        if (!missing.empty()) {
            note += fmt::format(
                ". Chưa gửi được tới: {} — chưa có đơn vị nào được giao chức năng này (giao tại "
                "trang Đơn vị, thẻ Mạng lưới ứng cứu)",
                missing);
        }
        UNGCUU_RETURN_IF_ERROR(
            Save(repos, actor, incident,
                 domain::IncidentEvent{.kind = "report_issued", .note = std::move(note)}));
        return WriteAudit(
            repos, actor, now,
            {"incident.report_issue", "incident_report", report->id.value(), &unit, "{}",
             core::FieldSnapshot()
                 .Add("type", std::string_view(report->type))
                 .Add("number", std::string_view(report->number))
                 .Add("incident", std::string_view(incident.code))
                 .ToJson()});
    });
}

namespace {

/// What only the report documents need, read when one is rendered (not on every incident view):
/// the handling unit's parent for the upper line, the place for the date line (Nghị định
/// 30/2020: the administrative unit the issuer sits in — itself when it is a commune, district or
/// province, else the nearest above), and the registry's records of the affected systems.
core::Status LoadDocumentFacts(Repositories& repos, IncidentDetails& d) {
    if (auto unit = repos.units.Get(d.incident.unit_id); unit.ok()) {
        if (unit->parent_id) {
            if (auto parent = repos.units.Get(*unit->parent_id); parent.ok()) {
                d.parent_unit_name = parent->name_vi;
            }
        }
        d.place_name = PlaceOf(repos, *unit);
    }
    const auto name_of = [&repos](domain::UnitId id) {
        auto unit = repos.units.Get(id);
        return unit.ok() ? unit->name_vi : std::string();
    };
    for (const auto id : d.incident.system_ids) {
        UNGCUU_ASSIGN_OR_RETURN(system, repos.systems.Get(id));
        AffectedSystemRecord record{system, "", name_of(system.owner_unit_id)};
        record.operator_name =
            system.operator_unit_id ? name_of(*system.operator_unit_id) : record.owner_name;
        d.system_records.push_back(std::move(record));
    }
    return core::Ok();
}

}  // namespace

core::Result<std::pair<domain::IncidentReport, IncidentDetails>> IncidentService::ReportFor(
    const Actor& actor, domain::IncidentId id, domain::ReportId report_id) {
    return store_.Read([&](Repositories& repos)
                           -> core::Result<std::pair<domain::IncidentReport, IncidentDetails>> {
        UNGCUU_ASSIGN_OR_RETURN(incident, LoadVisible(repos, actor, id));
        UNGCUU_ASSIGN_OR_RETURN(details, Details(repos, actor, std::move(incident)));
        for (const auto& report : details.reports) {
            if (report.id == report_id) {
                UNGCUU_RETURN_IF_ERROR(LoadDocumentFacts(repos, details));
                return std::pair{report, std::move(details)};
            }
        }
        return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
    });
}

namespace {

std::string Join(const std::vector<std::string>& values, std::string_view separator) {
    std::string out;
    for (const auto& value : values) {
        out += out.empty() ? "" : std::string(separator);
        out += value;
    }
    return out;
}

std::string Tick(bool on) { return on ? "☒" : "☐"; }

std::string Has(const std::vector<std::string>& codes, std::string_view code) {
    return Tick(std::find(codes.begin(), codes.end(), code) != codes.end());
}

using Field = OfficialDocument::Field;
using Section = OfficialDocument::Section;

/// Title, subtitle and recipients (the units the report went to in the app).
void DocumentHead(OfficialDocument& doc,
                  const domain::IncidentReport& report,
                  const IncidentDetails& details,
                  const domain::ReportTypeRule* rule,
                  const std::string& form) {
    const auto& incident = details.incident;
    doc.parent_unit = details.parent_unit_name;
    doc.issuing_unit = details.unit_name;
    doc.number = report.number.empty() ? "Số: ……(dự thảo)" : "Số: " + report.number;
    const std::string date =
        core::FormatVietnameseDate(report.issued_at.value_or(report.created_at));
    doc.place_date =
        details.place_name.empty() ? core::UpperFirst(date) : details.place_name + ", " + date;
    doc.title = rule != nullptr ? rule->title_vi : report.type;
    if (form == "mau03") {
        doc.title = "BÁO CÁO BAN ĐẦU SỰ CỐ MẠNG";
        doc.subtitle = "(Mẫu 03, Phụ lục I Thông tư 20/2017/TT-BTTTT)";
    } else if (form == "mau04") {
        doc.title = "BÁO CÁO KẾT THÚC ỨNG PHÓ SỰ CỐ";
        doc.subtitle = "(Mẫu 04, Phụ lục I Thông tư 20/2017/TT-BTTTT)";
    } else {
        doc.subtitle = fmt::format("Về sự cố {} — {}", incident.code, incident.title);
    }
    if (incident.drill_id) {
        // An exercise's paper never passes for a real report.
        doc.title = "DIỄN TẬP — " + doc.title;
        doc.subtitle += doc.subtitle.empty() ? "" : " ";
        doc.subtitle += "(Văn bản diễn tập, không phải sự cố thật)";
    }
    for (const auto& delivery : details.deliveries) {
        if (delivery.report_id == report.id && delivery.channel == domain::Channel::kApp &&
            std::find(doc.recipients.begin(), doc.recipients.end(), delivery.unit_name) ==
                doc.recipients.end()) {
            doc.recipients.push_back(delivery.unit_name);
        }
    }
}

Section ReporterSection(const domain::Incident& incident, const std::string& form) {
    Section who{"1. Thông tin tổ chức/cá nhân báo cáo sự cố",
                {{"Tên tổ chức/cá nhân báo cáo", incident.reporter.name},
                 {"Địa chỉ", incident.reporter.address},
                 {"Điện thoại", incident.reporter.phone},
                 {"Thư điện tử", incident.reporter.email}},
                {}};
    if (form == "mau03") {
        who.fields.push_back({"Người liên hệ", incident.contact.name});
        who.fields.push_back({"Chức vụ", incident.contact.position});
        who.fields.push_back({"Điện thoại người liên hệ", incident.contact.phone});
        who.fields.push_back({"Thư điện tử người liên hệ", incident.contact.email});
    }
    return who;
}

/// Mẫu 04 cites the initial report (Mẫu 03) by its number and date.
Section InitialReportSection(const domain::IncidentReport& report, const IncidentDetails& details) {
    std::string initial;
    for (const auto& other : details.reports) {
        if (report.initial_report_id && other.id == *report.initial_report_id) {
            initial =
                fmt::format("Số {} — {}", other.number,
                            other.issued_at ? core::FormatVietnameseDate(*other.issued_at) : "");
        }
    }
    return {"2. Báo cáo ban đầu sự cố", {{"Số ký hiệu, ngày báo cáo", initial}}, {}};
}

/// The codes of the registry as the forms print them.
std::string Named(const std::vector<std::string>& codes,
                  std::initializer_list<std::pair<std::string_view, std::string_view>> names) {
    std::vector<std::string> out;
    for (const auto& code : codes) {
        std::string shown = code;
        for (const auto& [key, name] : names) {
            if (code == key) {
                shown = std::string(name);
            }
        }
        out.push_back(std::move(shown));
    }
    return Join(out, ", ");
}

/// What the registry knows of the affected systems, as Mẫu 03 and the notification ask for it
/// (TT 20/2017 Điều 9 khoản 3 điểm a: name or domain and IP of the system, its operator and
/// chủ quản; Phụ lục I Mẫu 03: level, providers, and the additional technical information).
Section SystemSection(const IncidentDetails& details, const std::string& form) {
    std::vector<std::string> names;
    std::vector<std::string> operators;
    std::vector<std::string> owners;
    std::vector<std::string> levels;
    std::vector<std::string> domains;
    std::vector<std::string> ips;
    std::vector<std::string> security_providers;
    std::vector<std::string> isps;
    std::vector<std::string> systems_os;
    std::vector<std::string> services;
    std::vector<std::string> measures;
    const auto add = [](std::vector<std::string>& to, const std::string& value) {
        if (!value.empty() && std::find(to.begin(), to.end(), value) == to.end()) {
            to.push_back(value);
        }
    };
    for (const auto& record : details.system_records) {
        const auto& system = record.system;
        add(names, system.name_vi);
        add(operators, record.operator_name);
        add(owners, record.owner_name);
        add(levels, fmt::format("{}: cấp độ {}", system.name_vi,
                                system.approved_level.value_or(system.proposed_level)));
        for (const auto& domain : system.domains) {
            add(domains, domain);
        }
        for (const auto& ip : system.public_ips) {
            add(ips, ip);
        }
        add(security_providers, system.security_provider);
        add(isps, system.isp);
        add(systems_os, system.operating_systems);
        add(services, Named(system.services, {{"web", "Web server"},
                                              {"mail", "Mail server"},
                                              {"database", "Database server"},
                                              {"dns", "DNS server"},
                                              {"file", "File server"},
                                              {"other", "Khác"}}));
        add(measures, Named(system.security_measures, {{"antivirus", "Antivirus"},
                                                       {"firewall", "Firewall"},
                                                       {"ids_ips", "Hệ thống phát hiện xâm nhập"},
                                                       {"waf", "Tường lửa ứng dụng web"},
                                                       {"siem", "Giám sát an toàn thông tin"},
                                                       {"backup", "Sao lưu"},
                                                       {"dlp", "Chống thất thoát dữ liệu"},
                                                       {"other", "Khác"}}));
    }
    if (!details.incident.affected_text.empty()) {
        names.push_back(details.incident.affected_text);
    }
    const auto or_unknown = [](const std::vector<std::string>& values) {
        return values.empty() ? std::string("Chưa xác định") : Join(values, "; ");
    };
    Section section{
        form == "mau04" ? "3. Thông tin hệ thống bị sự cố" : "2. Thông tin hệ thống bị sự cố",
        {{"Tên đơn vị vận hành hệ thống thông tin",
          operators.empty() ? details.unit_name : Join(operators, "; ")},
         {"Cơ quan chủ quản", or_unknown(owners)},
         {"Tên hệ thống bị sự cố", Join(names, "; ")},
         {"Cấp độ của hệ thống", or_unknown(levels)},
         {"Tên miền", or_unknown(domains)},
         {"Địa chỉ IP công khai", or_unknown(ips)},
         {"Nhà cung cấp dịch vụ an toàn thông tin", or_unknown(security_providers)},
         {"Nhà cung cấp dịch vụ kết nối", or_unknown(isps)}},
        {}};
    if (form == "mau03") {
        section.fields.push_back({"Hệ điều hành", or_unknown(systems_os)});
        section.fields.push_back({"Các dịch vụ đang chạy", or_unknown(services)});
        section.fields.push_back({"Biện pháp bảo đảm an toàn thông tin", or_unknown(measures)});
    }
    return section;
}

/// Mẫu 04's list of attached documents: the incident's evidence files and the reports issued
/// on it before this one.
Section AttachmentsSection(const domain::IncidentReport& report, const IncidentDetails& details) {
    Section section{"6. Các tài liệu đính kèm", {}, {}};
    for (const auto& other : details.reports) {
        if (other.id != report.id && other.state == domain::ReportState::kIssued) {
            const auto* rule =
                details.rules != nullptr ? details.rules->Report(other.type) : nullptr;
            section.paragraphs.push_back(fmt::format(
                "- {} số {}{};", rule != nullptr ? rule->title_vi : other.type, other.number,
                other.issued_at ? " " + core::FormatVietnameseDate(*other.issued_at) : ""));
        }
    }
    for (const auto& file : details.attachments) {
        section.paragraphs.push_back(fmt::format("- {};", file.name));
    }
    if (section.paragraphs.empty()) {
        section.paragraphs.emplace_back("Không có.");
    }
    return section;
}

Section IncidentSection(const domain::Incident& incident, const std::string& form) {
    std::vector<Field> fields = {
        {"Mã sự cố", incident.code},
        {"Tên sự cố", incident.title},
        {"Mô tả sơ bộ về sự cố", incident.description},
        {"Thời gian phát hiện", core::FormatLocalDateTime(incident.detected_at)},
    };
    if (form == "mau03") {
        const auto& m = incident.detection_methods;
        const auto& n = incident.notified_parties;
        fields.push_back(
            {"Hiện trạng sự cố", fmt::format("{} Đã được xử lý   {} Chưa được xử lý",
                                             Tick(incident.handled.value_or(false)),
                                             Tick(!incident.handled.value_or(false)))});
        fields.push_back(
            {"Cách thức phát hiện",
             fmt::format("{} Hệ thống phát hiện xâm nhập   {} Kiểm tra nhật ký   {} Nhận thông "
                         "báo   {} Khác {}",
                         Has(m, "ids"), Has(m, "log_review"), Has(m, "notified"), Has(m, "other"),
                         incident.detection_note)});
        fields.push_back(
            {"Đã gửi thông báo sự cố cho",
             fmt::format("{} Thành viên mạng lưới   {} ISP   {} Cơ quan điều phối",
                         Has(n, "network_member"), Has(n, "isp"), Has(n, "coordinator"))});
        fields.push_back({"Thông tin cần giữ bí mật", incident.confidential ? "Có" : "Không"});
        fields.push_back({"Kiến nghị, đề xuất hỗ trợ", incident.proposals});
    }
    return {form == "mau04" ? "4. Thông tin sự cố" : "3. Thông tin sự cố", std::move(fields), {}};
}

Section ContentSection(const domain::IncidentReport& report, const std::string& form) {
    Section content{form == "mau04" ? "5. Kết quả xử lý sự cố" : "4. Nội dung", {}, {}};
    if (!report.summary.empty()) {
        content.paragraphs.push_back(report.summary);
    }
    if (!report.result.empty()) {
        content.paragraphs.push_back(report.result);
    }
    if (!report.requested_help.empty()) {
        content.paragraphs.push_back("Đề nghị hỗ trợ: " + report.requested_help);
    }
    return content;
}

}  // namespace

OfficialDocument BuildReportDocument(const domain::IncidentReport& report,
                                     const IncidentDetails& details) {
    const auto* rule = details.rules != nullptr ? details.rules->Report(report.type) : nullptr;
    const std::string form = rule != nullptr ? rule->form : "free";
    OfficialDocument doc;
    DocumentHead(doc, report, details, rule, form);
    doc.sections.push_back(ReporterSection(details.incident, form));
    if (form == "mau04") {
        doc.sections.push_back(InitialReportSection(report, details));
    }
    doc.sections.push_back(SystemSection(details, form));
    doc.sections.push_back(IncidentSection(details.incident, form));
    doc.sections.push_back(ContentSection(report, form));
    if (form == "mau04") {
        doc.sections.push_back(AttachmentsSection(report, details));
    }
    doc.sections.push_back(
        {"Thời gian thực hiện báo cáo",
         {{"Thời gian", core::FormatLocalDateTime(report.issued_at.value_or(report.created_at))}},
         {}});
    doc.signer_title = report.signer_title.empty() ? "THỦ TRƯỞNG ĐƠN VỊ" : report.signer_title;
    doc.signer_name = report.signer_name;
    return doc;
}

}  // namespace ungcuu::app

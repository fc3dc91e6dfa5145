// IncidentService: official reports — drafts, issue with number, routing to the recipients of the
// rule set over the unit tree, one outbox delivery per recipient and channel.
#include <fmt/format.h>

#include <algorithm>

#include "app/audit_writer.hpp"
#include "app/incident_service.hpp"
#include "core/text.hpp"
#include "domain/validation.hpp"

namespace ungcuu::app {

namespace {

core::Status CheckDraft(const ReportDraft& draft) {
    domain::FieldErrors errors;
    domain::CheckText(errors, "summary", draft.summary, domain::Required::kNo, 50000);
    domain::CheckText(errors, "result", draft.result, domain::Required::kNo, 50000);
    domain::CheckText(errors, "requested_help", draft.requested_help, domain::Required::kNo,
                      20000);
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
std::string MailAddressOf(const domain::Unit& unit) {
    const auto& report = unit.contact.report_address;
    if (report.find('@') != std::string::npos && report.find(' ') == std::string::npos) {
        return report;
    }
    return unit.contact.email;
}

}  // namespace

core::Result<domain::IncidentReport> IncidentService::CreateReport(const Actor& actor,
                                                                   domain::IncidentId id,
                                                                   const ReportDraft& draft) {
    UNGCUU_RETURN_IF_ERROR(CheckDraft(draft));
    std::optional<domain::IncidentReport> result;
    auto changed = Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
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
        auto inserted = repos.incidents.InsertReport(report);
        if (!inserted.ok()) {
            return std::move(inserted).error();
        }
        result = std::move(inserted).value();
        return Save(repos, actor, incident,
                    {{}, {}, {}, "report_draft", {}, {}, {}, rule->title_vi});
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
    auto changed = Change(actor, id, [&](Repositories& repos, domain::Incident& incident) -> core::Status {
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
        auto all = repos.incidents.Reports(incident.id);
        if (!all.ok()) {
            return std::move(all).error();
        }
        if (rule->form == "mau04") {
            // Mẫu 04 cites the number and date of the initial report (Mẫu 03).
            const domain::IncidentReport* initial = nullptr;
            for (const auto& other : *all) {
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
            report->initial_report_id = initial->id;
        }
        auto unit = repos.units.Get(incident.unit_id);
        if (!unit.ok()) {
            return std::move(unit).error();
        }
        const int year = static_cast<int>(std::chrono::year_month_day(core::LocalDate(now)).year());
        auto seq = repos.incidents.NextReportSeq(incident.unit_id, year);
        if (!seq.ok()) {
            return std::move(seq).error();
        }
        report->year = year;
        report->seq = *seq;
        report->number = domain::ReportNumber(*seq, unit->code);
        report->state = domain::ReportState::kIssued;
        report->issued_at = now;
        report->issued_by = ActorName(actor);
        UNGCUU_RETURN_IF_ERROR(repos.incidents.UpdateReport(*report));

        // Recipients over the unit tree; one delivery per recipient and channel.
        std::vector<domain::UnitId> owners;
        std::vector<domain::UnitId> operators;
        for (const auto system_id : incident.system_ids) {
            auto system = repos.systems.Get(system_id);
            if (!system.ok()) {
                return std::move(system).error();
            }
            owners.push_back(system->owner_unit_id);
            operators.push_back(system->operator_unit_id.value_or(system->owner_unit_id));
        }
        auto holders = repos.outbox.Holders();
        if (!holders.ok()) {
            return std::move(holders).error();
        }
        const auto recipients = domain::ResolveRecipients(
            rule->recipients, incident.unit_path, incident.unit_id, owners, operators, *holders);
        const std::string subject = domain::MailSubject(rule->title_vi, incident.code,
                                                        incident.title);
        const std::string body = fmt::format(
            "{}\nSố: {} — ngày {}\nĐơn vị báo cáo: {}\nSự cố: {} — {}\nThời gian phát hiện: {} "
            "(UTC)\n\n{}\n{}{}",
            rule->title_vi, report->number, core::FormatDate(core::LocalDate(now)), unit->name_vi,
            incident.code, incident.title, core::FormatRfc3339(incident.detected_at),
            report->summary, report->result.empty() ? "" : "\nKết quả xử lý: " + report->result,
            report->requested_help.empty() ? "" : "\nĐề nghị hỗ trợ: " + report->requested_help);
        for (const auto& recipient : recipients) {
            auto target = repos.units.Get(recipient.unit_id);
            if (!target.ok()) {
                return std::move(target).error();
            }
            auto routing = repos.outbox.Routing(recipient.unit_id);
            if (!routing.ok()) {
                return std::move(routing).error();
            }
            domain::Delivery delivery;
            delivery.incident_id = incident.id;
            delivery.report_id = report->id;
            delivery.kind = "report";
            delivery.unit_id = recipient.unit_id;
            delivery.function = recipient.function;
            delivery.subject = subject;
            delivery.body = body;
            delivery.created_at = now;
            delivery.next_attempt_at = now;
            // In the app at once: the recipient sees it in its inbox.
            delivery.channel = domain::Channel::kApp;
            delivery.state = domain::DeliveryState::kSent;
            delivery.sent_at = now;
            auto in_app = repos.outbox.Insert(delivery);
            if (!in_app.ok()) {
                return std::move(in_app).error();
            }
            delivery.state = domain::DeliveryState::kQueued;
            delivery.sent_at.reset();
            if (const auto mail = MailAddressOf(*target); !mail.empty()) {
                delivery.channel = domain::Channel::kEmail;
                delivery.address = mail;
                auto queued = repos.outbox.Insert(delivery);
                if (!queued.ok()) {
                    return std::move(queued).error();
                }
            }
            if (!routing->webhook_url.empty()) {
                delivery.channel = domain::Channel::kWebhook;
                delivery.address = routing->webhook_url;
                auto queued = repos.outbox.Insert(delivery);
                if (!queued.ok()) {
                    return std::move(queued).error();
                }
            }
        }
        UNGCUU_RETURN_IF_ERROR(Save(
            repos, actor, incident,
            {{}, {}, {}, "report_issued", {}, {}, {},
             fmt::format("{} số {} — {} nơi nhận", rule->title_vi, report->number,
                         recipients.size())}));
        return WriteAudit(repos, actor, now,
                          {"incident.report_issue", "incident_report", report->id.value(),
                           &*unit, "{}",
                           core::FieldSnapshot()
                               .Add("type", std::string_view(report->type))
                               .Add("number", std::string_view(report->number))
                               .Add("incident", std::string_view(incident.code))
                               .ToJson()});
    });
}

core::Result<std::pair<domain::IncidentReport, IncidentDetails>> IncidentService::ReportFor(
    const Actor& actor,
    domain::IncidentId id,
    domain::ReportId report_id) {
    auto details = Get(actor, id);
    if (!details.ok()) {
        return std::move(details).error();
    }
    for (const auto& report : details->reports) {
        if (report.id == report_id) {
            return std::pair{report, std::move(details).value()};
        }
    }
    return core::NotFound("Không tìm thấy báo cáo.", "Report not found.");
}

}  // namespace ungcuu::app

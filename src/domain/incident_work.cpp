#include "domain/incident_work.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "domain/code_table.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr CodeTable<ObservableKind, 7> kObservableKinds = {{
    {ObservableKind::kIp, "ip"},
    {ObservableKind::kDomain, "domain"},
    {ObservableKind::kUrl, "url"},
    {ObservableKind::kHash, "hash"},
    {ObservableKind::kEmail, "email"},
    {ObservableKind::kUser, "user"},
    {ObservableKind::kHost, "host"},
}};

constexpr CodeTable<ReportState, 2> kReportStates = {{
    {ReportState::kDraft, "draft"},
    {ReportState::kIssued, "issued"},
}};

constexpr CodeTable<Channel, 3> kChannels = {{
    {Channel::kApp, "app"},
    {Channel::kEmail, "email"},
    {Channel::kWebhook, "webhook"},
}};

constexpr CodeTable<DeliveryState, 3> kDeliveryStates = {{
    {DeliveryState::kQueued, "queued"},
    {DeliveryState::kSent, "sent"},
    {DeliveryState::kFailed, "failed"},
}};

constexpr CodeTable<PlanState, 3> kPlanStates = {{
    {PlanState::kDraft, "draft"},
    {PlanState::kApproved, "approved"},
    {PlanState::kRetired, "retired"},
}};

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

core::Result<std::string> Bad(std::string vi, std::string en) {
    return core::InvalidArgument(std::move(vi), std::move(en));
}

}  // namespace

std::string_view ObservableKindCode(ObservableKind kind) { return CodeOf(kObservableKinds, kind); }

std::optional<ObservableKind> ParseObservableKind(std::string_view code) {
    return ParseCode(kObservableKinds, code);
}

std::string_view ReportStateCode(ReportState state) { return CodeOf(kReportStates, state); }

std::string_view ChannelCode(Channel channel) { return CodeOf(kChannels, channel); }

std::optional<Channel> ParseChannel(std::string_view code) { return ParseCode(kChannels, code); }

std::string_view DeliveryStateCode(DeliveryState state) { return CodeOf(kDeliveryStates, state); }

std::optional<DeliveryState> ParseDeliveryState(std::string_view code) {
    return ParseCode(kDeliveryStates, code);
}

std::string_view PlanStateCode(PlanState state) { return CodeOf(kPlanStates, state); }

std::optional<PlanState> ParsePlanState(std::string_view code) {
    return ParseCode(kPlanStates, code);
}

core::Status ValidateTask(const IncidentTask& task) {
    FieldErrors errors;
    CheckText(errors, "title", task.title, Required::kYes, 500);
    CheckText(errors, "lead", task.lead, Required::kNo, 300);
    CheckText(errors, "step", task.step, Required::kNo, 8);
    CheckText(errors, "result", task.result, Required::kNo, 10000);
    return errors.ToStatus();
}

core::Result<std::string> NormaliseObservable(ObservableKind kind, std::string_view value) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
    }
    if (value.empty() || value.size() > 2048) {
        return Bad("Giá trị trống hoặc dài quá 2048 ký tự.", "Empty or longer than 2048 bytes.");
    }
    switch (kind) {
        case ObservableKind::kIp:
            if (IsIpv4(value)) {
                return std::string(value);
            }
            if (IsIpv6(value)) {
                return Lower(value);
            }
            return Bad(fmt::format("\"{}\" không phải địa chỉ IP.", value),
                       fmt::format("\"{}\" is not an IP address.", value));
        case ObservableKind::kDomain:
            if (value.find('/') == std::string_view::npos && IsDomainOrUrl(value)) {
                return Lower(value);
            }
            return Bad(fmt::format("\"{}\" không phải tên miền.", value),
                       fmt::format("\"{}\" is not a domain name.", value));
        case ObservableKind::kUrl: {
            const auto scheme_end = value.find("://");
            if (scheme_end == std::string_view::npos) {
                return Bad("URL phải bắt đầu bằng http:// hoặc https://.",
                           "A URL starts with http:// or https://.");
            }
            const std::string scheme = Lower(value.substr(0, scheme_end));
            const auto rest = value.substr(scheme_end + 3);
            const auto host_end = rest.find_first_of("/?#");
            const std::string host = Lower(rest.substr(0, host_end));
            if ((scheme != "http" && scheme != "https") || host.empty() ||
                value.find_first_of(" \t\r\n") != std::string_view::npos) {
                return Bad("URL phải bắt đầu bằng http:// hoặc https:// và có tên máy chủ.",
                           "A URL starts with http:// or https:// and names a host.");
            }
            return scheme + "://" + host +
                   std::string(host_end == std::string_view::npos ? "" : rest.substr(host_end));
        }
        case ObservableKind::kHash: {
            const bool hex = std::all_of(value.begin(), value.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0;
            });
            if (hex && (value.size() == 32 || value.size() == 40 || value.size() == 64 ||
                        value.size() == 128)) {
                return Lower(value);
            }
            return Bad("Mã băm phải là MD5, SHA-1, SHA-256 hoặc SHA-512 dạng hex.",
                       "A hash is MD5, SHA-1, SHA-256 or SHA-512 in hex.");
        }
        case ObservableKind::kEmail: {
            FieldErrors errors;
            CheckEmail(errors, "value", value);
            if (!errors.empty()) {
                return Bad(fmt::format("\"{}\" không phải địa chỉ thư điện tử.", value),
                           fmt::format("\"{}\" is not an e-mail address.", value));
            }
            return Lower(value);
        }
        case ObservableKind::kUser:
            // An account name as the system logged it (case kept: some systems tell them
            // apart); no control characters, at most 256 bytes.
            if (value.size() <= 256 && std::none_of(value.begin(), value.end(), [](char c) {
                    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                })) {
                return std::string(value);
            }
            return Bad("Tên tài khoản dài quá 256 ký tự hoặc có ký tự điều khiển.",
                       "An account name is at most 256 bytes without control characters.");
        case ObservableKind::kHost:
            // A machine's name (as logged: a short name or a domain name), lower-cased.
            if (value.size() <= 253 && std::all_of(value.begin(), value.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                           c == '.' || c == '_';
                })) {
                return Lower(value);
            }
            return Bad(fmt::format("\"{}\" không phải tên máy.", value),
                       fmt::format("\"{}\" is not a host name.", value));
    }
    return Bad("Loại không hợp lệ.", "Unknown kind.");
}

core::Status CheckReport(const IncidentReport& report,
                         const ReportTypeRule& rule,
                         const Incident& incident) {
    FieldErrors errors;
    for (const auto& field : rule.required) {
        const std::string* value = field == "summary"  ? &report.summary
                                   : field == "result" ? &report.result
                                                       : &report.requested_help;
        if (value->empty()) {
            errors.Add(field, fmt::format("bắt buộc với {} ({})", rule.title_vi, rule.article),
                       fmt::format("required for {} ({})", rule.title_en, rule.article));
        }
    }
    CheckText(errors, "summary", report.summary, Required::kNo, 50000);
    CheckText(errors, "result", report.result, Required::kNo, 50000);
    CheckText(errors, "requested_help", report.requested_help, Required::kNo, 20000);
    CheckText(errors, "signer_name", report.signer_name, Required::kNo, 200);
    CheckText(errors, "signer_title", report.signer_title, Required::kNo, 200);
    if (rule.serious_only && incident.severity != Severity::kSerious) {
        errors.Add(
            "type",
            fmt::format("{} chỉ dùng cho sự cố nghiêm trọng ({})", rule.title_vi, rule.article),
            fmt::format("{} is for serious incidents only", rule.title_en));
    }
    return errors.ToStatus();
}

std::string ReportNumber(int seq, std::string_view unit_code) {
    return fmt::format("{}/BC-{}", seq, unit_code);
}

std::optional<core::TimePoint> NextAttempt(core::TimePoint now, int attempts, int max_attempts) {
    if (attempts >= max_attempts) {
        return std::nullopt;
    }
    const int shift = std::clamp(attempts - 1, 0, 6);
    return now + std::min(std::chrono::minutes(1 << shift), std::chrono::minutes(60));
}

void MailCopy::Queue(std::string_view address, core::TimePoint now) {
    state = address.empty() ? "none" : "queued";
    next_at.reset();
    if (!address.empty()) {
        next_at = now;
    }
}

MailOutcome RecordMailAttempt(MailCopy& mail,
                              const core::Status& sent,
                              core::TimePoint now,
                              int max_attempts) {
    mail.attempts += 1;
    if (sent.ok()) {
        mail.state = "sent";
        mail.next_at.reset();
        mail.error.clear();
        return MailOutcome::kSent;
    }
    mail.error = std::string(core::CutUtf8(sent.error().message_en, 500));
    if (const auto next = NextAttempt(now, mail.attempts, max_attempts)) {
        mail.next_at = *next;
        return MailOutcome::kRetried;
    }
    mail.state = "failed";
    mail.next_at.reset();
    return MailOutcome::kFailed;
}

std::string MailSubject(std::string_view report_title,
                        std::string_view incident_code,
                        std::string_view incident_title) {
    return fmt::format("[TBSC] {} — {}: {}", report_title, incident_code, incident_title);
}

core::Status ValidatePlan(const ResponsePlan& plan, const Taxonomy& taxonomy) {
    FieldErrors errors;
    CheckText(errors, "title", plan.title, Required::kYes, 300);
    if (taxonomy.Find(plan.scenario) == nullptr) {
        errors.Add("scenario", fmt::format("kịch bản \"{}\" không có", plan.scenario),
                   fmt::format("unknown scenario \"{}\"", plan.scenario));
    }
    if (plan.steps.size() > 50) {
        errors.Add("steps", "tối đa 50 bước", "at most 50 steps");
    }
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& step = plan.steps[i];
        CheckText(errors, fmt::format("steps[{}].title", i), step.title, Required::kYes, 500);
        CheckText(errors, fmt::format("steps[{}].lead", i), step.lead, Required::kNo, 300);
        if (step.due_hours < 0 || step.due_hours > 24 * 90) {
            errors.Add(fmt::format("steps[{}].due_hours", i), "từ 0 đến 2160 giờ",
                       "0 to 2160 hours");
        }
    }
    for (std::size_t i = 0; i < plan.criteria.size(); ++i) {
        CheckText(errors, fmt::format("criteria[{}].text", i), plan.criteria[i].text,
                  Required::kYes, 500);
    }
    CheckText(errors, "people", plan.people, Required::kNo, 5000);
    CheckText(errors, "tools", plan.tools, Required::kNo, 5000);
    CheckText(errors, "contractors", plan.contractors, Required::kNo, 5000);
    CheckText(errors, "continuity", plan.continuity, Required::kNo, 10000);
    if (plan.budget_vnd < 0) {
        errors.Add("budget_vnd", "không được âm", "must not be negative");
    }
    return errors.ToStatus();
}

}  // namespace ungcuu::domain

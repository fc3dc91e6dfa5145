#include "domain/website_monitor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/date.hpp"
#include "domain/validation.hpp"

namespace ungcuu::domain {

namespace {

constexpr std::array<std::pair<SiteState, std::string_view>, 4> kStates{{
    {SiteState::kUnknown, "unknown"},
    {SiteState::kUp, "up"},
    {SiteState::kSuspect, "suspect"},
    {SiteState::kDown, "down"},
}};

constexpr std::array<std::pair<MonitorEventKind, std::string_view>, 12> kEventKinds{{
    {MonitorEventKind::kDown, "down"},
    {MonitorEventKind::kUp, "up"},
    {MonitorEventKind::kFlapping, "flapping"},
    {MonitorEventKind::kContent, "content"},
    {MonitorEventKind::kRestored, "restored"},
    {MonitorEventKind::kCloaking, "cloaking"},
    {MonitorEventKind::kForeignRedirect, "foreign_redirect"},
    {MonitorEventKind::kCertExpiring, "cert_expiring"},
    {MonitorEventKind::kCertProblem, "cert_problem"},
    {MonitorEventKind::kCertChanged, "cert_changed"},
    {MonitorEventKind::kDnsChanged, "dns_changed"},
    {MonitorEventKind::kBaseline, "baseline"},
}};

// The codes of findings that stand until they are gone (MonitorStatus::findings).
constexpr std::string_view kContentFinding = "content";
constexpr std::string_view kCloakingFinding = "cloaking";
constexpr std::string_view kRedirectFinding = "foreign_redirect";
constexpr std::string_view kCertExpiringFinding = "cert_expiring";
constexpr std::string_view kCertProblemFinding = "cert_problem";

constexpr std::size_t kMaxEvidence = 50;

bool Has(const std::vector<std::string>& codes, std::string_view code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

void Drop(std::vector<std::string>& codes, std::string_view code) {
    std::erase(codes, std::string(code));
}

std::string FailureVi(SiteFailure failure) {
    switch (failure) {
        case SiteFailure::kDns:
            return "không phân giải được tên miền";
        case SiteFailure::kConnect:
            return "không kết nối được";
        case SiteFailure::kTimeout:
            return "không phản hồi trong thời hạn";
        case SiteFailure::kTls:
            return "lỗi bắt tay TLS";
        case SiteFailure::kHttpError:
            return "máy chủ trả lỗi";
        case SiteFailure::kOther:
        case SiteFailure::kNone:
            break;
    }
    return "lỗi truy cập";
}

/// B2 when the site cannot be reached over the network; B3 when it answers with an error.
std::string OutageScenario(SiteFailure failure) {
    return failure == SiteFailure::kDns || failure == SiteFailure::kConnect ||
                   failure == SiteFailure::kTimeout
               ? "B2"
               : "B3";
}

std::string DurationVi(std::chrono::seconds length) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(length).count();
    if (minutes < 1) {
        return fmt::format("{} giây", length.count());
    }
    if (minutes < 120) {
        return fmt::format("{} phút", minutes);
    }
    return fmt::format("{} giờ {} phút", minutes / 60, minutes % 60);
}

std::vector<std::string> Bounded(std::vector<std::string> lines) {
    if (lines.size() > kMaxEvidence) {
        lines.resize(kMaxEvidence);
    }
    return lines;
}

class Builder {
public:
    Builder(const MonitorTarget& target, const SiteCheck& check, Judgement& out)
        : target_(target), check_(check), out_(out) {}

    void Event(MonitorEventKind kind,
               std::string vi,
               std::string en,
               std::vector<std::string> evidence = {}) {
        out_.events.push_back(MonitorEvent{.target = target_.id,
                                           .at = check_.at,
                                           .kind = kind,
                                           .summary_vi = std::move(vi),
                                           .summary_en = std::move(en),
                                           .evidence = Bounded(std::move(evidence))});
    }

    const std::string& Name() const { return target_.name.empty() ? target_.url : target_.name; }

private:
    const MonitorTarget& target_;
    const SiteCheck& check_;
    Judgement& out_;
};

void JudgeOutage(const MonitorTarget& target,
                 const SiteCheck& check,
                 const MonitorPolicy& policy,
                 Builder& build,
                 Judgement& out) {
    auto& status = out.status;
    if (check.failure == SiteFailure::kNone) {
        if (status.state == SiteState::kDown) {
            const auto down_for = std::chrono::duration_cast<std::chrono::seconds>(
                check.at - status.since.value_or(check.at));
            const auto text =
                fmt::format("Trang {} hoạt động trở lại lúc {} sau {} gián đoạn.", target.url,
                            core::FormatLocalDateTime(check.at), DurationVi(down_for));
            build.Event(MonitorEventKind::kUp, text,
                        fmt::format("{} is back after {} s.", target.url, down_for.count()));
            out.notes.push_back({SiteIncidentKind::kOutage, text});
        }
        if (status.state != SiteState::kUp) {
            status.state = SiteState::kUp;
            status.since = check.at;
        }
        status.failures = 0;
        status.error.clear();
        return;
    }
    status.failures += 1;
    status.error = check.error;
    if (status.state == SiteState::kDown) {
        return;
    }
    if (status.failures < policy.confirm_after) {
        if (status.state != SiteState::kSuspect) {
            status.state = SiteState::kSuspect;
        }
        out.recheck_soon = true;
        return;
    }
    // Confirmed: the previous check failed too. The outage began at the first failure.
    status.state = SiteState::kDown;
    status.since = status.last_check.value_or(check.at);
    std::erase_if(status.recent_downs,
                  [&](core::TimePoint at) { return at + policy.flap_window < check.at; });
    status.recent_downs.push_back(check.at);
    const bool flapping = static_cast<int>(status.recent_downs.size()) >= policy.flap_downs;
    const auto why = FailureVi(check.failure);
    const auto detail = check.http_status != 0 ? fmt::format("{} (mã {})", why, check.http_status)
                                               : fmt::format("{}: {}", why, check.error);
    if (flapping) {
        // Folded: one event when it starts flapping, then the open incident counts repeats.
        if (static_cast<int>(status.recent_downs.size()) == policy.flap_downs) {
            build.Event(
                MonitorEventKind::kFlapping,
                fmt::format("Trang {} chập chờn: gián đoạn {} lần trong {} phút; các lần sau "
                            "được gộp vào sự cố đang mở.",
                            target.url, status.recent_downs.size(), policy.flap_window.count()),
                fmt::format("{} is flapping: down {} times in {} minutes.", target.url,
                            status.recent_downs.size(), policy.flap_window.count()));
        }
    } else {
        build.Event(MonitorEventKind::kDown,
                    fmt::format("Trang {} không truy cập được ({}), đã kiểm tra lại để xác nhận.",
                                target.url, detail),
                    fmt::format("{} is down ({}), confirmed by a second check.", target.url,
                                check.error.empty() ? std::string(SiteFailureCode(check.failure))
                                                    : check.error));
    }
    out.incidents.push_back(SiteIncident{
        .kind = SiteIncidentKind::kOutage,
        .scenario = OutageScenario(check.failure),
        .title_vi = fmt::format("Trang {} không truy cập được", build.Name()),
        .description_vi = fmt::format(
            "Hệ thống giám sát trang web phát hiện trang {} không truy cập được ({}) từ {}, "
            "đã xác nhận bằng lần kiểm tra thứ hai.",
            target.url, detail, core::FormatLocalDateTime(*status.since))});
}

std::vector<std::string> FindingLines(const std::vector<PageFinding>& findings) {
    std::vector<std::string> lines;
    lines.reserve(findings.size());
    for (const auto& finding : findings) {
        lines.push_back(finding.summary_vi);  // each names what it found
    }
    return lines;
}

void JudgeContent(const MonitorTarget& target,
                  const SiteCheck& check,
                  const PageMarkers& markers,
                  const MonitorPolicy& policy,
                  Builder& build,
                  Judgement& out) {
    auto& status = out.status;
    const std::string own_host = HostOf(target.url);
    // Sent away to another site.
    if (!check.final_url.empty()) {
        const auto host = HostOf(check.final_url);
        const bool foreign = !host.empty() && !SameSite(host, own_host);
        if (foreign && !Has(status.findings, kRedirectFinding)) {
            status.findings.emplace_back(kRedirectFinding);
            const auto text = fmt::format("Trang {} chuyển hướng người đọc sang trang lạ {}.",
                                          target.url, check.final_url);
            build.Event(
                MonitorEventKind::kForeignRedirect, text,
                fmt::format("{} redirects to a foreign site {}.", target.url, check.final_url),
                {check.final_url});
            out.incidents.push_back(SiteIncident{
                .kind = SiteIncidentKind::kContent,
                .scenario = "A5",
                .title_vi = fmt::format("Trang {} chuyển hướng sang trang lạ", build.Name()),
                .description_vi = text + " Hệ thống giám sát trang web đã lưu trang và phần đầu "
                                         "phản hồi làm bằng chứng.",
                .capture_evidence = true});
        } else if (!foreign && Has(status.findings, kRedirectFinding)) {
            Drop(status.findings, kRedirectFinding);
        }
    }
    if (!check.page) {
        return;
    }
    if (!target.baseline_at) {
        out.take_baseline = true;
        build.Event(MonitorEventKind::kBaseline,
                    "Trang đọc được lần đầu được lấy làm bản chuẩn để so sánh.",
                    "The first page read is the baseline.");
        return;
    }
    auto options = policy.page;
    options.own_host = own_host;
    const auto findings = ComparePage(target.baseline, *check.page, markers, options);
    if (!findings.empty() && !Has(status.findings, kContentFinding)) {
        status.findings.emplace_back(kContentFinding);
        const bool defaced = std::any_of(findings.begin(), findings.end(),
                                         [](const auto& f) { return IsDefacement(f.kind); });
        auto lines = FindingLines(findings);
        build.Event(MonitorEventKind::kContent,
                    fmt::format("Nội dung trang {} khác bản chuẩn: {}", target.url,
                                findings.front().summary_vi),
                    fmt::format("The content of {} differs from its baseline: {}", target.url,
                                findings.front().summary_en),
                    lines);
        std::string description = fmt::format(
            "Hệ thống giám sát trang web phát hiện nội dung trang {} lúc {} khác bản chuẩn đã "
            "duyệt{}:\n",
            target.url, core::FormatLocalDateTime(check.at),
            target.baseline_at ? " ngày " + core::FormatLocalDateTime(*target.baseline_at) : "");
        for (const auto& line : lines) {
            description += "- " + line + "\n";
        }
        description += "Trang, phần đầu phản hồi và ảnh chụp trang được đính kèm làm bằng chứng.";
        out.incidents.push_back(SiteIncident{
            .kind = SiteIncidentKind::kContent,
            .scenario = "A5",
            .title_vi =
                defaced
                    ? fmt::format("Trang {} bị thay đổi giao diện hoặc chèn nội dung", build.Name())
                    : fmt::format("Nội dung trang {} thay đổi bất thường", build.Name()),
            .description_vi = std::move(description),
            .capture_evidence = true});
    } else if (findings.empty() && Has(status.findings, kContentFinding)) {
        Drop(status.findings, kContentFinding);
        const auto text = fmt::format("Nội dung trang {} đã trở lại như bản chuẩn lúc {}.",
                                      target.url, core::FormatLocalDateTime(check.at));
        build.Event(MonitorEventKind::kRestored, text,
                    fmt::format("The content of {} matches its baseline again.", target.url));
        out.notes.push_back({SiteIncidentKind::kContent, text});
    }
    // Search engines served other content than readers (cloaking: spam for the search index).
    if (check.bot_page) {
        const auto reader_terms =
            SpamTermsIn(check.page->text + " " + check.page->hidden_text, markers);
        std::vector<std::string> bot_only;
        for (const auto& term :
             SpamTermsIn(check.bot_page->text + " " + check.bot_page->hidden_text, markers)) {
            if (std::find(reader_terms.begin(), reader_terms.end(), term) == reader_terms.end()) {
                bot_only.push_back(term);
            }
        }
        const double change = TextChange(check.page->text, check.bot_page->text);
        const bool cloaked = static_cast<int>(bot_only.size()) >= markers.min_spam_terms ||
                             change > policy.cloaking_threshold;
        if (cloaked && !Has(status.findings, kCloakingFinding)) {
            status.findings.emplace_back(kCloakingFinding);
            std::vector<std::string> evidence;
            evidence.push_back(fmt::format("Khác nhau {:.0f}% số từ", change * 100));
            if (!bot_only.empty()) {
                std::string terms;
                for (const auto& term : bot_only) {
                    terms += (terms.empty() ? "" : ", ") + term;
                }
                evidence.push_back("Từ chỉ máy tìm kiếm thấy: " + terms);
            }
            evidence.push_back("Tiêu đề cho máy tìm kiếm: " + check.bot_page->title);
            const auto text = fmt::format(
                "Trang {} trả cho máy tìm kiếm nội dung khác với người đọc (che giấu nội dung).",
                target.url);
            build.Event(
                MonitorEventKind::kCloaking, text,
                fmt::format("{} serves search engines other content than readers.", target.url),
                evidence);
            std::string description = text + "\n";
            for (const auto& line : evidence) {
                description += "- " + line + "\n";
            }
            out.incidents.push_back(SiteIncident{
                .kind = SiteIncidentKind::kContent,
                .scenario = "A5",
                .title_vi = fmt::format("Trang {} bị chèn nội dung cho máy tìm kiếm", build.Name()),
                .description_vi = std::move(description),
                .capture_evidence = true});
        } else if (!cloaked && Has(status.findings, kCloakingFinding)) {
            Drop(status.findings, kCloakingFinding);
        }
    }
}

void JudgeCertificate(const MonitorTarget& target,
                      const SiteCheck& check,
                      const MonitorPolicy& policy,
                      Builder& build,
                      MonitorStatus& status) {
    if (check.cert) {
        const auto& cert = *check.cert;
        if (!status.cert_fingerprint.empty() && status.cert_fingerprint != cert.fingerprint &&
            status.cert_issuer != cert.issuer) {
            build.Event(MonitorEventKind::kCertChanged,
                        fmt::format("Chứng thư số của {} đổi nơi cấp: từ \"{}\" sang \"{}\".",
                                    target.url, status.cert_issuer, cert.issuer),
                        fmt::format("The certificate of {} changed issuer.", target.url),
                        {"Trước: " + status.cert_issuer, "Nay: " + cert.issuer,
                         "SHA-256: " + cert.fingerprint});
        }
        const bool expiring = cert.not_after - check.at <= policy.cert_warning;
        if (expiring && !Has(status.findings, kCertExpiringFinding)) {
            status.findings.emplace_back(kCertExpiringFinding);
            const auto days =
                std::chrono::floor<std::chrono::days>(cert.not_after - check.at).count();
            build.Event(
                MonitorEventKind::kCertExpiring,
                days >= 0 ? fmt::format("Chứng thư số của {} hết hạn sau {} ngày ({}).", target.url,
                                        days, core::FormatLocalDateTime(cert.not_after))
                          : fmt::format("Chứng thư số của {} đã hết hạn từ {}.", target.url,
                                        core::FormatLocalDateTime(cert.not_after)),
                fmt::format("The certificate of {} expires in {} days.", target.url, days),
                {"Nơi cấp: " + cert.issuer, "Chủ thể: " + cert.subject});
        } else if (!expiring) {
            Drop(status.findings, kCertExpiringFinding);
        }
        status.cert_not_after = cert.not_after;
        status.cert_issuer = cert.issuer;
        status.cert_fingerprint = cert.fingerprint;
    }
    if (!check.cert_problem.empty() && !Has(status.findings, kCertProblemFinding)) {
        status.findings.emplace_back(kCertProblemFinding);
        const std::string why = check.cert_problem == "hostname"  ? "không khớp tên miền"
                                : check.cert_problem == "expired" ? "đã hết hạn"
                                                                  : "không được tin cậy";
        build.Event(MonitorEventKind::kCertProblem,
                    fmt::format("Chứng thư số của {} {}: người đọc sẽ thấy cảnh báo không an "
                                "toàn.",
                                target.url, why),
                    fmt::format("The certificate of {} failed verification ({}).", target.url,
                                check.cert_problem),
                    {check.error});
    } else if (check.cert_problem.empty() && check.failure == SiteFailure::kNone) {
        Drop(status.findings, kCertProblemFinding);
    }
}

void JudgeDns(const MonitorTarget& target,
              const SiteCheck& check,
              Builder& build,
              MonitorStatus& status) {
    if (!check.dns_checked || check.dns.empty()) {
        return;
    }
    if (!status.dns.empty() && status.dns != check.dns) {
        std::vector<std::string> evidence;
        for (const auto& record : status.dns) {
            if (!std::binary_search(check.dns.begin(), check.dns.end(), record)) {
                evidence.push_back("- " + record);
            }
        }
        for (const auto& record : check.dns) {
            if (!std::binary_search(status.dns.begin(), status.dns.end(), record)) {
                evidence.push_back("+ " + record);
            }
        }
        build.Event(
            MonitorEventKind::kDnsChanged,
            fmt::format("Bản ghi DNS của {} thay đổi; nếu không phải do đơn vị đổi, tên miền có "
                        "thể đã bị chiếm.",
                        HostOf(target.url)),
            fmt::format("The DNS records of {} changed.", HostOf(target.url)), evidence);
    }
    status.dns = check.dns;
}

}  // namespace

std::string_view SiteStateCode(SiteState state) {
    for (const auto& [value, code] : kStates) {
        if (value == state) {
            return code;
        }
    }
    return "unknown";
}

std::optional<SiteState> ParseSiteState(std::string_view code) {
    for (const auto& [value, name] : kStates) {
        if (name == code) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view SiteFailureCode(SiteFailure failure) {
    switch (failure) {
        case SiteFailure::kNone:
            return "none";
        case SiteFailure::kDns:
            return "dns";
        case SiteFailure::kConnect:
            return "connect";
        case SiteFailure::kTimeout:
            return "timeout";
        case SiteFailure::kTls:
            return "tls";
        case SiteFailure::kHttpError:
            return "http";
        case SiteFailure::kOther:
            break;
    }
    return "other";
}

std::string_view MonitorEventKindCode(MonitorEventKind kind) {
    for (const auto& [value, code] : kEventKinds) {
        if (value == kind) {
            return code;
        }
    }
    return "down";
}

std::optional<MonitorEventKind> ParseMonitorEventKind(std::string_view code) {
    for (const auto& [value, name] : kEventKinds) {
        if (name == code) {
            return value;
        }
    }
    return std::nullopt;
}

bool SameSite(std::string_view host, std::string_view own) {
    if (host == own) {
        return true;
    }
    const auto under = [](std::string_view sub, std::string_view parent) {
        return sub.size() > parent.size() && sub.ends_with(parent) &&
               sub[sub.size() - parent.size() - 1] == '.';
    };
    // www.x.gov.vn and x.gov.vn are one site; so are two subdomains of x.gov.vn reached from
    // www (the parent of the watched host, when it has more than two labels).
    if (under(host, own) || under(own, host)) {
        return true;
    }
    const auto dot = own.find('.');
    if (dot != std::string_view::npos) {
        const auto parent = own.substr(dot + 1);
        if (std::count(parent.begin(), parent.end(), '.') >= 2 && under(host, parent)) {
            return true;
        }
    }
    return false;
}

core::Status CheckTarget(const MonitorTarget& target) {
    FieldErrors errors;
    if (target.url.size() > kMaxMonitorUrl) {
        errors.Add("url", fmt::format("Địa chỉ dài quá {} ký tự.", kMaxMonitorUrl),
                   fmt::format("The URL is longer than {} characters.", kMaxMonitorUrl));
    } else if (!(target.url.starts_with("https://") || target.url.starts_with("http://")) ||
               HostOf(target.url).empty() || !IsDomainOrUrl(target.url) ||
               target.url.find_first_of(" \t\r\n\"<>") != std::string::npos) {
        errors.Add("url",
                   "Cần địa chỉ web đầy đủ bắt đầu bằng https:// hoặc http://, ví dụ "
                   "https://hoaphu.gov.vn/.",
                   "A full web address starting with https:// or http:// is needed.");
    }
    if (target.interval_seconds < kMinMonitorInterval ||
        target.interval_seconds > kMaxMonitorInterval) {
        errors.Add("interval_seconds",
                   fmt::format("Chu kỳ kiểm tra từ {} giây đến {} giây (một ngày).",
                               kMinMonitorInterval, kMaxMonitorInterval),
                   fmt::format("The interval is {} to {} seconds.", kMinMonitorInterval,
                               kMaxMonitorInterval));
    }
    CheckText(errors, "name", target.name, Required::kNo, 200);
    return errors.ToStatus();
}

std::vector<std::string> UrlsOfSystem(const InformationSystem& system) {
    std::vector<std::string> urls;
    for (const auto& entry : system.domains) {
        if (!IsDomainOrUrl(entry)) {
            continue;
        }
        std::string url = entry.starts_with("http://") || entry.starts_with("https://")
                              ? entry
                              : "https://" + entry + "/";
        if (HostOf(url).empty()) {
            continue;
        }
        if (std::find(urls.begin(), urls.end(), url) == urls.end()) {
            urls.push_back(std::move(url));
        }
    }
    return urls;
}

Judgement JudgeCheck(const MonitorTarget& target,
                     const MonitorStatus& before,
                     const SiteCheck& check,
                     const PageMarkers& markers,
                     const MonitorPolicy& policy) {
    Judgement out;
    out.status = before;
    Builder build(target, check, out);
    JudgeOutage(target, check, policy, build, out);
    if (check.failure == SiteFailure::kNone) {
        JudgeContent(target, check, markers, policy, build, out);
    }
    out.status.http_status = check.http_status;
    JudgeCertificate(target, check, policy, build, out.status);
    JudgeDns(target, check, build, out.status);
    out.status.latency_ms = check.latency_ms;
    out.status.last_check = check.at;
    return out;
}

bool LooksLikeMonitorOutage(int watched, int failing, const MonitorPolicy& policy) {
    return watched >= policy.mass_outage_min_sites && watched > 0 &&
           static_cast<double>(failing) >= policy.mass_outage_share * static_cast<double>(watched);
}

}  // namespace ungcuu::domain

// The website monitor's judgement of one check of a watched site (seeds 001 §II.5b, 002 §II.4–5,
// 003 §II.2: the province watches its portals; scenarios A5 defacement, B2/B3 outages): whether it
// is down (confirmed by a second failed check, flapping folded), whether it came back, whether
// its page was defaced or had spam put in against the approved baseline (domain::ComparePage),
// whether it serves search engines other content (cloaking), sends readers to a foreign site,
// whether its certificate is close to expiry or failed verification, whether its DNS records
// changed. Each change is an event with its evidence; outages and content findings open
// incidents. Pure rules, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/ids.hpp"
#include "domain/incident.hpp"
#include "domain/system.hpp"
#include "domain/website.hpp"

namespace ungcuu::domain {

using MonitorTargetId = core::Id<struct MonitorTargetTag>;
using MonitorEventId = core::Id<struct MonitorEventTag>;

inline constexpr int kMinMonitorInterval = 30;     // seconds
inline constexpr int kMaxMonitorInterval = 86400;  // a day
inline constexpr std::size_t kMaxMonitorUrl = 2048;

/// The standing of a site.
enum class SiteState {
    kUnknown,  // not checked yet
    kUp,
    kSuspect,  // one check failed; a second one, soon, decides
    kDown,     // confirmed
};
std::string_view SiteStateCode(SiteState state);
std::optional<SiteState> ParseSiteState(std::string_view code);

/// Why a check did not get an answer it could use.
enum class SiteFailure {
    kNone,
    kDns,        // the name does not resolve
    kConnect,    // refused, unreachable
    kTimeout,    // no answer in time
    kTls,        // the TLS handshake failed (a certificate that fails verification is not this)
    kHttpError,  // an answer with status 500 or more, or 4xx
    kOther,
};
std::string_view SiteFailureCode(SiteFailure failure);

/// The certificate a site presented.
struct CertFacts {
    core::TimePoint not_after{};
    std::string issuer;
    std::string subject;
    std::string fingerprint;  // SHA-256 of the certificate, hex
};

/// What one check of a site saw.
struct SiteCheck {
    MonitorTargetId target{};
    core::TimePoint at{};
    SiteFailure failure = SiteFailure::kNone;
    std::string error;  // the transport's words, for the history
    int http_status = 0;
    int latency_ms = 0;
    std::int64_t size = 0;
    std::string final_url;  // after redirects
    bool dns_checked = false;
    std::vector<std::string> dns;  // "A 10.0.0.1", "NS ns1.example.vn", "MX 10 mail.x", sorted
    std::optional<CertFacts> cert;
    /// The certificate failed verification ("expired", "hostname", "untrusted"; the page was
    /// still read without it); empty when it passed or there was none.
    std::string cert_problem;
    std::optional<PageFacts> page;      // an HTML answer, read
    std::optional<PageFacts> bot_page;  // the same page fetched as a search engine
    // The evidence of this check (kept only while it is judged): the raw page and the headers.
    std::string body;
    std::string headers;
};

/// A site watched: where it is, whose it is, how often, and the page approved as normal.
struct MonitorTarget {
    MonitorTargetId id{};
    UnitId unit_id{};
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::optional<SystemId> system_id;
    std::string system_name;  // loaded
    std::string url;
    std::string name;
    int interval_seconds = 60;
    bool enabled = true;
    bool public_status = false;  // shown on the province's public status page
    std::optional<core::TimePoint> baseline_at;
    std::string baseline_by;
    PageFacts baseline;
    core::TimePoint created_at{};
    std::string created_by;
};

/// What the monitor holds about a site between checks.
struct MonitorStatus {
    SiteState state = SiteState::kUnknown;
    std::optional<core::TimePoint> since;  // of the state
    std::optional<core::TimePoint> last_check;
    int failures = 0;  // in a row
    int latency_ms = 0;
    int http_status = 0;
    std::string error;
    std::optional<core::TimePoint> cert_not_after;
    std::string cert_issuer;
    std::string cert_fingerprint;
    std::vector<std::string> dns;
    std::vector<std::string> findings;           // codes standing now: "content", "cloaking"…
    std::vector<core::TimePoint> recent_downs;   // within the flapping window
    std::optional<IncidentId> outage_incident;   // the incident its outages went to
    std::optional<IncidentId> content_incident;  // the incident its content findings went to
};

enum class MonitorEventKind {
    kDown,
    kUp,
    kFlapping,
    kContent,   // defaced, spam put in, changed past the threshold
    kRestored,  // the content findings are gone
    kCloaking,  // search engines get other content
    kForeignRedirect,
    kCertExpiring,
    kCertProblem,
    kCertChanged,
    kDnsChanged,
    kBaseline,  // a page approved as the baseline
};
std::string_view MonitorEventKindCode(MonitorEventKind kind);
std::optional<MonitorEventKind> ParseMonitorEventKind(std::string_view code);

struct MonitorEvent {
    MonitorEventId id{};
    MonitorTargetId target{};
    core::TimePoint at{};
    MonitorEventKind kind = MonitorEventKind::kDown;
    std::string summary_vi{};
    std::string summary_en{};
    std::vector<std::string> evidence{};  // at most 50 lines
    std::optional<IncidentId> incident_id{};
    std::string actor{};  // who approved a baseline; empty for the monitor
};

/// The two incidents a site can have open: its outage and its content.
enum class SiteIncidentKind { kOutage, kContent };

/// An incident the check asks for (or a repeat of the open one, through the intake's key).
struct SiteIncident {
    SiteIncidentKind kind = SiteIncidentKind::kOutage;
    std::string scenario{};  // A5, B2, B3
    std::string title_vi{};
    std::string description_vi{};
    bool capture_evidence = false;  // keep the page, its headers and a picture of it
};

/// A line for the open incident: the site came back, the content was restored.
struct SiteIncidentNote {
    SiteIncidentKind kind = SiteIncidentKind::kOutage;
    std::string text{};
};

struct MonitorPolicy {
    int confirm_after = 2;                     // failed checks in a row before it is down
    std::chrono::milliseconds recheck{10000};  // the second check after a first failure
    int flap_downs = 3;                        // downs within the window that make it flapping
    std::chrono::minutes flap_window{60};
    std::chrono::hours cert_warning{14 * 24};  // certificate expiry warned this far ahead
    double cloaking_threshold = 0.5;           // share of words that differ for search engines
    PageCompareOptions page;                   // own_host is set from the target
    /// When at least this many sites are watched and this share of them fail at once, the
    /// monitor's own network is the likelier cause: outage incidents wait until it passes.
    int mass_outage_min_sites = 10;
    double mass_outage_share = 0.5;
};

/// Whether `failing` of `watched` enabled sites failing at once looks like the monitor's own
/// network failing rather than the sites'.
bool LooksLikeMonitorOutage(int watched, int failing, const MonitorPolicy& policy);

struct Judgement {
    MonitorStatus status;
    std::vector<MonitorEvent> events;
    std::vector<SiteIncident> incidents;
    std::vector<SiteIncidentNote> notes;
    bool take_baseline = false;  // the first page read becomes the approved baseline
    bool recheck_soon = false;   // check again after policy.recheck, not the interval
};

/// The judgement of `check` of `target` after `before`.
Judgement JudgeCheck(const MonitorTarget& target,
                     const MonitorStatus& before,
                     const SiteCheck& check,
                     const PageMarkers& markers,
                     const MonitorPolicy& policy);

/// Whether `host` belongs to the site `own` (the same host, or one of either's subdomains).
bool SameSite(std::string_view host, std::string_view own);

/// Every problem of a target as entered: an http(s) URL with a host name, the interval's
/// bounds, the name's length.
core::Status CheckTarget(const MonitorTarget& target);

/// The URLs the registry's domain entries stand for ("portal.x.gov.vn" → https://portal.x.gov.vn/),
/// each once; entries that are not domain names or URLs are left out.
std::vector<std::string> UrlsOfSystem(const InformationSystem& system);

}  // namespace ungcuu::domain

// Warnings sent down the tree (cảnh báo; seeds 001 §II.1b, 002 §II.6, 003 §II.4; TT 20/2017's
// coordination): what a warning says — severity, required actions, deadline, references (CVE
// ids, advisories), indicators, a TLP label — whom it reaches — a subtree, unit kinds and the
// traits of the systems the registry knows (operating system, vendor, services, level) — and how
// recipients answer per system (affected, not affected, fixed) and those answers roll up, and a
// received warning passed on down (re-targeted) within what its label allows. Pure rules,
// thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/ids.hpp"
#include "domain/incident_work.hpp"
#include "domain/system.hpp"
#include "domain/unit.hpp"

namespace ungcuu::domain {

using WarningId = core::Id<struct WarningTag>;

/// Traffic Light Protocol 2.0: how far a warning may travel.
enum class Tlp { kClear, kGreen, kAmber, kRed };
inline constexpr std::string_view kTlpCodes[] = {"clear", "green", "amber", "red"};
std::string_view TlpCode(Tlp tlp);
std::optional<Tlp> ParseTlp(std::string_view code);
/// The label as written on documents: "TLP:AMBER".
std::string TlpLabel(Tlp tlp);
/// May a warning labelled `tlp` be passed on by a recipient to the units under it? CLEAR and
/// GREEN travel within the community, AMBER to the recipient's own organisation (its units), RED
/// to the named recipients only.
bool MayPassDown(Tlp tlp);

enum class WarningSeverity { kLow, kMedium, kHigh, kCritical };
inline constexpr std::string_view kWarningSeverities[] = {"low", "medium", "high", "critical"};
std::string_view WarningSeverityCode(WarningSeverity severity);
std::optional<WarningSeverity> ParseWarningSeverity(std::string_view code);

/// An indicator of compromise: an observable's kind (IP, domain, URL, hash, e-mail) and value.
struct Indicator {
    ObservableKind kind = ObservableKind::kIp;
    std::string value;  // normalised
};

/// The systems a warning is about: every trait given must hold (none given: every system).
/// Texts are compared folded (without diacritics, case) as "contains".
struct SystemTraits {
    std::string operating_system;       // "Windows Server 2012", "CentOS"
    std::string vendor;                 // "Zimbra", "VNPT"
    std::string software;               // "Zimbra 8.8": found in the name, description, vendor
                                        // or operating systems
    std::vector<std::string> services;  // any of these service codes (web, mail, …)
    std::optional<int> min_level;       // the approved level, else the proposed one

    bool Empty() const {
        return operating_system.empty() && vendor.empty() && software.empty() && services.empty() &&
               !min_level;
    }
};

struct WarningTarget {
    UnitId root;                  // the subtree it goes to (the issuer's or a part of it)
    std::vector<UnitKind> kinds;  // empty: every kind
    SystemTraits traits;          // empty: every unit of the subtree and kinds, systems or not
};

struct Warning {
    WarningId id;
    UnitId issuer;
    std::string issuer_name;          // loaded
    std::string issuer_path;          // loaded
    std::optional<WarningId> parent;  // the received warning this one passes on
    std::string title;
    WarningSeverity severity = WarningSeverity::kMedium;
    std::string description;
    std::string actions;  // what recipients must do
    core::TimePoint deadline;
    std::vector<std::string> references;  // CVE ids, advisory URLs
    std::vector<Indicator> indicators;
    /// Sigma detection rules (YAML documents), run by the recipients that consent to them for
    /// the warning's lifetime; empty: none.
    std::string sigma_rules;
    Tlp tlp = Tlp::kAmber;
    WarningTarget target;
    std::string target_name;  // loaded: the root unit's name
    core::TimePoint issued_at;
    std::string issued_by;
    std::optional<core::TimePoint> withdrawn_at;
    /// Received from a parent installation: the peer and the name it goes by.
    std::optional<PeerId> origin_peer;
    std::string origin_name;
};

/// Bounds for a warning's lists.
inline constexpr std::size_t kMaxWarningReferences = 50;
inline constexpr std::size_t kMaxWarningIndicators = 500;
inline constexpr std::size_t kMaxWarningRulesBytes = std::size_t{64} * 1024;
/// A warning's Sigma rules run until it is withdrawn or this long after its deadline.
inline constexpr auto kWarningRulesLife = std::chrono::hours(24 * 30);

/// Whether the recipients of `warning` run its Sigma rules on `now`.
bool RulesInForce(const Warning& warning, core::TimePoint now);

/// A reference a warning may carry: a CVE id ("CVE-2026-1234") or an http(s) address.
bool IsWarningReference(std::string_view reference);

/// Title and actions required, texts bounded, the deadline after the issue, references (a CVE
/// id such as "CVE-2026-1234" or an http(s) URL) and indicators valid and bounded, each
/// indicator's value normalised in place, duplicates refused; the Sigma rules text bounded (line
/// ends made "\n"; the rules themselves are checked by the detection that runs them).
core::Status ValidateWarning(Warning& warning);

/// Whether a recipient may pass `received` on to the units under it labelled `tlp`: never a
/// TLP:RED warning, and never under a label less strict than the received one.
core::Status CheckPassDown(const Warning& received, Tlp tlp);

/// Whether `system` has every trait of `traits`.
bool HasTraits(const InformationSystem& system, const SystemTraits& traits);

/// The systems of `systems` a warning targets: active, owned by a unit at or under the target's
/// root (`owner_path` within `root_path`), of a targeted kind (`kind_of` gives the owner's kind)
/// and with the traits.
std::vector<const InformationSystem*> AffectedSystems(
    const WarningTarget& target,
    std::string_view root_path,
    const std::vector<InformationSystem>& systems,
    const std::function<std::optional<UnitKind>(UnitId)>& kind_of);

// ---- answers ---------------------------------------------------------------------------------

enum class WarningAnswer { kAffected, kNotAffected, kFixed };
inline constexpr std::string_view kWarningAnswers[] = {"affected", "not_affected", "fixed"};
std::string_view WarningAnswerCode(WarningAnswer answer);
std::optional<WarningAnswer> ParseWarningAnswer(std::string_view code);

/// One recipient's answer for one of its systems (or for the unit as a whole when no system
/// is named: a warning targeted without traits).
struct SystemAnswer {
    UnitId unit;
    std::optional<SystemId> system;
    WarningAnswer answer = WarningAnswer::kAffected;
    std::string evidence;
    core::TimePoint answered_at;
};

using WarningItemId = core::Id<struct WarningItemTag>;

/// What must answer a warning — a unit, or one of its systems when the warning targets traits —
/// with its answer once given (the latest: an answer may be corrected until the item is fixed).
struct WarningItem {
    WarningItemId id;
    WarningId warning_id;
    UnitId unit;
    std::string unit_name;  // loaded
    std::string unit_path;  // loaded
    std::optional<SystemId> system;
    std::string system_name;  // loaded: "code — name"
    std::optional<WarningAnswer> answer;
    std::string evidence;
    std::optional<core::TimePoint> answered_at;
    std::string answered_by;
};

/// A reminder before the deadline (to the unit that has not answered) or a notice after it (to
/// the unit above the late one), each once.
enum class WarningNoticeKind { kReminder, kOverdue };
inline constexpr std::string_view kWarningNoticeKinds[] = {"reminder", "overdue"};
std::string_view WarningNoticeKindCode(WarningNoticeKind kind);
std::optional<WarningNoticeKind> ParseWarningNoticeKind(std::string_view code);

using WarningNoticeId = core::Id<struct WarningNoticeTag>;

struct WarningNotice {
    WarningNoticeId id;
    WarningId warning_id;
    std::string warning_title;  // loaded
    UnitId unit;                // who receives it
    UnitId about;               // the unit that has not answered
    std::string about_name;     // loaded
    WarningNoticeKind kind = WarningNoticeKind::kReminder;
    core::TimePoint created_at;
    std::string body;
    std::string email;
    MailCopy mail;
};

/// "fixed" and "affected" need evidence of what was done or found; evidence bounded.
core::Status ValidateAnswer(const SystemAnswer& answer);

/// What the issuer sees of a subtree: items (systems, or units without a system) expected to
/// answer, and how they stand on `now`.
struct AnswerRollup {
    int expected = 0;
    int affected = 0;  // affected and not yet fixed
    int not_affected = 0;
    int fixed = 0;
    int unanswered = 0;
    int overdue = 0;  // unanswered or still affected after the deadline

    bool Complete() const { return unanswered == 0 && affected == 0; }
};

/// `expected` lists what must answer (unit, system); `answers` the latest answer of each.
AnswerRollup RollUp(const std::vector<std::pair<UnitId, std::optional<SystemId>>>& expected,
                    const std::vector<SystemAnswer>& answers,
                    core::TimePoint deadline,
                    core::TimePoint now);

// ---- indicators against what is known -------------------------------------------------------

/// The indicators found among `observables` (same kind and normalised value; a URL's host also
/// matches a domain indicator), each with the incidents that carry it.
struct IndicatorHit {
    Indicator indicator;
    std::vector<IncidentId> incidents;
};

std::vector<IndicatorHit> MatchIndicators(const std::vector<Indicator>& indicators,
                                          const std::vector<Observable>& observables);

}  // namespace ungcuu::domain

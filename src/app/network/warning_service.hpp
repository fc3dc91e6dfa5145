// Use cases of warnings down the tree (cảnh báo; seeds 001 §II.1b, 002 §II.6, 003 §II.4): a unit
// issues a warning to its subtree — targeted by unit kinds and by the traits of the systems the
// registry knows, so that "every system running the affected mail server" reaches exactly the
// units that run it —; each recipient answers per system (affected, not affected, fixed, with
// evidence); answers roll up per unit under the target so the issuer sees coverage at a glance; a
// recipient passes a warning on to its own units within what its TLP label allows; reminders
// before the deadline and notices to the unit above after it, in the app and by e-mail; the
// warning's indicators met with incidents' observables both ways. Thread-safe.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

/// Who a target reaches: the items that would answer.
struct WarningReach {
    std::vector<domain::WarningItem> items;
    int units = 0;  // distinct units among the items
};

struct WarningItemView {
    domain::WarningItem item;
    bool late = false;  // unanswered or still affected after the deadline
    bool can_answer = false;
};

/// The roll-up of the items under one unit directly below the target's root (or the root).
struct UnitRollup {
    domain::UnitId unit;
    std::string name;
    domain::AnswerRollup rollup;
};

/// An incident carrying some of a warning's indicators.
struct IndicatorIncident {
    domain::IncidentId id;
    std::string code;
    std::string title;
    std::string unit_name;
    std::vector<domain::Indicator> indicators;
};

struct WarningView {
    domain::Warning warning;
    std::vector<WarningItemView> items;  // those the caller sees
    domain::AnswerRollup rollup;         // over those items
    std::vector<UnitRollup> by_unit;
    std::vector<IndicatorIncident> incidents;  // the caller sees
    std::vector<domain::Warning> passed_on;    // warnings passing this one on, the caller sees
    std::optional<domain::Warning> parent;     // the warning this one passes on, when seen
    bool can_withdraw = false;
    /// Units the caller may pass the warning on from (recipients where it handles incidents).
    std::vector<domain::UnitId> can_pass_on_from;
};

struct WarningSummary {
    domain::Warning warning;
    domain::AnswerRollup rollup;  // over the items the caller sees
    bool issued = false;          // by a unit the caller sees
    int to_answer = 0;  // on the recipients' side: items the caller may answer, unanswered
};

struct WarningList {
    std::vector<WarningSummary> warnings;
    std::vector<domain::WarningNotice> notices;  // to the caller's units
};

/// A warning matching an incident's observables.
struct IncidentWarning {
    domain::Warning warning;
    std::vector<domain::Indicator> indicators;
};

class WarningService {
public:
    static constexpr int kMaxUnits = 5000;
    static constexpr int kMaxSystems = 20000;
    static constexpr int kListLimit = 200;
    /// Reminders go this long before the deadline; overdue notices for this long after it.
    static constexpr auto kRemindBefore = std::chrono::hours(24);
    static constexpr auto kLateWindow = std::chrono::hours(24 * 14);

    WarningService(Store& store, const core::Clock& clock, Notifier& notifier)
        : store_(store), clock_(clock), notifier_(notifier) {}

    /// Whether a warning's Sigma rules would run (set at start-up by what runs detection);
    /// without it, a warning with rules is refused.
    using RuleCheck = std::function<core::Status(std::string_view)>;

    void SetRuleCheck(RuleCheck check) { check_rules_ = std::move(check); }

    /// The items a warning of `issuer` with `target` would reach (kIncidentHandle at the issuer).
    core::Result<WarningReach> Preview(const Actor& actor,
                                       domain::UnitId issuer,
                                       const domain::WarningTarget& target);
    /// Issues the warning (kIncidentHandle at `warning.issuer`; the target's root is the issuer
    /// or a unit under it); refused when it reaches nothing, or when its Sigma rules would not
    /// run.
    core::Result<WarningView> Issue(const Actor& actor, domain::Warning warning);
    /// Passes `received` on from `from` (a recipient where the caller handles incidents) to the
    /// units under it: the same content, the label kept or made stricter, a deadline no later.
    core::Result<WarningView> PassOn(const Actor& actor,
                                     domain::WarningId received,
                                     domain::UnitId from,
                                     domain::WarningTarget target,
                                     domain::Tlp tlp,
                                     std::optional<core::TimePoint> deadline);
    /// kIncidentHandle at the issuer; answers are no longer taken.
    core::Result<WarningView> Withdraw(const Actor& actor, domain::WarningId id);

    core::Result<WarningList> List(const Actor& actor);
    core::Result<WarningView> Get(const Actor& actor, domain::WarningId id);
    /// kSystemWrite at the item's unit; "fixed" and "affected" need evidence.
    core::Result<WarningView> Answer(const Actor& actor,
                                     domain::WarningItemId item,
                                     domain::WarningAnswer answer,
                                     std::string evidence);

    /// A warning received from a parent installation (`warning.origin_peer`), recorded at `unit`
    /// (the top unit this installation serves) in the caller's transaction: the unit answers it
    /// as a whole and may pass it on. The issue time is the sender's.
    core::Result<domain::Warning> Receive(Repositories& repos,
                                          const Actor& actor,
                                          domain::Warning warning,
                                          domain::UnitId unit);
    /// Warnings from outside the network's exchange (a STIX bundle), received at `unit`
    /// (kIncidentHandle there) in one transaction, each as Receive records it.
    core::Result<std::vector<domain::WarningId>> ReceiveAll(const Actor& actor,
                                                            domain::UnitId unit,
                                                            std::vector<domain::Warning> warnings);
    /// A child installation's answer for `unit` (the unit it stands for) to `warning`, in the
    /// caller's transaction: every item of the unit takes it.
    core::Status TakeRemoteAnswer(Repositories& repos,
                                  const Actor& actor,
                                  domain::WarningId warning,
                                  domain::UnitId unit,
                                  const domain::SystemAnswer& answer,
                                  const std::string& by);

    /// The parent installation withdrew the warning it sent (received here as `id`), in the
    /// caller's transaction: it is withdrawn with every warning passed on from it.
    core::Status WithdrawRemote(Repositories& repos, const Actor& actor, domain::WarningId id);

    /// Warnings the caller sees whose indicators an incident it sees carries.
    core::Result<std::vector<IncidentWarning>> ForIncident(const Actor& actor,
                                                           domain::IncidentId incident);

    /// Queues the reminders of warnings due within kRemindBefore (to each unit with items not
    /// answered or still affected) and the notices of those past their deadline (to the unit
    /// above each late one), each once. Returns how many were queued.
    core::Result<int> RunReminders();
    /// Sends the e-mail copies of the notices due.
    core::Result<domain::MailTally> DispatchMail();

private:
    core::Result<WarningReach> Reach(Repositories& repos,
                                     const Actor& actor,
                                     const domain::Unit& issuer,
                                     const domain::WarningTarget& target);
    core::Result<WarningView> Save(Repositories& repos,
                                   const Actor& actor,
                                   const domain::Unit& issuer,
                                   domain::Warning warning);
    /// The warning when the caller sees its issuer or one of its items; kNotFound otherwise.
    core::Result<std::pair<domain::Warning, std::vector<domain::WarningItem>>> Visible(
        Repositories& repos, const Actor& actor, domain::WarningId id);
    core::Result<WarningView> Load(Repositories& repos,
                                   const Actor& actor,
                                   domain::Warning warning,
                                   const std::vector<domain::WarningItem>& items);

    app::Store& store_;
    const core::Clock& clock_;
    Notifier& notifier_;
    RuleCheck check_rules_;
};

}  // namespace ungcuu::app

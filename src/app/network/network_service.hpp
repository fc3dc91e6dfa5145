// Use cases of a unit as a member of the incident response network (TT 20/2017 Điều 5, 6, 8):
// its profile and the yearly refresh of it, Mẫu 01 and Mẫu 02 generated from what ungcuu holds,
// the 24-hour notice to the coordinating units when its leader in charge or đầu mối changes (in
// the app and by e-mail, acknowledged by the recipient), and the coordination orders and requests
// of the national coordinator (Mẫu 06) recorded by the unit that received them and fanned out as
// tasks to the units they address, answered there and rolled up. Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.hpp"
#include "app/documents.hpp"
#include "app/ports.hpp"

namespace ungcuu::app {

struct MemberView {
    domain::Unit unit;
    domain::MemberProfile profile;  // defaults when never saved
    bool profile_saved = false;
    std::optional<core::Date> profile_due_on;  // nullopt: never filed, due now
    domain::DutyState profile_state = domain::DutyState::kDue;
    domain::ContactClock contact_clock;
    std::vector<domain::ContactNotice> notices;  // sent by the unit, newest first

    /// Who the next notice goes to; empty when nobody holds the coordinating functions for this
    /// unit's place.
    struct Coordinator {
        std::string function;
        std::string unit_name;
    };

    std::vector<Coordinator> coordinators;
};

enum class MemberForm { kProfile, kRegistration };  // Mẫu 01, Mẫu 02

struct OrderView {
    domain::CoordinationOrder order;
    std::vector<domain::OrderTask> tasks;  // the ones the caller sees
    domain::OrderRollUp roll_up;           // over those tasks
    bool follows_up = false;               // the caller sees the receiving unit
    core::TimePoint as_of;                 // when it was read (what "overdue" is against)
};

struct NewOrder {
    domain::CoordinationOrder order;
    std::vector<domain::UnitId> addressees;
};

using NoticeMailResult = domain::MailTally;

class NetworkService {
public:
    NetworkService(Store& store,
                   const core::Clock& clock,
                   Notifier& notifier,
                   DocumentRenderer& renderer)
        : store_(store), clock_(clock), notifier_(notifier), renderer_(renderer) {}

    core::Result<MemberView> Member(const Actor& actor, domain::UnitId unit);
    /// Needs kContactWrite on the unit.
    core::Result<MemberView> SaveProfile(const Actor& actor, domain::MemberProfile profile);
    /// Mẫu 01 or Mẫu 02 of the unit, from its profile, contacts, systems and staff.
    core::Result<RenderedDocument> Form(const Actor& actor,
                                        domain::UnitId unit,
                                        MemberForm form,
                                        DocumentFormat format);

    /// Sends the notice of the unit's current contacts to each coordinating unit (the holders of
    /// national_coordinator and specialised for its place). kConflict when no change waits or
    /// nobody holds those functions. Needs kContactWrite on the unit.
    core::Result<std::vector<domain::ContactNotice>> SendContactNotice(const Actor& actor,
                                                                       domain::UnitId unit);
    /// Notices received by the units the caller sees.
    core::Result<std::vector<domain::ContactNotice>> IncomingNotices(const Actor& actor,
                                                                     bool unacknowledged_only);
    /// The recipient records that it has taken the notice in (kIncidentReport on it).
    core::Result<domain::ContactNotice> AcknowledgeNotice(const Actor& actor,
                                                          domain::ContactNoticeId id);
    /// Hands each due notice e-mail to the SMTP server once; retried with the outbox's backoff.
    core::Result<NoticeMailResult> DispatchNoticeMail();

    /// Records an order received by `order.receiving_unit_id` (kIncidentHandle there) with a task
    /// for each addressed unit of its subtree, due at the order's deadline.
    core::Result<OrderView> RecordOrder(const Actor& actor, NewOrder order);
    core::Result<std::vector<OrderView>> Orders(const Actor& actor);
    core::Result<OrderView> Order(const Actor& actor, domain::OrderId id);
    /// The addressed unit answers done or not applicable with its evidence (kIncidentReport).
    core::Result<OrderView> AnswerTask(const Actor& actor,
                                       domain::OrderTaskId id,
                                       domain::TaskState state,
                                       const std::string& answer);

    /// An order received from a parent installation, recorded at `unit` (the top unit this
    /// installation serves) with one task for it, in the caller's transaction.
    core::Result<domain::OrderTask> Receive(Repositories& repos,
                                            const Actor& actor,
                                            domain::CoordinationOrder order,
                                            domain::UnitId unit);
    /// A child installation's answer to `task`, which must be the task of `unit` (the unit it
    /// stands for), in the caller's transaction; `by` names who answered there.
    core::Status TakeRemoteAnswer(Repositories& repos,
                                  const Actor& actor,
                                  domain::OrderTaskId task,
                                  domain::UnitId unit,
                                  domain::TaskState state,
                                  const std::string& answer,
                                  const std::string& by);

private:
    core::Result<MemberView> LoadMember(Repositories& repos, const domain::Unit& unit);
    core::Result<OrderView> ViewOf(Repositories& repos,
                                   const Actor& actor,
                                   domain::CoordinationOrder order);

    Store& store_;
    const core::Clock& clock_;
    Notifier& notifier_;
    DocumentRenderer& renderer_;
};

}  // namespace ungcuu::app

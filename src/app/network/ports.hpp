// Ports of the network context: the member profile, the notices of contact-point changes sent to
// the coordinating units, and the coordination orders (Mẫu 06) with their tasks.
#pragma once

#include <optional>
#include <vector>

#include "core/result.hpp"
#include "domain/access.hpp"
#include "domain/network.hpp"

namespace ungcuu::app {

class NetworkRepository {
public:
    virtual ~NetworkRepository() = default;

    virtual core::Result<std::optional<domain::MemberProfile>> Profile(domain::UnitId unit) = 0;
    virtual core::Status SaveProfile(const domain::MemberProfile& profile) = 0;

    virtual core::Result<domain::ContactNotice> InsertNotice(domain::ContactNotice notice) = 0;
    virtual core::Status UpdateNotice(const domain::ContactNotice& notice) = 0;
    virtual core::Result<domain::ContactNotice> GetNotice(domain::ContactNoticeId id) = 0;
    /// The last contact change the unit's notices have covered (0: none); later ones wait.
    virtual core::Result<std::int64_t> LastNotifiedChange(domain::UnitId unit) = 0;
    /// Notices sent by a unit, newest first.
    virtual core::Result<std::vector<domain::ContactNotice>> NoticesFrom(domain::UnitId unit,
                                                                         int limit) = 0;
    /// Notices received by units inside `scope`, newest first.
    virtual core::Result<std::vector<domain::ContactNotice>> NoticesTo(
        const std::vector<domain::ScopeRoot>& scope, bool unacknowledged_only, int limit) = 0;
    /// Notices whose e-mail is queued and due.
    virtual core::Result<std::vector<domain::ContactNotice>> MailDue(core::TimePoint now,
                                                                     int limit) = 0;

    virtual core::Result<domain::CoordinationOrder> InsertOrder(
        domain::CoordinationOrder order) = 0;
    virtual core::Result<domain::CoordinationOrder> GetOrder(domain::OrderId id) = 0;
    /// Orders received inside `scope` or addressing a unit inside it, newest first.
    virtual core::Result<std::vector<domain::CoordinationOrder>> Orders(
        const std::vector<domain::ScopeRoot>& scope, int limit) = 0;
    virtual core::Result<domain::OrderTask> InsertTask(domain::OrderTask task) = 0;
    virtual core::Result<domain::OrderTask> GetTask(domain::OrderTaskId id) = 0;
    virtual core::Status UpdateTask(const domain::OrderTask& task) = 0;
    virtual core::Result<std::vector<domain::OrderTask>> Tasks(domain::OrderId order) = 0;
};

}  // namespace ungcuu::app

// The one way a job works through queued rows that several nodes on one database share (the
// outbox's deliveries, contact-notice and warning-notice e-mails): each row is claimed in its
// own short write transaction (a repository's Claim… method, storage::ClaimQueued underneath),
// then attempted outside any transaction, so every attempt is made by exactly one node and a
// slow channel holds one row only.
#pragma once

#include <chrono>
#include <optional>

#include "app/ports.hpp"
#include "core/clock.hpp"

namespace ungcuu::app {

/// Claims and attempts up to `batch` due rows, one at a time. `claim(repos, now, until)` returns
/// the row it claimed until `until` (nullopt: nothing is due, which ends the round); `attempt`
/// makes the attempt and records its outcome (core::Status).
template <typename Claim, typename Attempt>
core::Status AttemptClaimed(Store& store,
                            const core::Clock& clock,
                            int batch,
                            std::chrono::seconds lease,
                            Claim claim,
                            Attempt attempt) {
    for (int n = 0; n < batch; ++n) {
        auto claimed = store.Write([&](Repositories& repos) {
            const auto now = clock.Now();
            return claim(repos, now, now + lease);
        });
        if (!claimed.ok()) {
            return std::move(claimed).error();
        }
        if (!claimed->has_value()) {
            return core::Ok();
        }
        UNGCUU_RETURN_IF_ERROR(attempt(**claimed));
    }
    return core::Ok();
}

}  // namespace ungcuu::app
